import GRDB

/// The members of one query's rows in the order they are written: the columns and the nested
/// arrays sorted together by key (UTF-8 byte order, as `JSONWriter` sorts keys), each key
/// prepared once as the bytes `"key":`. Worked out once per query, used for every row.
struct RowLayout {
    /// A member of the row object.
    enum Member {
        /// A column of the statement, by index.
        case column(Int32)
        /// The array of nested rows, by index into the shape's `nested`.
        case nested(Int)
    }

    /// Each member with where its prepared key is in `keys`.
    private(set) var members: [(member: Member, key: Range<Int>)] = []
    /// Every member's key, `"name":`, one after the other.
    private var keys: [UInt8] = []

    /// The layout of rows with `columns` (the statement's first `columns.count` columns) and
    /// the nested arrays `nestedKeys`.
    init(columns: [String], nestedKeys: [String]) {
        var named: [(member: Member, name: String)] = columns.enumerated().map { (.column(Int32($0.offset)), $0.element) }
        named += nestedKeys.enumerated().map { (.nested($0.offset), $0.element) }
        named.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        var json = RowJSONWriter()
        for (member, name) in named {
            let start = json.count
            json.append(quoted: name)
            json.append(ascii: ":")
            members.append((member, start..<json.count))
        }
        keys = json.bytes
    }

    /// Writes the current row of `statement` as an object into `json`, leaving out the nested
    /// arrays: appends to `splits`, for each nested array in member order, the offset where
    /// its member goes (after the comma that precedes it; the member after it brings its own
    /// comma).
    func write(_ statement: SQLiteStatement, into json: inout RowJSONWriter, splits: inout [Int]) {
        json.append(ascii: "{")
        keys.withUnsafeBufferPointer { keys in
            for (position, (member, key)) in members.enumerated() {
                if position > 0 { json.append(ascii: ",") }
                switch member {
                case .column(let index):
                    json.append(UnsafeBufferPointer(rebasing: keys[key]))
                    json.append(column: index, of: statement)
                case .nested:
                    splits.append(json.count)
                }
            }
        }
        json.append(ascii: "}")
    }

    /// The nested arrays' indexes in the order `write` reports their offsets.
    var nestedOrder: [Int] {
        members.compactMap { member in
            if case .nested(let index) = member.member { return index }
            return nil
        }
    }
}
