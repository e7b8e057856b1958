import Foundation
import QBSyncJSON

/// Fails closed when any outgoing string carries a PHI value of the run's records. Values are
/// compared normalised (case, blanks, punctuation; phone-like values by their digits); free text
/// is also matched by its long words and word runs. A value that the run also carries in a
/// column that is not PHI (a payer's city, an item's name) is not a leak. Findings name the
/// field and the OMS reference, never the value.
public struct LeakCheck {
    /// A PHI value found where it must not be.
    public struct Finding: Equatable, Sendable {
        /// Where it was found: `batches/0003.json b7 Invoice.Line[0].Description`.
        public var location: String
        /// The OMS record and column whose value it is: `patient:12 last_name`.
        public var source: String
    }

    /// PHI columns per entity: everything HIPAA Safe Harbor counts, and every free-text column.
    static let phiColumns: [String: [String]] = [
        "patient": [
            "chart_number", "first_name", "middle_name", "last_name", "date_of_birth", "address1", "address2", "city",
            "postal_code", "home_phone", "mobile_phone", "email", "insurance_member_id", "notes",
        ],
        "sale": ["memo"],
        "sale_line": ["description", "serial_number"],
        "payment": ["memo", "reference"],
        "return": ["reason"],
        "return_line": ["serial_number"],
        "refund": ["memo"],
        "write_off": ["reason"],
    ]

    /// Hash of a normalised PHI value -> the first OMS record and column that holds it (packed:
    /// see `pack`). Matching hashes every word run of an outgoing string, so the check costs
    /// in proportion to what goes out, not to (values x strings), and holds eight bytes a
    /// value, not the value: a first synchronization carries a million records.
    private var needles = NeedleTable()
    /// Digit-only needles (phone, member, chart, serial numbers), matched against the digits of
    /// an outgoing string.
    private var digitNeedles = NeedleTable()
    /// Short numbers (a postal code, a short chart number): matched only in a string of numbers
    /// (`95608`, `95608-1234`), never as a word of text, where a record number equals them
    /// (`qbsync sale:95608`) once a history reaches five-digit ids.
    private var shortNumberNeedles = NeedleTable()
    /// The most words any needle has.
    private var maxWords = 1
    /// Hashes of the word runs of values the run carries in columns that are not PHI (payers,
    /// items, locations, payment methods): such a value is not a leak where it goes out.
    private var legitimate = NeedleTable()
    /// Strings found clean since the needles last changed, kept from scan to scan (account, item
    /// and class names, dates, a patient's pseudonym go out on document after document). Any
    /// change to the needles starts a new one, so copies that share one hold the same needles;
    /// it also stands for those needles in each `Memo` filled against them.
    private var memo = CleanStrings()
    /// Strings a memo keeps at most before it starts over.
    private static let memoLimit = 20_000

    /// The memo the copies of one set of needles share, for `scan(_:location:)`: one scan holds
    /// it at a time, and a scan that finds it held (the same check read on another thread) keeps
    /// a memo of its own for that value instead of waiting, so a check may be read from any
    /// number of threads at once.
    fileprivate final class CleanStrings: @unchecked Sendable {
        let lock = NSLock()
        /// Touched only with `lock` held.
        var strings: Set<String> = []
    }

    /// Strings one scanner found clean, kept from value to value: a mapping worker holds its own
    /// and so never waits for another. A memo filled against other needles (the check took in
    /// more records since) starts over at the next scan, so it never hides a newer needle.
    struct Memo {
        fileprivate var needles: CleanStrings?
        fileprivate var strings: Set<String> = []
    }

    /// Collects the PHI values of `records`, less those that also stand in non-PHI columns (payers,
    /// items, locations, payment methods), where they legitimately go out.
    init(records: [ExtractedRecord], reference: JSONValue) {
        self.init()
        absorb(Self.harvest(records))
        addReference(reference)
    }

    /// An empty check, to fill a chunk of records at a time with `add` and `addReference`; it
    /// can scan at any point, against what it holds so far.
    init() {}

    /// Takes in one record's PHI values (or, for payers and items, the values that may go out).
    mutating func add(_ record: ExtractedRecord) {
        absorb(Self.harvest([record]))
    }

