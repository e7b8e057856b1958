import Foundation
import QBSyncJSON
import QBSyncXML

/// Reads qbXML requests back into neutral documents (`ReadDocument`): the customer, the
/// number, the date, the lines with their items, classes and amounts, a payment's total, deposit
/// account and applications, with the same `@key` placeholders the renderer wrote. So a
/// hand-edited `.qbxml` is reviewed and validated as it now stands, and an accountant's totals
/// come from what is sent.
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

    /// One request (`XxxRq`) read into the neutral document; `key` is the object key plan.json
    /// gives it, when known. With `checks`, its texts (for the leak check), its placeholders and
    /// its malformed amounts come too, each with where it is in the request.
    public static func read(_ request: XMLTreeElement, key: String? = nil, checks: Bool = false) -> ReadDocument {
        let payload = QBXMLBody.payload(request)
        let entity = reviewEntity(request: request) ?? request.name
        let appliesCredit = payload.children.contains { $0.name.hasPrefix("AppliedToTxn") && $0.child("SetCredit") != nil }
        let kind = key.flatMap(ObjectKey.init(parsing:))?.kind ?? DocumentKind(reviewEntity: entity, appliesCredit: appliesCredit)
        var document = ReadDocument(entity: entity, kind: kind, operation: operation(request, payload: payload, kind: kind), key: key)
        if checks { DesktopReaderDetail.collect(request, into: &document) }
        if request.name == "TxnVoidRq" || request.name == "TxnDelRq" {
            document.id = ReadReference(request.text(of: "TxnID") ?? "")
            return document
        }
        guard request.children.first != nil else { return document }
        document.id = (payload.text(of: "ListID") ?? payload.text(of: "TxnID")).map(ReadReference.init)
        document.name = payload.text(of: "Name")
        document.active = payload.text(of: "IsActive").map { $0 == "true" || $0 == "1" }
        let sales = payload.child("SalesOrPurchase") ?? payload.child("SalesOrPurchaseMod")
        document.incomeAccount = sales?.text(at: ["AccountRef", "FullName"]).map { .key("account " + $0) }
        document.customer = payload.text(at: ["CustomerRef", "ListID"]).map(ReadReference.init)
        document.date = payload.text(of: "TxnDate")
        document.paymentMethod = payload.text(at: ["PaymentMethodRef", "ListID"]).map(ReadReference.init)
        let number = payload.text(of: "RefNumber")
        switch payload.name {
        case "ReceivePaymentAdd", "ReceivePaymentMod":
            document.reference = number
            document.totalCents = Money.cents(fromDecimalString: payload.text(of: "TotalAmount") ?? "0.00")
            document.depositAccount = payload.text(at: ["DepositToAccountRef", "FullName"]).map { .key("account " + $0) }
            document.applications = payload.children.filter { $0.name.hasPrefix("AppliedToTxn") }.flatMap(applications)
        case "ARRefundCreditCardAdd":
            document.number = number
            let bank = ReadReference.key("account " + (payload.text(at: ["RefundFromAccountRef", "FullName"]) ?? ""))
            document.lines = payload.children(named: "RefundAppliedToTxnAdd").map { link in
                ReadLine(posting: .account(credit: false), cents: Money.cents(fromDecimalString: link.text(of: "RefundAmount") ?? "0.00"), account: bank)
            }
        default:
            document.number = number
            document.documentClass = payload.text(at: ["ClassRef", "ListID"]).map(ReadReference.init)
            let lines = payload.children.filter { $0.name.hasSuffix("LineAdd") || $0.name.hasSuffix("LineMod") }
            if !lines.isEmpty || payload.name.hasPrefix("Invoice") || payload.name.hasPrefix("CreditMemo") {
                document.lines = lines.map(salesLine)
            }
        }
        return document
    }

    /// Desktop's requests say what they do: an Add creates (a payment that sets a credit applies
    /// it), a Mod of the active flag alone deactivates, `TxnVoidRq`/`TxnDelRq` void and delete.
    private static func operation(_ request: XMLTreeElement, payload: XMLTreeElement, kind: DocumentKind?) -> OperationKind {
        if request.name == "TxnVoidRq" { return .void }
        if request.name == "TxnDelRq" { return .delete }
        guard payload.name.hasSuffix("Mod") else { return kind == .creditApplication ? .apply : .create }
        let fields = Set(payload.children.map(\.name)).subtracting(["ListID", "TxnID", "EditSequence"])
        return fields == ["IsActive"] ? .deactivate : .update
    }

    private static func salesLine(_ line: XMLTreeElement) -> ReadLine {
        ReadLine(
            posting: .item, cents: Money.cents(fromDecimalString: line.text(of: "Amount") ?? "0.00"),
            item: line.text(at: ["ItemRef", "ListID"]).map(ReadReference.init), lineClass: line.text(at: ["ClassRef", "ListID"]).map(ReadReference.init),
            quantity: line.text(of: "Quantity"), unitPriceCents: line.text(of: "Rate").flatMap(Money.cents(fromDecimalString:)))
    }

    /// An invoice paid (`PaymentAmount`) and a credit set against it (`SetCredit`): a credit's
    /// application is the amount it sets, against the invoice and out of the credit memo.
    private static func applications(_ applied: XMLTreeElement) -> [ReadApplication] {
        let invoice = ReadApplication.Target(entity: "Invoice", document: ReadReference(applied.text(of: "TxnID") ?? ""))
        var out = [ReadApplication(cents: Money.cents(fromDecimalString: applied.text(of: "PaymentAmount") ?? "0.00"), targets: [invoice])]
        for credit in applied.children(named: "SetCredit") {
            let amount = credit.text(of: "AppliedAmount") ?? "0.00"
            let cents = amount.hasPrefix("@") ? nil : Money.cents(fromDecimalString: amount)
            let open = amount == QBXMLPlaceholder.openBalance
            out[0] = ReadApplication(cents: cents, openBalance: open, targets: [invoice])
            let memo = ReadApplication.Target(entity: "CreditMemo", document: ReadReference(credit.text(of: "CreditTxnID") ?? ""))
            out.append(ReadApplication(cents: cents, openBalance: open, targets: [memo]))
        }
        return out
    }
}
