import Logging
import QBSyncJSON

/// An operation the preflight keeps the load from sending, with a reason that says what to do.
struct PreflightRefusal: Equatable, Sendable {
    /// `closed-period`, `account-missing`, `account-inactive`, `reference-missing`, `reference-inactive`.
    var code: String
    var message: String
}

/// What a load checks before it writes anything, so that it does not fail halfway on something
/// knowable in advance: the connection works (the company answers with its `CompanyInfo`); the
/// accounts the pipeline maps to exist and are active; the classes, items, payment methods and
/// accounts qbsync posted earlier and the run refers to are still there and active; and every
/// document is dated after the books' closing date. An operation that fails a check fails alone
/// (with what needs it); the rest of the load goes on.
struct Preflight {
    let settings: PipelineSettings
    let ledger: Ledger
    let api: QuickBooksAPI
    let logger: Logger
    /// The run being loaded (its id goes into the messages that say how to go on).
    let runID: String

    /// What the preflight found.
    struct Report {
        /// The books' closing date (`Preferences.AccountingInfoPrefs.BookCloseDate`), if set.
        var closeDate: String?
        /// Refused operations by key.
        var refusals: [String: PreflightRefusal] = [:]
    }

    /// Object types whose ids the run reuses and that a person may deactivate in QuickBooks.
    static let checkedTypes: Set<String> = ["Account", "Class", "Item", "PaymentMethod"]

    func check(_ plan: TransformPlan) async throws -> Report {
        guard try await single("CompanyInfo") != nil else {
            throw LoadError.preflight(
                "QuickBooks answered without the company's details (CompanyInfo): check the company (realm) id, QBSYNC_QBO_REALM")
        }
        var report = Report()
        report.closeDate = try await single("Preferences")?["AccountingInfoPrefs"]?["BookCloseDate"]?.stringValue
        let operations = plan.batches.flatMap { $0.operations.map(\.operation) }
        if let close = report.closeDate {
            for operation in operations {
                guard let date = operation.body["TxnDate"]?.stringValue, date <= close else { continue }
                report.refusals[operation.key] = PreflightRefusal(
                    code: "closed-period",
                    message: "\(operation.ref): the \(operation.entity.lowercased()) is dated \(date), in a closed accounting period (the books are closed up to \(close) in QuickBooks), so it was not sent. Move the closing date in QuickBooks and run 'qbsync retry \(operation.ref)', or enter it by hand: 'qbsync manual \(operation.ref)'.")
            }
        }
        for (key, refusal) in try await referenceRefusals(operations) {
            for operation in operations where report.refusals[operation.key] == nil && Self.refersTo(operation, key) {
                report.refusals[operation.key] = PreflightRefusal(code: refusal.code, message: refusal.message(operation.ref))
            }
        }
        if !report.refusals.isEmpty {
            logger.warning("preflight refused operations", metadata: ["count": "\(report.refusals.count)"])
        }
        return report
    }

    /// A missing or inactive object, by the placeholder key that names it.
    private struct Problem {
        var code: String
        var message: (String) -> String
    }

    /// Looks up every account the run maps to by name, and every object it reuses by id.
    private func referenceRefusals(_ operations: [PlannedOperation]) async throws -> [String: Problem] {
        let planned = Set(operations.filter { $0.operation == "create" }.map(\.key))
        var keys: Set<String> = []
        for operation in operations { Placeholder.visit(operation.body) { keys.insert($0) } }
        var byName: [String: Lookup] = [:]
        var byID: [String: (Lookup, QBOObject)] = [:]
        for key in keys.sorted() where !key.hasPrefix("synctoken ") && !planned.contains(key) {
            if let object = try ledger.qboObject(key), Self.checkedTypes.contains(object.qboType) {
                byID[key] = (Lookup(entity: object.qboType, field: "Id", value: object.qboID), object)
            } else if key.hasPrefix("account ") {
                byName[key] = Lookup(entity: "Account", field: "Name", value: String(key.dropFirst("account ".count)))
            }
        }
        let found: [String: [JSONValue]]
        do {
            found = try await LookupBatch.find(Array(byName.values) + byID.values.map(\.0), api: api)
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: "the preflight's lookups", run: runID)
        }
        var problems: [String: Problem] = [:]
        for (key, lookup) in byName {
            let accounts = found[LookupBatch.key(lookup)] ?? []
            let name = lookup.value
            if let active = accounts.first(where: { $0["Active"]?.boolValue != false }), let id = active["Id"]?.stringValue {
                try ledger.saveLookup("Account", name: name, id: id)
            } else {
                let state = accounts.isEmpty ? "is not in QuickBooks" : "is inactive in QuickBooks"
                problems[key] = Problem(code: accounts.isEmpty ? "account-missing" : "account-inactive") { ref in
                    "\(ref): the account \"\(name)\" that the pipeline maps to \(state). Create or reactivate it there, or map another account in the pipeline file's [accounts]; then 'qbsync retry \(ref)'."
                }
            }
        }
        for (key, (lookup, object)) in byID {
            let current = found[LookupBatch.key(lookup)]?.first
            guard current == nil || current?["Active"]?.boolValue == false else { continue }
            let what = "the \(Self.words(object.qboType)) \"\(object.name ?? object.key)\" (QuickBooks id \(object.qboID))"
            let state = current == nil ? "is no longer in QuickBooks" : "is inactive in QuickBooks"
            problems[key] = Problem(code: current == nil ? "reference-missing" : "reference-inactive") { ref in
                "\(ref): \(what), which qbsync posted earlier, \(state). Restore or reactivate it there, then 'qbsync retry \(ref)'."
            }
        }
        return problems
    }

    /// The first object a `select * from <entity>` answers with (CompanyInfo, Preferences).
    private func single(_ entity: String) async throws -> JSONValue? {
        do {
            return try await api.query("select * from \(entity)").first
        } catch let failure as QuickBooksAPIFailure {
            if case .authorizationNeeded(let reason) = failure { throw LoadError.authorizationNeeded(reason, run: runID) }
            throw LoadError.preflight("QuickBooks could not be asked for the company's \(entity) before posting (\(failure)); run 'qbsync load --run \(runID)' again once it answers")
        }
    }

    private static func refersTo(_ operation: PlannedOperation, _ key: String) -> Bool {
        var found = false
        Placeholder.visit(operation.body) { if $0 == key { found = true } }
        return found
    }

    private static func words(_ type: String) -> String {
        type == "PaymentMethod" ? "payment method" : type.lowercased()
    }
}
