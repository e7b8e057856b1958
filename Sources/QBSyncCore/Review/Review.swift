import QBSyncJSON

/// What a run's load would post, for an accountant: every document, the changes to customers,
/// items and classes, totals by kind, account, class, day and customer, and the warnings worth
/// a look. Built by `ReviewBuilder` from the batch files as they are on disk (hand edits
/// included); rendered as text, CSV, HTML or JSON.
public struct Review: Sendable {
    public var run: String
    public var pipeline: String
    /// The day the run was taken (`YYYY-MM-DD`), which document dates are compared with.
    public var runDate: String
    /// The books' closing date, when the pipeline sets one.
    public var closingDate: String?
    /// Whether patients appear by pseudonym.
    public var redacted: Bool
    /// Every document, or on a page the first of them (`documentCount` says how many in all).
    public var documents: [ReviewDocument]
    public var changes: [ReviewChange]
    /// Records the transform could not map: they are in no batch.
    public var failures: [RecordFailure]
    /// Every warning, or on a page the first of each code (`warningCounts` says how many in all).
    public var warnings: [ReviewWarning]
    public var byKind: [ReviewTotal]
    /// Lines by income or deposit account; credit memos and refunds count negative.
    public var byAccount: [ReviewTotal]
    /// Lines by class (clinic location); credit memos and refunds count negative.
    public var byClass: [ReviewTotal]
    /// Documents by date and kind.
    public var byDay: [ReviewTotal]
    /// Documents by customer and kind.
    public var byCustomer: [ReviewTotal]
    /// One line on the approval, set by whoever shows the review (`approved by ... at ...`).
    public var approval: String?
    /// One line on the check against what QuickBooks holds that qbsync did not post (or why
    /// it was not made), set by whoever shows the review (`RunReview`).
    public var booksCheck: String?
    /// How many documents the run posts: `documents` may list only the first of them (a page of
    /// a first synchronization's review).
    public var documentCount = 0
    /// How many warnings of each code there are: `warnings` may list only the first of each.
    public var warningCounts: [String: Int] = [:]
    /// The documents the load will skip because QuickBooks already has them: how many, how much.
    public var alreadyInQuickBooks = (count: 0, cents: 0)

    /// How many warnings there are in all.
    public var warningCount: Int { warningCounts.values.reduce(0, +) }

    /// The fingerprints of the documents listed that this run creates, for later reviews'
    /// duplicate check.
    public var fingerprints: [DocumentFingerprint] { documents.compactMap { Self.fingerprint($0, run: run) } }

    /// A document's fingerprint (customer, date, total), if it is a create that has them all.
    static func fingerprint(_ document: ReviewDocument, run: String) -> DocumentFingerprint? {
        guard document.operation == "create", let customer = document.customerKey, let date = document.date, let cents = document.cents
        else { return nil }
        return DocumentFingerprint(
            key: document.key, entity: document.entity, customer: customer, date: date, cents: cents, docNumber: document.docNumber,
            ref: document.ref, run: run)
    }

    /// Adds warnings found outside the builder (hand edits not validated) in front.
    public mutating func prepend(_ extra: [ReviewWarning]) {
        warnings.insert(contentsOf: extra, at: 0)
        for warning in extra { warningCounts[warning.code, default: 0] += 1 }
    }

    /// A one-line headline: `42 documents (Invoice 40: 12,345.67; ...), 3 warnings`.
    public var headline: String {
        let kinds = byKind.map { "\($0.name) \($0.count): \(ReviewFormat.money($0.cents))" }.joined(separator: "; ")
        let documentsText = "\(documentCount) document\(documentCount == 1 ? "" : "s")"
        return documentsText + (kinds.isEmpty ? "" : " (\(kinds))") + ", \(warningCount) warning\(warningCount == 1 ? "" : "s")"
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "run": .string(run), "pipeline": .string(pipeline), "run_date": .string(runDate), "redacted": .bool(redacted),
            "documents": .array(documents.map(\.json)), "changes": .array(changes.map(\.json)),
            "failures": .array(failures.map { ["ref": .string($0.ref), "code": .string($0.code), "message": .string($0.message)] }),
            "warnings": .array(warnings.map(\.json)),
            "totals": [
                "by_kind": .array(byKind.map(\.json)), "by_account": .array(byAccount.map(\.json)),
                "by_class": .array(byClass.map(\.json)), "by_day": .array(byDay.map(\.json)),
                "by_customer": .array(byCustomer.map(\.json)),
            ],
            "already_in_quickbooks": [
                "count": .int(alreadyInQuickBooks.count), "amount": .cents(alreadyInQuickBooks.cents),
            ],
        ]
        if let closingDate { object["closing_date"] = .string(closingDate) }
        if let approval { object["approval"] = .string(approval) }
        return .object(object)
    }
}

