import Foundation
import Testing
@testable import QBSyncCore

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
}
