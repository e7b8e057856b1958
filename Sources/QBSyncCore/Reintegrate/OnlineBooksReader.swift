import QBSyncJSON

/// Reads a QuickBooks Online company for a reintegration: each entity a page of 1,000 at a
/// time (the most a query returns), through the load's client, so the requests are paced to the
/// company's limits and a throttled one waits and goes again. Everything QuickBooks Online
/// specific (entity and field names, the query text, where the marker is written) stays here.
public struct OnlineBooksReader: BooksReader {
    let api: QuickBooksAPI
    /// Rows a query returns at most; QuickBooks Online caps `MAXRESULTS` at 1,000.
    let pageSize: Int

    /// A reader over `api`, `pageSize` rows a query (at most 1,000).
    public init(api: QuickBooksAPI, pageSize: Int = 1000) {
        self.api = api
        self.pageSize = min(max(pageSize, 1), 1000)
    }

    /// Invoices, payments, credit memos and refund receipts, voided ones too.
    public func documents() async throws -> [BooksDocument] {
        var documents: [BooksDocument] = []
        for kind in BooksDocumentKind.allCases { documents += try await read(kind, filter: nil) }
        return documents
    }

    /// Only the documents of `window`, filtered by `TxnDate` in the queries (dates are compared
    /// as text, which `YYYY-MM-DD` orders): open invoices by `Balance` too; credit memos, whose
    /// remaining credit a query may not filter on, by date, then by what is left on them.
    public func documents(in window: BooksDocumentWindow) async throws -> [BooksDocument] {
        switch window {
        case .openBefore(let date):
            let invoices = try await read(.invoice, filter: "TxnDate < '\(Self.quoted(date))' and Balance > '0'")
            let credits = try await read(.creditMemo, filter: "TxnDate < '\(Self.quoted(date))'")
            return (invoices + credits).filter(window.contains)
        case .from(let date):
            var documents: [BooksDocument] = []
            for kind in BooksDocumentKind.allCases { documents += try await read(kind, filter: "TxnDate >= '\(Self.quoted(date))'") }
            return documents
        }
    }

    /// The documents of one kind the filter lets through, in qbsync's terms.
    private func read(_ kind: BooksDocumentKind, filter: String?) async throws -> [BooksDocument] {
        try await all(kind.rawValue, filter: filter).compactMap { object in
            guard let id = object["Id"]?.stringValue else { return nil }
            let note = object["PrivateNote"]?.stringValue ?? ""
            // Voiding keeps the document, numbered, with every amount zero and "Voided" put
            // before its note.
            let voided = note.hasPrefix("Voided")
            let markerText = voided ? String(note.dropFirst("Voided".count).drop { $0 == " " || $0 == "-" }) : note
            let number = kind == .payment ? object["PaymentRefNum"]?.stringValue : object["DocNumber"]?.stringValue
            let open = kind == .creditMemo ? object["RemainingCredit"]?.centsValue : object["Balance"]?.centsValue
            return BooksDocument(
                kind: kind, id: id, syncToken: object["SyncToken"]?.stringValue, number: number,
                customerID: object["CustomerRef"]?["value"]?.stringValue, date: object["TxnDate"]?.stringValue,
                totalCents: object["TotalAmt"]?.centsValue, live: !voided, marker: BooksMarker(text: markerText), openCents: open)
        }
    }

    /// A date as a query literal: a `'` escaped, as QuickBooks asks.
    private static func quoted(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "\\'") }

    /// Every record of a name list, inactive ones too.
    public func names(_ list: BooksNameList) async throws -> [BooksName] {
        // Name lists leave inactive records out unless the query asks for them.
        try await all(list.rawValue, filter: "Active in (true, false)").compactMap { object in
            let name = list == .customer ? object["DisplayName"]?.stringValue : object["Name"]?.stringValue
            guard let id = object["Id"]?.stringValue, let name else { return nil }
            return BooksName(
                id: id, syncToken: object["SyncToken"]?.stringValue, name: name, active: object["Active"]?.boolValue != false,
                unitPriceCents: object["UnitPrice"]?.centsValue)
        }
    }

    /// Every row of `entity`, page by page (`STARTPOSITION` counts from 1); a page shorter than
    /// asked for is the last. A row met twice (the company changed between pages) is kept once.
    private func all(_ entity: String, filter: String?) async throws -> [JSONValue] {
        var rows: [JSONValue] = []
        var seen: Set<String> = []
        var start = 1
        while true {
            let condition = filter.map { " where \($0)" } ?? ""
            let page = try await api.query("select * from \(entity)\(condition) startposition \(start) maxresults \(pageSize)")
            for row in page {
                let id = row["Id"]?.stringValue ?? ""
                if seen.insert(id).inserted { rows.append(row) }
            }
            guard page.count >= pageSize else { return rows }
            start += page.count
        }
    }
}