    /// Records' PHI values and allowed values as hashes, in record order: the costly half of
    /// `add`, which a stage can work out on another thread while it maps the records before.
    struct Harvest: Sendable {
        enum Entry: Sendable {
            case needle(hash: UInt64, source: UInt64, kind: NeedleKind, words: Int)
            /// A word run of a value that goes out legitimately.
            case allowed(UInt64)
        }

        enum NeedleKind: Sendable { case text, digits, shortNumber }

        fileprivate(set) var entries: [Entry] = []
    }

    static func harvest(_ records: [ExtractedRecord]) -> Harvest {
        var harvest = Harvest()
        var cut = CutValues()
        func collect(_ row: JSONValue, columns: [String], ref: OMSRef) {
            for column in columns {
                guard let text = row[column]?.stringValue else { continue }
                let source = pack(ref, column: column)
                forEachNeedle(in: text, column: column, cut: &cut) { needle in
                    let hash = RunHash.of(needle)
                    // All ASCII digits: as many characters as bytes.
                    let allDigits = needle.allSatisfy { (0x30...0x39).contains($0) }
                    if allDigits, needle.count < 7 {
                        harvest.entries.append(.needle(hash: hash, source: source, kind: .shortNumber, words: 1))
                        return
                    }
                    if allDigits {
                        harvest.entries.append(.needle(hash: hash, source: source, kind: .digits, words: 1))
                    }
                    let words = min(needle.count { $0 == UInt8(ascii: " ") } + 1, maxRunWords)
                    harvest.entries.append(.needle(hash: hash, source: source, kind: .text, words: words))
                }
            }
        }
        for record in records {
            let entity = record.ref.entity
            collect(record.row, columns: phiColumns[entity] ?? [], ref: record.ref)
            for line in record.row["lines"]?.arrayValue ?? [] {
                collect(line, columns: phiColumns[entity == "sale" ? "sale_line" : "return_line"] ?? [], ref: record.ref)
            }
            if entity == "payer" || entity == "item" {
                for (_, value) in record.row.objectValue ?? [:] {
                    guard let text = value.stringValue else { continue }
                    forEachWordRunHash(in: normalizedBytes(text), upTo: maxRunWords) { harvest.entries.append(.allowed($0)) }
                }
            }
        }
        return harvest
    }

    /// Takes in what `harvest` worked out, as `add` would have record by record.
    mutating func absorb(_ harvest: Harvest) {
        forgetClean()
        for entry in harvest.entries {
            switch entry {
            case .needle(let hash, let source, let kind, let words):
                guard !legitimate.contains(hash) else { continue }
                switch kind {
                case .shortNumber: if shortNumberNeedles[hash] == nil { shortNumberNeedles[hash] = source }
                case .digits: if digitNeedles[hash] == nil { digitNeedles[hash] = source }
                case .text:
                    if needles[hash] == nil { needles[hash] = source }
                    maxWords = max(maxWords, words)
                }
            case .allowed(let hash):
                allowHash(hash)
            }
        }
    }

    /// Takes in the reference tables: location and payment-method names go out legitimately.
    mutating func addReference(_ reference: JSONValue) {
        forgetClean()
        for table in ["locations", "payment_methods"] {
            for row in reference[table]?.arrayValue ?? [] {
                if let name = row["name"]?.stringValue { allow(name) }
            }
        }
    }

    /// A value the run also carries in a column that is not PHI (a patient's city that is also
    /// a clinic's name, a description that repeats the item's name) is not a leak there, whether
    /// it was collected before or after.
    private mutating func allow(_ text: String) {
        Self.forEachWordRunHash(in: Self.normalizedBytes(text), upTo: Self.maxRunWords) { allowHash($0) }
    }

    private mutating func allowHash(_ hash: UInt64) {
        legitimate[hash] = 1
        needles[hash] = nil
        digitNeedles[hash] = nil
        shortNumberNeedles[hash] = nil
    }

    /// Where a needle comes from, packed in 64 bits: entity, column, record id.
    private static let columnNames: [String] = Array(Set(phiColumns.values.joined())).sorted()

