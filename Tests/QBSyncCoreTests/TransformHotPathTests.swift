import Foundation
import Testing
@testable import QBSyncCore
import QBSyncJSON

/// The pieces a first synchronization's transform runs a million times, rewritten for speed:
/// each must give exactly what the plain version gave.
struct TransformHotPathTests {
    static func document(
        _ ordinal: Int, date: String?, kind: String = "Invoice", optionals: Bool = true, lines: Int = 2
    ) -> ReviewDocument {
        var document = ReviewDocument(
            kind: kind, entity: kind == "Credit memo" ? "CreditMemo" : "Invoice", operation: "create", status: .new,
            key: "invoice sale:\(ordinal) patient", ref: "sale:\(ordinal)", batch: "batches/3-documents-0000\(ordinal % 10).json",
            bId: "b\(ordinal)", docNumber: optionals ? "RV-\(ordinal)" : nil, customerKey: optionals ? "customer patient:\(ordinal)" : nil,
            customer: "Patient K7QM-2XH\(ordinal % 10) ünïcode, \"quoted\"", date: date, cents: optionals ? -1_234 + ordinal : nil,
            sign: kind == "Credit memo" ? -1 : 1,
            lines: (0..<lines).map { line in
                ReviewLine(
                    cents: Int.min + line, account: "Sales of hearing aids", className: line == 0 ? nil : "Rancho Viejo",
                    item: optionals ? "Item \(line)" : nil)
            },
            expectedCents: optionals ? Int.max : nil)
        document.voidedCents = optionals ? 0 : nil
        return document
    }

