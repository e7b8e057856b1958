import Dispatch
import Foundation
import QBSyncJSON
import Testing
@testable import QBSyncCore

/// The leak check runs where the bodies are rendered, on the mapping workers, each with a memo
/// of clean strings of its own: it must stay exactly as strict as one thread checking every
/// body in turn.
struct ChunkMappingLeakTests {
    /// Forty patients, each claimed a pseudonym; the one at `planted` is claimed its own last
    /// name instead, as a bug in the naming would do.
    static func chunk(planted: Int, rules: EditionRules) throws -> (mapping: ChunkMapping, records: [ExtractedRecord], inputs: [MapperInputs?]) {
        var fixture = try MapperFixture(rules: rules)
        let records = (1...40).map { id in
            MapperFixture.record(.patient, id, ["id": .int(id), "first_name": "Given", "last_name": .string("Quennell\(id)"), "status": "active"])
        }
        for record in records {
            let id = record.ref.id
            fixture.claims.names[.patient(id)] = id == planted + 1 ? "Patient Quennell\(id)" : "Patient K7QM-2X\(id)"
        }
        let mapping = ChunkMapping(reference: fixture.reference, renderer: EditionRenderer(settings: fixture.settings, rules: rules))
        return (mapping, records, Array(repeating: fixture.inputs, count: records.count))
    }

    @Test func aPatientsNameInARecordMappedOnAnotherWorkerIsFoundThere() throws {
        for rules in [EditionRules.online, .desktop] {
            let planted = 38
            let (mapping, records, inputs) = try Self.chunk(planted: planted, rules: rules)
            // The planted record is not in the first worker's stripe.
            let stripes = ChunkMapping.stripes(records.count)
            #expect(stripes.count > 1)
            #expect(try #require(stripes.firstIndex { $0.contains(planted) }) > 0)
            let check = LeakCheck(records: records, reference: [:])
            let outcomes = mapping.map(records, inputs: inputs, leakCheck: check)
            let found = try #require(outcomes[planted].findings).joined()
            #expect(!found.isEmpty)
            #expect(found.allSatisfy { $0.source == "patient:39 last_name" && $0.location.hasPrefix("patient:39 ") })
            // Every other record was checked, and is clean.
            for (index, outcome) in outcomes.enumerated() where index != planted {
                #expect(outcome.findings?.count == outcome.operations.count)
                #expect(outcome.findings?.joined().isEmpty == true)
            }
            // Redaction off: nothing is checked, and nothing claims to have been.
            #expect(mapping.map(records, inputs: inputs, leakCheck: nil).allSatisfy { $0.findings == nil })
        }
    }

    @Test func aMemoFilledBeforeTheCheckTookInMoreRecordsDoesNotHideThem() {
        let first = MapperFixture.record(.patient, 1, ["id": 1, "last_name": "Abernathy"])
        let later = MapperFixture.record(.patient, 2, ["id": 2, "last_name": "Quennell"])
        var check = LeakCheck(records: [first], reference: [:])
        var memo = LeakCheck.Memo()
        // Clean against the first chunk's needles, and remembered so.
        #expect(check.scan(["DisplayName": "Quennell"], location: "x", memo: &memo).isEmpty)
        #expect(check.scan(["DisplayName": "Quennell"], location: "x", memo: &memo).isEmpty)
        check.absorb(LeakCheck.harvest([later]))
        #expect(check.scan(["DisplayName": "Quennell"], location: "b1 Customer", memo: &memo) == [
            LeakCheck.Finding(location: "b1 Customer.DisplayName", source: "patient:2 last_name")
        ])
        // The shared memo of the old copy's needles is not the new one's either.
        #expect(check.scan(["DisplayName": "Quennell"], location: "x").count == 1)
    }

    @Test func theMemosKeptFromPartToPartHideNoNeedleTakenInSince() throws {
        let planted = 38
        let (mapping, records, inputs) = try Self.chunk(planted: planted, rules: .online)
        // Checked first against needles that do not know the planted patient: clean, and the
        // stripes' memos remember its name as clean.
        var check = LeakCheck(records: Array(records.prefix(planted)), reference: [:])
        #expect(mapping.map(records, inputs: inputs, leakCheck: check).allSatisfy { $0.findings?.joined().isEmpty == true })
        check.absorb(LeakCheck.harvest([records[planted]]))
        let after = mapping.map(records, inputs: inputs, leakCheck: check)
        #expect(after[planted].findings?.joined().contains { $0.source == "patient:39 last_name" } == true)
        // Mapped once more with the memos full: the same findings, record for record.
        let again = mapping.map(records, inputs: inputs, leakCheck: check)
        #expect(again.map { $0.findings ?? [] } == after.map { $0.findings ?? [] })
    }

    @Test func aStringWithAFindingIsFoundEachTimeItIsMet() {
        let check = LeakCheck(records: [MapperFixture.record(.patient, 3, ["id": 3, "last_name": "Quennell"])], reference: [:])
        var memo = LeakCheck.Memo()
        let body: JSONValue = ["DisplayName": "Quennell", "Line": [["Description": "Quennell"], ["Description": "Dome"]]]
        for _ in 0..<2 { #expect(check.scan(body, location: "b1", memo: &memo).count == 2) }
    }

    @Test func oneCheckReadFromManyThreadsAtOnceFindsTheSameAsOne() {
        let patient = MapperFixture.record(.patient, 7, ["id": 7, "last_name": "Quennell", "home_phone": "(555) 123-4567"])
        let check = LeakCheck(records: [patient], reference: [:])
        let bodies: [JSONValue] = (0..<400).map { index in
            switch index % 4 {
            case 0: ["DisplayName": "Patient K7QM-2XH4", "Memo": .string("sale \(index)")]
            case 1: ["DisplayName": "Quennell"]
            case 2: ["PrivateNote": "call 555.123.4567"]
            default: ["Line": [["Description": "Hearing aid"]]]
            }
        }
        let alone = bodies.map { check.scan($0, location: "x").count }
        let counts = LockedCounts(bodies.count)
        DispatchQueue.concurrentPerform(iterations: bodies.count) { index in counts.set(index, check.scan(bodies[index], location: "x").count) }
        #expect(counts.values == alone)
        #expect(alone.filter { $0 > 0 }.count == 200)
    }
}

/// Results written from many threads.
private final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Int]

    init(_ count: Int) { storage = Array(repeating: -1, count: count) }

    func set(_ index: Int, _ value: Int) { lock.withLock { storage[index] = value } }

    var values: [Int] { lock.withLock { storage } }
}
