import Foundation
import QBSyncJSON

/// The lines of a sales document. Item lines carry the money; a line without an item is a note
/// whose amount QuickBooks ignores; discount lines subtract (a fixed amount or a percentage of
/// the lines above); the subtotal line is QuickBooks's own and is recomputed and put last.
extension CompanyState {
    private static let lineFields: Set<String> = [
        "Id", "LineNum", "Description", "Amount", "DetailType", "SalesItemLineDetail", "DescriptionLineDetail",
        "DiscountLineDetail", "SubTotalLineDetail", "LinkedTxn", "CustomField", "ProjectRef", "LineEx",
    ]
    private static let itemDetailFields: Set<String> = [
        "ItemRef", "ClassRef", "UnitPrice", "RatePercent", "PriceLevelRef", "MarkupInfo", "Qty", "UOMRef",
        "ItemAccountRef", "InventorySiteRef", "TaxCodeRef", "TaxClassificationRef", "ServiceDate", "TaxInclusiveAmt",
        "DiscountRate", "DiscountAmt", "DeferredRevenue", "SalesItemLineDetailEx",
    ]
    private static let discountDetailFields: Set<String> = ["PercentBased", "DiscountPercent", "DiscountAccountRef", "ClassRef", "TaxCodeRef"]

    func salesLines(_ value: JSONValue?, existing: JSONValue?) throws(QBOFault) -> (lines: [JSONValue], total: Int) {
        guard let value, value != .null else { throw .required("Line") }
        guard let input = value.arrayValue else { throw .invalidProperty("Line", element: "Line") }
        let oldIds = Set((existing?["Line"]?.arrayValue ?? []).compactMap { $0["Id"]?.stringValue })
        var nextId = (oldIds.compactMap(Int.init).max() ?? 0) + 1
        var usedIds: Set<String> = []
        var lines: [JSONValue] = []
        var subtotal = 0
        var itemLines = 0
        for (index, raw) in input.enumerated() {
            let number = index + 1
            guard var line = raw.objectValue else { throw .invalidProperty("Line", element: "Line") }
            for key in line.keys.sorted() where !Self.lineFields.contains(key) {
                throw .invalidProperty("Unrecognized field \"\(key)\" (class com.intuit.schema.finance.v3.Line)", element: "Line.\(key)")
            }
            _ = try Self.text(line, "Description", max: 4000, element: "Line.Description")
            let detailType = try Self.text(line, "DetailType", max: 40, required: true, element: "Line.DetailType")!
            switch detailType {
            case "SubTotalLineDetail":
                continue  // QuickBooks computes its own subtotal line
            case "SalesItemLineDetail":
                let detail = try itemDetail(&line, number: number)
                if detail {
                    subtotal += line["Amount"]!.centsValue!
                    itemLines += 1
                }
            case "DescriptionOnly":
                line["Amount"] = line["Amount"] ?? .cents(0)
                line["DescriptionLineDetail"] = line["DescriptionLineDetail"] ?? [:]
            case "DiscountLineDetail":
                let discount = try discountAmount(&line, subtotal: subtotal)
                subtotal -= discount
            default:
                throw .invalidProperty("DetailType \(detailType) is not supported on a sales document", element: "Line.DetailType")
            }
            // Keep an id the client sent back from a read; number new lines after the old ones.
            if let id = line["Id"]?.stringValue, oldIds.contains(id), !usedIds.contains(id) {
                usedIds.insert(id)
            } else {
                while oldIds.contains(String(nextId)) || usedIds.contains(String(nextId)) { nextId += 1 }
                line["Id"] = .string(String(nextId))
                usedIds.insert(String(nextId))
                nextId += 1
            }
            line["LineNum"] = .int(lines.count + 1)
            lines.append(.object(line))
        }
        guard itemLines > 0 else { throw .required("Line.SalesItemLineDetail.ItemRef") }
        lines.append(["Amount": .cents(subtotal), "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": [:]])
        return (lines, subtotal)
    }

