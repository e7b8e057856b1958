import Foundation
import GRDB
import Logging
import QBSyncJSON
import Testing

@testable import QBSyncCore

/// The extract reads a chunk at a time and never holds the run's rows; what it takes, and why,
/// must be exactly what a straightforward in-memory selection takes.
@Suite(.removesTemporaryFolders)
struct StreamingExtractTests {
    typealias Setup = ExtractSetup

    /// A clinic of about `changes` changes, extracted `chunkSize` records a file, so every
    /// entity spans several files.
    static func setup(changes: Int = 5_000, seed: UInt64 = 21, chunkSize: Int = 37, allPatientFiles: Bool = false) throws -> Setup {
        try ExtractSetup.make(options: SampleOptions(seed: seed, changes: changes), chunkSize: chunkSize, allPatientFiles: allPatientFiles)
    }

    /// The streamed extract of the next run agrees with the in-memory selection, record for
    /// record: the same refs, reasons, operations and rows, the same patients left out and held.
    static func expectSameAsInMemory(_ setup: Setup, now: Date) throws -> ExtractResult {
        let expected = try setup.expected()
        let result = try setup.extractor().run(now: now)
        let records = try ExtractWriter.readRecords(folder: setup.folder(result.run.id)).sorted { $0.ref < $1.ref }
        #expect(records.count == expected.records.count)
        let expectedByRef = Dictionary(uniqueKeysWithValues: expected.records.map { ($0.ref, $0) })
        var mismatches: [String] = []
        for record in records where expectedByRef[record.ref] != record {
            let wanted = expectedByRef[record.ref].map { "\($0.reason) op \($0.op ?? "-")" } ?? "absent"
            mismatches.append("\(record.ref): \(record.reason) op \(record.op ?? "-"), expected \(wanted)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(Set(records.map(\.ref)) == Set(expected.records.map(\.ref)))
        #expect(result.patientsLeftOut == expected.patientsLeftOut)
        #expect(result.held == expected.held)
        let synced = Dictionary(grouping: expected.records.filter { $0.reason.isSynced }, by: \.ref.entity).mapValues(\.count)
        #expect(result.counts == synced)
        return result
    }

    @Test(arguments: [false, true])
    func aFirstRunOverManyChunksTakesWhatAnInMemorySelectionTakes(allPatientFiles: Bool) throws {
        let setup = try Self.setup(allPatientFiles: allPatientFiles)
        let result = try Self.expectSameAsInMemory(setup, now: Date(timeIntervalSince1970: 1_000))
        let chunks = try ExtractFiles.chunks(folder: setup.folder(result.run.id))
        let perEntity = try Dictionary(grouping: ExtractWriter.readRecords(folder: setup.folder(result.run.id)), by: \.ref.entity)
        for (entity, records) in perEntity {
            let files = (records.count + setup.settings.chunkSize - 1) / setup.settings.chunkSize
            #expect(chunks.filter { $0.entity == entity }.count == files, "\(entity): \(records.count) records")
        }
        for entity in ["patient", "sale", "payment"] {
            #expect(chunks.filter { $0.entity == entity }.count >= 5, "\(entity) spans several files")
        }
        #expect(try setup.ledger.cursor() == result.run.cursorTo)
        if !allPatientFiles {
            let dependencies = try ExtractWriter.readRecords(folder: setup.folder(result.run.id)).filter { $0.reason == .dependency }
            #expect(dependencies.contains { $0.ref.entity == "patient" }, "the patients transactions need came along")
            #expect(result.patientsLeftOut > 0)
        }
    }

    @Test func aLaterRunWithRecordsInQuickBooksHeldAndQueuedTakesWhatAnInMemorySelectionTakes() throws {
        let setup = try Self.setup(seed: 22)
        let first = try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000))
        let taken = try ExtractWriter.readRecords(folder: setup.folder(first.run.id)).filter { $0.reason.isSynced }.map(\.ref)
        // Most of what the first run took reached QuickBooks; an operator decided about a few.
        for (index, ref) in taken.enumerated() where index % 4 != 0 {
            try setup.ledger.saveQBOObject(QBOObject(key: "\(ref) main", ref: ref.description, qboType: "X", qboID: "\(index)"))
        }
        let byEntity = Dictionary(grouping: taken, by: \.entity)
        func pick(_ entity: String, _ index: Int) -> String { byEntity[entity]![index % byEntity[entity]!.count].description }
        let decisions: [(String, ItemState)] = [
            (pick("sale", 0), .excluded), (pick("sale", 1), .manual), (pick("sale", 2), .manualDone), (pick("item", 0), .excluded),
            (pick("payment", 0), .manual), (pick("patient", 0), .excluded), (pick("return", 0), .manualDone),
            (pick("payer", 0), .queued), (pick("refund", 0), .queued), (pick("sale", 3), .queued),
        ]
        try setup.ledger.record(
            decisions.map { ItemOutcome(ref: $0.0, state: $0.1) }, run: first.run.id, action: "reconciled", actor: "ana")
        _ = try SampleGenerator.appendActivity(to: setup.omsURL, days: 40, seed: 5)

        let second = try Self.expectSameAsInMemory(setup, now: Date(timeIntervalSince1970: 2_000))
        #expect(second.run.cursorFrom == first.run.cursorTo)
        let records = try ExtractWriter.readRecords(folder: setup.folder(second.run.id))
        #expect(Set(records.map(\.reason)) == [.changed, .retry, .dependency, .context])
    }

