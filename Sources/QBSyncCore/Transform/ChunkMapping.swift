import Dispatch

/// Maps one extract file's records on every core. The mapping is a pure function of a record
/// and its inputs, so the records of a chunk are mapped (and their changes rendered) side by
/// side once the chunk's names and numbers are claimed and what QuickBooks holds of each record
/// is read; the transform then takes the outcomes in record order, exactly as if one thread had
/// mapped them. Shared objects are answered from what the run and the ledger were known to have
/// when the chunk began: a record that fails is mapped again, alone, against what they have
/// then, so no record fails that a one-at-a-time mapping would have passed.
struct ChunkMapping {
    /// One record's outcome.
    struct Outcome {
        var changes: [PlannedChange] = []
        /// The changes rendered for the edition, with their tie-out breakdown and reading, in order.
        var operations: [PlannedOperation] = []
        var needs: [SharedNeed] = []
        /// Why the record could not be mapped.
        var error: Error?
    }

    let reference: ReferenceData
    let renderer: EditionRenderer

    /// The outcomes of `records` (nil inputs: the record is not mapped, e.g. left out by the cutover).
    func map(_ records: [ExtractedRecord], inputs: [MapperInputs?]) -> [Outcome] {
        var outcomes = [Outcome](repeating: Outcome(), count: records.count)
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            // A slot is written by the one iteration of its index only.
            DispatchQueue.concurrentPerform(iterations: records.count) { index in
                guard let recordInputs = inputs[index] else { return }
                slots[index] = outcome(records[index], inputs: recordInputs)
            }
        }
        return outcomes
    }

    /// Maps and renders one record.
    func outcome(_ record: ExtractedRecord, inputs: MapperInputs) -> Outcome {
        var outcome = Outcome()
        do {
            outcome.changes = try Transformer.map(record, inputs: inputs, needs: &outcome.needs)
            outcome.operations = outcome.changes.map(render)
        } catch {
            outcome.error = error
        }
        return outcome
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
