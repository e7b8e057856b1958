/// The warnings worth an accountant's eye. What concerns one document alone is flagged as the
/// document is added and worded when the review is put together (from the document read back);
/// the run-wide checks keep a few numbers and hashes a document.
extension ReviewBuilder {
    /// The warnings a document earns on its own: dates, totals, shortened numbers, lines without a class.
    func documentFlags(_ document: ReviewDocument) -> ReviewFlags {
        var flags: ReviewFlags = []
        if let date = document.date, document.status != .void {
            switch ReviewWording.dateCheck(date, runDate: inputs.runDate, closingDate: inputs.closingDate, thresholds: inputs.thresholds) {
            case .bad: flags.insert(.badDate)
            case .closed: flags.insert(.closedPeriod)
            case .before, .after: flags.insert(.farFromRunDate)
            case nil: break
            }
        }
        if document.status != .void, let cents = document.cents {
            if cents <= 0 { flags.insert(.zeroOrNegative) }
            if let expected = document.expectedCents, expected != cents, document.operation == "create" { flags.insert(.differsFromOMS) }
        }
        if let number = document.docNumber, number.contains("~"), document.operation == "create" { flags.insert(.fallback) }
        if document.lines.contains(where: { $0.className == "(no class)" }) { flags.insert(.fallbackClass) }
        return flags
    }

    /// A payment larger than the documents it pays, or with money applied to nothing.
    func overpayments(_ reading: ReadDocument, _ document: ReviewDocument) -> [ReviewWarning] {
        guard let total = document.cents else { return [] }
        var warnings: [ReviewWarning] = []
        var applied = 0
        for application in reading.applications {
            let cents = application.cents ?? 0
            applied += cents
            var paid = 0
            var known = true
            for target in application.targets {
                let key = names.key(for: target.document.value, qboType: target.entity)
                if let total = checks.total(key: key) ?? inputs.object(key)?.totalCents { paid += total } else { known = false }
            }
            if known, paid > 0, cents > paid {
                warnings.append(
                    ReviewWarning(
                        code: "overpayment", ref: document.ref, key: document.key,
                        message: "\(document.label) applies \(ReviewFormat.money(cents)) to documents that total \(ReviewFormat.money(paid))."))
            }
        }
        if total > applied {
            warnings.append(
                ReviewWarning(
                    code: "overpayment", ref: document.ref, key: document.key,
                    message: "\(document.label) is larger than what it pays: \(ReviewFormat.money(total - applied)) is applied to no document and becomes a credit on the customer's account."))
        }
        return warnings
    }

    /// Same customer, date and total as a document QuickBooks already has (per the ledger).
    mutating func checkDuplicatesInQuickBooks(_ candidates: [(ordinal: Int, print: DocumentFingerprint, document: ReviewDocument)]) throws {
        guard !candidates.isEmpty else { return }
        let posted = try inputs.postedMatching(candidates.map(\.print))
        guard !posted.isEmpty else { return }
        for candidate in candidates {
            let document = candidate.print
            let matches = posted.filter { match in
                match.key != document.key && match.entity == document.entity && match.customer == document.customer
                    && match.date == document.date && match.cents == document.cents
            }
            guard !matches.isEmpty else { continue }
            store.flag(candidate.ordinal, .duplicateInQuickBooks)
            checks.messages[candidate.ordinal, default: []] += matches.map { match in
                // No run: QuickBooks holds it and qbsync did not post it.
                guard !match.run.isEmpty else {
                    return ReviewWarning(
                        code: "duplicate-from-elsewhere", ref: document.ref, key: document.key,
                        message: "\(candidate.document.label) has the same customer, date and amount as \(ReviewFormat.entityName(match.entity)) \(match.docNumber.map { "\($0) " } ?? "")(\(match.ref)) in QuickBooks, which qbsync did not post: entered by hand, or by a bank feed or point-of-sale device. If it is the same money, do not approve: 'qbsync exclude \(document.ref) --reason ...', then transform again.")
                }
                return ReviewWarning(
                    code: "duplicate-in-quickbooks", ref: document.ref, key: document.key,
                    message: "\(candidate.document.label) has the same customer, date and amount as \(ReviewFormat.entityName(match.entity)) \(match.docNumber ?? match.key) (\(match.ref)) already in QuickBooks from run \(match.run). If it is the same money (a bank feed or card terminal may have posted it too), do not approve: 'qbsync exclude \(document.ref) --reason ...', then transform again.")
            }
        }
    }
}

