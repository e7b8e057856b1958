import QBSyncJSON
import Testing
@testable import QBSyncCore

/// Payments, returns, write-offs and refunds in; payments, credit memos, applications and refund
/// receipts out.
struct SettlementMapperTests {
    static let sale = InvoiceMapperTests.sale
    static let saleRef = OMSRef("sale", 42)

    @Test func aPaymentIsAppliedToTheInvoicesItPays() throws {
        let fixture = try MapperFixture(items: InvoiceMapperTests.items, sales: [Self.sale])
        let record = MapperFixture.record(
            .payment, 77,
            [
                "id": 77, "status": "active", "patient_id": 5, "amount_cents": 60_000, "received_date": "2026-11-04", "location_id": 1,
                "method_id": 2, "applications": [["sale_id": 42, "amount_cents": 50_000]],
            ])
        #expect(Transformer.claimRequests(record, reference: fixture.reference).isEmpty)
        let (changes, needs) = try fixture.map(record)
        let payment = PaymentChange(
            customer: .patient(5), totalCents: 60_000, date: "2026-11-04",
            applications: [.init(invoice: .invoice(Self.saleRef, .patient), cents: 50_000)], paymentMethod: .paymentMethod(2),
            depositAccount: "Undeposited Funds", reference: "P77", note: "qbsync payment:77")
        #expect(
            changes == [
                PlannedChange(
                    key: .payment(OMSRef("payment", 77)), ref: "payment:77", operation: .create, change: .payment(payment),
                    wave: .settlements, identifiedBy: "P77", expectedCents: 60_000)
            ])
        #expect(needs == [.paymentMethod(2)])
    }

    @Test func aDeletedPaymentQuickBooksHoldsIsDeletedAndADepositedOneGoesToManualEntry() throws {
        var fixture = try MapperFixture(sales: [Self.sale])
        let key = ObjectKey.payment(OMSRef("payment", 77))
        fixture.holdings = Holdings([.init(key: key, active: true, fingerprint: "x")])
        var row: JSONValue = ["id": 77, "status": "deleted", "patient_id": 5, "amount_cents": 100]
        #expect(
            try fixture.map(MapperFixture.record(.payment, 77, row)).changes == [
                PlannedChange(key: key, ref: "payment:77", operation: .delete, change: .delete, wave: .settlements)
            ])
        row["deposited"] = 1
        #expect(throws: RecordFailure.self) { try fixture.map(MapperFixture.record(.payment, 77, row)) }
    }

    @Test func aWriteOffIsACreditMemoAppliedToTheInvoiceItForgives() throws {
        var fixture = try MapperFixture(items: InvoiceMapperTests.items, sales: [Self.sale])
        let record = MapperFixture.record(
            .writeOff, 6, ["id": 6, "status": "active", "sale_id": 42, "payer_id": 3, "amount_cents": 2500, "write_off_date": "2026-11-20"])
        let memoKey = ObjectKey.creditMemo(OMSRef("write_off", 6))
        #expect(
            Transformer.claimRequests(record, reference: fixture.reference) == [.docNumber(kind: .creditMemo, key: memoKey, base: "WO-6")])
        fixture.claims.docNumbers[memoKey] = "WO-6"
        var memo = SalesDocument(
            customer: .payer(3), number: "WO-6", date: "2026-11-20",
            lines: [SalesLineChange(item: .genericItem("write_off"), classKey: .locationClass(2), cents: 2500)], note: "qbsync write_off:6")
        memo.omsNumber = "WO-6"
        let application = CreditApplication(
            customer: .payer(3), date: "2026-11-20", document: .invoice(Self.saleRef, .payer(3)), credit: memoKey, cents: 2500,
            reference: "AWO-6", note: "qbsync write_off:6 applied")
        #expect(
            try fixture.map(record).changes == [
                PlannedChange(
                    key: memoKey, ref: "write_off:6", operation: .create, change: .creditMemo(memo), wave: .documents, identifiedBy: "WO-6",
                    expectedCents: 2500),
                PlannedChange(
                    key: .application(OMSRef("write_off", 6)), ref: "write_off:6", operation: .apply,
                    change: .creditApplication(application), wave: .settlements, identifiedBy: "AWO-6"),
            ])
    }

    @Test func aReturnCreditsItsLinesAndIsAppliedToWhatThePatientStillOwes() throws {
        var fixture = try MapperFixture(items: InvoiceMapperTests.items, sales: [Self.sale])
        let record = MapperFixture.record(
            .return, 9,
            ["id": 9, "status": "open", "sale_id": 42, "number": "R-9", "return_date": "2026-11-21", "lines": [["sale_line_id": 2, "amount_cents": 1350]]])
        let memoKey = ObjectKey.creditMemo(OMSRef("return", 9))
        fixture.claims.docNumbers[memoKey] = "R-9"
        let changes = try fixture.map(record).changes
        #expect(changes.map(\.key) == [memoKey, .application(OMSRef("return", 9))])
        #expect(changes.map(\.wave) == [.documents, .applications])
        if case .creditMemo(let memo) = changes[0].change {
            #expect(memo.lines == [SalesLineChange(item: .item(8), classKey: .locationClass(2), cents: 1350)])
            #expect(memo.customer == .patient(5))
        }
        if case .creditApplication(let application) = changes[1].change {
            #expect(application.cents == nil)  // as much as both still have open when the load gets there
            #expect(application.document == .invoice(Self.saleRef, .patient))
        }
    }

    @Test func aRefundOfAReturnIsAReceiptAClearingInvoiceAndTheCreditAppliedToIt() throws {
        var fixture = try MapperFixture(items: InvoiceMapperTests.items, sales: [Self.sale])
        let refund = OMSRef("refund", 3)
        let record = MapperFixture.record(
            .refund, 3,
            ["id": 3, "status": "active", "patient_id": 5, "amount_cents": 1350, "refund_date": "2026-11-22", "location_id": 1, "method_id": 1, "return_id": 9])
        #expect(
            Transformer.claimRequests(record, reference: fixture.reference) == [
                .docNumber(kind: .refundReceipt, key: .refundReceipt(refund), base: "RF-3"),
                .docNumber(kind: .invoice, key: .invoice(refund, .clearing), base: "RF-3"),
            ])
        fixture.claims.docNumbers = [.refundReceipt(refund): "RF-3", .invoice(refund, .clearing): "RF-3"]
        let (changes, needs) = try fixture.map(record)
        #expect(changes.map(\.key) == [.refundReceipt(refund), .invoice(refund, .clearing), .application(refund)])
        #expect(changes.map(\.operation) == [.create, .create, .apply])
        if case .refundReceipt(let receipt) = changes[0].change {
            #expect(receipt.depositAccount == "Checking")
            #expect(receipt.paymentMethod == .paymentMethod(1))
            #expect(receipt.lines == [SalesLineChange(item: .genericItem("credit_refund"), classKey: .locationClass(1), cents: 1350)])
        }
        if case .creditApplication(let application) = changes[2].change {
            #expect(application.credit == .creditMemo(OMSRef("return", 9)))
            #expect(application.document == .invoice(refund, .clearing))
        }
        #expect(Set(needs) == [.locationClass(1), .genericItem("credit_refund"), .paymentMethod(1)])
    }
}
