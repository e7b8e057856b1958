import QBSyncJSON

extension ReviewBuilder {
    /// Adds the warnings worth an accountant's eye, most serious first, and marks each
    /// document with the codes that concern it.
    func addWarnings(to review: inout Review, unknownReferences: [ReviewWarning], payments: [PaymentApplications]) throws {
        var collector = WarningCollector(documents: review.documents)
        collector.warnings += unknownReferences
        for index in collector.documents.indices { checkDates(index, &collector, review: review) }
        try checkDuplicatesInQuickBooks(&collector, candidates: review.fingerprints)
        checkPayments(&collector, payments)
        for (index, document) in collector.documents.enumerated() where document.status != .void {
            guard let cents = document.cents else { continue }
            if cents <= 0 {
                collector.flag(
                    index, "zero-or-negative",
                    "\(document.label) totals \(ReviewFormat.money(cents)): QuickBooks refuses a negative \(document.kind.lowercased()), and a zero one moves no money (a no-charge visit?). Check the OMS record.")
            }
            if let expected = document.expectedCents, expected != cents, document.operation == "create" {
                collector.flag(
                    index, "differs-from-oms",
                    "\(document.label) totals \(ReviewFormat.money(cents)) but the OMS amount is \(ReviewFormat.money(expected)) (edited by hand?): reconcile will report the difference.")
            }
        }
        checkDuplicatesInRun(&collector)
        checkLarge(&collector)
        checkFallbacks(&collector, changes: review.changes)
        if !review.failures.isEmpty {
            let codes = Dictionary(grouping: review.failures, by: \.code).map { "\($0.value.count) \($0.key)" }.sorted()
            collector.warnings.append(
                ReviewWarning(
                    code: "not-mapped", ref: nil, key: nil,
                    message: "\(review.failures.count) record(s) could not be mapped and are in no batch (\(codes.joined(separator: ", "))): they stay failed in the ledger with the reason; 'qbsync status' lists them."))
        }
        review.documents = collector.documents
        review.warnings = collector.warnings
    }

    private func checkDates(_ index: Int, _ collector: inout WarningCollector, review: Review) {
        let document = collector.documents[index]
        guard document.status != .void, let date = document.date else { return }
        guard ReviewFormat.isDate(date), let offset = ReviewFormat.days(from: review.runDate, to: date) else {
            collector.flag(index, "bad-date", "\(document.label): TxnDate \"\(date)\" is not a date written YYYY-MM-DD; QuickBooks refuses it.")
            return
        }
        if let closing = review.closingDate, date <= closing {
            collector.flag(
                index, "closed-period",
                "\(document.label) is dated in a closed period (the books are closed through \(closing)): QuickBooks refuses it (6200) unless the closing date moves. Enter it by hand in an open period, or ask who closed the books.")
        } else if offset < -inputs.thresholds.oldDays {
            collector.flag(index, "far-from-run-date", "\(document.label) is dated \(-offset) days before the run (\(review.runDate)).")
        } else if offset > inputs.thresholds.futureDays {
            collector.flag(index, "far-from-run-date", "\(document.label) is dated \(offset) days after the run (\(review.runDate)).")
        }
    }

    /// Same customer, date and total as a document QuickBooks already has (per the ledger).
    private func checkDuplicatesInQuickBooks(_ collector: inout WarningCollector, candidates: [DocumentFingerprint]) throws {
        let posted = try inputs.postedMatching(candidates)
        for (index, document) in collector.documents.enumerated() where document.operation == "create" {
            let matches = posted.filter { match in
                match.key != document.key && match.entity == document.entity && match.customer == document.customerKey
                    && match.date == document.date && match.cents == document.cents
            }
            for match in matches {
                collector.flag(
                    index, "duplicate-in-quickbooks",
                    "\(document.label) has the same customer, date and amount as \(ReviewFormat.entityName(match.entity)) \(match.docNumber ?? match.key) (\(match.ref)) already in QuickBooks from run \(match.run). If it is the same money (a bank feed or card terminal may have posted it too), do not approve: 'qbsync exclude \(document.ref) --reason ...', then transform again.")
            }
        }
    }

    /// A payment larger than the documents it pays, or with money applied to nothing.
    private func checkPayments(_ collector: inout WarningCollector, _ payments: [PaymentApplications]) {
        var totals: [String: Int] = [:]
        for document in collector.documents { if let cents = document.cents { totals[document.key] = cents } }
        var positions: [String: Int] = [:]
        for (index, document) in collector.documents.enumerated() { positions[document.batch + " " + document.bId] = index }
        for payment in payments {
            guard let index = positions[payment.position], let total = collector.documents[index].cents else { continue }
            let label = collector.documents[index].label
            var applied = 0
            for line in payment.lines {
                applied += line.cents
                var paid = 0
                var known = true
                for key in line.keys {
                    if let cents = totals[key] ?? inputs.objects[key]?.totalCents { paid += cents } else { known = false }
                }
                if known, paid > 0, line.cents > paid {
                    collector.flag(
                        index, "overpayment",
                        "\(label) applies \(ReviewFormat.money(line.cents)) to documents that total \(ReviewFormat.money(paid)).")
                }
            }
            if total > applied {
                collector.flag(
                    index, "overpayment",
                    "\(label) is larger than what it pays: \(ReviewFormat.money(total - applied)) is applied to no document and becomes a credit on the customer's account.")
            }
        }
    }