/// What the run-wide checks keep: each document's total by key (hashed), the groups of
/// documents with the same customer, date and amount, and each kind's amounts, a few numbers
/// a document; then, once every document is in, which documents they flag.
struct RunChecks {
    /// Invoice totals by key hash, for the invoices a payment pays.
    private var totals: [UInt64: Int] = [:]
    /// Creates by (entity, customer, date, cents) hash: the first document's ordinal, and every
    /// ordinal of the groups that have more than one.
    private var firstOfGroup: [UInt64: Int] = [:]
    private var groups: [UInt64: [Int]] = [:]
    /// Positive amounts by peer group (`Invoice to Sales of Product Income`).
    private var amounts: [String: [(ordinal: Int, cents: Int)]] = [:]
    /// Warnings worded as they were found (duplicates in QuickBooks, overpayments), by ordinal.
    var messages: [Int: [ReviewWarning]] = [:]
    /// After `finish`: the groups of duplicates in the run, and each unusually large document's
    /// peer group with its fence and median.
    private(set) var duplicateGroups: [[Int]] = []
    private(set) var large: [Int: (group: String, fence: Int, median: Int)] = [:]

    mutating func noteTotal(key: String, cents: Int) {
        totals[LeakCheck.RunHash.of(key.utf8)] = cents
    }

    func total(key: String) -> Int? { totals[LeakCheck.RunHash.of(key.utf8)] }

    mutating func record(_ document: ReviewDocument, ordinal: Int) {
        if document.operation == "create", let customer = document.customerKey, let date = document.date, let cents = document.cents {
            // The hash of `entity|customer|date|cents`, made a part at a time without the text.
            var group = LeakCheck.RunHash()
            for part in [document.entity, customer, date] {
                group.add(contentsOf: part.utf8)
                group.add(UInt8(ascii: "|"))
            }
            group.add(contentsOf: String(cents).utf8)
            let hash = group.value
            if let first = firstOfGroup[hash] {
                groups[hash, default: [first]].append(ordinal)
            } else {
                firstOfGroup[hash] = ordinal
            }
        }
        if document.status != .void, let cents = document.cents, cents > 0 {
            amounts[ReviewBuilder.peerGroup(document), default: []].append((ordinal, cents))
        }
    }

    /// Flags the duplicates in the run and the unusually large amounts: Tukey's far-out fence on
    /// positive totals of a peer group, and at least three times its median.
    mutating func finish(store: ReviewDocumentStore, thresholds: ReviewThresholds) {
        duplicateGroups = groups.values.sorted { $0[0] < $1[0] }
        for group in duplicateGroups {
            for ordinal in group { store.flag(ordinal, .duplicateInRun) }
        }
        for (group, entries) in amounts {
            let sorted = entries.map(\.cents).sorted()
            let n = sorted.count
            guard n >= thresholds.largeMinimumCount else { continue }
            let q1 = sorted[(n + 3) / 4 - 1]
            let median = sorted[(n + 1) / 2 - 1]
            let q3 = sorted[(3 * n + 3) / 4 - 1]
            let fence = max(q3 + 3 * (q3 - q1), 3 * median)
            for entry in entries where entry.cents > fence {
                store.flag(entry.ordinal, .unusuallyLarge)
                large[entry.ordinal] = (group, fence, median)
            }
        }
        totals = [:]
        firstOfGroup = [:]
        groups = [:]
        amounts = [:]
    }
}

