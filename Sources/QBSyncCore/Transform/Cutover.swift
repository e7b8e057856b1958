/// The cutover of a clinic that kept its books by hand before qbsync (`[sync] start_date`): OMS
/// documents dated before it are in QuickBooks already, as the bookkeeper entered them, so they
/// are not posted (each is excluded, with the reason), and a later payment, return, write-off or
/// refund of such a document is linked to the invoice the bookkeeper entered by hand when exactly
/// one fits (`HandEnteredLinker`, before the mapping), and otherwise goes to the manual-entry
/// list with the reason.
struct Cutover {
    let startDate: String
    let ledger: Ledger
    /// False before the first load, when the ledger need not be asked what qbsync posted.
    let ledgerHoldsObjects: Bool
    /// Whether QuickBooks was read for hand-entered documents before the transform.
    var booksRead = false
    /// Why a needed hand-entered invoice (by object key) was not linked.
    var misses: [String: String] = [:]
    /// The earlier run that took the opening balances (`[sync] opening_balances`), nil when it
    /// is this one or the option is off: what is dated before the cutover and changes after
    /// that run is in a balance qbsync posted and does not change.
    var openingTakenIn: String?
    /// When QuickBooks was read, when the search used a kept copy (Desktop: the Web Connector's last session).
    var booksAsRead: String?

    /// The date that places each kind of OMS document before or after the cutover.
    static let dateColumns = [
        "sale": "sale_date", "payment": "received_date", "return": "return_date", "refund": "refund_date",
        "write_off": "write_off_date",
    ]

    /// The code of a document left out because it is dated before the cutover.
    static let excludedCode = "before-cutover"

    /// The code of a pre-cutover document that changed after the opening balances were posted.
    static let openingChangedCode = "opening-balance-changed"

    /// Why such a document is on the manual list, and what to do.
    static func openingChangedMessage(ref: String, takenIn: String) -> String {
        "\(ref) is dated before the cutover ([sync] start_date) and was entered or changed in the OMS after run \(takenIn) posted the opening balances, which count what was open at the cutover as the OMS had it then. qbsync does not change an opening balance. If this alters what the customer owed at the cutover, correct that customer's opening-balance invoice in QuickBooks by hand, then 'qbsync manual-done \(ref)'."
    }

    /// Throws the exclusion of `record` when it is a document dated before the cutover that
    /// qbsync has not posted (one it posted before the cutover was set goes on being kept; an
    /// invoice adopted from hand entry is never posted or changed by qbsync).
    func check(_ record: ExtractedRecord) throws {
        guard let column = Self.dateColumns[record.ref.entity] else { return }
        let ref = record.ref.description
        guard case .object = record.row, let date = try? RowReader(ref: ref, row: record.row).date(column), date < startDate
        else { return }
        if ledgerHoldsObjects, try ledger.qboObjects(ref: ref).contains(where: { $0.runID != HandEnteredLinker.adoptedRunID }) { return }
        // A pre-cutover document first seen after the balances were taken (entered late in the
        // OMS, backdated) would have changed them too. One seen before and changed since is put on
        // the list by the extract (`Ledger.flagChangedAfterOpeningBalances`): it is held out.
        if let openingTakenIn, record.reason == .changed, record.ref.entity != OMSEntity.refund.name {
            throw RecordFailure(
                ref: ref, code: Self.openingChangedCode, message: Self.openingChangedMessage(ref: ref, takenIn: openingTakenIn),
                needsManualEntry: true)
        }
        throw RecordFailure(
            ref: ref, code: Self.excludedCode,
            message: "\(ref) is dated \(date), before the cutover ([sync] start_date \(startDate)): the books hold it as it was entered by hand, so qbsync does not post it. It stays out of synchronization.",
            excluded: true)
    }

    /// The manual-entry failure of `ref` when `owner` (a sale, a return), which it needs in
    /// QuickBooks, was left out as dated before the cutover, in this run or an earlier one.
    func dependentFailure(ref: String, owner: String, key: String, failed: [String: RecordFailure]) throws -> RecordFailure? {
        let leftOut: Bool
        if let failure = failed[owner] {
            leftOut = failure.code == Self.excludedCode
        } else {
            let item = try ledger.item(owner)
            leftOut = item?.state == .excluded && item?.code == Self.excludedCode
        }
        guard leftOut else { return nil }
        var search = misses[key] ?? (booksRead ? "qbsync found nothing it could link to" : "not checked: no connection to QuickBooks before the transform")
        if let booksAsRead, misses[key] != nil || booksRead { search += " (QuickBooks as read at \(booksAsRead))" }
        return RecordFailure(
            ref: ref, code: "cutover-manual",
            message: "\(ref) settles \(owner), which is dated before the cutover ([sync] start_date \(startDate)) and was entered in QuickBooks by hand, not by qbsync; \(search). Enter \(ref) in QuickBooks by hand against that document, then 'qbsync manual-done \(ref)'.",
            needsManualEntry: true)
    }
}
