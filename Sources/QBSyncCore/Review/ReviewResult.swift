import Dispatch
import QBSyncJSON

/// A finished review, its documents still in the builder's store: put together whole with
/// `review()`, as a page with `review(documentLimit:warningsPerCode:)` (every total and count,
/// the first documents and warnings), or written a document at a time with `forEachDocument`.
public final class ReviewResult {
    let run: String
    let inputs: ReviewInputs
    private let store: ReviewDocumentStore
    private let checks: RunChecks
    private let totals: ReviewTotals
    let changes: [ReviewChange]
    let unknownReferences: [ReviewWarning]
    let failures: [RecordFailure]
    /// Ordinals in a reader's order.
    private lazy var order: [Int] = store.ordered()

    init(
        run: String, inputs: ReviewInputs, store: ReviewDocumentStore, checks: RunChecks, totals: ReviewTotals,
        changes: [ReviewChange], unknownReferences: [ReviewWarning], failures: [RecordFailure]
    ) {
        self.run = run
        self.inputs = inputs
        self.store = store
        self.checks = checks
        self.totals = totals
        self.changes = changes
        self.unknownReferences = unknownReferences
        self.failures = failures
    }

    public var documentCount: Int { store.count }

    /// Every document in a reader's order (by date, then kind, then the load's order), with
    /// the codes of its warnings, one at a time.
    public func forEachDocument(_ body: (ReviewDocument) throws -> Void) throws {
        for ordinal in order { try body(try store.document(ordinal)) }
    }

    /// Every document in a reader's order, each read back and turned into a `T` by `transform`
    /// on every core (a stripe of each block to a worker, with a `State` of its own made by
    /// `state`), and handed to `body` a block at a time, in order: for the review's files,
    /// written at the end of a first synchronization's transform by one thread otherwise.
    func forEachDocumentBlock<State, T>(
        state: () -> State, _ transform: (ReviewDocument, inout State) -> T, _ body: ([T]) throws -> Void
    ) throws {
        try store.readyForReading()
        let blockSize = 4_096
        var states: [State] = []
        for start in stride(from: 0, to: order.count, by: blockSize) {
            let ordinals = Array(order[start..<min(start + blockSize, order.count)])
            let stripes = ChunkMapping.stripes(ordinals.count)
            while states.count < stripes.count { states.append(state()) }
            var results = [Result<T, Error>?](repeating: nil, count: ordinals.count)
            results.withUnsafeMutableBufferPointer { slots in
                let slots = slots
                states.withUnsafeMutableBufferPointer { states in
                    let states = states
                    // A slot, and a state, is written by the one stripe that holds its index only.
                    DispatchQueue.concurrentPerform(iterations: stripes.count) { stripe in
                        for index in stripes[stripe] {
                            slots[index] = Result { transform(try store.document(ordinals[index]), &states[stripe]) }
                        }
                    }
                }
            }
            try body(try results.map { try $0!.get() })
        }
    }

