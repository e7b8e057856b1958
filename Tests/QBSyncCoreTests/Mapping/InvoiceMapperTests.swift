import QBSyncJSON
import Testing
@testable import QBSyncCore

/// Sales in, invoices out: the patient's share with the tax line, each third party's allocations.
struct InvoiceMapperTests {
    static let items: [Int: JSONValue] = [4: ["id": 4, "kind": "hearing_aid"], 8: ["id": 8, "kind": "battery"]]

    static let sale: JSONValue = [
        "id": 42, "status": "open", "number": "S-1042", "sale_date": "2026-11-03", "due_date": "2026-12-03", "location_id": 2,
        "patient_id": 5,
        "lines": [
            [
                "id": 1, "line_no": 1, "item_id": 4, "quantity_milli": 1000, "unit_price_cents": 250_000, "discount_cents": 0,
                "tax_cents": 0, "allocations": [["payer_id": 3, "amount_cents": 100_000]],
            ],
            ["id": 2, "line_no": 2, "item_id": 8, "quantity_milli": 2000, "unit_price_cents": 1250, "discount_cents": 0, "tax_cents": 200],
        ],
    ]

    @Test func aSaleBillsThePatientTheRestWithTaxAndThePayerItsAllocation() throws {
        var fixture = try MapperFixture(items: Self.items)
        let record = MapperFixture.record(.sale, 42, Self.sale)
        let sale = OMSRef("sale", 42)
        #expect(
            Transformer.claimRequests(record, reference: fixture.reference) == [
                .docNumber(kind: .invoice, key: .invoice(sale, .patient), base: "S-1042"),
                .docNumber(kind: .invoice, key: .invoice(sale, .payer(3)), base: "S-1042-T3"),
            ])
        fixture.claims.docNumbers = [.invoice(sale, .patient): "S-1042", .invoice(sale, .payer(3)): "S-1042-T3"]
        let (changes, needs) = try fixture.map(record)

        let place = ObjectKey.locationClass(2)
        var patient = SalesDocument(
            customer: .patient(5), number: "S-1042", date: "2026-11-03",
            lines: [
                SalesLineChange(item: .genericItem("hearing_aid"), classKey: place, cents: 150_000),
                SalesLineChange(item: .item(8), classKey: place, cents: 2500, quantityMilli: 2000, unitPriceCents: 1250),
                SalesLineChange(item: .genericItem("sales_tax"), classKey: place, cents: 200),
            ], note: "qbsync sale:42")
        patient.dueDate = "2026-12-03"
        patient.omsNumber = "S-1042"
        var payer = SalesDocument(
            customer: .payer(3), number: "S-1042-T3", date: "2026-11-03",
            lines: [SalesLineChange(item: .genericItem("hearing_aid"), classKey: place, cents: 100_000)], note: "qbsync sale:42")
        payer.dueDate = "2026-12-03"
        payer.omsNumber = "S-1042-T3"
        #expect(
            changes == [
                PlannedChange(
                    key: .invoice(sale, .patient), ref: "sale:42", operation: .create, change: .invoice(patient), wave: .documents,
                    identifiedBy: "S-1042", expectedCents: 152_700),
                PlannedChange(
                    key: .invoice(sale, .payer(3)), ref: "sale:42", operation: .create, change: .invoice(payer), wave: .documents,
                    identifiedBy: "S-1042-T3", expectedCents: 100_000),
            ])
        #expect(Set(needs) == [.locationClass(2), .genericItem("hearing_aid"), .genericItem("sales_tax")])
        #expect(patient.cents == 152_700)
    }

    @Test func aVoidedSaleVoidsEveryLiveInvoiceQuickBooksHolds() throws {
        var fixture = try MapperFixture(items: Self.items)
        let sale = OMSRef("sale", 42)
        fixture.holdings = Holdings([
            .init(key: .invoice(sale, .patient), active: true, fingerprint: "a"), .init(key: .invoice(sale, .payer(3)), active: true, fingerprint: "b"),
            .init(key: .invoice(sale, .payer(4)), active: false, fingerprint: "c"),
        ])
        var row = Self.sale
        row["status"] = "void"
        let record = MapperFixture.record(.sale, 42, row)
        #expect(Transformer.claimRequests(record, reference: fixture.reference).isEmpty)
        #expect(
            try fixture.map(record).changes == [
                .void(.invoice(sale, .patient), ref: "sale:42", wave: .documents), .void(.invoice(sale, .payer(3)), ref: "sale:42", wave: .documents),
            ])
    }

    @Test func aSaleAtALocationTheOMSLacksFailsButNotWhenItsClassIsInQuickBooks() throws {
        var fixture = try MapperFixture(items: Self.items)
        var row = Self.sale
        row["location_id"] = 9
        fixture.claims.docNumbers = [.invoice(OMSRef("sale", 42), .patient): "S-1042", .invoice(OMSRef("sale", 42), .payer(3)): "S-1042-T3"]
        let record = MapperFixture.record(.sale, 42, row)
        #expect(throws: RecordFailure.self) { try fixture.map(record) }
        fixture.known = [.locationClass(9)]
        #expect(try fixture.map(record).changes.count == 2)
    }
}