extension ReviewBuilder {
    /// `Invoice to Sales of Product Income`: the kind and the account most of the money goes to.
    static func peerGroup(_ document: ReviewDocument) -> String {
        // A document has a few accounts: summed in a list, not a dictionary made for each one.
        var byAccount: [(account: String, cents: Int)] = []
        for line in document.lines {
            if let index = byAccount.firstIndex(where: { $0.account == line.account }) {
                byAccount[index].cents += line.cents
            } else {
                byAccount.append((line.account, line.cents))
            }
        }
        guard let main = byAccount.max(by: { ($0.cents, $1.account) < ($1.cents, $0.account) })?.account else { return document.kind }
        return "\(document.kind) to \(main)"
    }
}

/// The words of the warnings that concern one document, from the document read back.
enum ReviewWording {
    enum DateCheck { case bad, closed, before(Int), after(Int) }

    static func dateCheck(_ date: String, runDate: String, closingDate: String?, thresholds: ReviewThresholds) -> DateCheck? {
        guard ReviewFormat.isDate(date), let offset = ReviewFormat.days(from: runDate, to: date) else { return .bad }
        if let closing = closingDate, date <= closing { return .closed }
        if offset < -thresholds.oldDays { return .before(-offset) }
        if offset > thresholds.futureDays { return .after(offset) }
        return nil
    }

    /// The warnings of `flags` that are worded from the document alone, in listing order.
    static func messages(for document: ReviewDocument, flags: ReviewFlags, inputs: ReviewInputs) -> [(ReviewFlags, String)] {
        var out: [(ReviewFlags, String)] = []
        let label = document.label
        if !flags.isDisjoint(with: [.badDate, .closedPeriod, .farFromRunDate]), let date = document.date {
            switch dateCheck(date, runDate: inputs.runDate, closingDate: inputs.closingDate, thresholds: inputs.thresholds) {
            case .bad:
                out.append((.badDate, "\(label): TxnDate \"\(date)\" is not a date written YYYY-MM-DD; QuickBooks refuses it."))
            case .closed:
                out.append(
                    (
                        .closedPeriod,
                        "\(label) is dated in a closed period (the books are closed through \(inputs.closingDate ?? "")): QuickBooks refuses it (6200) unless the closing date moves. Enter it by hand in an open period, or ask who closed the books."
                    ))
            case .before(let days):
                out.append((.farFromRunDate, "\(label) is dated \(days) days before the run (\(inputs.runDate))."))
            case .after(let days):
                out.append((.farFromRunDate, "\(label) is dated \(days) days after the run (\(inputs.runDate))."))
            case nil: break
            }
        }
        if flags.contains(.zeroOrNegative), let cents = document.cents {
            out.append(
                (
                    .zeroOrNegative,
                    "\(label) totals \(ReviewFormat.money(cents)): QuickBooks refuses a negative \(document.kind.lowercased()), and a zero one moves no money (a no-charge visit?). Check the OMS record."
                ))
        }
        if flags.contains(.differsFromOMS), let cents = document.cents, let expected = document.expectedCents {
            out.append(
                (
                    .differsFromOMS,
                    "\(label) totals \(ReviewFormat.money(cents)) but the OMS amount is \(ReviewFormat.money(expected)) (edited by hand?): reconcile will report the difference."
                ))
        }
        if flags.contains(.fallback), let number = document.docNumber {
            out.append(
                (
                    .fallback,
                    "\(label): document number \(number) is the OMS number shortened or made unique (QuickBooks takes 21 characters, once per number); the ledger maps it back."
                ))
        }
        if flags.contains(.fallbackClass) {
            out.append((.fallbackClass, "\(label) has lines without a class (location): they post to no location."))
        }
        return out
    }
}
