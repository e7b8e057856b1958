import GRDB
import GRDBSQLite

/// The rows of one chunk of records, written as JSON objects into one buffer.
struct RecordRows {
    /// The bytes of every row object.
    var json = RowJSONWriter()
    /// Where each record's row object is in `json`, by id; an id the OMS no longer has is absent.
    var rows: [Int: Range<Int>] = [:]
    /// Every other record a row (or a row nested in it) names, with the id of the record it is in.
    var dependencies: [(owner: Int, ref: OMSRef)] = []
}

/// Reads whole records of one entity (the row with its lines, allocations, applications, as
/// `OMSRecordShape` says) from the OMS a chunk at a time, as JSON bytes, with the records each one
/// names. Each chunk is one short read transaction, so the OMS keeps writing meanwhile.
///
/// A nested table with no index on its parent column (the OMS schema indexes neither
/// `sale_lines.sale_id` nor `return_lines.return_id`) would be scanned whole for every chunk;
/// for more records than one lookup statement takes, the reader instead scans it once, when it
/// is made, for the rowids of the wanted records' rows (within their range of ids), and each
/// chunk then reads its rows by rowid. Rows added after that scan come with the next run, which
/// takes the change that added them.
final class RecordChunkReader {
    let oms: OMSDatabase
    let shape: OMSRecordShape
    /// For each of the record's nested tables that has no usable index: the wanted records'
    /// rows, as (parent id, rowid) in the order they are written.
    private var scanned: [Int: ScannedRows] = [:]

    /// A reader for the records `ids` (ascending) of `entity`; scans what has no index.
    init(oms: OMSDatabase, entity: String, ids: [Int]) throws {
        guard let shape = OMSRecordShape.entities[entity] else { throw ExtractError.unknownEntity(entity) }
        self.oms = oms
        self.shape = shape
        guard ids.count > RawRows.sliceSize else { return }
        let wanted = Set(ids)
        try oms.read { db in
            for (index, nested) in shape.nested.enumerated() {
                let indexed = try db.indexes(on: nested.shape.table).contains { $0.columns.first == nested.parentColumn }
                guard !indexed else { continue }
                scanned[index] = try ScannedRows(db, nested: nested, wanted: wanted)
            }
        }
    }

    /// The records `ids` (ascending, among those the reader was made for), in one read transaction.
    func read(_ ids: [Int]) throws -> RecordRows {
        try oms.read { db in
            let level = try fetch(db, shape: shape, source: .ids(ids), scanned: scanned)
            var result = RecordRows(json: level.json, dependencies: level.dependencies)
            for row in level.rows { result.rows[row.id] = row.range }
            return result
        }
    }

    /// Where a level's rows come from.
    private enum Source {
        /// The records themselves, by id.
        case ids([Int])
        /// The rows whose `column` is one of `parents` (through its index, when it has one).
        case parents([Int], column: String, orderBy: [String])
        /// The rows at these rowids, in this order, each still belonging to the parent beside it.
        case rowids([(parent: Int, rowid: Int)], column: String)
    }

    /// One level's rows, complete with their nested arrays, grouped by parent in the order
    /// they are written.
    private struct Level {
        var json = RowJSONWriter()
        var rows: [(parent: Int, id: Int, range: Range<Int>)] = []
        /// The records named, by the parent of the row that names them (for the records
        /// themselves: their own id).
        var dependencies: [(owner: Int, ref: OMSRef)] = []
    }

    private func fetch(_ db: Database, shape: OMSRecordShape, source: Source, scanned: [Int: ScannedRows]) throws -> Level {
        var raw = try RawRows(db, shape: shape, source: source)
        guard !shape.nested.isEmpty else {
            return Level(json: raw.json, rows: raw.rows.map { ($0.parent, $0.id, $0.range) }, dependencies: raw.dependencies)
        }
        // The nested rows of every row of this level, and who each of them names.
        let ids = raw.rows.map(\.id)
        var children: [Level] = []
        for (index, nested) in shape.nested.enumerated() {
            let source: Source
            if let scan = scanned[index] {
                source = .rowids(scan.rows(forParentsIn: ids), column: nested.parentColumn)
            } else {
                source = .parents(ids, column: nested.parentColumn, orderBy: nested.orderBy)
            }
            children.append(try fetch(db, shape: nested.shape, source: source, scanned: [:]))
        }
        let parentOfRow = Dictionary(raw.rows.map { ($0.id, $0.parent) }, uniquingKeysWith: { first, _ in first })
        for child in children {
            for dependency in child.dependencies {
                if let owner = parentOfRow[dependency.owner] { raw.dependencies.append((owner, dependency.ref)) }
            }
        }
        let childRanges = children.map(Self.rowsByParent)
        let nestedKeys = shape.nested.map { Array("\"\($0.key)\":[".utf8) }
        var level = Level(json: RowJSONWriter(capacity: raw.json.count + children.reduce(0) { $0 + $1.json.count } + 64))
        level.dependencies = raw.dependencies
        for row in raw.rows {
            let start = level.json.count
            var from = row.range.lowerBound
            for (position, nestedIndex) in raw.nestedOrder.enumerated() {
                let split = raw.splits[row.firstSplit + position]
                level.json.append(raw.json, from..<split)
                level.json.append(nestedKeys[nestedIndex])
                let child = children[nestedIndex]
                for (offset, childRow) in (childRanges[nestedIndex][row.id] ?? 0..<0).enumerated() {
                    if offset > 0 { level.json.append(ascii: ",") }
                    level.json.append(child.json, child.rows[childRow].range)
                }
                level.json.append(ascii: "]")
                from = split
            }
            level.json.append(raw.json, from..<row.range.upperBound)
            level.rows.append((row.parent, row.id, start..<level.json.count))
        }
        return level
    }

