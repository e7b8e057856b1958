import Foundation
import GRDB
import Testing

@testable import QBSyncCore

struct OMSSchemaTests {
    /// The shared contract, found beside the repository (`<repo>/../shared/oms-source.sql`), or nil
    /// when the tests run somewhere it is not reachable (a CI checkout of this repository alone).
    static var contractURL: URL? {
        let repo = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // QBSyncCoreTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the repository
        let url = repo.deletingLastPathComponent().appendingPathComponent("shared/oms-source.sql")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The schema without comments, blank lines or spacing differences: what SQLite sees.
    static func normalized(_ sql: String) -> String {
        sql.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> Substring in
                guard let range = line.range(of: "--") else { return line }
                return line[..<range.lowerBound]
            }
            .joined(separator: " ")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            .joined(separator: " ")
    }

    @Test func theProjectsCopyOfTheSchemaMatchesTheSharedContract() throws {
        guard let url = Self.contractURL else { return }  // not reachable here: nothing to compare
        let contract = try String(contentsOf: url, encoding: .utf8)
        #expect(Self.normalized(OMSSchema.sql) == Self.normalized(contract))
    }

    @Test func theSchemaCreatesEveryTableItLists() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in try db.execute(sql: OMSSchema.sql) }
        let created = try queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        }
        #expect(created == OMSSchema.tables)
    }
}
