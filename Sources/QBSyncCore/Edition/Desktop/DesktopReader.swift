import Foundation
import QBSyncJSON
import QBSyncXML

/// Reads qbXML requests back into the documents the review, the tie-out and the checks read:
/// the words those already speak (a customer's `DisplayName`, a document's `CustomerRef`,
/// `DocNumber`, `TxnDate`, `Line`s with their items, classes and amounts, a payment's `TotalAmt`
/// and deposit account), with the same `@key` placeholders. So a hand-edited `.qbxml` is
/// reviewed and validated as it now stands, and an accountant's totals come from what is sent.
public enum DesktopReader {
    /// The review's entity for an object of `kind` (`Payment` for a ReceivePayment).
    public static func reviewEntity(_ kind: DocumentKind) -> String { OnlineRenderer.entity(kind) }

    /// The review's entity for a request element (`InvoiceAddRq` -> `Invoice`); nil for a
    /// request qbsync does not write.
    public static func reviewEntity(request: XMLTreeElement) -> String? {
        switch request.name {
        case "CustomerAddRq", "CustomerModRq": "Customer"
        case "ItemServiceAddRq", "ItemNonInventoryAddRq", "ItemOtherChargeAddRq", "ItemServiceModRq", "ItemNonInventoryModRq",
            "ItemOtherChargeModRq":
            "Item"
        case "ClassAddRq": "Class"
        case "PaymentMethodAddRq": "PaymentMethod"
        case "AccountAddRq": "Account"
        case "InvoiceAddRq", "InvoiceModRq": "Invoice"
        case "CreditMemoAddRq", "CreditMemoModRq": "CreditMemo"
        case "ReceivePaymentAddRq", "ReceivePaymentModRq": "Payment"
        case "ARRefundCreditCardAddRq": "RefundReceipt"
        case "TxnVoidRq", "TxnDelRq": request.text(of: "TxnVoidType").map(entity(transactionType:)) ?? request.text(of: "TxnDelType").map(entity(transactionType:))
        default: nil
        }
    }

    private static func entity(transactionType: String) -> String {
        switch transactionType {
        case "ReceivePayment": "Payment"
        case "ARRefundCreditCard": "RefundReceipt"
        default: transactionType
        }
    }

