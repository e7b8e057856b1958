/// The sample OMS database held in memory while the clinic is simulated: every table as an array
/// (row `id` at index `id - 1`), the change-log rows written so far, and the balances the
/// simulation consults. The book is loaded from a database (or starts empty), changed by
/// `SampleClinic`, and saved back once, in one transaction: rows change many times in memory but
/// each is written once, in its final state.
final class SampleBook {
    var locations: [LocationRow] = []
    var methods: [MethodRow] = []
    var payers: [PayerRow] = []
    var items: [ItemRow] = []
    var patients: [PatientRow] = []
    var sales: [SaleRow] = []
    var payments: [PaymentRow] = []
    var returns: [ReturnRow] = []
    var refunds: [RefundRow] = []
    var writeOffs: [WriteOffRow] = []
    var legacy: [LegacyRow] = []

    /// Change-log rows added since the book was loaded, in the order they happened.
    var changes: [ChangeRow] = []
    /// How many change-log rows the database already held when the book was loaded.
    var loadedChangeCount = 0
    /// The day of the last change already in the database, when loaded from one.
    var lastLoadedDay: Int?

    /// The next free ids of the tables whose rows live inside their parents.
    var nextSaleLineId = 1
    var nextReturnLineId = 1
    /// The running counters behind sale and return numbers.
    var nextSaleNumber = 104_001
    var nextReturnNumber = 1

    /// Unapplied money each patient (index `id - 1`) has on account: payments not applied, return
    /// credits beyond the sale's balance, less refunds.
    var patientCredit: [Int] = []
    /// The same for each third party.
    var payerCredit: [Int] = []

    /// The broken rows deliberately added, as `entity:id` with the reason.
    var brokenRows: [SampleSummary.BrokenRow] = []

    /// Records one write in the change feed.
    func log(_ entity: SampleEntity, _ id: Int, _ op: SampleOp, at time: String, by user: String) {
        changes.append(ChangeRow(entity: entity, entityId: id, op: op, changedAt: time, changedBy: user))
    }

    /// Adds a patient and gives them an empty account.
    func add(_ patient: PatientRow) {
        precondition(patient.id == patients.count + 1, "patient ids are dense")
        patients.append(patient)
        patientCredit.append(0)
    }

    /// Adds a third party and gives it an empty account.
    func add(_ payer: PayerRow) {
        precondition(payer.id == payers.count + 1, "payer ids are dense")
        payers.append(payer)
        payerCredit.append(0)
    }

    /// The printed number of the next sale at a location: the location's prefix and a six-digit
    /// counter shared by all locations. Folsom's prefix makes numbers exactly 21 characters long,
    /// as the contract warns OMS numbers can be.
    func takeSaleNumber(locationId: Int) -> String {
        let prefixes = SampleCatalog.locations.map(\.numberPrefix)
        let prefix = locationId <= prefixes.count ? prefixes[locationId - 1] : "S"
        defer { nextSaleNumber += 1 }
        return prefix + SampleCalendar.pad(nextSaleNumber, 6)
    }

    /// The printed number of the next return.
    func takeReturnNumber() -> String {
        defer { nextReturnNumber += 1 }
        return "RT-" + SampleCalendar.pad(nextReturnNumber, 5)
    }

    /// The trailing run of digits of a document number, e.g. 104233 for "MT-104233".
    static func trailingNumber(_ text: String) -> Int? {
        let digits = text.reversed().prefix(while: { $0.isASCII && $0.isNumber })
        return digits.isEmpty ? nil : Int(String(digits.reversed()))
    }
}
