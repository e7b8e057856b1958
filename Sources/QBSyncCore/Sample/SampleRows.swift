// The in-memory rows of the sample book, one struct per OMS table (reference data here,
// documents in SampleDocumentRows.swift). Ids are dense from 1, so a row lives at `id - 1`.

/// Whether a row must be written when the book is saved.
enum RowState {
    /// Not in the database yet.
    case new
    /// In the database and unchanged.
    case clean
    /// In the database and changed since.
    case dirty
}

/// A row that records when it last changed.
protocol SampleTouchable {
    var updatedAt: String { get set }
    var rowState: RowState { get set }
}

extension SampleTouchable {
    /// Records a change at `time`: the row will be written again.
    mutating func touch(_ time: String) {
        updatedAt = time
        if rowState == .clean { rowState = .dirty }
    }
}

/// The OMS change-feed entity names.
enum SampleEntity: String {
    case patient, payer, item, sale, payment, refund
    case `return`
    case writeOff = "write_off"
}

/// The OMS change-feed operations.
enum SampleOp: String {
    case create, update, void, delete
}

/// One `change_log` row (its `seq` is given by SQLite on insert, in this order).
struct ChangeRow {
    var entity: SampleEntity
    var entityId: Int
    var op: SampleOp
    var changedAt: String
    var changedBy: String
}

/// One `locations` row.
struct LocationRow {
    let id: Int
    var name: String
    var active: Bool
    var rowState = RowState.new
}

/// One `payment_methods` row.
struct MethodRow {
    let id: Int
    var name: String
    var kind: String
    var rowState = RowState.new
}

/// One `payers` row.
struct PayerRow: SampleTouchable {
    let id: Int
    var name: String
    var address1: String?
    var city: String?
    var region: String?
    var postalCode: String?
    var phone: String?
    var email: String?
    var active: Bool
    var updatedAt: String
    var rowState = RowState.new
}

/// One `items` row.
struct ItemRow: SampleTouchable {
    let id: Int
    var kind: String
    var name: String
    var sku: String?
    var manufacturer: String?
    var unitPriceCents: Int
    var taxable: Bool
    var active: Bool
    var updatedAt: String
    var rowState = RowState.new
}

/// One `patients` row.
struct PatientRow: SampleTouchable {
    let id: Int
    var chartNumber: String?
    var firstName: String
    var middleName: String?
    var lastName: String
    var dateOfBirth: String?
    var address1: String?
    var address2: String?
    var city: String?
    var region: String?
    var postalCode: String?
    var country: String?
    var homePhone: String?
    var mobilePhone: String?
    var email: String?
    var insuranceMemberId: String?
    var notes: String?
    var locationId: Int?
    var status: String
    var updatedAt: String
    var rowState = RowState.new

    /// First and last name as a person would write them.
    var fullName: String {
        firstName.trimmingBlanks + " " + lastName.trimmingBlanks
    }
}

/// One `legacy_skipped` row (written once, never changed).
struct LegacyRow {
    let id: Int
    var entity: String
    var entityId: Int?
    var skippedAt: String
    var message: String?
}

extension String {
    /// The text without leading or trailing spaces (names may carry blanks a person typed).
    var trimmingBlanks: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