    private static func pack(_ ref: OMSRef, column: String) -> UInt64 {
        let entity = UInt64(OMSRef.entities.firstIndex(of: ref.entity) ?? 255)
        let columnIndex = UInt64(columnNames.firstIndex(of: column) ?? 255)
        return entity << 56 | columnIndex << 48 | (UInt64(truncatingIfNeeded: ref.id) & 0xFFFF_FFFF_FFFF)
    }

    static func unpack(_ packed: UInt64) -> String {
        let entity = Int(packed >> 56)
        let column = Int((packed >> 48) & 0xFF)
        let id = packed & 0xFFFF_FFFF_FFFF
        let entityName = entity < OMSRef.entities.count ? OMSRef.entities[entity] : "record"
        let columnName = column < columnNames.count ? columnNames[column] : "column"
        return "\(entityName):\(id) \(columnName)"
    }

    /// A 64-bit hash of bytes, extended a byte at a time (FNV-1a), so a run of words is hashed
    /// by extending the hash of the run one word shorter.
    struct RunHash {
        private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

        mutating func add(_ byte: UInt8) {
            state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }

        /// The finished hash (FNV's low bits mixed, so near-identical runs spread out).
        var value: UInt64 {
            var z = state &+ 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        static func of<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
            var hash = RunHash()
            hash.add(contentsOf: bytes)
            return hash.value
        }

        mutating func add<Bytes: Sequence<UInt8>>(contentsOf bytes: Bytes) {
            for byte in bytes { add(byte) }
        }
    }

    /// Calls `body` with the hash of every run of 1...`limit` consecutive words of normalised
    /// bytes (words separated by single blanks, as `normalizedBytes` gives them).
    static func forEachWordRunHash(in normalized: [UInt8], upTo limit: Int, _ body: (UInt64) -> Void) {
        let blank = UInt8(ascii: " ")
        normalized.withUnsafeBufferPointer { bytes in
            // Each word in turn begins runs of one word, two, ... up to `limit`.
            var start = 0
            while start < bytes.count {
                var hash = RunHash()
                var words = 0
                var nextStart = bytes.count
                var position = start
                while true {
                    guard position == bytes.count || bytes[position] == blank else {
                        hash.add(bytes[position])
                        position += 1
                        continue
                    }
                    words += 1
                    body(hash.value)
                    if words == 1 { nextStart = position + 1 }
                    if words == limit || position == bytes.count { break }
                    hash.add(blank)
                    position += 1
                }
                start = nextStart
            }
        }
    }

    /// Columns of numbers people write with punctuation: looked for by their digits too.
    private static let numberColumns: Set<String> = [
        "home_phone", "mobile_phone", "chart_number", "insurance_member_id", "serial_number", "reference",
    ]
    /// Free-text columns: looked for by their three-word runs.
    private static let textColumns: Set<String> = ["notes", "memo", "description", "reason"]

    /// The longest run of words a needle has: longer values are matched by their three-word runs.
    static let maxRunWords = 8

    /// What to look for: the whole value normalised; for phone-like values the digits; for free
    /// text each word run of three words and each long word (a name inside a note).
    static func needles(for text: String, column: String) -> [String] {
        let normalized = normalize(text)
        guard !normalized.isEmpty else { return [] }
        var result: [String] = []
        if numberColumns.contains(column) {
            // A number written with punctuation ("(555) 123-4567") is also looked for by its digits;
            // the digits of a code with letters in it ("2612V4534") mean nothing on their own.
            let digits = text.filter(\.isNumber)
            if digits.count >= 7, text.allSatisfy({ $0.isNumber || " -.()/+".contains($0) }) { result.append(String(digits)) }
        }
        let words = normalized.split(separator: " ")
        // A long value is looked for by its three-word runs, so an outgoing string is cut into
        // runs of at most `maxRunWords` words, whatever the length of the notes.
        if (normalized.count >= 3 || column.hasSuffix("name")) && words.count <= maxRunWords { result.append(normalized) }
        if textColumns.contains(column) || words.count > maxRunWords {
            if words.count >= 3 {
                for start in 0...(words.count - 3) {
                    let run = words[start..<start + 3]
                    // Three numbers in a note ("on 2026 03 12") are a date or an amount the books
                    // carry anyway; identifying numbers are matched by their own columns' digits.
                    if run.allSatisfy({ $0.allSatisfy(\.isNumber) }) { continue }
                    result.append(run.joined(separator: " "))
                }
            }
        }
        return result
    }

