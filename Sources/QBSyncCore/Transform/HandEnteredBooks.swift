import Foundation
import Logging

/// What QuickBooks holds that qbsync did not post (no qbsync marker): the invoices a clinic's
/// bookkeeper entered by hand before the cutover (`[sync] start_date`), and the names of the
/// customers they are for. Read through the edition's `BooksReader` before a transform with a
/// cutover, so the transform itself stays a pure function of its inputs.
public struct HandEnteredBooks: Sendable {
    /// Live documents (invoices, payments, credits, refunds) that carry no qbsync marker.
    public var documents: [BooksDocument]
    /// Those of them that are invoices.
    public var invoices: [BooksDocument] { documents.filter { $0.kind == .invoice } }
    /// Customers' display names by QuickBooks id.
    public var customerNames: [String: String]
    /// Customers' version tokens by QuickBooks id (an adopted customer is updated with it).
    public var customerTokens: [String: String] = [:]
    /// Why QuickBooks could not be read, when it could not: then nothing is linked, and what
    /// needed a hand-entered document says so.
    public var unread: String?

    public init(documents: [BooksDocument], customerNames: [String: String], unread: String? = nil) {
        self.documents = documents
        self.customerNames = customerNames
        self.unread = unread
    }

    /// Books that could not be read, saying why (no PHI, no secret: the reason is QuickBooks's
    /// own or the connection's).
    public static func notRead(_ reason: String) -> HandEnteredBooks {
        HandEnteredBooks(documents: [], customerNames: [:], unread: reason)
    }

    /// Reads the company through `reader`; a failure to read is kept as the reason, not thrown:
    /// the run goes on and the dependents of pre-cutover documents go to the manual list.
    ///
    /// With a cutover only what can matter is read, not the company's whole history: invoices
    /// and credit memos dated before the cutover that still have something open (what a later
    /// payment, return or refund can be linked to; a settled one takes nothing more), and the
    /// documents dated on or after it (what the run's own documents, all dated so, can look
    /// like). Without one (`[review] check_books` alone) every document is read.
    public static func read(from reader: any BooksReader, cutover: String? = nil) async -> HandEnteredBooks {
        do {
            var documents: [BooksDocument] = []
            if let cutover {
                documents = try await reader.documents(in: .openBefore(cutover)) + reader.documents(in: .from(cutover))
            } else {
                documents = try await reader.documents()
            }
            let customers = try await reader.names(.customer)
            var books = HandEnteredBooks(
                documents: documents.filter { $0.live && $0.marker == nil },
                customerNames: Dictionary(customers.map { ($0.id, $0.name) }) { first, _ in first })
            books.customerTokens = Dictionary(customers.compactMap { name in name.syncToken.map { (name.id, $0) } }) { first, _ in first }
            return books
        } catch {
            let reason = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            return .notRead("QuickBooks could not be read (\(reason))")
        }
    }

    /// The company's documents that qbsync did not post, when the pipeline has a cutover
    /// (`[sync] start_date`) or checks the books (`[review] check_books`), read with the
    /// pipeline's connection; nil otherwise or when no connection can be made from the settings
    /// (the review and the manual list then say "not checked").
    public static func read(settings: PipelineSettings, logger: Logger) async -> HandEnteredBooks? {
        guard settings.startDate != nil || settings.checkBooks else { return nil }
        // The edition's reader: only QuickBooks Online has one yet. A desktop pipeline must never
        // reach for an Online connection, so its books go unread ("not checked") until the
        // Desktop edition answers the same `BooksReader` questions through the Web Connector.
        guard settings.quickbooks.edition == .online else {
            return .notRead("the books of a QuickBooks Desktop company are not read before the load yet")
        }
        guard let api = try? LiveQuickBooks.api(settings: settings, logger: logger) else { return nil }
        return await read(from: OnlineBooksReader(api: api), cutover: settings.startDate)
    }
}
