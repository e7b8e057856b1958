import Foundation
import QBSyncJSON
import QBSyncXML

/// Reads a QuickBooks Desktop company for a reintegration, the cutover's hand-entered links and
/// the review's look-alike check: the same `BooksReader` questions `OnlineBooksReader` answers,
/// asked as qbXML queries through the Desktop transport (the Web Connector). Queries change
/// nothing, so they go out as query sets without a `newMessageSetID`.
///
/// Transactions, customers and items are read `pageSize` at a time through an iterator
/// (`iterator="Start"`, then `Continue` until `iteratorRemainingCount` is 0). An iterator lives
/// only as long as the Web Connector's session: when a new session answers that it is not valid
/// any more (3120), the query starts again and what was read is kept, each record once.
/// Classes, payment methods and accounts have no iterator and come whole in one answer.
/// Everything Desktop-specific (request names, `Memo` holding the marker after the OMS number,
/// `VOID:` before a voided document's memo) stays here.
public struct DesktopBooksReader: BooksReader {
    let transport: any DesktopTransport
    /// Records a page holds at most (`MaxReturned`; the Web Connector's guide suggests about 100).
    let pageSize: Int
    /// Only what QuickBooks changed at or after this time (`YYYY-MM-DDThh:mm:ss`), for a read
    /// that brings a kept copy up to date; nil reads everything.
    let modifiedSince: String?

    /// How many times a query starts again after its iterator was lost before the read gives up.
    static let restarts = 3

    /// A reader through `transport`, `pageSize` records a page, everything or what changed since `modifiedSince`.
    public init(transport: any DesktopTransport, pageSize: Int = 100, modifiedSince: String? = nil) {
        self.transport = transport
        self.pageSize = max(pageSize, 1)
        self.modifiedSince = modifiedSince
    }

    /// The Desktop transaction each kind of document is.
    static func request(_ kind: BooksDocumentKind) -> String {
        switch kind {
        case .invoice: "InvoiceQueryRq"
        case .payment: "ReceivePaymentQueryRq"
        case .creditMemo: "CreditMemoQueryRq"
        case .refundReceipt: "ARRefundCreditCardQueryRq"
        }
    }

    /// Invoices, received payments, credit memos and credit-card refunds, voided ones too.
    public func documents() async throws -> [BooksDocument] {
        var documents: [BooksDocument] = []
        let fields = ["TxnID", "EditSequence", "CustomerRef", "TxnDate", "RefNumber", "Subtotal", "SalesTaxTotal", "TotalAmount", "Memo"]
        for kind in BooksDocumentKind.allCases {
            var filters: [XMLTreeElement] = []
            if let modifiedSince {
                filters.append(XMLTreeElement("ModifiedDateRangeFilter", children: [.leaf("FromModifiedDate", modifiedSince)]))
            }
            let tail = [XMLTreeElement.leaf("IncludeLineItems", "false")] + fields.map { XMLTreeElement.leaf("IncludeRetElement", $0) }
            for ret in try await all(Self.request(kind), filters: filters, tail: tail, iterates: true) {
                if let document = Self.document(ret, kind: kind) { documents.append(document) }
            }
        }
        return documents
    }

    /// One `…Ret` as a document: voiding keeps it, zeroed, with `VOID:` before its memo; the
    /// memo qbsync writes is `<OMS number> · qbsync <ref>` (or the marker alone).
    static func document(_ ret: XMLTreeElement, kind: BooksDocumentKind) -> BooksDocument? {
        guard let id = ret.text(of: "TxnID") else { return nil }
        var memo = ret.text(of: "Memo") ?? ""
        let voided = memo.hasPrefix("VOID:")
        if voided { memo = String(memo.dropFirst("VOID:".count).drop { $0 == " " }) }
        if let range = memo.range(of: " · qbsync ") { memo = String(memo[memo.index(range.lowerBound, offsetBy: 3)...]) }
        return BooksDocument(
            kind: kind, id: id, syncToken: ret.text(of: "EditSequence"), number: ret.text(of: "RefNumber"),
            customerID: ret.text(at: ["CustomerRef", "ListID"]), date: ret.text(of: "TxnDate"), totalCents: DesktopAnswer.total(ret),
            live: !voided, marker: BooksMarker(text: memo))
    }

