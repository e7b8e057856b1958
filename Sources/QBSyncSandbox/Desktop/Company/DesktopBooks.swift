import Foundation
import QBSyncXML

/// The company's books as one message set sees them: the state, the macros the set defined so
/// far, and the company clock. Each request handler checks everything before it changes
/// anything, so a refused request leaves the books as they were.
struct DesktopBooks {
    var state: DesktopCompanyState
    /// `defMacro` names of this message set and the ids they stand for.
    var macros: [String: String] = [:]
    /// The time written into `TimeCreated`/`TimeModified` for this set.
    var now = Timestamp.metaData(Date())
    /// The company's date today, the default `TxnDate`.
    var today = Timestamp.date(Date())

    init(state: DesktopCompanyState) { self.state = state }

    /// Runs one request (validated against its model already) and gives the `…Ret` elements
    /// of its answer, or throws the status that refuses it.
    mutating func run(_ request: XMLTreeElement, kind: QBXMLSchema.Request) throws -> [XMLTreeElement] {
        let body = kind.body.flatMap { request.child($0) } ?? request
        switch kind.wrapper {
        case "CustomerAddRq": return [try addCustomer(body)]
        case "CustomerModRq": return [try modCustomer(body)]
        case "ItemServiceAddRq", "ItemNonInventoryAddRq", "ItemOtherChargeAddRq": return [try addItem(body)]
        case "ItemServiceModRq", "ItemNonInventoryModRq", "ItemOtherChargeModRq": return [try modItem(body)]
        case "ClassAddRq": return [try addSimpleList(body, kind: "Class")]
        case "PaymentMethodAddRq": return [try addSimpleList(body, kind: "PaymentMethod")]
        case "AccountAddRq": return [try addSimpleList(body, kind: "Account")]
        case "InvoiceAddRq": return [try addSale(body, kind: "Invoice")]
        case "CreditMemoAddRq": return [try addSale(body, kind: "CreditMemo")]
        case "InvoiceModRq": return [try modSale(body, kind: "Invoice")]
        case "CreditMemoModRq": return [try modSale(body, kind: "CreditMemo")]
        case "ReceivePaymentAddRq": return [try addPayment(body)]
        case "ReceivePaymentModRq": return [try modPayment(body)]
        case "ARRefundCreditCardAddRq": return [try addRefund(body)]
        case "TxnVoidRq": return try voidTransaction(body)
        case "TxnDelRq": return try deleteTransaction(body)
        default: return try query(request, kind: kind)
        }
    }

    // MARK: References

    /// The list entry a reference names: by `ListID` when given (then `FullName` is ignored),
    /// else by `FullName` without case. Missing or inactive entries refuse the request (3140).
    func resolve(
        _ reference: XMLTreeElement?, kinds: Set<String>, list: String, in document: String
    ) throws -> DesktopListEntry? {
        guard let reference else { return nil }
        let named: DesktopListEntry?
        let value: String
        if let listID = reference.text(of: "ListID") {
            value = listID
            named = state.entry(listID).flatMap { kinds.contains($0.kind) ? $0 : nil }
        } else {
            value = reference.text(of: "FullName") ?? ""
            named = state.entry(named: value, kinds: kinds)
        }
        guard let entry = named else { throw DesktopStatus.invalidReference(list, value, in: document, inactive: false) }
        guard entry.isActive else { throw DesktopStatus.invalidReference(list, value, in: document, inactive: true) }
        return entry
    }

    /// A class reference, refused while class tracking is off.
    func resolveClass(_ reference: XMLTreeElement?, in document: String) throws -> DesktopListEntry? {
        guard reference != nil else { return nil }
        guard state.isUsingClassTracking else { throw DesktopStatus.classTrackingOff }
        return try resolve(reference, kinds: ["Class"], list: "Class", in: document)
    }

    /// An account reference, or the company's first active account of `defaultType`.
    func resolveAccount(
        _ reference: XMLTreeElement?, defaultType: String?, defaultName: String? = nil, in document: String
    ) throws -> DesktopListEntry? {
        if let account = try resolve(reference, kinds: ["Account"], list: "Account", in: document) { return account }
        if let defaultName, let account = state.entry(named: defaultName, kinds: ["Account"]), account.isActive {
            return account
        }
        guard let defaultType else { return nil }
        return state.lists.first { $0.kind == "Account" && $0.isActive && $0.field("AccountType")?.text == defaultType }
    }

    /// The id an element holds, or the one its `useMacro` names (a macro of this set only).
    func txnID(_ element: XMLTreeElement?) throws -> String {
        guard let element else { return "" }
        guard let use = element.attribute("useMacro") else { return element.text }
        guard let id = macros[Self.macroName(use)] else {
            throw DesktopStatus.macro("The macro \"\(use)\" is not defined earlier in this message set.")
        }
        return id
    }

    /// Names the new transaction `id` for later requests of the set.
    mutating func define(_ body: XMLTreeElement, id: String) throws {
        guard let definition = body.attribute("defMacro") else { return }
        let name = Self.macroName(definition)
        guard macros[name] == nil else {
            throw DesktopStatus.macro("The macro \"\(definition)\" is defined twice in this message set.")
        }
        macros[name] = id
    }

    static func macroName(_ attribute: String) -> String {
        attribute.hasPrefix("TxnID:") ? String(attribute.dropFirst(6)) : attribute
    }

    /// Refuses a transaction dated on or before the closing date (3171).
    func checkOpenPeriod(_ dates: [String?], document: String) throws {
        guard let closing = state.closingDate else { return }
        for case let date? in dates where date <= closing { throw DesktopStatus.closed(document, closing) }
    }

    /// Refuses a Mod whose EditSequence is not the current one (3200).
    static func checkEditSequence(_ body: XMLTreeElement, current: String) throws {
        let sent = body.text(of: "EditSequence") ?? ""
        guard sent == current else { throw DesktopStatus.staleEditSequence(sent) }
    }

    // MARK: Amounts

    /// Integer cents of an `AMTTYPE` text (its form was checked with the set).
    static func cents(_ text: String?) -> Int {
        guard let text, !text.isEmpty else { return 0 }
        var body = Substring(text)
        var sign = 1
        if body.first == "-" { sign = -1 }
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let whole = Int(parts[0]) ?? 0
        let fraction = parts.count > 1 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        return sign * (whole * 100 + fraction)
    }

    /// `12.30` for 1230.
    static func amount(_ cents: Int) -> String {
        let magnitude = abs(cents)
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// Quantity × rate in cents, rounded half away from zero, as QuickBooks derives a line's amount.
    static func extend(quantity: String?, rate: String) -> Int {
        let quantity = Decimal(string: quantity ?? "1") ?? 1
        var product = (Decimal(string: rate) ?? 0) * quantity * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &product, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }
}