    /// The review: every document and warning, or with limits the first `documentLimit`
    /// documents and `warningsPerCode` warnings of each code; totals and counts are always of all.
    public func review(documentLimit: Int? = nil, warningsPerCode: Int? = nil) throws -> Review {
        var documents: [ReviewDocument] = []
        for ordinal in order.prefix(documentLimit ?? Int.max) { documents.append(try store.document(ordinal)) }
        var list = WarningList(limit: warningsPerCode)
        for warning in unknownReferences { list.add(warning) }
        try word([.badDate, .closedPeriod, .farFromRunDate], into: &list)
        // Worded as they were found: duplicates already in QuickBooks, then overpayments.
        for flag in [ReviewFlags.duplicateInQuickBooks, .overpayment] {
            for ordinal in order where store.entries[ordinal].flags.contains(flag) {
                // A look-alike qbsync did not post is flagged as a duplicate too, worded apart.
                for warning in checks.messages[ordinal] ?? []
                where warning.code == flag.code || (flag == .duplicateInQuickBooks && warning.code == "duplicate-from-elsewhere") {
                    list.add(warning)
                }
            }
        }
        try word([.zeroOrNegative, .differsFromOMS], into: &list)
        try duplicatesInRun(into: &list)
        try unusuallyLarge(into: &list)
        try word([.fallback, .fallbackClass], into: &list)
        let created = changes.filter { $0.action == "new" }
        let sources = inputs.nameSources(of: created.map(\.key))
        for change in created {
            guard let source = sources[change.key], change.name != EditionRules.online.name(source) else { continue }
            list.add(
                ReviewWarning(
                    code: "fallback", ref: change.ref, key: change.key,
                    message: "\(change.entity) \"\(change.name)\" (\(change.ref)) could not be named \"\(source)\": QuickBooks names must be unique, at most 100 characters, without colons or line breaks."))
        }
        if !failures.isEmpty {
            let codes = Dictionary(grouping: failures, by: \.code).map { "\($0.value.count) \($0.key)" }.sorted()
            list.add(
                ReviewWarning(
                    code: "not-mapped", ref: nil, key: nil,
                    message: "\(failures.count) record(s) could not be mapped and are in no batch (\(codes.joined(separator: ", "))): they stay failed in the ledger with the reason; 'qbsync status' lists them."))
        }
        var review = Review(
            run: run, pipeline: inputs.pipeline, runDate: inputs.runDate, closingDate: inputs.closingDate,
            redacted: inputs.redacted, documents: documents, changes: changes, failures: failures, warnings: list.warnings,
            byKind: [], byAccount: [], byClass: [], byDay: [], byCustomer: [])
        totals.fill(&review)
        review.documentCount = store.count
        review.warningCounts = list.counts
        return review
    }

    /// The warnings of `phase` worded from each flagged document, in a reader's order; a
    /// document is read back only while a code of it still has room in the list.
    private func word(_ phase: ReviewFlags, into list: inout WarningList) throws {
        for ordinal in order {
            let flags = store.entries[ordinal].flags.intersection(phase)
            guard !flags.isEmpty else { continue }
            let codes = ReviewFlags.codes.filter { flags.contains($0.flag) }
            guard codes.contains(where: { list.wants($0.code) }) else {
                for code in codes { list.count(code.code) }
                continue
            }
            let document = try store.document(ordinal)
            for (flag, message) in ReviewWording.messages(for: document, flags: flags, inputs: inputs) {
                list.add(ReviewWarning(code: flag.code, ref: document.ref, key: document.key, message: message))
            }
        }
    }

    private func duplicatesInRun(into list: inout WarningList) throws {
        for group in checks.duplicateGroups {
            guard list.wants("duplicate-in-run") else {
                for _ in group { list.count("duplicate-in-run") }
                continue
            }
            let documents = try group.map(store.document)
            for (index, document) in documents.enumerated() {
                let others = documents.enumerated().filter { $0.offset != index }.map { $0.element.docNumber ?? $0.element.ref }
                list.add(
                    ReviewWarning(
                        code: "duplicate-in-run", ref: document.ref, key: document.key,
                        message: "\(document.label) has the same customer, date and amount as \(others.joined(separator: ", ")) in this run: two sales, or the same one twice?"))
            }
        }
    }

    private func unusuallyLarge(into list: inout WarningList) throws {
        for ordinal in order {
            guard let large = checks.large[ordinal] else { continue }
            guard list.wants("unusually-large") else {
                list.count("unusually-large")
                continue
            }
            let document = try store.document(ordinal)
            list.add(
                ReviewWarning(
                    code: "unusually-large", ref: document.ref, key: document.key,
                    message: "\(document.label) is unusually large among this run's documents of its kind (\(large.group.lowercased())) (above \(ReviewFormat.money(large.fence)); their median is \(ReviewFormat.money(large.median)))."))
        }
    }
}

/// The warnings listed, at most `limit` of a code, and how many there are of each.
private struct WarningList {
    let limit: Int?
    private(set) var warnings: [ReviewWarning] = []
    private(set) var counts: [String: Int] = [:]

    init(limit: Int?) { self.limit = limit }

    func wants(_ code: String) -> Bool { limit.map { counts[code, default: 0] < $0 } ?? true }

    mutating func add(_ warning: ReviewWarning) {
        if wants(warning.code) { warnings.append(warning) }
        count(warning.code)
    }

    mutating func count(_ code: String) { counts[code, default: 0] += 1 }
}