    /// The rows of `level` of each parent: contiguous, because every source groups by parent.
    private static func rowsByParent(_ level: Level) -> [Int: Range<Int>] {
        var ranges: [Int: Range<Int>] = [:]
        var start = 0
        for index in level.rows.indices where index == level.rows.count - 1 || level.rows[index + 1].parent != level.rows[index].parent {
            ranges[level.rows[index].parent] = start..<index + 1
            start = index + 1
        }
        return ranges
    }

    /// One level's rows as the queries return them, each an object with gaps where its nested
    /// arrays go.
    private struct RawRows {
        var json = RowJSONWriter()
        var rows: [(parent: Int, id: Int, range: Range<Int>, firstSplit: Int)] = []
        var splits: [Int] = []
        var nestedOrder: [Int] = []
        var dependencies: [(owner: Int, ref: OMSRef)] = []

        init(_ db: Database, shape: OMSRecordShape, source: Source) throws {
            json = RowJSONWriter(capacity: 64 * 1024)
            var byRowid: [Int: Int] = [:]
            switch source {
            case .ids(let ids):
                try select(db, shape: shape, key: "id", values: ids, orderBy: ["id"], parentColumn: "id", byRowid: &byRowid)
            case .parents(let parents, let column, let orderBy):
                try select(
                    db, shape: shape, key: column, values: parents, orderBy: [column] + orderBy, parentColumn: column, byRowid: &byRowid)
            case .rowids(let scanned, let column):
                // Read by rowid (in any order), then put in the order the scan found. A row that
                // moved to another parent since the scan is left for the next run, which takes
                // the change that moved it.
                try select(
                    db, shape: shape, key: "rowid", values: scanned.map(\.rowid), orderBy: [], parentColumn: column, byRowid: &byRowid)
                let found = rows
                rows = scanned.compactMap { entry in
                    byRowid[entry.rowid].map { found[$0] }.flatMap { $0.parent == entry.parent ? $0 : nil }
                }
            }
        }

        /// The most ids one statement looks up; every lookup statement has exactly this many
        /// parameters (the last slice repeats its last id), so it is prepared once.
        static let sliceSize = 500

        /// Reads the rows whose `key` is one of `values`. When the values are dense (a first
        /// sync's chunks are runs of ids), one range query read in order and filtered here costs
        /// far less than a b-tree lookup each; otherwise lookups, a slice at a time.
        private mutating func select(
            _ db: Database, shape: OMSRecordShape, key: String, values: [Int], orderBy: [String], parentColumn: String,
            byRowid: inout [Int: Int]
        ) throws {
            guard let low = values.min(), let high = values.max() else { return }
            let order = orderBy.isEmpty ? "" : " ORDER BY " + orderBy.joined(separator: ", ")
            let withRowid = key == "rowid"
            let select = "SELECT *\(withRowid ? ", rowid" : "") FROM \(shape.table) WHERE \(key)"
            let (span, overflow) = high.subtractingReportingOverflow(low)
            if !overflow, span < 2 * values.count {
                try read(
                    db, shape: shape, parentColumn: parentColumn, sql: select + " BETWEEN ? AND ?" + order, arguments: [low, high],
                    withRowid: withRowid, keep: (key, Set(values)), byRowid: &byRowid)
                return
            }
            let marks = String(repeating: "?,", count: Self.sliceSize - 1) + "?"
            for slice in values.slices(of: Self.sliceSize) {
                var arguments = Array(slice)
                arguments += repeatElement(arguments[arguments.count - 1], count: Self.sliceSize - arguments.count)
                try read(
                    db, shape: shape, parentColumn: parentColumn, sql: select + " IN (\(marks))" + order, arguments: arguments,
                    withRowid: withRowid, keep: nil, byRowid: &byRowid)
            }
        }

