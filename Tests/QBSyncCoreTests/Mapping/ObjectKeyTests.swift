import Testing
@testable import QBSyncCore

/// Object keys print and parse as the ledger, the plan and the journal have always written them.
struct ObjectKeyTests {
    @Test(arguments: [
        "invoice sale:1042 patient", "invoice sale:7 payer:3", "invoice refund:2 clearing", "customer patient:12", "item generic:sales_tax",
        "class location:3", "paymentmethod method:2", "account Sales Tax Payable (OMS)", "application return:5", "refundreceipt refund:2",
        "creditmemo write_off:6", "payment payment:77",
    ])
    func aKeyReadsBackToTheSameText(text: String) throws {
        let key = try #require(ObjectKey(parsing: text))
        #expect(key.description == text)
    }

    @Test func aKeyHasItsParts() throws {
        let key = try #require(ObjectKey(parsing: "invoice sale:1042 payer:3"))
        #expect(key.kind == .invoice)
        #expect(key.omsRef == OMSRef("sale", 1042))
        #expect(key.role == .payer(3))
        #expect(ObjectKey(parsing: "account Sales of Product Income")?.reference == "Sales of Product Income")
    }

    @Test(arguments: [
        "", "invoice", "widget sale:1", "invoice sale:1 somebody", "customer ", "invoice  patient", "invoice sale:1 ", "Invoice sale:1",
        " invoice sale:1", "invoice sale:1 payer:x", "account ",
    ])
    func textThatIsNotAKeyIsRefused(text: String) {
        #expect(ObjectKey(parsing: text) == nil)
    }

    @Test func everyKindIsReadBackFromItsKeyword() {
        for kind in DocumentKind.allCases { #expect(DocumentKind(keyword: kind.keyword) == kind) }
        #expect(ObjectKey(parsing: "account Sales of Product Income ")?.reference == "Sales of Product Income ")
        #expect(ObjectKey(parsing: "invoice sale:9")?.role == nil)
        #expect(ObjectKey(parsing: "invoice sale:9 opening")?.role == .opening)
    }

    @Test func theEntitiesAreInDependencyOrderAndTheExtractTakesThemBackwards() {
        #expect(OMSEntity.names == ["payer", "item", "patient", "sale", "payment", "return", "refund", "write_off"])
        #expect(OMSRecordShape.dependencyOrder == OMSEntity.names.reversed())
    }
}
