import QBSyncJSON
import Testing
@testable import QBSyncCore

struct SaleAmountsTests {
    func sale(_ lines: [JSONValue]) throws -> SaleAmounts {
        try SaleAmounts(sale: RowReader(ref: "sale:1", row: ["id": 1, "lines": .array(lines)]))
    }

    func line(id: Int, quantity: Int, price: Int, discount: Int = 0, tax: Int = 0, allocations: [(Int, Int)] = []) -> JSONValue {
        [
            "id": .int(id), "line_no": .int(id), "item_id": 7, "quantity_milli": .int(quantity), "unit_price_cents": .int(price),
            "discount_cents": .int(discount), "tax_cents": .int(tax),
            "allocations": .array(allocations.map { ["payer_id": .int($0.0), "amount_cents": .int($0.1)] }),
        ]
    }

    @Test func theThirdPartyGetsItsAllocationAndThePatientTheRestTaxIncluded() throws {
        let amounts = try sale([
            line(id: 1, quantity: 2000, price: 249_950, discount: 10_000, allocations: [(3, 150_000)]),
            line(id: 2, quantity: 1500, price: 333, tax: 36),
        ])
        // 2 x 2499.50 - 100.00 = 4899.00; 1.5 x 3.33 = 4.995 -> 5.00 (half away from zero) + 0.36 tax
        #expect(amounts.totalCents == 489_900 + 500 + 36)
        #expect(amounts.payerCents(3) == 150_000)
        #expect(amounts.patientCents == amounts.totalCents - 150_000)
        #expect(amounts.payers == [3])
    }

    @Test func allocationsLargerThanTheirLineFailTheSaleWithItsReference() {
        #expect(throws: RecordFailure.self) {
            try sale([line(id: 1, quantity: 1000, price: 10_000, allocations: [(3, 10_001)])])
        }
    }

    @Test func aSaleWithoutLinesFails() {
        #expect(throws: RecordFailure.self) { try sale([]) }
    }

    @Test(arguments: [(1500, "1.5"), (2000, "2"), (1, "0.001"), (-250, "-0.25")])
    func quantitiesPrintAsDecimals(milli: Int, text: String) {
        #expect(OnlineRenderer.quantity(milli) == text)
    }
}
