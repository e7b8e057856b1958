import Testing

@testable import QBSyncCore

/// After a Desktop load the ledger keeps each object's fingerprint (`PlannedOperation.fingerprint`
/// of the request sent, read back from the `.qbxml` file); the next transform compares it with
/// `DesktopRenderer.fingerprint` of the object as the OMS now has it, and plans a Mod only when
/// they differ. The two must agree for an object nothing changed in, whether the last request
/// sent was its Add or a Mod, and differ when a field changed.
struct DesktopFingerprintTests {
    static let invoice: SalesDocument = {
        var invoice = SalesDocument(
            customer: .patient(12), number: "INV-00283", date: "2026-11-02",
            lines: [SalesLineChange(item: .item(5), classKey: .locationClass(1), cents: 250_000, quantityMilli: 2000, unitPriceCents: 125_000)],
            note: "qbsync sale:283")
        invoice.omsNumber = "INV-2025-00283"
        return invoice
    }()

    static func item(priceCents: Int) -> ItemChange {
        var item = ItemChange(name: "Audeo", type: "NonInventory", incomeAccount: "Sales")
        item.unitPriceCents = priceCents
        return item
    }

    static let changes: [(String, ObjectKey, BooksChange)] = [
        ("customer", .patient(12), .customer(CustomerChange(displayName: "Patient K7QM-2XH4"))),
        ("item", .item(5), .item(item(priceCents: 125_000))),
        ("invoice", .invoice(OMSRef("sale", 283), .patient), .invoice(invoice)),
        ("credit memo", .creditMemo(OMSRef("return", 9)), .creditMemo(invoice)),
    ]

    /// The fingerprint a load records for `operation`, read back from its file as the load reads it.
    func recorded(_ operation: PlannedOperation) -> String {
        var loaded = operation
        loaded.qbxml = nil
        return loaded.fingerprint
    }

    @Test(arguments: ["customer", "item", "invoice", "credit memo"], [OperationKind.create, .update])
    func anObjectNothingChangedInHasTheFingerprintTheLoadRecorded(_ name: String, _ sent: OperationKind) throws {
        let (_, key, books) = try #require(Self.changes.first { $0.0 == name })
        let renderer = DesktopRenderer()
        let change = PlannedChange(key: key, ref: key.reference, operation: sent, change: books, wave: .documents)
        let operation = renderer.render(change)
        #expect(operation.qbxml != nil)
        #expect(recorded(operation) == renderer.fingerprint(change), "\(name) after its \(sent)")
        #expect(operation.fingerprint == recorded(operation))
    }

    @Test func aChangedFieldChangesTheFingerprint() {
        let renderer = DesktopRenderer()
        let before = PlannedChange(key: .patient(12), ref: "patient:12", operation: .create, change: .customer(CustomerChange(displayName: "Patient K7QM-2XH4")), wave: .names)
        var after = before
        after.change = .customer(CustomerChange(displayName: "Patient K7QM-2XH5"))
        after.operation = .update
        #expect(recorded(renderer.render(before)) != renderer.fingerprint(after))
        var item = PlannedChange(key: .item(5), ref: "item:5", operation: .create, change: Self.changes[1].2, wave: .names)
        let first = recorded(renderer.render(item))
        item.change = .item(Self.item(priceCents: 130_000))
        #expect(first != renderer.fingerprint(item))
    }
}