/// Where a review's limits sit.
public struct ReviewThresholds: Sendable, Equatable {
    /// A document dated more than this many days before the run is flagged.
    public var oldDays = 60
    /// A document dated more than this many days after the run is flagged.
    public var futureDays = 7
    /// Fewer documents of a kind than this, and "unusually large" is not judged.
    public var largeMinimumCount = 8

    public init() {}
}

/// Everything besides the plan that a review reads: the ledger's names and QuickBooks objects,
/// the run's locations and item kinds, the pipeline's mapping. Gathered at the edge by
/// `ReviewSources`; tests build it by hand.
public struct ReviewInputs {
    public var pipeline: String
    public var runDate: String
    public var closingDate: String?
    public var redacted: Bool
    public var mapping: PipelineSettings.MappingSettings
    /// What QuickBooks holds, by object key (the ledger's `qbo_objects`); beyond these,
    /// `lookupObject` asks the ledger one key at a time (after a first synchronization it holds
    /// hundreds of thousands, which a night's review must not load).
    public var objects: [String: QBOObject]
    /// The ledger's unique names (customers, items), by object key; beyond these, `lookupName`.
    public var names: [String: String]
    /// What each of those names was made from (a payer's OMS name, a patient's pseudonym).
    public var nameSources: [String: String] = [:]
    public var lookupObject: (String) -> QBOObject? = { _ in nil }
    /// The object key QuickBooks's id of a type stands for (`("Customer", "58")`).
    public var lookupKey: (_ qboType: String, _ id: String) -> String? = { _, _ in nil }
    public var lookupName: (String) -> (name: String, source: String)? = { _ in nil }
    /// `lookupName` of many keys at once, when the ledger can answer them in one read.
    public var lookupNames: (([String]) -> [String: (name: String, source: String)])?
    /// Where the fingerprints of the documents reviewed are kept for later reviews' duplicate
    /// check (the ledger, when a transform writes the review); nil keeps none.
    public var recordFingerprints: (([DocumentFingerprint]) throws -> Void)?

    /// What QuickBooks holds under `key`, per the ledger.
    func object(_ key: String) -> QBOObject? { objects[key] ?? lookupObject(key) }
    /// The unique name the ledger gives `key`.
    func name(_ key: String) -> String? { names[key] ?? lookupName(key)?.name }
    /// What each of `keys` that has a unique name was made from: the ledger asked once for all
    /// (`lookupNames`) when it can answer so, else a key at a time.
    func nameSources(of keys: [String]) -> [String: String] {
        var found: [String: String] = [:]
        var asked: [String] = []
        for key in keys {
            if let source = nameSources[key] { found[key] = source } else { asked.append(key) }
        }
        if let lookupNames {
            for (key, name) in lookupNames(asked) { found[key] = name.source }
        } else {
            for key in asked { found[key] = lookupName(key)?.source }
        }
        return found
    }

    /// Location names by OMS location id (for classes not yet in QuickBooks).
    public var locationNames: [Int: String]
    /// OMS item kinds by item id (for the income account of an item already in QuickBooks).
    public var itemKinds: [Int: String]
    public var thresholds = ReviewThresholds()
    /// The documents QuickBooks already holds that share customer, date and total with any of these.
    public var postedMatching: ([DocumentFingerprint]) throws -> [DocumentFingerprint] = { _ in [] }

    public init(
        pipeline: String, runDate: String, closingDate: String?, redacted: Bool, mapping: PipelineSettings.MappingSettings,
        objects: [String: QBOObject] = [:], names: [String: String] = [:], locationNames: [Int: String] = [:],
        itemKinds: [Int: String] = [:]
    ) {
        self.pipeline = pipeline
        self.runDate = runDate
        self.closingDate = closingDate
        self.redacted = redacted
        self.mapping = mapping
        self.objects = objects
        self.names = names
        self.locationNames = locationNames
        self.itemKinds = itemKinds
    }
}