    @Test func aReExtractOfARunWritesTheSameBytesAgain() throws {
        let setup = try Self.setup(changes: 2_000, seed: 23, chunkSize: 50)
        let run = try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000)).run.id
        let folder = setup.folder(run)
        func snapshot() throws -> [String: [UInt8]] {
            var files: [String: [UInt8]] = [:]
            for path in FileStore.files(under: folder.folder(.extract), relativeTo: folder.url) {
                files[path] = try FileStore.read(folder.url.appendingPathComponent(path))
            }
            return files
        }
        let first = try snapshot()
        _ = try setup.extractor().run(existingRun: run)
        let once = try snapshot()
        let digests = try folder.manifest(pipeline: setup.settings.name).stages[.extract]?.files
        _ = try setup.extractor().run(existingRun: run)
        #expect(try snapshot() == once)
        #expect(try folder.manifest(pipeline: setup.settings.name).stages[.extract]?.files == digests)
        #expect(digests == once.mapValues { SHA256.hex($0) }, "the manifest holds the SHA-256 of each file as written")
        for (path, bytes) in once {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.url.appendingPathComponent(path).path)
            let mode = attributes[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
            #expect(try JSONParser.parse(bytes: bytes) != .null)
        }

        // Another workspace extracting the same database at the same moment writes the same bytes.
        let twin = try Self.setup(changes: 2_000, seed: 23, chunkSize: 50)
        let twinRun = try twin.extractor().run(now: Date(timeIntervalSince1970: 1_000)).run.id
        #expect(twinRun == run)
        let twinFolder = twin.folder(twinRun)
        var twinFiles: [String: [UInt8]] = [:]
        for path in FileStore.files(under: twinFolder.folder(.extract), relativeTo: twinFolder.url) {
            twinFiles[path] = try FileStore.read(twinFolder.url.appendingPathComponent(path))
        }
        #expect(twinFiles == first)
    }

    @Test func recordFilesHoldOneRecordALineAndListTheirIdRanges() throws {
        let setup = try Self.setup(changes: 2_000, seed: 24, chunkSize: 40)
        let run = try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000)).run.id
        let folder = setup.folder(run)
        let chunks = try ExtractFiles.chunks(folder: folder)
        var streamed: [ExtractedRecord] = []
        try ExtractFiles.forEachChunk(folder: folder) { chunk, records in
            #expect(records.count == chunk.count && records.count <= 40)
            #expect(records.allSatisfy { $0.ref.entity == chunk.entity && chunk.covers($0.ref) })
            #expect(records.first?.ref.id == chunk.firstID && records.last?.ref.id == chunk.lastID)
            #expect(records.map(\.ref.id) == records.map(\.ref.id).sorted())
            streamed += records
            let text = String(decoding: try FileStore.read(folder.file(.extract, chunk.file)), as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "{\"entity\":\"\(chunk.entity)\",\"records\":[")
            #expect(lines.count == records.count + 3, "a header, a line per record, the closing line and the final newline")
        }
        #expect(streamed == (try ExtractWriter.readRecords(folder: folder)))
        #expect(chunks.map(\.file) == chunks.map(\.file).sorted())
        for entity in OMSRef.entities {
            let files = try ExtractFiles.chunks(folder: folder, entity: entity)
            #expect(zip(files, files.dropFirst()).allSatisfy { $0.lastID < $1.firstID }, "\(entity) files hold ascending id ranges")
        }
        let some = try #require(streamed.last { $0.ref.entity == "sale" })
        let holder = try #require(ExtractFiles.chunk(holding: some.ref, in: chunks))
        #expect(try ExtractFiles.records(in: holder, folder: folder).contains(some))
    }

    @Test func textAnyoneCouldTypeComesBackExactly() throws {
        let setup = try Self.setup(changes: 1_500, seed: 25)
        let nasty =
            "He said \"no\" \\ then left.\nLine two\r\n\tindented\u{1}\u{1f}\u{7f} — naïve café 👂🏽🦻 \u{2028}sep\u{2029}end "
        let long = String(repeating: "Ringing in both ears; 👂 \"loud\" at night.\n", count: 50)
        #expect(long.count >= 2_000)
        let queue = try DatabaseQueue(path: setup.omsURL.path)
        let sale = try #require(try queue.read { db in try Int.fetchOne(db, sql: "SELECT MIN(id) FROM sales") })
        let patient = try #require(
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT patient_id FROM sales WHERE id = ?", arguments: [sale]) })
        try queue.write { db in
            try db.execute(sql: "UPDATE sales SET memo = ? WHERE id = ?", arguments: [nasty, sale])
            try db.execute(
                sql: "UPDATE sale_lines SET description = ? || char(0) || 'after a NUL' WHERE sale_id = ?", arguments: [nasty, sale])
            try db.execute(
                sql: "UPDATE patients SET notes = ?, address2 = CAST(x'C328FF41' AS TEXT), city = x'0102' WHERE id = ?",
                arguments: [long, patient])
        }
        let run = try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000)).run.id
        let records = try ExtractWriter.readRecords(folder: setup.folder(run))
        let saleRow = try #require(records.first { $0.ref == OMSRef("sale", sale) }?.row)
        #expect(saleRow["memo"]?.stringValue == nasty)
        #expect(saleRow["lines"]?.arrayValue?.first?["description"]?.stringValue == nasty + "\u{0}after a NUL")
        let patientRow = try #require(records.first { $0.ref == OMSRef("patient", patient) }?.row)
        #expect(patientRow["notes"]?.stringValue == long)
        #expect(
            patientRow["address2"]?.stringValue == String(decoding: [0xC3, 0x28, 0xFF, 0x41] as [UInt8], as: UTF8.self),
            "bytes that are not UTF-8 are repaired, not passed on")
        #expect(patientRow["city"]?.stringValue == "<2 bytes of binary data>")
        // The file itself escapes the line separators, so a record stays on one line.
        let saleFiles = try ExtractFiles.chunks(folder: setup.folder(run), entity: "sale")
        let file = try #require(saleFiles.first { $0.covers(OMSRef("sale", sale)) })
        let bytes = try FileStore.read(setup.folder(run).file(.extract, file.file))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\\u2028sep\\u2029end"))
        #expect(!bytes.contains(0x09) && !bytes.contains(0x0D) && !bytes.contains(0x00))
    }

    @Test func anExtractThatFailsHalfWayRecordsNothingAndLeavesTheCursor() throws {
        let setup = try Self.setup(changes: 1_500, seed: 26, chunkSize: 20)
        // Returns are read after refunds, write-offs and payments have been written and queued
        // for the ledger.
        try DatabaseQueue(path: setup.omsURL.path).write { db in try db.execute(sql: "DROP TABLE return_lines") }
        #expect(throws: (any Error).self) { try setup.extractor().run(now: Date(timeIntervalSince1970: 1_000)) }
        #expect(try setup.ledger.cursor() == 0)
        #expect(try setup.ledger.refs(in: [.pending]).isEmpty)
        #expect(try setup.ledger.latestRun() == nil)
        let runs = setup.settings.workspace.appendingPathComponent("runs").path
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: runs).first)
        #expect(try setup.folder(run).manifest(pipeline: setup.settings.name).stages[.extract]?.status == .running)
    }

    @Test func everyRecordNamesOnlyEntitiesTakenAfterIt() {
        let order = OMSRecordShape.dependencyOrder
        #expect(Set(order) == Set(OMSRef.entities))
        for (position, entity) in order.enumerated() {
            let named = OMSRecordShape.entities[entity]?.referencedEntities ?? []
            #expect(named.isSubset(of: Set(order.dropFirst(position + 1))), "\(entity) names \(named)")
        }
    }
}

extension ExtractSetup {
    /// The in-memory selection of what the next ordinary run would take.
    func expected() throws -> InMemorySelection {
        var requested: [OMSRef: ExtractReason] = [:]
        for ref in try ledger.refs(in: [.queued]) { requested[try OMSRef(parsing: ref)] = .retry }
        return try InMemorySelection(
            oms: oms, ledger: ledger, window: (try ledger.cursor(), try oms.maxSeq()), requested: requested,
            allPatientFiles: settings.allPatientFiles)
    }
}