    /// Calls `body` with the UTF-8 bytes of each of `needles(for: text, column: column)`, in
    /// that order. Plain ASCII (nearly every OMS value) is cut into needles on its bytes, with no
    /// string made for each: harvesting a million records' values was a tenth of the mapping
    /// workers' time. Anything else goes through `needles(for:column:)`.
    static func forEachNeedle(in text: String, column: String, cut: inout CutValues, _ body: (ArraySlice<UInt8>) -> Void) {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            for needle in cut.needles(for: text, column: column) { body(needle[...]) }
            return
        }
        let normalized = normalizedBytes(text)
        guard !normalized.isEmpty else { return }
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        if numberColumns.contains(column) {
            var digits: [UInt8] = []
            var onlyNumberPunctuation = true
            for byte in text.utf8 {
                if isDigit(byte) {
                    digits.append(byte)
                } else if !isNumberPunctuation(byte) {
                    onlyNumberPunctuation = false
                }
            }
            if digits.count >= 7, onlyNumberPunctuation { body(digits[...]) }
        }
        // Words are separated by single blanks: each starts after one.
        var starts = [0]
        for index in normalized.indices where normalized[index] == UInt8(ascii: " ") { starts.append(index + 1) }
        let words = starts.count
        func end(ofWord word: Int) -> Int { word + 1 < words ? starts[word + 1] - 1 : normalized.count }
        if (normalized.count >= 3 || column.hasSuffix("name")) && words <= maxRunWords { body(normalized[...]) }
        guard textColumns.contains(column) || words > maxRunWords, words >= 3 else { return }
        for start in 0...(words - 3) {
            let numbersOnly = (start..<start + 3).allSatisfy { word in
                normalized[starts[word]..<end(ofWord: word)].allSatisfy(isDigit)
            }
            if numbersOnly { continue }
            body(normalized[starts[start]..<end(ofWord: start + 2)])
        }
    }

    /// The needles of values beyond plain ASCII, kept while one batch of records is harvested:
    /// Unicode folding is slow, and the same accented names recur from patient to patient.
    struct CutValues {
        private var needles: [String: [[UInt8]]] = [:]

        mutating func needles(for text: String, column: String) -> [[UInt8]] {
            let key = column + "\u{1F}" + text
            if let known = needles[key] { return known }
            let cut = LeakCheck.needles(for: text, column: column).map { Array($0.utf8) }
            needles[key] = cut
            return cut
        }
    }

    /// Whether `byte` is one of the punctuation of written numbers, ` -.()/+`.
    private static func isNumberPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "/"), UInt8(ascii: "+"): true
        default: false
        }
    }

    /// Lower case without accents, letters and digits only (apostrophes join, `O'Brien` ->
    /// `obrien`), words separated by single blanks.
    static func normalize(_ text: String) -> String {
        String(decoding: normalizedBytes(text), as: UTF8.self)
    }

    /// `normalize(text)` as UTF-8 bytes. Plain ASCII (nearly every outgoing string: amounts,
    /// dates, ids, item names) is folded byte by byte; anything else goes through Unicode folding.
    static func normalizedBytes(_ text: String) -> [UInt8] {
        var text = text
        if let ascii = text.withUTF8({ bytes -> [UInt8]? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "'"): continue
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if pendingSpace, !out.isEmpty { out.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    out.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    if pendingSpace, !out.isEmpty { out.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    out.append(byte + 32)
                default:
                    pendingSpace = true
                }
            }
            return out
        }) {
            return ascii
        }
        var out = ""
        var pendingSpace = false
        for character in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased() {
            if character == "'" || character == "\u{2019}" { continue }
            if character.isLetter || character.isNumber {
                if pendingSpace, !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(character)
            } else {
                pendingSpace = true
            }
        }
        return Array(out.utf8)
    }

    /// Every finding in one outgoing JSON value; `location` prefixes the field path.
    func scan(_ value: JSONValue, location: String) -> [Finding] {
        let shared = memo
        guard shared.lock.try() else {
            var own = Memo()
            return scan(value, location: location, memo: &own)
        }
        defer { shared.lock.unlock() }
        if shared.strings.count > Self.memoLimit { shared.strings.removeAll(keepingCapacity: true) }
        return findings(in: value, location: location, clean: &shared.strings)
    }

    /// `scan(_:location:)` with the scanner's own memo, and the location worked out only for a
    /// finding: what a mapping worker calls for each body it renders.
    func scan(_ value: JSONValue, location: @autoclosure () -> String, memo: inout Memo) -> [Finding] {
        refresh(&memo)
        return findings(in: value, location: location(), clean: &memo.strings)
    }

    /// Empties `memo` when it was filled against other needles or is past its limit; emptied,
    /// not made anew, so a memo that grew to its limit keeps its room.
    private func refresh(_ memo: inout Memo) {
        guard memo.needles !== self.memo || memo.strings.count > Self.memoLimit else { return }
        memo.needles = self.memo
        memo.strings.removeAll(keepingCapacity: true)
    }

    /// What `scan(_:location:memo:)` finds in a value given as its texts (`texts` calls its
    /// argument with each text and its path), in the order of the sorted walk and none in an id
    /// position: the same strings checked, the same findings in the same order, without a JSON
    /// value made to be walked.
    func scan(
        texts: ((_ text: String, _ path: () -> String) -> Void) -> Void, location: @autoclosure () -> String, memo: inout Memo
    ) -> [Finding] {
        refresh(&memo)
        var found: [(path: String, source: UInt64)] = []
        texts { text, path in
            // As the walk: taken for clean first, taken out again with a finding.
            guard memo.strings.insert(text).inserted else { return }
            if let source = source(of: text) {
                memo.strings.remove(text)
                found.append((path(), source))
            }
        }
        return found.map { Finding(location: location() + $0.path, source: Self.unpack($0.source)) }
    }

    /// Walks `value` in its members' stored order, which costs no sorting and no second look-up
    /// of each member; only a value with a finding is walked again in the order of its members'
    /// names, so findings are always listed in the same order. Whether a string is a finding does
    /// not depend on the order it is met in.
    private func findings(in value: JSONValue, location: @autoclosure () -> String, clean: inout Set<String>) -> [Finding] {
        var findings: [Finding] = []
        walk(value, path: location, member: nil, parent: nil, sorted: false, clean: &clean, into: &findings)
        guard !findings.isEmpty else { return [] }
        findings = []
        walk(value, path: location, member: nil, parent: nil, sorted: true, clean: &clean, into: &findings)
        return findings
    }

    /// New needles: what was found clean before may not be now. Copies scanning elsewhere keep
    /// the old memo with the old needles.
    private mutating func forgetClean() {
        memo = CleanStrings()
    }

    /// The source of the first needle `text` carries, if any.
    func source(of text: String) -> UInt64? {
        var found: UInt64?
        let normalized = Self.normalizedBytes(text)
        Self.forEachWordRunHash(in: normalized, upTo: maxWords) { run in
            if found == nil, let source = needles[run] { found = source }
        }
        if found == nil, !shortNumberNeedles.isEmpty, normalized.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x20 }) {
            Self.forEachWordRunHash(in: normalized, upTo: 1) { word in
                if found == nil, let source = shortNumberNeedles[word] { found = source }
            }
        }
        guard found == nil, !digitNeedles.isEmpty else { return found }
        // Digit needles have seven digits or more: plain ASCII text with fewer cannot hold one.
        var text = text
        let ascii: UInt64?? = text.withUTF8 { bytes in
            var digits = 0
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if (0x30...0x39).contains(byte) { digits += 1 }
            }
            return digits < 7 ? .some(nil) : digitSource(ascii: bytes)
        }
        if let ascii { return ascii }
        // Digit groups joined along their boundaries: "(555) 123-4567" and "555.123.4567" both
        // give 5551234567, but a number inside a longer one (a serial number's digits inside a
        // document number) is not taken for it. Groups join only across the punctuation people
        // write numbers with.
        var groups: [[UInt8]] = []
        func check() {
            for start in groups.indices where found == nil {
                var hash = RunHash()
                var length = 0
                for group in groups[start...] {
                    for digit in group { hash.add(digit) }
                    length += group.count
                    if let source = digitNeedles[hash.value] { found = source }
                    if found != nil || length >= 32 { break }
                }
            }
            groups = []
        }
        var current: [UInt8] = []
        for scalar in text.unicodeScalars {
            if let digit = Self.asciiDigit(scalar) {
                current.append(digit)
                continue
            }
            if !current.isEmpty { groups.append(current) }
            current = []
            // Anything but the punctuation of written numbers ends a segment.
            if !" -.()/+".unicodeScalars.contains(scalar), scalar.isASCII || !Character(scalar).isNumber { check() }
        }
        if !current.isEmpty { groups.append(current) }
        check()
        return found
    }

    /// The digit-needle part of `source(of:)` for plain ASCII (dates, document numbers and
    /// amounts in words have seven digits or more): the same groups joined the same way, read
    /// in place from the text's bytes instead of being copied out group by group.
    private func digitSource(ascii bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func joins(_ byte: UInt8) -> Bool { isDigit(byte) || Self.isNumberPunctuation(byte) }
        var position = 0
        while position < bytes.count {
            // A segment: digits and the punctuation of written numbers, ended by anything else.
            guard joins(bytes[position]) else {
                position += 1
                continue
            }
            let segmentStart = position
            while position < bytes.count, joins(bytes[position]) { position += 1 }
            let segmentEnd = position
            // Each group of digits in turn begins a run of groups, joined until 32 digits.
            var groupStart = segmentStart
            while groupStart < segmentEnd {
                guard isDigit(bytes[groupStart]) else {
                    groupStart += 1
                    continue
                }
                var hash = RunHash()
                var length = 0
                var at = groupStart
                while at < segmentEnd {
                    guard isDigit(bytes[at]) else {
                        at += 1
                        continue
                    }
                    hash.add(bytes[at])
                    length += 1
                    at += 1
                    guard at == segmentEnd || !isDigit(bytes[at]) else { continue }
                    if let source = digitNeedles[hash.value] { return source }
                    if length >= 32 { break }
                }
                while groupStart < segmentEnd, isDigit(bytes[groupStart]) { groupStart += 1 }
            }
        }
        return nil
    }

    /// A digit as its ASCII byte (other scripts' digits count as their value, as `isNumber` did).
    private static func asciiDigit(_ scalar: Unicode.Scalar) -> UInt8? {
        if (0x30...0x39).contains(scalar.value) { return UInt8(scalar.value) }
        guard scalar.value >= 0x80, let value = scalar.properties.numericType == .decimal ? scalar.properties.numericValue : nil,
            (0...9).contains(value)
        else { return nil }
        return UInt8(ascii: "0") + UInt8(value)
    }

    /// Walks strings only; the path text is built only for a finding.
    /// `clean` holds the strings already found clean (the memo).
    /// A placeholder in an id position (`"CustomerRef": {"value": "@customer patient:12"}`) is
    /// replaced by a QuickBooks id before anything is sent, so its words are not checked (a
    /// patient number is not the postal code it happens to equal).
    private func walk(
        _ value: JSONValue, path: () -> String, member: String?, parent: String?, sorted: Bool, clean: inout Set<String>,
        into findings: inout [Finding]
    ) {
        switch value {
        case .string(let text):
            // Taken for clean first, which hashes a new string once (not a look-up, then an
            // insert); a string with a finding is taken out again, so the memo never holds one.
            guard !Placeholder.isResolved(text, member: member, parent: parent), clean.insert(text).inserted else { return }
            if let found = source(of: text) {
                clean.remove(text)
                findings.append(Finding(location: path(), source: Self.unpack(found)))
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                walk(element, path: { "\(path())[\(index)]" }, member: member, parent: parent, sorted: sorted, clean: &clean, into: &findings)
            }
        case .object(let members):
            func visit(_ name: String, _ element: JSONValue) {
                walk(element, path: { "\(path()).\(name)" }, member: name, parent: member, sorted: sorted, clean: &clean, into: &findings)
            }
            if sorted {
                for name in members.keys.sorted() { visit(name, members[name]!) }
            } else {
                for (name, element) in members { visit(name, element) }
            }
        default:
            break
        }
    }
}
