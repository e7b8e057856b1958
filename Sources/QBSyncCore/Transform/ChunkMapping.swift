import Dispatch
import Foundation
import QBSyncXML

/// Maps one extract file's records on every core. The mapping is a pure function of a record
/// and its inputs, so the records of a chunk are mapped (and their changes rendered and checked
/// for leaks) side by side once the chunk's names and numbers are claimed, what QuickBooks holds
/// of each record is read and the chunk's PHI values are in the leak check; the transform then
/// takes the outcomes in record order, exactly as if one thread had mapped them. Shared objects
/// are answered from what the run and the ledger were known to have when the chunk began: a
/// record that fails is mapped again, alone, against what they have then, so no record fails
/// that a one-at-a-time mapping would have passed.
struct ChunkMapping {
    /// One record's outcome.
    struct Outcome {
        var changes: [PlannedChange] = []
        /// The changes rendered for the edition, with their tie-out breakdown and reading, in order.
        var operations: [PlannedOperation] = []
        /// What the leak check found in each of `operations` (its body, then its qbXML request);
        /// nil when the record was mapped without one (redaction off).
        var findings: [[LeakCheck.Finding]]?
        var needs: [SharedNeed] = []
        /// The keys `changes` make and refer to, hashed.
        var keys = PlannedKeys()
        /// Why the record could not be mapped.
        var error: Error?
    }

    let reference: ReferenceData
    let renderer: EditionRenderer
    /// Each stripe's leak-check memo, kept from one part to the next: made anew for every part,
    /// a memo knew thirty records' strings, and grew from nothing each time.
    private let memos = StripeMemos()

    /// The memos of `map`'s stripes, by stripe; touched only by the one mapping at a time.
    private final class StripeMemos: @unchecked Sendable {
        var memos: [LeakCheck.Memo] = []
    }

    /// The outcomes of `records` (nil inputs: the record is not mapped, e.g. left out by the
    /// cutover), each operation checked by `leakCheck` when there is one. The records go out in
    /// `stripes`, each mapped by one worker in record order with a leak-check memo of its own,
    /// so no two workers share anything they write. One mapping runs at a time (a part is
    /// mapped only once the one before it is done), and so one reads the memos at a time.
    func map(_ records: [ExtractedRecord], inputs: [MapperInputs?], leakCheck: LeakCheck?) -> [Outcome] {
        var outcomes = [Outcome](repeating: Outcome(), count: records.count)
        let stripes = Self.stripes(records.count)
        if memos.memos.count < stripes.count {
            memos.memos += Array(repeating: LeakCheck.Memo(), count: stripes.count - memos.memos.count)
        }
        outcomes.withUnsafeMutableBufferPointer { buffer in
            memos.memos.withUnsafeMutableBufferPointer { memoBuffer in
                let (slots, memos) = (buffer, memoBuffer)
                // A slot, and a memo, is written by the one stripe that holds its index only.
                DispatchQueue.concurrentPerform(iterations: stripes.count) { stripe in
                    for index in stripes[stripe] {
                        guard let recordInputs = inputs[index] else { continue }
                        slots[index] = outcome(records[index], inputs: recordInputs, leakCheck: leakCheck, memo: &memos[stripe])
                    }
                }
            }
        }
        return outcomes
    }

    /// A part of a chunk (`parts`) being mapped on the workers while the transform settles the
    /// part before it and reads and claims the next chunk. The mapping reads only what it was
    /// handed: its records and inputs (the claims, holdings and shared objects known when its
    /// chunk was claimed, all values), the reference data and its own copy of the leak check;
    /// settling writes none of them (the sales grow only when no part is in flight). A record
    /// that fails against the shared objects as they were is mapped again when it is settled.
    final class InFlight: @unchecked Sendable {
        let entity: String
        /// Emptied (`letGo`) once the part is settled.
        private(set) var records: [ExtractedRecord]
        private(set) var leftOut: [Int: RecordFailure]
        private(set) var inputs: [MapperInputs?]
        private let done = DispatchGroup()
        /// Written once, by the mapping, before `done` is left.
        private var mapped: [Outcome] = []
        /// The mapping to run; touched by the worker only, between `run` and `done`.
        private var work: (() -> [Outcome])?

        fileprivate init(entity: String, records: [ExtractedRecord], leftOut: [Int: RecordFailure], inputs: [MapperInputs?]) {
            self.entity = entity
            self.records = records
            self.leftOut = leftOut
            self.inputs = inputs
        }

