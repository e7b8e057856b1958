import Foundation
import QBSyncCore

/// A `BooksReader` that keeps what it read: a reintegration on a desktop pipeline reads the
/// whole company, so what it read becomes the workspace's copy of the books
/// (`DesktopBooksSnapshot`) as it goes, with no second read.
final class BooksReadRecorder: BooksReader, @unchecked Sendable {
    private let reader: any BooksReader
    private let lock = NSLock()
    private var documentsRead: [BooksDocument]?
    private var customersRead: [BooksName]?
    /// When the first question was asked.
    private(set) var startedAt: Date?

    init(_ reader: any BooksReader) { self.reader = reader }

    func documents() async throws -> [BooksDocument] {
        lock.withLock { if startedAt == nil { startedAt = Date() } }
        let documents = try await reader.documents()
        lock.withLock { documentsRead = documents }
        return documents
    }

    func names(_ list: BooksNameList) async throws -> [BooksName] {
        lock.withLock { if startedAt == nil { startedAt = Date() } }
        let names = try await reader.names(list)
        if list == .customer { lock.withLock { customersRead = names } }
        return names
    }

    /// The copy of the books, once both documents and customers were read whole.
    var snapshot: DesktopBooksSnapshot? {
        lock.withLock {
            guard let documentsRead, let customersRead, let startedAt else { return nil }
            return DesktopBooksSnapshot(readAt: startedAt.formatted(.iso8601), documents: documentsRead, customers: customersRead)
        }
    }
}
