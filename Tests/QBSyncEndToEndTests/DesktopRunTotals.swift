import Foundation
import QBSyncJSON

/// A run's summary (`4-reconcile/summary.json`, which `qbsync status` shows) against the
/// company: for each kind of document the run created, the OMS total and the QuickBooks total
/// equal to the cent, and both equal to the documents that appeared in the company during the
/// run (counted and added up from the company's folder, not from qbsync's answers).
struct DesktopRunTotals {
    /// The problems found; empty when the summary and the company agree.
    private(set) var problems: [String] = []

    /// `before` is the company as it was before the run (nil: empty), `after` as it is after it.
    init(summary: JSONValue, before: DesktopCompanySnapshot?, after: DesktopCompanySnapshot, run: String) {
        let totals = summary["totals_by_document"]?.objectValue ?? [:]
        let created = Self.created(before: before, after: after)
        for (kind, documents) in created where !documents.isEmpty {
            // The summary's name of a kind may be Online's (RefundReceipt) or Desktop's: match by what it is.
            guard let entry = totals.first(where: { Self.kind(ofSummaryName: $0.key) == kind })?.value else {
                problems.append("run \(run): \(documents.count) \(kind)(s) appeared in the company, the summary has none")
                continue
            }
            let oms = entry["oms"]?.centsValue
            let quickBooks = entry["quickbooks"]?.centsValue
            let company = documents.reduce(0, +)
            if oms != quickBooks || entry["difference"]?.centsValue != 0 {
                problems.append("run \(run): \(kind) OMS \(oms ?? -1) vs QuickBooks \(quickBooks ?? -1) cents in the summary")
            }
            if quickBooks != company || entry["documents"]?.intValue != documents.count {
                problems.append(
                    "run \(run): the summary has \(entry["documents"]?.intValue ?? -1) \(kind)(s) of \(quickBooks ?? -1) cents, the company gained \(documents.count) of \(company)")
            }
        }
        for (name, _) in totals where Self.kind(ofSummaryName: name) == nil {
            problems.append("run \(run): the summary's \(name) is no kind of document")
        }
        for (name, _) in totals where Self.kind(ofSummaryName: name).map({ created[$0]?.isEmpty ?? true }) == true {
            problems.append("run \(run): the summary totals \(name) documents the company did not gain")
        }
    }

    /// `invoice`, `credit memo`, `payment` or `refund` for a name `totals_by_document` uses.
    static func kind(ofSummaryName name: String) -> String? {
        let lowered = name.lowercased()
        if lowered.contains("refund") { return "refund" }
        if lowered.contains("invoice") { return "invoice" }
        if lowered.contains("credit") { return "credit memo" }
        if lowered.contains("payment") { return "payment" }
        return nil
    }

    /// The totals of each kind's documents in `after` that `before` did not hold (credit
    /// applications, payments of 0.00 that only link a credit, are not payments received).
    static func created(before: DesktopCompanySnapshot?, after: DesktopCompanySnapshot) -> [String: [Int]] {
        func new<T>(_ all: [T], _ old: [T]?, id: (T) -> String) -> [T] {
            let known = Set((old ?? []).map(id))
            return all.filter { !known.contains(id($0)) }
        }
        return [
            "invoice": new(after.invoices, before?.invoices, id: \.txnID).map(\.totalCents),
            "credit memo": new(after.creditMemos, before?.creditMemos, id: \.txnID).map(\.totalCents),
            "payment": new(after.payments, before?.payments, id: \.txnID).filter { $0.marker?.hasPrefix("qbsync payment:") == true }.map(\.totalCents),
            "refund": new(after.refunds, before?.refunds, id: \.txnID).map(\.totalCents),
        ]
    }
}