        fileprivate func run(_ work: @escaping () -> [Outcome]) {
            done.enter()
            self.work = work
            DispatchQueue.global().async { [self] in
                mapped = self.work?() ?? []
                // What the work holds (its copy of the leak check) is let go before anyone is
                // told it is done: the transform then adds the next chunk's values to the check
                // in place, instead of copying its every needle.
                self.work = nil
                done.leave()
            }
        }

        /// Lets go of the records, inputs and outcomes; only `letGo` calls it, once the part is
        /// settled and nothing reads it any more.
        fileprivate func empty() {
            done.wait()
            (records, leftOut, inputs, mapped) = ([], [:], [], [])
        }

        /// The outcomes, in record order, once the mapping is done.
        func outcomes() -> [Outcome] {
            done.wait()
            return mapped
        }
    }

    /// A chunk of `count` records cut into the parts it is mapped in, in order; an empty chunk
    /// is one empty part (its values still join the leak check).
    static func parts(_ count: Int, size: Int = 250) -> [Range<Int>] {
        count == 0 ? [0..<0] : stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// Frees a settled part's records and outcomes (hundreds of rendered bodies) on a thread of
    /// their own, so that the transform's one thread goes on with the next. The part is emptied
    /// there rather than let go of: the transform's own references to it may well be the last
    /// (the freeing is quick), and the last reference to the whole part freed it all on the
    /// transform's thread.
    static func letGo(_ chunk: InFlight) {
        freeing.async { chunk.empty() }
    }

    private static let freeing = DispatchQueue(label: "qbsync.chunk-freeing", qos: .utility)

    /// Starts mapping `records` on the workers (`map`) and returns at once.
    func start(
        entity: String, records: [ExtractedRecord], leftOut: [Int: RecordFailure], inputs: [MapperInputs?], leakCheck: LeakCheck?
    ) -> InFlight {
        let chunk = InFlight(entity: entity, records: records, leftOut: leftOut, inputs: inputs)
        chunk.run { [self] in map(records, inputs: inputs, leakCheck: leakCheck) }
        return chunk
    }

    /// `count` records cut into runs of neighbours, a few per core so that a core that finishes
    /// early takes another (records differ in cost: an invoice of twenty lines, a payer).
    static func stripes(_ count: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Range<Int>] {
        let parts = max(1, min(count, max(cores, 1) * 4))
        return (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
    }

    /// Maps and renders one record, and checks what it renders with `leakCheck`.
    func outcome(_ record: ExtractedRecord, inputs: MapperInputs, leakCheck: LeakCheck?, memo: inout LeakCheck.Memo) -> Outcome {
        var outcome = Outcome()
        do {
            outcome.changes = try Transformer.map(record, inputs: inputs, needs: &outcome.needs)
            outcome.keys = PlannedKeys(outcome.changes)
            // Loops, not `map` with a closure: a closure over `render` copied this mapping (its
            // reference data, renderer and memos) for every record.
            outcome.operations.reserveCapacity(outcome.changes.count)
            for change in outcome.changes { outcome.operations.append(render(change)) }
            if let leakCheck {
                var findings: [[LeakCheck.Finding]] = []
                for operation in outcome.operations { findings.append(Self.findings(in: operation, by: leakCheck, memo: &memo)) }
                outcome.findings = findings
            }
        } catch {
            outcome.error = error
        }
        return outcome
    }

    /// What `leakCheck` finds in an operation that goes out: Desktop's request itself (its
    /// body is the request's text), or Online's body. Links send nothing.
    static func findings(in operation: PlannedOperation, by leakCheck: LeakCheck, memo: inout LeakCheck.Memo) -> [LeakCheck.Finding] {
        guard operation.operation != "link" else { return [] }
        if let request = operation.qbxml { return leakCheck.scan(request, location: "\(operation.ref) \(request.name)") }
        // The location captures two strings, not the operation: a closure over the whole
        // operation copied it for every body checked.
        let (ref, entity) = (operation.ref, operation.entity)
        return leakCheck.scan(operation.body, location: "\(ref) \(entity)", memo: &memo)
    }

    /// A change as the edition writes it, with its tie-out breakdown and its reading by the
    /// edition's reader: read here, on the worker, so the review on the main thread only merges.
    func render(_ change: PlannedChange) -> PlannedOperation {
        var operation = renderer.render(change)
        operation.breakdown = Breakdown.of(change, reference: reference)
        if operation.operation != "link" { operation.reading = EditionReader.read(operation) }
        return operation
    }
}
