import Foundation
import QBSyncJSON

/// What QuickBooks Desktop held that qbsync did not post, as the Web Connector's last session
/// read it: documents without a qbsync marker (ids, numbers, dates, totals, live or voided) and
/// the customers (ids, display names as QuickBooks shows them, edit sequences). QuickBooks
/// Desktop is reached only when the Web Connector calls, so the transform cannot ask it: each
/// session of `load`, `webconnector` and `reintegrate` brings this copy up to date once its
/// writes are done, and the transform's hand-entered links and look-alike check read the copy,
/// saying when it was taken. It is kept in the workspace only, readable by its owner only (a
/// customer's display name is a patient's name when redaction is off), never in a run folder.
public struct DesktopBooksSnapshot: Sendable, Equatable {
    /// `<workspace>/quickbooks-desktop-books.json`.
    public static let fileName = "quickbooks-desktop-books.json"
    /// How far before the last read an update asks again, so a clock that differs between this
    /// computer and QuickBooks's, or a change saved as the read ran, is never missed.
    static let overlap: TimeInterval = 24 * 3600

    /// When the read that brought the copy up to date began (ISO 8601, this computer's clock).
    public var readAt: String
    /// Live and voided documents that carry no qbsync marker.
    public var documents: [BooksDocument]
    /// Every customer, active or not.
    public var customers: [BooksName]

    public init(readAt: String, documents: [BooksDocument], customers: [BooksName]) {
        self.readAt = readAt
        self.documents = documents.filter { $0.marker == nil }
        self.customers = customers
    }

    /// Where the copy of `workspace` is kept.
    public static func url(workspace: URL) -> URL { workspace.appendingPathComponent(fileName) }

    /// The copy kept in `workspace`; nil when the Web Connector has not called since there was one to keep.
    public static func load(workspace: URL) -> DesktopBooksSnapshot? {
        guard let json = try? FileStore.readJSON(url(workspace: workspace)), let readAt = json["read_at"]?.stringValue else { return nil }
        let documents: [BooksDocument] = (json["documents"]?.arrayValue ?? []).compactMap { row in
            guard let kind = row["kind"]?.stringValue.flatMap(BooksDocumentKind.init(rawValue:)), let id = row["id"]?.stringValue else { return nil }
            return BooksDocument(
                kind: kind, id: id, syncToken: row["edit_sequence"]?.stringValue, number: row["number"]?.stringValue,
                customerID: row["customer_id"]?.stringValue, date: row["date"]?.stringValue, totalCents: row["cents"]?.intValue,
                live: row["live"]?.boolValue != false, marker: nil)
        }
        let customers: [BooksName] = (json["customers"]?.arrayValue ?? []).compactMap { row in
            guard let id = row["id"]?.stringValue, let name = row["name"]?.stringValue else { return nil }
            return BooksName(id: id, syncToken: row["edit_sequence"]?.stringValue, name: name, active: row["active"]?.boolValue != false)
        }
        return DesktopBooksSnapshot(readAt: readAt, documents: documents, customers: customers)
    }

    /// Keeps the copy in `workspace`, replacing the last one at once, mode 0600.
    public func write(workspace: URL) throws {
        let json: JSONValue = [
            "read_at": .string(readAt),
            "documents": .array(
                documents.map { document in
                    [
                        "kind": .string(document.kind.rawValue), "id": .string(document.id),
                        "edit_sequence": document.syncToken.map(JSONValue.string) ?? .null,
                        "number": document.number.map(JSONValue.string) ?? .null,
                        "customer_id": document.customerID.map(JSONValue.string) ?? .null,
                        "date": document.date.map(JSONValue.string) ?? .null, "cents": document.totalCents.map(JSONValue.int) ?? .null,
                        "live": .bool(document.live),
                    ]
                }),
            "customers": .array(
                customers.map { customer in
                    [
                        "id": .string(customer.id), "name": .string(customer.name),
                        "edit_sequence": customer.syncToken.map(JSONValue.string) ?? .null, "active": .bool(customer.active),
                    ]
                }),
        ]
        try FileStore.writeJSON(json, to: Self.url(workspace: workspace), mode: 0o600)
    }

    /// Reads through `transport` what changed since the copy kept in `workspace` (everything
    /// when there is none), keeps the result and returns it.
    @discardableResult
    public static func refresh(transport: any DesktopTransport, workspace: URL, now: Date = Date()) async throws -> DesktopBooksSnapshot {
        let previous = load(workspace: workspace)
        let since = previous.flatMap { try? Date($0.readAt, strategy: .iso8601) }.map { Self.queryTime($0.addingTimeInterval(-overlap)) }
        let reader = DesktopBooksReader(transport: transport, modifiedSince: since)
        let documents = try await reader.documents()
        let customers = try await reader.names(.customer)
        let snapshot = (previous ?? DesktopBooksSnapshot(readAt: "", documents: [], customers: []))
            .updated(documents: documents, customers: customers, readAt: now.formatted(.iso8601))
        try snapshot.write(workspace: workspace)
        return snapshot
    }

    /// This copy with what a later read found replacing what it held of the same ids (a
    /// document that now carries a marker is qbsync's and drops out).
    func updated(documents changed: [BooksDocument], customers changedCustomers: [BooksName], readAt: String) -> DesktopBooksSnapshot {
        let changedIDs = Set(changed.map { "\($0.kind.rawValue) \($0.id)" })
        let kept = documents.filter { !changedIDs.contains("\($0.kind.rawValue) \($0.id)") }
        let changedCustomerIDs = Set(changedCustomers.map(\.id))
        let keptCustomers = customers.filter { !changedCustomerIDs.contains($0.id) }
        return DesktopBooksSnapshot(readAt: readAt, documents: kept + changed, customers: keptCustomers + changedCustomers)
    }

    /// A time as a qbXML query takes it (`2026-12-01T02:00:00`, no zone: QuickBooks reads its own).
    static func queryTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter.string(from: date)
    }

    /// The copy as the transform reads it: the live documents and every customer's name.
    public var handEntered: HandEnteredBooks {
        var books = HandEnteredBooks(
            documents: documents.filter(\.live), customerNames: Dictionary(customers.map { ($0.id, $0.name) }) { first, _ in first })
        books.customerTokens = Dictionary(customers.compactMap { name in name.syncToken.map { (name.id, $0) } }) { first, _ in first }
        books.asReadAt = readAt
        return books
    }
}