    /// The review's reading of one request (`XxxRq`).
    public static func reviewBody(_ request: XMLTreeElement) -> JSONValue {
        if request.name == "TxnVoidRq" || request.name == "TxnDelRq" {
            return ["Id": .string(request.text(of: "TxnID") ?? "")]
        }
        guard let body = request.children.first else { return .object([:]) }
        var out: [String: JSONValue] = [:]
        if let id = body.text(of: "ListID") ?? body.text(of: "TxnID") { out["Id"] = .string(id) }
        if let name = body.text(of: "Name") { out[request.name.hasPrefix("Customer") ? "DisplayName" : "Name"] = .string(name) }
        if let active = body.text(of: "IsActive") { out["Active"] = .bool(active == "true" || active == "1") }
        for (element, field) in [("FirstName", "GivenName"), ("MiddleName", "MiddleName"), ("LastName", "FamilyName"), ("CompanyName", "CompanyName")] {
            if let text = body.text(of: element) { out[field] = .string(text) }
        }
        if let phone = body.text(of: "Phone") { out["PrimaryPhone"] = ["FreeFormNumber": .string(phone)] }
        if let phone = body.text(of: "AltPhone") { out["Mobile"] = ["FreeFormNumber": .string(phone)] }
        if let email = body.text(of: "Email") { out["PrimaryEmailAddr"] = ["Address": .string(email)] }
        if let address = body.child("BillAddress") {
            out["BillAddr"] = .object(Dictionary(uniqueKeysWithValues: address.children.map { ($0.name, JSONValue.string($0.text)) }))
        }
        if let account = (body.child("SalesOrPurchase") ?? body.child("SalesOrPurchaseMod"))?.text(at: ["AccountRef", "FullName"]) {
            out["IncomeAccountRef"] = ["value": .string("@account " + account)]
        }
        if let price = (body.child("SalesOrPurchase") ?? body.child("SalesOrPurchaseMod"))?.text(of: "Price") { out["UnitPrice"] = .number(price) }
        if let type = body.text(of: "AccountType") { out["AccountType"] = .string(type) }
        if let type = body.text(of: "PaymentMethodType") { out["Type"] = .string(type) }
        if let customer = body.text(at: ["CustomerRef", "ListID"]) { out["CustomerRef"] = ["value": .string(customer)] }
        if let date = body.text(of: "TxnDate") { out["TxnDate"] = .string(date) }
        if let memo = body.text(of: "Memo") { out["PrivateNote"] = .string(memo) }
        if let due = body.text(of: "DueDate") { out["DueDate"] = .string(due) }
        if let method = body.text(at: ["PaymentMethodRef", "ListID"]) { out["PaymentMethodRef"] = ["value": .string(method)] }
        let number = body.text(of: "RefNumber")
        switch body.name {
        case "ReceivePaymentAdd", "ReceivePaymentMod":
            number.map { out["PaymentRefNum"] = .string($0) }
            out["TotalAmt"] = .number(body.text(of: "TotalAmount") ?? "0.00")
            if let deposit = body.text(at: ["DepositToAccountRef", "FullName"]) { out["DepositToAccountRef"] = ["value": .string("@account " + deposit)] }
            out["Line"] = .array(body.children.filter { $0.name.hasPrefix("AppliedToTxn") }.flatMap(applicationLines))
        case "ARRefundCreditCardAdd":
            number.map { out["DocNumber"] = .string($0) }
            let bank = body.text(at: ["RefundFromAccountRef", "FullName"]) ?? ""
            out["Line"] = .array(
                body.children(named: "RefundAppliedToTxnAdd").map { link in
                    [
                        "Amount": .number(link.text(of: "RefundAmount") ?? "0.00"), "DetailType": "DepositLineDetail",
                        "DepositLineDetail": ["AccountRef": ["value": .string("@account " + bank)]],
                        "LinkedTxn": [["TxnId": .string(link.text(of: "TxnID") ?? ""), "TxnType": (link.text(of: "TxnID") ?? "").hasPrefix("@unapplied-payment ") ? "Payment" : "CreditMemo"]],
                    ]
                })
        default:
            number.map { out["DocNumber"] = .string($0) }
            let documentClass = body.text(at: ["ClassRef", "ListID"])
            if let documentClass { out["ClassRef"] = ["value": .string(documentClass)] }
            let lines = body.children.filter { $0.name.hasSuffix("LineAdd") || $0.name.hasSuffix("LineMod") }
            if !lines.isEmpty || body.name.hasPrefix("Invoice") || body.name.hasPrefix("CreditMemo") {
                out["Line"] = .array(lines.map(salesLine))
            }
        }
        return .object(out)
    }

    private static func salesLine(_ line: XMLTreeElement) -> JSONValue {
        var detail: [String: JSONValue] = [:]
        if let item = line.text(at: ["ItemRef", "ListID"]) { detail["ItemRef"] = ["value": .string(item)] }
        if let itemClass = line.text(at: ["ClassRef", "ListID"]) { detail["ClassRef"] = ["value": .string(itemClass)] }
        if let quantity = line.text(of: "Quantity") { detail["Qty"] = .number(quantity) }
        return ["Amount": .number(line.text(of: "Amount") ?? "0.00"), "DetailType": "SalesItemLineDetail", "SalesItemLineDetail": .object(detail)]
    }

    /// An invoice paid (`PaymentAmount`) and a credit set against it (`SetCredit`), as Online's
    /// payment lines link an invoice and a credit memo.
    private static func applicationLines(_ applied: XMLTreeElement) -> [JSONValue] {
        let invoice = applied.text(of: "TxnID") ?? ""
        var lines: [JSONValue] = [
            ["Amount": .number(applied.text(of: "PaymentAmount") ?? "0.00"), "LinkedTxn": [["TxnId": .string(invoice), "TxnType": "Invoice"]]]
        ]
        for credit in applied.children(named: "SetCredit") {
            let amount = credit.text(of: "AppliedAmount") ?? "0.00"
            let value: JSONValue = amount.hasPrefix("@") ? .string(amount) : .number(amount)
            lines[0] = ["Amount": value, "LinkedTxn": [["TxnId": .string(invoice), "TxnType": "Invoice"]]]
            lines.append(["Amount": value, "LinkedTxn": [["TxnId": .string(credit.text(of: "CreditTxnID") ?? ""), "TxnType": "CreditMemo"]]])
        }
        return lines
    }
}
