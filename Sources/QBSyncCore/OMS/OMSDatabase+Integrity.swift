import Foundation
import GRDB

/// The checks that keep a damaged or partial OMS file from being read as if it were whole.
///
/// SQLite trusts the page count in a database's header: a file cut short (a copy that stopped
/// early, a full disk) reads its missing pages as zeros, without an error, and a page read
/// half gives rows with id 0 and NULL columns. An extract that took such a window would move the
/// cursor past changes it never saw, and they would never reach QuickBooks. So before a window
/// is taken the file's size must hold every page its header counts, and every change row in the
/// window must be one the schema allows (`OMSChangeWindow` refuses the others).
///
/// `PRAGMA quick_check` would find more kinds of damage, but it reads every page of the file: on
/// a 100,000-change sample it costs about as much as the extract itself, and on a
/// 1,000,000-change history it would make an incremental nightly of 100 changes (0.13 s) take
/// seconds; see the README's "What the extract checks first".
extension OMSDatabase {
    /// Refuses a file that holds fewer bytes than the pages its header counts, or a part of a page.
    public func verifyIntact() throws {
        try read { db in
            // The read transaction holds SQLite's shared lock from here on, so in rollback-journal
            // mode no writer changes the file while it is measured.
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let pageCount = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let walMode = try String.fetchOne(db, sql: "PRAGMA journal_mode")?.lowercased() == "wal"
            let fileSize = try Self.fileSize(path)
            guard pageSize > 0 else { return }
            if fileSize % pageSize != 0 {
                throw OMSError.damaged(
                    path, "its size, \(fileSize) bytes, is not a whole number of its \(pageSize)-byte pages: the file was cut short")
            }
            // In WAL mode the newest pages may still be in the -wal file, so the page count can
            // pass the main file's size; the header's own count (as of the last checkpoint) cannot.
            let expected = walMode ? try Self.headerPageCount(path) ?? 0 : pageCount
            if fileSize < expected * pageSize {
                throw OMSError.damaged(
                    path, "it holds \(fileSize / pageSize) of the \(expected) pages its header counts: the file was cut short")
            }
        }
    }

    /// Refuses a file that lacks a table or a column of the source contract, in words, before any
    /// read would fail with SQLite's "no such table". `legacy_skipped` may be absent (older
    /// exports lack it; the desk reads it only when it is there); extra tables and columns are fine.
    func checkSchema() throws {
        let contract = try Self.contractColumns()
        let found = try read { db in
            try contract.keys.reduce(into: [String: Set<String>]()) { found, table in
                let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
                found[table] = Set(columns.map { $0["name"] as String })
            }
        }
        if found["change_log"]?.isEmpty ?? true { throw OMSError.notAnOMS(path) }
        for table in OMSSchema.tables where table != "legacy_skipped" {
            let have = found[table] ?? []
            guard !have.isEmpty else { throw OMSError.missingTable(path, table) }
            let lacking = (contract[table] ?? []).filter { !have.contains($0) }
            if !lacking.isEmpty { throw OMSError.missingColumns(path, table, lacking) }
        }
    }

    /// Each contract table's columns in declaration order, read from the schema itself (an
    /// in-memory database built from `OMSSchema.sql`), so the check cannot drift from the contract.
    private static func contractColumns() throws -> [String: [String]] {
        let schema = try DatabaseQueue()
        return try schema.write { db in
            try db.execute(sql: OMSSchema.sql)
            return try OMSSchema.tables.reduce(into: [String: [String]]()) { columns, table in
                columns[table] = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
            }
        }
    }

    private static func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The "in-header database size" (bytes 28-31), when valid: the change counter (24-27)
    /// equals the version-valid-for number (92-95); nil otherwise (then SQLite itself goes by
    /// the file's size, so there is nothing to compare).
    private static func headerPageCount(_ path: String) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let header = [UInt8](try handle.read(upToCount: 100) ?? Data())
        guard header.count == 100 else { return nil }
        func word(_ offset: Int) -> Int { header[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        guard word(24) == word(92) else { return nil }
        return word(28)
    }
}