    /// Every record of a name list, inactive ones too.
    public func names(_ list: BooksNameList) async throws -> [BooksName] {
        let request: String
        var fields = ["ListID", "EditSequence", "Name", "FullName", "IsActive"]
        var iterates = false
        switch list {
        case .customer: (request, iterates) = ("CustomerQueryRq", true)
        case .item:
            (request, iterates) = ("ItemQueryRq", true)
            fields += ["SalesOrPurchase", "SalesAndPurchase"]
        case .class: request = "ClassQueryRq"
        case .paymentMethod: request = "PaymentMethodQueryRq"
        case .account: request = "AccountQueryRq"
        }
        // A name list answers only active records unless it is asked for all.
        var filters = [XMLTreeElement.leaf("ActiveStatus", "All")]
        if let modifiedSince { filters.append(.leaf("FromModifiedDate", modifiedSince)) }
        return try await all(request, filters: filters, tail: fields.map { .leaf("IncludeRetElement", $0) }, iterates: iterates)
            .compactMap(Self.name)
    }

    /// One list `…Ret` as a name (a job's or sub-item's full name, `Parent:Child`, as QuickBooks shows it).
    static func name(_ ret: XMLTreeElement) -> BooksName? {
        guard let id = ret.text(of: "ListID"), let name = ret.text(of: "FullName") ?? ret.text(of: "Name") else { return nil }
        let price = ret.text(at: ["SalesOrPurchase", "Price"]) ?? ret.text(at: ["SalesAndPurchase", "SalesPrice"])
        return BooksName(
            id: id, syncToken: ret.text(of: "EditSequence"), name: name, active: ret.text(of: "IsActive") != "false",
            unitPriceCents: price.flatMap(Money.cents(fromDecimalString:)))
    }

    /// Every `…Ret` of one query, page by page through an iterator when the query has one.
    private func all(_ request: String, filters: [XMLTreeElement], tail: [XMLTreeElement], iterates: Bool) async throws -> [XMLTreeElement] {
        guard iterates else { return try await page(request, attributes: [], children: filters + tail).rets }
        var rets: [XMLTreeElement] = []
        var seen: Set<String> = []
        var iteratorID: String?
        var restarts = 0
        while true {
            let attributes: [XMLTreeElement.Attribute] = iteratorID.map { [.init("iterator", "Continue"), .init("iteratorID", $0)] } ?? [.init("iterator", "Start")]
            let answer: Page
            do {
                answer = try await page(request, attributes: attributes, children: [.leaf("MaxReturned", String(pageSize))] + filters + tail)
            } catch DesktopQueryRefusal.iteratorLost {
                // A new session: the iterator is gone; start again, keeping what was read.
                guard restarts < Self.restarts else {
                    throw QuickBooksAPIFailure.gaveUp(
                        "the Web Connector's sessions kept ending while \(request) was read page by page: let it update again")
                }
                restarts += 1
                iteratorID = nil
                continue
            }
            for ret in answer.rets {
                let id = ret.text(of: "TxnID") ?? ret.text(of: "ListID") ?? ""
                if seen.insert(id).inserted { rets.append(ret) }
            }
            guard answer.remaining > 0, let next = answer.iteratorID else { return rets }
            iteratorID = next
        }
    }

    private struct Page {
        var rets: [XMLTreeElement]
        var remaining: Int
        var iteratorID: String?
    }

    /// One query set holding one query, and its answer.
    private func page(_ request: String, attributes: [XMLTreeElement.Attribute], children: [XMLTreeElement]) async throws -> Page {
        let element = XMLTreeElement(request, attributes: [.init("requestID", "q0")] + attributes, children: children)
        let text = DesktopEdition.document([element], attributes: [.init("onError", "continueOnError")])
        let answer: DesktopAnswer
        switch try await transport.exchange(text, setID: nil) {
        case .answer(let bytes): answer = DesktopAnswer(bytes: Array(bytes.utf8))
        case .processorFailure(let hresult, let message):
            // A query that did not come back changed nothing: the read stops and can be asked again.
            switch DesktopEdition.failure(hresult: hresult, message: message, setID: "query") {
            case .uncertain(let reason): throw QuickBooksAPIFailure.gaveUp(reason)
            case let failure: throw failure
            }
        }
        guard let response = answer.responses["q0"] else {
            throw QuickBooksAPIFailure.gaveUp("QuickBooks Desktop answered a query set without its \(request): let the Web Connector update again")
        }
        let code = Int(response.attribute("statusCode") ?? "") ?? -1
        if code == 3120 { throw DesktopQueryRefusal.iteratorLost }
        guard code == 0 || code == 1 else {
            throw QuickBooksAPIFailure.gaveUp(
                "QuickBooks Desktop refused \(request) (\(code) \(response.attribute("statusMessage") ?? "")): let the Web Connector update again")
        }
        return Page(
            rets: DesktopAnswer.rets(response), remaining: Int(response.attribute("iteratorRemainingCount") ?? "") ?? 0,
            iteratorID: response.attribute("iteratorID"))
    }
}

/// A query QuickBooks answered with a refusal the reader handles itself.
enum DesktopQueryRefusal: Error {
    /// 3120: the iterator belongs to a session that ended.
    case iteratorLost
}