    @Test func theReviewStoreGivesBackEveryDocumentAsItWasAdded() throws {
        let store = try ReviewDocumentStore()
        let documents = [
            Self.document(0, date: "2026-10-14"), Self.document(1, date: nil, optionals: false, lines: 0),
            Self.document(2, date: "not a date", kind: "Credit memo"), Self.document(3, date: "", lines: 30),
        ]
        for document in documents { try store.append(document, flags: []) }
        try store.append(Self.document(4, date: "2026-10-15"), flags: [.overpayment, .fallback, .fallbackClass])
        for (ordinal, document) in documents.enumerated() { #expect(try store.document(ordinal) == document) }
        var flagged = Self.document(4, date: "2026-10-15")
        flagged.warnings = ["overpayment", "fallback"]
        #expect(try store.document(4) == flagged)
    }

    @Test func theReviewStoreOrdersByDayThenKindThenAsAdded() throws {
        let store = try ReviewDocumentStore()
        let added: [(date: String?, kind: String)] = [
            ("2026-10-14", "Payment"), ("9999-12-31", "Invoice"), (nil, "Payment"), ("2026-10-14", "Invoice"), ("soon", "Invoice"),
            ("2026-01-02", "Payment"), (nil, "Invoice"), ("2026-10-14", "Payment"), ("soon", "Credit memo"),
        ]
        for (ordinal, entry) in added.enumerated() { try store.append(Self.document(ordinal, date: entry.date, kind: entry.kind), flags: []) }
        // Undated first, then text that is not a date, then by day; within one, kinds alphabetically, then as added.
        #expect(store.ordered() == [6, 2, 8, 4, 5, 3, 0, 7, 1])
    }

    @Test func datesAreReadStrictly() {
        #expect(SampleCalendar.parse("1970-01-01") == 0)
        #expect(SampleCalendar.parse("2026-12-02") == SampleCalendar.day(year: 2026, month: 12, day: 2))
        #expect(SampleCalendar.parse("2024-02-29") != nil)
        for bad in ["2026-02-30", "2026-13-01", "2026-00-10", "2026-1-05", "2026-+1-05", "2026-01-+5", "26-01-05", "2026/01/05", "2026-01-05 ", "２０２６-01-05", ""] {
            #expect(SampleCalendar.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func cleanNamesComeBackAsTheyAreAndOthersAreCleaned() {
        for rules in [EditionRules.online, .desktop] {
            for clean in ["Patient K7QM-2XH4", "Oticon More 1 (left)", "A", "Rancho Viejo & Sons, Inc."] {
                #expect(rules.clean(clean) == clean)
            }
            let dash = String(rules.nameReplacement)
            #expect(rules.clean("  Smith:  Jones\t\r\nSr ") == "Smith\(dash) Jones Sr")
            #expect(rules.clean("Zoë  Dupré") == "Zoë Dupré")
            #expect(rules.clean("tail ") == "tail")
            #expect(rules.clean(" ") == "")
            #expect(rules.clean("a:b") == "a\(dash)b")
        }
    }

    @Test func aChunkIsMappedInPartsOfAtMostTwoHundredFifty() {
        #expect(ChunkMapping.parts(0) == [0..<0])
        #expect(ChunkMapping.parts(1) == [0..<1])
        #expect(ChunkMapping.parts(251) == [0..<250, 250..<251])
        #expect(ChunkMapping.parts(1_000) == [0..<250, 250..<500, 500..<750, 750..<1_000])
    }

    @Test func aStagesFilesAreListedSortedWithoutHiddenOnes() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let stage = base.appendingPathComponent("2-transform")
        for path in ["plan.json", "batches/3-documents-00002.json", "batches/1-setup-00001.json", ".plan.json.12.tmp", ".hidden/kept.json", "batches/deep/x.csv"] {
            let url = stage.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("{}".utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: stage.appendingPathComponent("empty"), withIntermediateDirectories: true)
        #expect(
            FileStore.files(under: stage, relativeTo: base) == [
                "2-transform/.hidden/kept.json", "2-transform/batches/1-setup-00001.json", "2-transform/batches/3-documents-00002.json",
                "2-transform/batches/deep/x.csv", "2-transform/plan.json",
            ])
        #expect(FileStore.files(under: base.appendingPathComponent("missing"), relativeTo: base) == [])
    }

    /// The byte path must cut a value into exactly the needles the string path does: a needle it
    /// drops is a patient's value that could go out unnoticed.
    @Test func aValueIsCutIntoTheSameNeedlesOnItsBytesAsOnItsCharacters() {
        let fixed = [
            "", " ", "'", "O'Brien", "Mary-Jo  van der Berg", "(555) 123-4567", "555.123.4567 ext 12", "2612V4534", "95608",
            "95608-1234", "on 2026 03 12 she said", "1 2 3", "a b c d e f g h i j", "Hears well in quiet rooms, less so at the cafe",
            "ab", "x", "12", "+1 555 123 4567", "serial SN-0042-7781 left ear", "\r\n1234567\r\n", "Café Ünïcode 5551234567",
            "١٢٣٤٥٦٧٨", "tab\there", "ALL CAPS NAME", "  leading and trailing  ",
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019 ' -.()/+,\n")
        let random = (0..<2_000).map { _ in
            String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let columns = ["first_name", "last_name", "city", "postal_code", "home_phone", "chart_number", "notes", "memo", "reference", "serial_number"]
        var cut = LeakCheck.CutValues()
        for text in fixed + random {
            for column in columns {
                // Twice with one memo of cut values: the second time from the memo.
                for _ in 0..<2 {
                    var viaBytes: [String] = []
                    LeakCheck.forEachNeedle(in: text, column: column, cut: &cut) { viaBytes.append(String(decoding: $0, as: UTF8.self)) }
                    #expect(viaBytes == LeakCheck.needles(for: text, column: column), "\(column): \(text.debugDescription)")
                }
            }
        }
    }

    /// The leak check's table must hold what a dictionary would through any mix of inserts and
    /// removals, keys crowding the same slots included (a removal moves later keys back).
    @Test func theNeedleTableHoldsWhatADictionaryWould() {
        var generator = SystemRandomNumberGenerator()
        for keySpace in [UInt64(8), 64, 1 << 12] {
            var table = NeedleTable()
            var reference: [UInt64: UInt64] = [:]
            var shared = table
            var sharedReference = reference
            for step in 0..<20_000 {
                // Keys equal in their low bits land on the same slot; 0 is the table's free mark.
                let key = UInt64.random(in: 0..<keySpace, using: &generator) << (step % 3 == 0 ? 40 : 0)
                if Bool.random(using: &generator) {
                    let value = UInt64.random(in: 0...UInt64.max, using: &generator)
                    table[key] = value
                    reference[key] = value
                } else {
                    table[key] = nil
                    reference[key] = nil
                }
                if step == 10_000 { (shared, sharedReference) = (table, reference) }
                #expect(table[key] == reference[key])
            }
            #expect(table.count == reference.count)
            for key in 0..<keySpace {
                for shifted in [key, key << 40] {
                    #expect(table[shifted] == reference[shifted])
                    #expect(table.contains(shifted) == (reference[shifted] != nil))
                }
            }
            // A copy taken before later changes keeps what it held then.
            #expect(shared.count == sharedReference.count)
            for (key, value) in sharedReference { #expect(shared[key] == value) }
        }
    }

    /// Every run of one to `limit` words, each word in turn first, hashed as its text would be.
    @Test func everyWordRunIsHashedAsItsText() {
        for text in ["", "a", "ab cd", "one two three four five six seven eight nine ten", "x y"] {
            for limit in [1, 3, 8] {
                let words = text.split(separator: " ").map(String.init)
                var expected: [UInt64] = []
                for first in words.indices {
                    for last in first..<min(first + limit, words.count) {
                        expected.append(LeakCheck.RunHash.of(words[first...last].joined(separator: " ").utf8))
                    }
                }
                var hashes: [UInt64] = []
                LeakCheck.forEachWordRunHash(in: Array(text.utf8), upTo: limit) { hashes.append($0) }
                #expect(hashes == expected, "\(text) up to \(limit)")
            }
        }
    }

    /// Digit needles in plain ASCII are looked for on the text's bytes; the same text with a
    /// word beyond ASCII after it goes the scalar way. Both must find the same number, or none.
    @Test func digitsAreFoundInPlaceAsTheyAreScalarByScalar() {
        let numbers = [
            "(555) 123-4567", "2612V4534", "26011474", "555.987.6543", "12345678901234567890123456789012345", "111 222 333 444",
            "1234567890 1234567890 1234567890 123",
        ]
        let records = numbers.enumerated().map { index, number in
            ExtractedRecord(
                ref: OMSRef("patient", index + 1), reason: .changed, op: "create",
                row: ["id": .int(index + 1), "home_phone": .string(number), "insurance_member_id": .string("MB-\(number)")])
        }
        let check = LeakCheck(records: records, reference: [:])
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789555 -.()/+xA,")
        let fixed = [
            "call 555.123.4567 today", "5551234567", "S-2026-011474", "serial 2601-1474", "1-555-123-4567", "(555)123 4567",
            "555 123 45678", "x5551234567x", "2026-03-12", "12345678901234567890123456789012345", "123456789012345678901234567890123456",
            "111-222-333-444", "1234567890-1234567890-1234567890-123", "1234567890123456789012345678901 23",
        ]
        let random = (0..<3_000).map { _ in
            String((0..<Int.random(in: 7...30, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        var found = 0
        for text in fixed + random {
            let inPlace = check.source(of: text)
            #expect(inPlace == check.source(of: text + " é"), "\(text)")
            if inPlace != nil { found += 1 }
        }
        #expect(found >= 6, "the texts hold some of the numbers")
        // A run of groups is joined up to 32 digits: the group that passes 32 still counts.
        #expect(check.source(of: "1234567890-1234567890-1234567890-123") != nil)
        #expect(check.source(of: "tel 111-222-333-444") != nil)
    }

    @Test func aPlanEntryIsWrittenAsItsTreeOfValuesWouldBe() {
        var full = PlannedOperation(
            key: "invoice sale:7 patient", ref: "sale:7", entity: "Invoice", operation: "create", body: [:], wave: .documents,
            lookup: Lookup(entity: "Invoice", field: "DocNumber", value: "S-7 \"quoted\" \\ é"))
        full.adoptExisting = true
        full.expectedCents = -12_345
        full.target = "invoice sale:6 patient"
        full.breakdown = ["class": ["Rancho Viejo": 100, "Zürich": -5, "Anvil": 0], "account": ["Sales": 9_999_999_999], "": [:]]
        var bare = PlannedOperation(
            key: "customer patient:1", ref: "patient:1", entity: "Customer", operation: "update", body: [:], wave: .deactivations)
        bare.breakdown = [:]
        let plain = PlannedOperation(key: "account Café\n", ref: "", entity: "Account", operation: "link", body: [:], wave: .setup)
        for operation in [full, bare, plain] {
            for bId in ["b1", "b\u{2028}\"2", nil] {
                var direct: [UInt8] = []
                TransformPlan.appendCompactJSON(operation, bId: bId, into: &direct)
                var tree: [UInt8] = []
                JSONWriter.appendCompact(TransformPlan.json(operation, bId: bId), into: &tree)
                #expect(String(decoding: direct, as: UTF8.self) == String(decoding: tree, as: UTF8.self))
            }
        }
    }

    @Test func theNamesOfTheEntitiesWrittenAreSpelledAsTheirWords() {
        for entity in ReviewFormat.spelledEntities { #expect(ReviewFormat.entityName(entity) == ReviewFormat.words(entity)) }
        #expect(ReviewFormat.entityName("SalesReceipt") == "Sales receipt")
        #expect(ReviewFormat.kind(entity: "Invoice", operation: "create", key: "invoice patient:5 opening") == "Opening balance")
        #expect(ReviewFormat.kind(entity: "Invoice", operation: "void", key: "invoice sale:5 patient") == "Invoice void")
        // An account's name may end so; it is no opening balance.
        #expect(ReviewFormat.kind(entity: "Account", operation: "create", key: "account Equity opening") == "Account")
    }

    /// The plain escaping of a CSV field, by scalars, as qbsync had it.
    private static func escape(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { "\",\r\n".unicodeScalars.contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func text(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        return "'" + value
    }

    @Test func aReviewRowIsWrittenOnItsBytesAsItsEscapedFieldsWouldBe() {
        var tricky = Self.document(7, date: "=1+1", kind: "Credit memo")
        tricky.customer = "Pérez, \"Ana\"\r\nline"
        tricky.ref = "@sale:7"
        tricky.batch = "-batches/3-documents-00001.json"
        tricky.bId = "\tb7"
        tricky.warnings = ["overpayment", "fallback"]
        var plainSpaced = Self.document(8, date: "2026-10-14", optionals: false, lines: 0)
        plainSpaced.customer = "+ already quoted \"x\""
        for document in [Self.document(1, date: "2026-10-14"), Self.document(2, date: nil, optionals: false, lines: 0), tricky, plainSpaced] {
            let fields = [
                Self.text(document.kind), document.status.rawValue, Self.text(document.ref), Self.text(document.docNumber ?? ""),
                Self.text(document.customer), Self.text(document.date ?? ""), document.cents.map(Money.decimalString) ?? "",
                Self.text(document.classes.joined(separator: "; ")), Self.text(document.accounts.joined(separator: "; ")),
                Self.text(document.batch), Self.text(document.bId), document.warnings.joined(separator: " "),
            ]
            #expect(ReviewCSV.row(document) == fields.map(Self.escape).joined(separator: ",") + "\r\n")
        }
        // A row of plain fields (the header's) is escaped but never prefixed.
        #expect(ReviewCSV.row(["a,b", "-1", "say \"hi\""]) == "\"a,b\",-1,\"say \"\"hi\"\"\"\r\n")
    }

    @Test func aKeyIsHashedInPartsAsItsTextWouldBe() throws {
        let texts = [
            "invoice sale:1042 patient", "invoice sale:7 payer:3", "invoice refund:2 clearing", "invoice patient:5 opening",
            "customer patient:12", "item generic:sales_tax", "account Sales Tax Payable (OMS)", "application return:5", "account Café",
        ]
        for text in texts {
            let key = try #require(ObjectKey(parsing: text))
            #expect(PlannedKeys.hash(key) == LeakCheck.RunHash.of(text.utf8), "\(text)")
        }
    }

    @Test func aReviewDocumentsTextsAreCheckedAsItsJSONWouldBe() {
        let patient = ExtractedRecord(
            ref: OMSRef("patient", 9), reason: .changed, op: "create",
            row: ["id": 9, "last_name": "Quennell", "home_phone": "(555) 123-4567", "notes": "Rancho Viejo"])
        let check = LeakCheck(records: [patient], reference: [:])
        var leaky = Self.document(3, date: "2026-10-14", lines: 3)
        leaky.customer = "Quennell"
        leaky.docNumber = "call 555.123.4567"
        leaky.lines[2].item = "Quennell"
        leaky.warnings = ["overpayment", "Quennell"]
        var voided = Self.document(4, date: nil, optionals: false, lines: 0)
        voided.batch = "Quennell"
        for document in [Self.document(1, date: "2026-10-14"), Self.document(2, date: nil, optionals: false, lines: 0), leaky, voided] {
            var (byTexts, byJSON) = (LeakCheck.Memo(), LeakCheck.Memo())
            // Twice each: the second time with the memos filled.
            for _ in 0..<2 {
                let texts = check.scan(texts: document.forEachText, location: "2-transform/review \(document.ref)", memo: &byTexts)
                #expect(texts == check.scan(document.json, location: "2-transform/review \(document.ref)", memo: &byJSON))
            }
        }
        var memo = LeakCheck.Memo()
        #expect(check.scan(texts: leaky.forEachText, location: "r", memo: &memo).count >= 5, "the class named after a note counts too")
    }
}
