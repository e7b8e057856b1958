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
        guard !isEmpty else { return [] }
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
        var bytes = StoredDocument.Writer()
        bytes.add(document)
        let offset = try spill.append(bytes.bytes)
        let kind: UInt8
        if let code = kindCodes[document.kind] {
            kind = code
        } else {
            kind = UInt8(truncatingIfNeeded: kindNames.count)
            kindNames.append(document.kind)
            kindCodes[document.kind] = kind
        }
        entries.append(Entry(offset: offset, length: UInt32(bytes.bytes.count), day: Self.day(document.date), flags: flags, kind: kind))
        return entries.count - 1
    }

    func flag(_ ordinal: Int, _ flags: ReviewFlags) {
        entries[ordinal].flags.formUnion(flags)
    }

    /// Writes out what is buffered: `document` may then be called from any number of threads.
    func readyForReading() throws { try spill.flushForReading() }

    /// The document stored at `ordinal`, its warnings set from its flags.
    func document(_ ordinal: Int) throws -> ReviewDocument {
        let entry = entries[ordinal]
        var reader = StoredDocument.Reader(bytes: try spill.read(at: entry.offset, count: Int(entry.length)))
        var document = try reader.document()
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
        // One integer a document that sorts as (day, kind's rank, ordinal) do: 27 bits of day
        // (-1 and 0 made 0 and 1; any eight digits fit), 8 of rank, 29 of ordinal.
        precondition(entries.count < 1 << 29, "a review of more than half a billion documents")
        var keys = [UInt64]()
        keys.reserveCapacity(entries.count)
        for (ordinal, entry) in entries.enumerated() {
            keys.append(UInt64(entry.day + 1) << 37 | UInt64(kindRank[Int(entry.kind)]) << 29 | UInt64(ordinal))
        }
        keys.sort()
        return keys.map { Int($0 & (1 << 29 - 1)) }
    }
}

/// How the store keeps a document: its fields in a fixed order, each text as its length and
/// bytes, each number as eight bytes, an optional one behind a byte saying whether it is there.
/// Written and read back a document at a time a million times in a first synchronization, where
/// JSON (objects built, amounts written as decimals and parsed back) cost the most of the review.
/// The warnings and the lists derived from the lines are not kept.
enum StoredDocument {
    struct Writer {
        var bytes: [UInt8] = []

        mutating func add(_ document: ReviewDocument) {
            for text in [document.kind, document.entity, document.operation, document.status.rawValue, document.key, document.ref] {
                add(text)
            }
            for text in [document.batch, document.bId, document.customer] { add(text) }
            for text in [document.docNumber, document.customerKey, document.date] { add(optional: text) }
            for cents in [document.cents, document.expectedCents, document.voidedCents] { add(optional: cents) }
            add(document.lines.count)
            for line in document.lines {
                add(line.cents)
                add(line.account)
                add(optional: line.className)
                add(optional: line.item)
            }
        }

        private mutating func add(_ number: Int) {
            withUnsafeBytes(of: Int64(number).littleEndian) { bytes.append(contentsOf: $0) }
        }

        private mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in
                add(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }

        private mutating func add(optional text: String?) {
            bytes.append(text == nil ? 0 : 1)
            if let text { add(text) }
        }

        private mutating func add(optional number: Int?) {
            bytes.append(number == nil ? 0 : 1)
            if let number { add(number) }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        private var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func document() throws -> ReviewDocument {
            let (kind, entity, operation, statusText, key, ref) = (try text(), try text(), try text(), try text(), try text(), try text())
            guard let status = ReviewDocument.Status(rawValue: statusText) else { throw ReviewStoreError.missing("status") }
            let (batch, bId, customer) = (try text(), try text(), try text())
            let (docNumber, customerKey, date) = (try optionalText(), try optionalText(), try optionalText())
            let (cents, expectedCents, voidedCents) = (try optionalNumber(), try optionalNumber(), try optionalNumber())
            let count = try number()
            guard count >= 0, count <= bytes.count else { throw ReviewStoreError.missing("lines") }
            var lines: [ReviewLine] = []
            lines.reserveCapacity(count)
            for _ in 0..<count {
                lines.append(ReviewLine(cents: try number(), account: try text(), className: try optionalText(), item: try optionalText()))
            }
            var document = ReviewDocument(
                kind: kind, entity: entity, operation: operation, status: status, key: key, ref: ref, batch: batch, bId: bId,
                docNumber: docNumber, customerKey: customerKey, customer: customer, date: date, cents: cents,
                sign: ReviewBuilder.negativeEntities.contains(entity) ? -1 : 1, lines: lines, expectedCents: expectedCents)
            document.voidedCents = voidedCents
            return document
        }

        private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, position + count <= bytes.count else { throw ReviewStoreError.missing("a field") }
            defer { position += count }
            return bytes[position..<position + count]
        }

        private mutating func number() throws -> Int {
            var value: UInt64 = 0
            for (shift, byte) in try take(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
            return Int(Int64(bitPattern: value))
        }

        private mutating func text() throws -> String {
            String(decoding: try take(try number()), as: UTF8.self)
        }

        private mutating func present() throws -> Bool {
            try take(1).first == 1
        }

        private mutating func optionalText() throws -> String? {
            try present() ? try text() : nil
        }

        private mutating func optionalNumber() throws -> Int? {
            try present() ? try number() : nil
        }
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