        /// Runs `sql` and writes each row; with `keep`, only rows whose column `keep.column`
        /// holds one of `keep.values`. `withRowid`: the last column is the rowid, noted in
        /// `byRowid` (rowid -> row index) and not written.
        private mutating func read(
            _ db: Database, shape: OMSRecordShape, parentColumn: String, sql: String, arguments: [Int], withRowid: Bool,
            keep: (column: String, values: Set<Int>)?, byRowid: inout [Int: Int]
        ) throws {
            let statement = try db.cachedStatement(sql: sql)
            var columns = statement.columnNames
            let rowidIndex: Int32? = withRowid ? Int32(columns.count - 1) : nil
            if rowidIndex != nil { columns.removeLast() }
            let layout = RowLayout(columns: columns, nestedKeys: shape.nested.map(\.key))
            nestedOrder = layout.nestedOrder
            let parentIndex = columns.firstIndex(of: parentColumn).map(Int32.init)
            let idIndex = columns.firstIndex(of: "id").map(Int32.init)
            let keepIndex = keep.flatMap { keep in
                keep.column == "rowid" ? rowidIndex : columns.firstIndex(of: keep.column).map(Int32.init)
            }
            let references = shape.references.compactMap { reference in
                columns.firstIndex(of: reference.column).map { (Int32($0), reference.entity) }
            }
            let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(arguments))
            let sqlite = statement.sqliteStatement
            while try cursor.next() != nil {
                if let keep {
                    guard let value = keepIndex.flatMap({ Self.integer(sqlite, $0) }), keep.values.contains(value) else { continue }
                }
                let parent = parentIndex.flatMap { Self.integer(sqlite, $0) } ?? -1
                let id = idIndex.flatMap { Self.integer(sqlite, $0) } ?? 0
                let start = json.count
                let firstSplit = splits.count
                layout.write(sqlite, into: &json, splits: &splits)
                if let rowidIndex { byRowid[Int(sqlite3_column_int64(sqlite, rowidIndex))] = rows.count }
                rows.append((parent, id, start..<json.count, firstSplit))
                for (index, entity) in references {
                    if let value = Self.integer(sqlite, index) { dependencies.append((parent, OMSRef(entity, value))) }
                }
            }
        }

        /// The column's value when it is an integer (a NULL or text id names nothing).
        private static func integer(_ statement: SQLiteStatement, _ column: Int32) -> Int? {
            sqlite3_column_type(statement, column) == SQLITE_INTEGER ? Int(sqlite3_column_int64(statement, column)) : nil
        }
    }

    /// A nested table's rows for the wanted records, from one scan: parent ids ascending, each
    /// parent's rows in the order they are written.
    private struct ScannedRows {
        var parents: [Int] = []
        var rowids: [Int] = []

        init(_ db: Database, nested: OMSRecordShape.Nested, wanted: Set<Int>) throws {
            guard let low = wanted.min(), let high = wanted.max() else { return }
            let order = ([nested.parentColumn] + nested.orderBy).joined(separator: ", ")
            let statement = try db.makeStatement(
                sql: """
                    SELECT \(nested.parentColumn), rowid FROM \(nested.shape.table)
                    WHERE \(nested.parentColumn) BETWEEN ? AND ? ORDER BY \(order)
                    """)
            let cursor = try Row.fetchCursor(statement, arguments: [low, high])
            let sqlite = statement.sqliteStatement
            while try cursor.next() != nil {
                guard sqlite3_column_type(sqlite, 0) == SQLITE_INTEGER else { continue }
                let parent = Int(sqlite3_column_int64(sqlite, 0))
                guard wanted.contains(parent) else { continue }
                parents.append(parent)
                rowids.append(Int(sqlite3_column_int64(sqlite, 1)))
            }
        }

        /// The rows of `ids` (ascending), in order, each with its parent.
        func rows(forParentsIn ids: [Int]) -> [(parent: Int, rowid: Int)] {
            guard let first = ids.first, let last = ids.last else { return [] }
            let range = parents.partitioningIndex { $0 >= first }..<parents.partitioningIndex { $0 > last }
            return range.map { (parents[$0], rowids[$0]) }
        }
    }
}

extension Array where Element == Int {
    /// Consecutive pieces of at most `size` elements (SQLite limits a statement's parameters).
    func slices(of size: Int) -> [ArraySlice<Int>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }

    /// The first index whose element satisfies `belongs` (elements that do come after all that do not).
    func partitioningIndex(where belongs: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
