import Foundation
import QBSyncJSON

/// The warnings a document can carry, one bit each, in the order a document lists them.
struct ReviewFlags: OptionSet, Sendable {
    let rawValue: UInt16

    static let badDate = ReviewFlags(rawValue: 1 << 0)
    static let closedPeriod = ReviewFlags(rawValue: 1 << 1)
    static let farFromRunDate = ReviewFlags(rawValue: 1 << 2)
    static let duplicateInQuickBooks = ReviewFlags(rawValue: 1 << 3)
    static let overpayment = ReviewFlags(rawValue: 1 << 4)
    static let zeroOrNegative = ReviewFlags(rawValue: 1 << 5)
    static let differsFromOMS = ReviewFlags(rawValue: 1 << 6)
    static let duplicateInRun = ReviewFlags(rawValue: 1 << 7)
    static let unusuallyLarge = ReviewFlags(rawValue: 1 << 8)
    /// A document number shortened or made unique.
    static let fallback = ReviewFlags(rawValue: 1 << 9)
    /// Lines without a class (the same warning code as a shortened number).
    static let fallbackClass = ReviewFlags(rawValue: 1 << 10)

    /// Every flag with its warning code, in listing order.
    static let codes: [(flag: ReviewFlags, code: String)] = [
        (.badDate, "bad-date"), (.closedPeriod, "closed-period"), (.farFromRunDate, "far-from-run-date"),
        (.duplicateInQuickBooks, "duplicate-in-quickbooks"), (.overpayment, "overpayment"), (.zeroOrNegative, "zero-or-negative"),
        (.differsFromOMS, "differs-from-oms"), (.duplicateInRun, "duplicate-in-run"), (.unusuallyLarge, "unusually-large"),
        (.fallback, "fallback"), (.fallbackClass, "fallback"),
    ]

    /// The warning code of a single flag.
    var code: String { Self.codes.first { $0.flag == self }?.code ?? "" }

    /// The codes of the flags set, in listing order, each once.
    var codes: [String] {
        var seen: Set<String> = []
        return Self.codes.filter { contains($0.flag) && seen.insert($0.code).inserted }.map(\.code)
    }
}

/// A review's documents, kept on disk a compact JSON line each, with what ordering and the
/// run-wide checks need kept in memory (a few dozen bytes a document): a first synchronization
/// reviews hundreds of thousands of documents, and a stage's memory must not grow with the
/// history. Documents come back one at a time, in a reader's order: by date, then kind, then
/// the order they were added (the load's order).
final class ReviewDocumentStore {
    /// 24 bytes a document.
    struct Entry {
        var offset: Int
        var length: UInt32
        /// The date as a number that sorts as the text does (`20261014`); -1 for none, 0 for
        /// text that is not a date (those sort after undated documents, before dated ones).
        var day: Int32
        var flags: ReviewFlags
        var kind: UInt8
    }

    private let spill: SpillFile
    private(set) var entries: [Entry] = []
    private var kindNames: [String] = []
    private var kindCodes: [String: UInt8] = [:]

    init() throws {
        spill = try SpillFile()
    }

    var count: Int { entries.count }

    /// Stores `document` with its flags; returns its ordinal.
    @discardableResult
    func append(_ document: ReviewDocument, flags: ReviewFlags) throws -> Int {
        var bytes: [UInt8] = []
        JSONWriter.appendCompact(document.storedJSON, into: &bytes)
        let offset = try spill.append(bytes)
        let kind: UInt8
        if let code = kindCodes[document.kind] {
            kind = code
        } else {
            kind = UInt8(truncatingIfNeeded: kindNames.count)
            kindNames.append(document.kind)
            kindCodes[document.kind] = kind
        }
        entries.append(Entry(offset: offset, length: UInt32(bytes.count), day: Self.day(document.date), flags: flags, kind: kind))
        return entries.count - 1
    }

    func flag(_ ordinal: Int, _ flags: ReviewFlags) {
        entries[ordinal].flags.formUnion(flags)
    }

    /// The document stored at `ordinal`, its warnings set from its flags.
    func document(_ ordinal: Int) throws -> ReviewDocument {
        let entry = entries[ordinal]
        var document = try ReviewDocument(stored: try JSONParser.parse(bytes: spill.read(at: entry.offset, count: Int(entry.length))))
        document.warnings = entry.flags.codes
        return document
    }

    /// `2026-10-14` -> 20261014.
    private static func day(_ date: String?) -> Int32 {
        guard let date else { return -1 }
        let bytes = Array(date.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return 0 }
        var value: Int32 = 0
        for (index, byte) in bytes.enumerated() where index != 4 && index != 7 {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return 0 }
            value = value * 10 + Int32(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Ordinals in a reader's order: by date (undated first), then kind, then as added.
    func ordered() -> [Int] {
        // Kind codes are given as kinds first appear; their rank is the kinds' alphabetical order.
        var kindRank = [Int](repeating: 0, count: kindNames.count)
        for (rank, code) in kindNames.indices.sorted(by: { kindNames[$0] < kindNames[$1] }).enumerated() { kindRank[code] = rank }
        return entries.indices.sorted { a, b in
            let left = entries[a]
            let right = entries[b]
            if left.day != right.day { return left.day < right.day }
            if left.kind != right.kind { return kindRank[Int(left.kind)] < kindRank[Int(right.kind)] }
            return a < b
        }
    }
}

extension ReviewDocument {
    /// What the store keeps (`json` without the warnings and the derived lists).
    var storedJSON: JSONValue {
        var object = json.objectValue ?? [:]
        for derived in ["warnings", "classes", "accounts"] { object[derived] = nil }
        return .object(object)
    }

    /// A document read back from the store.
    init(stored json: JSONValue) throws {
        func text(_ name: String) throws -> String {
            guard let value = json[name]?.stringValue else { throw ReviewStoreError.missing(name) }
            return value
        }
        let entity = try text("entity")
        guard let status = Status(rawValue: try text("status")) else { throw ReviewStoreError.missing("status") }
        self.init(
            kind: try text("kind"), entity: entity, operation: try text("operation"), status: status, key: try text("key"),
            ref: try text("ref"), batch: try text("batch"), bId: try text("bId"), docNumber: json["doc_number"]?.stringValue,
            customerKey: json["customer_key"]?.stringValue, customer: try text("customer"), date: json["date"]?.stringValue,
            cents: json["amount"]?.centsValue, sign: ReviewBuilder.negativeEntities.contains(entity) ? -1 : 1,
            lines: (json["lines"]?.arrayValue ?? []).map { line in
                ReviewLine(
                    cents: line["amount"]?.centsValue ?? 0, account: line["account"]?.stringValue ?? "",
                    className: line["class"]?.stringValue, item: line["item"]?.stringValue)
            },
            expectedCents: json["oms_amount"]?.centsValue)
        voidedCents = json["voided_amount"]?.centsValue
    }
}

/// A review's own scratch file did not read back.
enum ReviewStoreError: LocalizedError {
    case missing(String)

    var errorDescription: String? {
        switch self {
        case .missing(let field): "the review's scratch file lost a document's \(field): run the stage again"
        }
    }
}
