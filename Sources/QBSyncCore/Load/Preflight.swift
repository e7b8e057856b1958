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
    let edition: any BooksEdition
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
        let company: CompanyFacts?
        do {
            company = try await edition.company()
        } catch let failure as QuickBooksAPIFailure {
            if case .authorizationNeeded(let reason) = failure { throw LoadError.authorizationNeeded(reason, run: runID) }
            throw LoadError.preflight(
                "QuickBooks could not be asked for the company's details before posting (\(failure)); run 'qbsync load --run \(runID)' again once it answers",
                run: runID)
        }
        guard let company else {
            // Each edition's own words: a Desktop user has no realm id to check.
            let reason =
                edition.edition == .desktop
                ? "QuickBooks Desktop answered without the company's preferences: open the clinic's company file in QuickBooks, then run 'qbsync load --run \(runID)' again"
                : "QuickBooks answered without the company's details (CompanyInfo): check the company (realm) id, QBSYNC_QBO_REALM"
            throw LoadError.preflight(reason, run: runID)
        }
        var report = Report()
        report.closeDate = company.closeDate
        let operations = plan.batches.flatMap { $0.operations.map(\.operation) }
        if let close = report.closeDate {
            for operation in operations {
                guard let date = edition.facts(of: edition.plannedBody(of: operation), entity: operation.entity).date, date <= close else { continue }
                report.refusals[operation.key] = PreflightRefusal(
                    code: "closed-period",
                    message: Self.closedPeriod(operation, date: date, close: close, edition: edition.edition))
            }
        }
        for (key, refusal) in try await referenceRefusals(operations) {
            for operation in operations where report.refusals[operation.key] == nil && refersTo(operation, key) {
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
        for operation in operations { keys.formUnion(edition.placeholders(in: edition.plannedBody(of: operation))) }
        var byName: [String: (Lookup, String)] = [:]
        var byID: [String: (Lookup, BooksObject)] = [:]
        for key in keys.sorted() where !key.hasPrefix("synctoken ") && !planned.contains(key) {
            if let object = try ledger.booksObject(key), Self.checkedTypes.contains(object.type) {
                byID[key] = (edition.lookup(entity: object.type, id: object.remoteID), object)
            } else if key.hasPrefix("account ") {
                let name = String(key.dropFirst("account ".count))
                byName[key] = (edition.accountLookup(name: name), name)
            }
        }
        let found: [String: [RemoteRecord]]
        do {
            found = try await edition.find(byName.values.map(\.0) + byID.values.map(\.0))
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: "the preflight's lookups", run: runID)
        }
        var problems: [String: Problem] = [:]
        for (key, (lookup, name)) in byName {
            let accounts = found[lookup.foundKey] ?? []
            if let active = accounts.first(where: \.active) {
                try ledger.saveLookup("Account", name: name, id: active.id, edition: edition.edition)
            } else {
                let state = accounts.isEmpty ? "is not in QuickBooks" : "is inactive in QuickBooks"
                problems[key] = Problem(code: accounts.isEmpty ? "account-missing" : "account-inactive") { ref in
                    "\(ref): the account \"\(name)\" that the pipeline maps to \(state). Create or reactivate it there, or map another account in the pipeline file's [accounts]; then 'qbsync retry \(ref)'."
                }
            }
        }
        for (key, (lookup, object)) in byID {
            let current = found[lookup.foundKey]?.first
            guard current == nil || current?.active == false else { continue }
            let what = "the \(Self.words(object.type)) \"\(object.name ?? object.key)\" (QuickBooks id \(object.remoteID))"
            let state = current == nil ? "is no longer in QuickBooks" : "is inactive in QuickBooks"
            problems[key] = Problem(code: current == nil ? "reference-missing" : "reference-inactive") { ref in
                "\(ref): \(what), which qbsync posted earlier, \(state). Restore or reactivate it there, then 'qbsync retry \(ref)'."
            }
        }
        return problems
    }

    /// Why a document dated in the closed period was not sent, and the accountant's choices.
    static func closedPeriod(_ operation: PlannedOperation, date: String, close: String, edition: Edition) -> String {
        let ref = operation.ref
        let what = edition.label(operation.entity).lowercased()
        guard edition == .desktop else {
            return "\(ref): the \(what) is dated \(date), in a closed accounting period (the books are closed up to \(close) in QuickBooks), so it was not sent. Move the closing date in QuickBooks and run 'qbsync retry \(ref)', or enter it by hand: 'qbsync manual \(ref)'."
        }
        return "\(ref): the \(what) is dated \(date), on or before the company's closing date \(close) in QuickBooks Desktop, so qbsync sent nothing of it and put it on the manual entry list. Enter it by hand in an open period and run 'qbsync manual-done \(ref)'; or move the closing date (Edit > Preferences > Accounting > Company Preferences > Set Date/Password) and run 'qbsync retry \(ref)'; or 'qbsync exclude \(ref) --reason TEXT'."
    }

    private func refersTo(_ operation: PlannedOperation, _ key: String) -> Bool {
        edition.placeholders(in: edition.plannedBody(of: operation)).contains(key)
    }

    private static func words(_ type: String) -> String {
        type == "PaymentMethod" ? "payment method" : type.lowercased()
    }
}