    /// Checks an item line; false when it has no item (a note, amount ignored).
    private func itemDetail(_ line: inout [String: JSONValue], number: Int) throws(QBOFault) -> Bool {
        guard var detail = line["SalesItemLineDetail"]?.objectValue else {
            if line["SalesItemLineDetail"] == nil || line["SalesItemLineDetail"] == .null { return false }
            throw .invalidProperty("SalesItemLineDetail", element: "Line.SalesItemLineDetail")
        }
        for key in detail.keys.sorted() where !Self.itemDetailFields.contains(key) {
            throw .invalidProperty(
                "Unrecognized field \"\(key)\" (class com.intuit.schema.finance.v3.SalesItemLineDetail), not marked as ignorable",
                element: "Line.SalesItemLineDetail.\(key)")
        }
        guard detail["ItemRef"] != nil, detail["ItemRef"] != .null else { return false }
        detail["ItemRef"] = try reference(detail["ItemRef"], to: .item, element: "Line.SalesItemLineDetail.ItemRef")
        detail["ClassRef"] = try reference(detail["ClassRef"], to: .classification, element: "Line.SalesItemLineDetail.ClassRef")
        detail["ItemAccountRef"] = try reference(detail["ItemAccountRef"], to: .account, element: "Line.SalesItemLineDetail.ItemAccountRef")
        if let code = detail["TaxCodeRef"], code != .null {
            let value = code["value"]?.stringValue ?? ""
            guard value == "TAX" || value == "NON" else {
                throw .invalidReference("TaxCode", value, element: "Line.SalesItemLineDetail.TaxCodeRef")
            }
        }
        if detail["ServiceDate"] != nil { _ = try Self.date(detail, "ServiceDate") }
        let amount = try Self.cents(line["Amount"], "Line.Amount", required: true)!
        let quantity = try Self.decimal(detail["Qty"], "Line.SalesItemLineDetail.Qty")
        let price = try Self.decimal(detail["UnitPrice"], "Line.SalesItemLineDetail.UnitPrice")
        if let quantity, let price {
            var product = quantity * price * 100
            var rounded = Decimal()
            NSDecimalRound(&rounded, &product, 0, .plain)
            if rounded != Decimal(amount) {
                let expected = NSDecimalNumber(decimal: rounded).intValue
                throw .amountMismatch(
                    line: number, supplied: Money.decimalString(cents: amount), expected: Money.decimalString(cents: expected))
            }
        }
        line["Amount"] = .cents(amount)
        line["SalesItemLineDetail"] = .object(detail.filter { $0.value != .null })
        return true
    }

    /// The amount a discount line takes off the lines above it.
    private func discountAmount(_ line: inout [String: JSONValue], subtotal: Int) throws(QBOFault) -> Int {
        var detail = line["DiscountLineDetail"]?.objectValue ?? [:]
        for key in detail.keys.sorted() where !Self.discountDetailFields.contains(key) {
            throw .invalidProperty("Unrecognized field \"\(key)\" (class com.intuit.schema.finance.v3.DiscountLineDetail)", element: "Line.DiscountLineDetail.\(key)")
        }
        let account = try reference(detail["DiscountAccountRef"], to: .account, element: "Line.DiscountLineDetail.DiscountAccountRef")
        if let account {
            detail["DiscountAccountRef"] = account
        } else if let id = idHoldingName(.account, "Discounts given") {
            detail["DiscountAccountRef"] = ["value": .string(String(id)), "name": "Discounts given"]
        }
        let amount: Int
        if try Self.flag(detail, "PercentBased") == true {
            guard let percent = try Self.decimal(detail["DiscountPercent"], "Line.DiscountLineDetail.DiscountPercent") else {
                throw .required("Line.DiscountLineDetail.DiscountPercent")
            }
            var exact = Decimal(subtotal) * percent / 100
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exact, 0, .plain)
            amount = NSDecimalNumber(decimal: rounded).intValue
        } else {
            amount = try Self.cents(line["Amount"], "Line.Amount", required: true)!
        }
        guard amount >= 0 else { throw .business("A discount can't be negative.", element: "Line.Amount") }
        line["Amount"] = .cents(amount)
        line["DiscountLineDetail"] = .object(detail)
        return amount
    }
}
