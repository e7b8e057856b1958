/// What a run does about the opening balances (`[sync] opening_balances`): the first run after
/// the cutover takes each customer's open balance at the cutover from its extract (which, the
/// workspace's first, holds the whole OMS) and records it in the ledger; every run plans, for
/// each recorded balance QuickBooks does not hold yet, one opening-balance invoice (so a retry
/// posts what failed, and nothing is posted twice); and a later payment, return or write-off of
/// a pre-cutover sale is applied to its customer's opening-balance invoice.
struct OpeningBalancePlan {
    /// The generic item an opening balance's one line is on (`item generic:opening_balance`).
    static let itemKind = "opening_balance"

    /// The balances to post: recorded, above zero, and not in QuickBooks per the ledger.
    let pending: [OpeningBalance]
    /// Pre-cutover sale invoices (by key) -> the opening-balance invoice they go to.
    let invoices: [ObjectKey: ObjectKey]
    /// Pre-cutover sale invoices of customers that had nothing open: why nothing can be applied.
    let misses: [String: String]
    /// The run that took the balances.
    let takenIn: String
    let startDate: String

    /// Takes the balances when no run has (the run must be the workspace's first, whose extract
    /// holds the whole OMS), then reads what the ledger holds of them.
    static func prepare(ledger: Ledger, folder: RunFolder, runID: String, startDate: String) throws -> OpeningBalancePlan {
        var takenIn = try ledger.openingBalancesTakenIn()
        if takenIn == nil {
            if try ledger.holdsOpeningBalanceInvoices() {
                // A reintegrated ledger: QuickBooks holds the balances already, by their markers.
                try ledger.recordOpeningBalances([], runID: runID, startDate: startDate)
            } else {
                let first = try ledger.runs().min { $0.seq < $1.seq }
                guard let first, first.id == runID, try ledger.run(runID).cursorFrom == 0 else {
                    throw TransformError.openingBalancesLate(run: runID, first: first?.id ?? runID)
                }
                try ledger.recordOpeningBalances(try OpeningBalanceSheet(startDate: startDate).take(folder: folder), runID: runID, startDate: startDate)
            }
            takenIn = runID
        }
        let balances = try ledger.openingBalances()
        let open = Set(balances.filter { $0.cents > 0 }.map(\.customer))
        var invoices: [ObjectKey: ObjectKey] = [:]
        var misses: [String: String] = [:]
        for (invoice, customer) in try ledger.openingBalanceInvoices() {
            if open.contains(customer) {
                invoices[invoice] = .openingBalance(customer)
            } else {
                misses[invoice.description] =
                    "its customer had nothing open at the cutover, so qbsync posted no opening balance for it to be applied to"
            }
        }
        var pending: [OpeningBalance] = []
        for balance in balances where balance.cents > 0 {
            if try ledger.booksObject(balance.key.description) == nil { pending.append(balance) }
        }
        return OpeningBalancePlan(pending: pending, invoices: invoices, misses: misses, takenIn: takenIn!, startDate: startDate)
    }

    /// The document numbers the pending invoices ask for (`OB-` and the balance's place among
    /// those recorded above zero, so a number never depends on what has posted yet).
    func claimRequests(ledger: Ledger) throws -> [ClaimRequest] {
        let open = try ledger.openingBalances().filter { $0.cents > 0 }
        let places = Dictionary(uniqueKeysWithValues: open.enumerated().map { ($1.customer, $0 + 1) })
        return pending.map { .docNumber(kind: .invoice, key: $0.key, base: "OB-\(places[$0.customer] ?? 0)") }
    }

    /// The day before the cutover: the balance is what was open when the books kept by hand
    /// closed, and everything dated on the cutover is the runs' own.
    var date: String {
        SampleCalendar.parse(startDate).map { SampleCalendar.string($0 - 1) } ?? startDate
    }

    /// The opening-balance invoice of `balance`: one line of the opening-balance item, in the
    /// class of the customer's latest pre-cutover sale, for the whole balance.
    func change(for balance: OpeningBalance, claims: Claims, reference: ReferenceData, sharedKnown: (ObjectKey) throws -> Bool, needs: inout [SharedNeed])
        throws -> PlannedChange
    {
        let ref = balance.customer.reference
        let known = try balance.locationID.map { try reference.locations[$0]?["name"]?.stringValue != nil || sharedKnown(.locationClass($0)) }
        guard let location = balance.locationID, known == true else {
            throw RecordFailure(
                ref: ref, code: "oms-invalid",
                message: "the opening balance of \(ref) at the cutover is in the class of location \(balance.locationID.map(String.init) ?? "none"), which the OMS does not have. Correct the sale in the OMS, then 'qbsync retry \(ref)'.")
        }
        let classKey = ObjectKey.locationClass(location)
        if try !sharedKnown(classKey) { needs.append(.locationClass(location)) }
        let item = ObjectKey.genericItem(Self.itemKind)
        if try !sharedKnown(item) { needs.append(.genericItem(Self.itemKind)) }
        let document = SalesDocument(
            customer: balance.customer, number: try claims.docNumber(balance.key), date: date,
            lines: [SalesLineChange(item: item, classKey: classKey, cents: balance.cents)], note: balance.marker.description)
        return PlannedChange(
            key: balance.key, ref: ref, operation: .create, change: .invoice(document), wave: .documents, identifiedBy: document.number,
            expectedCents: balance.cents)
    }
}
