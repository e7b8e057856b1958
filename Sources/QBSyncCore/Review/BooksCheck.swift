import Foundation
import QBSyncJSON

/// The review's check against what QuickBooks holds that qbsync did not post (a bookkeeper's
/// hand entry, a bank feed, a point-of-sale device): the transform keeps the documents it read
/// before the load in `2-transform/books-check.json` (QuickBooks ids, dates, amounts and
/// numbers: no PHI), so every later view of the review warns the same, and says plainly when
/// the books were not checked.
struct BooksCheck {
    static let fileName = "books-check.json"

    /// Why the books were not checked, when they were not.
    var notChecked: String?
    var documents: [BooksDocument]
    /// When QuickBooks was read, when the check used a copy kept from an earlier read (Desktop).
    var asReadAt: String?

    /// What the transform read (`books`), as the review keeps it: nil when the pipeline does not
    /// check the books. Documents dated before the cutover are left out: they are expected to
    /// be there, and qbsync posts nothing of those dates.
    init(books: HandEnteredBooks?, settings: PipelineSettings) {
        if let books, books.unread == nil {
            documents = books.documents.filter { ($0.date ?? "") >= (settings.startDate ?? "") }
            asReadAt = books.asReadAt
        } else {
            documents = []
            notChecked = books?.unread ?? (settings.checkBooks || settings.startDate != nil ? "no connection" : "[review] check_books is off")
        }
    }

    private init(notChecked: String?, documents: [BooksDocument], asReadAt: String? = nil) {
        self.notChecked = notChecked
        self.documents = documents
        self.asReadAt = asReadAt
    }

    /// Writes the check beside the batches.
    func write(to folder: RunFolder) throws {
        var json: JSONValue = [
            "documents": .array(
                documents.map { document in
                    [
                        "entity": .string(document.kind.rawValue), "id": .string(document.id),
                        "customer_id": document.customerID.map(JSONValue.string) ?? .null, "date": document.date.map(JSONValue.string) ?? .null,
                        "cents": document.totalCents.map(JSONValue.int) ?? .null, "number": document.number.map(JSONValue.string) ?? .null,
                    ]
                })
        ]
        if let notChecked { json["not_checked"] = .string(notChecked) }
        if let asReadAt { json["as_read_at"] = .string(asReadAt) }
        try FileStore.writeJSON(json, to: folder.file(.transform, Self.fileName))
    }

    /// The check a transform kept; a run transformed before there was one was not checked.
    static func read(_ folder: RunFolder) -> BooksCheck {
        guard let json = try? FileStore.readJSON(folder.file(.transform, fileName)) else {
            return BooksCheck(notChecked: "the run was transformed without reading QuickBooks", documents: [])
        }
        let documents: [BooksDocument] = (json["documents"]?.arrayValue ?? []).compactMap { row in
            guard let kind = row["entity"]?.stringValue.flatMap(BooksDocumentKind.init(rawValue:)), let id = row["id"]?.stringValue else {
                return nil
            }
            return BooksDocument(
                kind: kind, id: id, syncToken: nil, number: row["number"]?.stringValue, customerID: row["customer_id"]?.stringValue,
                date: row["date"]?.stringValue, totalCents: row["cents"]?.intValue, live: true, marker: nil)
        }
        return BooksCheck(notChecked: json["not_checked"]?.stringValue, documents: documents, asReadAt: json["as_read_at"]?.stringValue)
    }

    /// The documents of `candidates`' entity, customer, date and amount, as fingerprints with no
    /// run (qbsync did not post them); `customerKey` names a QuickBooks customer id as qbsync's key.
    func matching(_ candidates: [DocumentFingerprint], customerKey: (String) -> String?) -> [DocumentFingerprint] {
        let wanted = Set(candidates.map { "\($0.entity)|\($0.customer)|\($0.date)|\($0.cents)" })
        return documents.compactMap { document in
            guard let customerID = document.customerID, let date = document.date, let cents = document.totalCents else { return nil }
            let customer = customerKey(customerID) ?? "id:\(customerID)"
            guard wanted.contains("\(document.kind.rawValue)|\(customer)|\(date)|\(cents)") else { return nil }
            return DocumentFingerprint(
                key: "\(document.kind.rawValue) id:\(document.id)", entity: document.kind.rawValue, customer: customer, date: date,
                cents: cents, docNumber: document.number, ref: "QuickBooks id \(document.id)", run: "")
        }
    }

    /// One line for the review: what was checked, or why not.
    var summary: String {
        if let notChecked { return "QuickBooks not checked for documents qbsync did not post: \(notChecked)." }
        if let asReadAt {
            return "QuickBooks as read at \(asReadAt) (the Web Connector's last session) checked before loading: \(documents.count) document(s) qbsync did not post, compared by customer, date and amount."
        }
        return "QuickBooks checked before loading: \(documents.count) document(s) qbsync did not post, compared by customer, date and amount."
    }
}
