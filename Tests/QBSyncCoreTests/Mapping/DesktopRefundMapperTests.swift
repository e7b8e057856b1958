import QBSyncJSON
import Testing

@testable import QBSyncCore

/// Under Desktop's rules a refund is what the OMS did: one refund paying out a credit (the
/// return's credit memo, else the customer's unapplied payment credit), with no clearing invoice.
struct DesktopRefundMapperTests {
    static func record(returnID: Int?) -> ExtractedRecord {
        var row: JSONValue = [
            "id": 3, "status": "active", "patient_id": 5, "amount_cents": 1350, "refund_date": "2026-11-22", "location_id": 1, "method_id": 2,
        ]
        if let returnID { row["return_id"] = .int(returnID) }
        return MapperFixture.record(.refund, 3, row)
    }

    @Test func aRefundOfAReturnPaysOutTheReturnsCreditMemo() throws {
        var fixture = try MapperFixture(items: InvoiceMapperTests.items, sales: [SettlementMapperTests.sale], rules: .desktop)
        let refund = OMSRef("refund", 3)
        let record = Self.record(returnID: 9)
        #expect(Transformer.claimRequests(record, reference: fixture.reference) == [.docNumber(kind: .refundReceipt, key: .refundReceipt(refund), base: "RF-3")])
        fixture.claims.docNumbers = [.refundReceipt(refund): "RF-3"]
        let (changes, needs) = try fixture.map(record)
        let expected = CreditRefund(
            customer: .patient(5), number: "RF-3", omsNumber: "RF-3", date: "2026-11-22", cents: 1350,
            credit: .creditMemo(.creditMemo(OMSRef("return", 9))), bankAccount: "Checking", paymentMethod: .paymentMethod(2),
            classKey: .locationClass(1), note: "qbsync refund:3")
        #expect(
            changes == [
                PlannedChange(
                    key: .refundReceipt(refund), ref: "refund:3", operation: .create, change: .creditRefund(expected), wave: .refundApplications,
                    identifiedBy: "RF-3", expectedCents: 1350)
            ])
        // No refund item, no clearing account: income does not move.
        #expect(Set(needs) == [.locationClass(1), .paymentMethod(2)])
    }

    @Test func aRefundOfAnOverpaymentPaysOutTheCustomersUnappliedPayment() throws {
        var fixture = try MapperFixture(items: InvoiceMapperTests.items, sales: [SettlementMapperTests.sale], rules: .desktop)
        fixture.claims.docNumbers = [.refundReceipt(OMSRef("refund", 3)): "RF-3"]
        let (changes, _) = try fixture.map(Self.record(returnID: nil))
        guard case .creditRefund(let refund) = try #require(changes.first).change else {
            Issue.record("not a credit refund: \(changes)")
            return
        }
        #expect(refund.credit == .unappliedPayment)
        let request = DesktopRenderer().render(changes[0]).qbxml!
        #expect(request.children[0].text(at: ["RefundAppliedToTxnAdd", "TxnID"]) == "@unapplied-payment customer patient:5")
    }
}
