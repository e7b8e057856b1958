import QBSyncJSON
import Testing
@testable import QBSyncCore

/// OMS items in, item changes (or links to a generic item) out.
struct ItemMapperTests {
    let battery: JSONValue = [
        "id": 8, "kind": "battery", "name": "Size 312 (6 pack)", "unit_price_cents": 1250, "active": 1, "taxable": 1, "sku": "B:312",
    ]

    @Test func aHearingAidModelIsLinkedToTheGenericItemAndAsksForNoName() throws {
        let fixture = try MapperFixture()
        let record = MapperFixture.record(.item, 4, ["id": 4, "kind": "hearing_aid", "name": "Model X", "unit_price_cents": 250_000])
        #expect(Transformer.claimRequests(record, reference: fixture.reference).isEmpty)
        let (changes, needs) = try fixture.map(record)
        #expect(
            changes == [
                PlannedChange(key: .item(4), ref: "item:4", operation: .link, change: .link(target: .genericItem("hearing_aid")), wave: .names)
            ])
        #expect(needs == [.genericItem("hearing_aid")])
    }

    @Test func anItemOfItsOwnTakesItsClaimedNamePriceAndIncomeAccount() throws {
        var fixture = try MapperFixture()
        let record = MapperFixture.record(.item, 8, battery)
        #expect(
            Transformer.claimRequests(record, reference: fixture.reference) == [
                .name(namespace: .item, key: .item(8), source: "Size 312 (6 pack)")
            ])
        fixture.claims.names[.item(8)] = "Size 312 (6 pack)"
        var item = ItemChange(name: "Size 312 (6 pack)", type: "Service", incomeAccount: "Sales of Product Income")
        (item.unitPriceCents, item.active, item.taxable, item.sku) = (1250, true, true, "B:312")
        let expected = PlannedChange(
            key: .item(8), ref: "item:8", operation: .create, change: .item(item), wave: .names, identifiedBy: "Size 312 (6 pack)")
        #expect(try fixture.map(record).changes == [expected])

        // QuickBooks holds it as posted: nothing to do. Repriced in the OMS: a sparse update.
        fixture.holdings = Holdings([MapperFixture.held(expected)])
        #expect(try fixture.map(record).changes.isEmpty)
        var repriced = battery
        repriced["unit_price_cents"] = 1300
        let update = try fixture.map(MapperFixture.record(.item, 8, repriced)).changes
        #expect(update.map(\.operation) == [.update])
        if case .item(let changed) = update.first?.change { #expect(changed.unitPriceCents == 1300) }
    }

    @Test func anItemOfUnknownKindFails() throws {
        let fixture = try MapperFixture()
        var row = battery
        row["kind"] = "gadget"
        #expect(throws: RecordFailure.self) { try fixture.map(MapperFixture.record(.item, 8, row)) }
    }
}
