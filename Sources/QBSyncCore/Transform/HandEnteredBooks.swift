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
    /// When QuickBooks was read, when what is here is a copy kept from an earlier read (Desktop:
    /// the Web Connector's last session), so the review and the manual list can say so.
    public var asReadAt: String?

    public init(documents: [BooksDocument], customerNames: [String: String], unread: String? = nil) {
        self.documents = documents
        self.customerNames = customerNames
        self.unread = unread
    }

    /// Why a desktop pipeline's books were not checked before the Web Connector's first session.
    static let desktopNeverRead =
        "the Web Connector has not called since this workspace began: qbsync keeps no copy of the QuickBooks Desktop company's books yet (the next update reads them; 'qbsync reintegrate --check-only' reads them now)"

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
        // QuickBooks Desktop is reached only when the Web Connector calls: the transform reads
        // the copy its last session kept (`DesktopBooksSnapshot`), never waiting for QuickBooks.
        guard settings.quickbooks.edition == .online else {
            guard let snapshot = DesktopBooksSnapshot.load(workspace: settings.workspace) else { return .notRead(desktopNeverRead) }
            return snapshot.handEntered
        }
        guard let api = try? LiveQuickBooks.api(settings: settings, logger: logger) else { return nil }
        return await read(from: OnlineBooksReader(api: api), cutover: settings.startDate)
    }
}