    private func checkDuplicatesInRun(_ collector: inout WarningCollector) {
        var groups: [String: [Int]] = [:]
        for (index, document) in collector.documents.enumerated() where document.operation == "create" {
            guard let customer = document.customerKey, let date = document.date, let cents = document.cents else { continue }
            groups["\(document.entity)|\(customer)|\(date)|\(cents)", default: []].append(index)
        }
        for indices in groups.values.sorted(by: { $0[0] < $1[0] }) where indices.count > 1 {
            for index in indices {
                let others = indices.filter { $0 != index }.map { collector.documents[$0].docNumber ?? collector.documents[$0].ref }
                collector.flag(
                    index, "duplicate-in-run",
                    "\(collector.documents[index].label) has the same customer, date and amount as \(others.joined(separator: ", ")) in this run: two sales, or the same one twice?")
            }
        }
    }

    /// Amounts far above the run's own distribution for their kind and main account (a hearing
    /// aid is compared with other product sales, not with battery sales): Tukey's far-out fence
    /// on positive totals, and at least three times the median.
    private func checkLarge(_ collector: inout WarningCollector) {
        let groups = Dictionary(grouping: collector.documents.indices.filter { collector.documents[$0].status != .void }) {
            Self.peerGroup(collector.documents[$0])
        }
        for group in groups.keys.sorted() {
            let indices = groups[group]!
            let amounts = indices.compactMap { collector.documents[$0].cents }.filter { $0 > 0 }.sorted()
            let n = amounts.count
            guard n >= inputs.thresholds.largeMinimumCount else { continue }
            let q1 = amounts[(n + 3) / 4 - 1]
            let median = amounts[(n + 1) / 2 - 1]
            let q3 = amounts[(3 * n + 3) / 4 - 1]
            let fence = max(q3 + 3 * (q3 - q1), 3 * median)
            for index in indices where (collector.documents[index].cents ?? 0) > fence {
                collector.flag(
                    index, "unusually-large",
                    "\(collector.documents[index].label) is unusually large among this run's documents of its kind (\(group.lowercased())) (above \(ReviewFormat.money(fence)); their median is \(ReviewFormat.money(median))).")
            }
        }
    }

    /// `Invoice to Sales of Product Income`: the kind and the account most of the money goes to.
    static func peerGroup(_ document: ReviewDocument) -> String {
        var byAccount: [String: Int] = [:]
        for line in document.lines { byAccount[line.account, default: 0] += line.cents }
        guard let main = byAccount.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return document.kind }
        return "\(document.kind) to \(main)"
    }

    /// Names and numbers qbsync had to change to fit QuickBooks, and lines left without a class.
    private func checkFallbacks(_ collector: inout WarningCollector, changes: [ReviewChange]) {
        for (index, document) in collector.documents.enumerated() {
            if let number = document.docNumber, number.contains("~"), document.operation == "create" {
                collector.flag(
                    index, "fallback",
                    "\(document.label): document number \(number) is the OMS number shortened or made unique (QuickBooks takes 21 characters, once per number); the ledger maps it back.")
            }
            if document.lines.contains(where: { $0.className == "(no class)" }) {
                collector.flag(index, "fallback", "\(document.label) has lines without a class (location): they post to no location.")
            }
        }
        for change in changes where change.action == "new" {
            guard let source = inputs.nameSources[change.key], change.name != QBONames.candidate(source, attempt: 0) else { continue }
            collector.warnings.append(
                ReviewWarning(
                    code: "fallback", ref: change.ref, key: change.key,
                    message: "\(change.entity) \"\(change.name)\" (\(change.ref)) could not be named \"\(source)\": QuickBooks names must be unique, at most 100 characters, without colons or line breaks."))
        }
    }
}

/// Gathers warnings and marks the documents they concern.
struct WarningCollector {
    var documents: [ReviewDocument]
    var warnings: [ReviewWarning] = []

    mutating func flag(_ index: Int, _ code: String, _ message: String) {
        let document = documents[index]
        warnings.append(ReviewWarning(code: code, ref: document.ref, key: document.key, message: message))
        if !documents[index].warnings.contains(code) { documents[index].warnings.append(code) }
    }
}
