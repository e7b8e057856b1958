import Foundation
import QBSyncJSON

/// Writes the batch files and `plan.json` as operations arrive, holding at most one batch per
/// wave: a first synchronization plans a million operations.
///
/// Batch files are named by wave and number (`batches/3-documents-00017.json`), so a file's
/// name is known when it is written and the names sort in load order. Each holds one wave's
/// QuickBooks batch request body of at most `batchSize` operations. `plan.json` lists the
/// batches in load order, one operation per line; it is assembled at the end from one spill
/// file per wave.
final class BatchWriter {
    let folder: RunFolder
    let batchSize: Int
    private var pending: [Wave: [PlannedOperation]] = [:]
    private var written: [Wave: Int] = [:]
    private var planParts: [Wave: SpillFile] = [:]
    /// Batch files written so far.
    private(set) var batchCount = 0
    /// The SHA-256 of every file written, by path in the run folder (`2-transform/plan.json`),
    /// for the manifest: hashed from the bytes in hand rather than read back. Complete after `finish`.
    private(set) var digests: [String: String] = [:]
    private let files = BackgroundFiles()

    init(folder: RunFolder, batchSize: Int) throws {
        self.folder = folder
        self.batchSize = batchSize
        try FileManager.default.createDirectory(at: folder.file(.transform, "batches"), withIntermediateDirectories: true)
    }

    /// Queues a request operation (not a `link`) in its wave, writing a batch when one is full;
    /// returns the batch written, if any.
    func add(_ operation: PlannedOperation) throws -> TransformPlan.Batch? {
        pending[operation.wave, default: []].append(operation)
        return pending[operation.wave]!.count == batchSize ? try flush(operation.wave) : nil
    }

    private func flush(_ wave: Wave) throws -> TransformPlan.Batch? {
        guard let chunk = pending[wave], !chunk.isEmpty else { return nil }
        pending[wave] = []
        let number = (written[wave] ?? 0) + 1
        written[wave] = number
        batchCount += 1
        let digits = String(number)
        let name = "batches/\(wave.rawValue)-\(wave.label)-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        let numbered = chunk.enumerated().map { (bId: "b\($0.offset + 1)", operation: $0.element) }
        let file = name + (chunk.allSatisfy({ $0.qbxml != nil }) ? ".qbxml" : ".json")
        if planParts[wave] == nil { planParts[wave] = try SpillFile() }
        let part = planParts[wave]!
        // The file's bytes are made on the files' thread, and the batch's entry in plan.json is
        // written with the file, in the order the batches were queued.
        let bytes: () -> [UInt8]
        if file.hasSuffix(".qbxml") {
            // QuickBooks Desktop: a qbXML request message set (`QBXMLMessageSet`).
            bytes = { Array(QBXMLMessageSet(operations: numbered.map { ($0.bId, $0.operation.key, $0.operation.qbxml!) }).text.utf8) }
        } else {
            bytes = {
                JSONWriter.prettyData([
                    "BatchItemRequest": .array(
                        numbered.map { entry in
                            [
                                "bId": .string(entry.bId), "operation": .string(entry.operation.operation),
                                entry.operation.entity: entry.operation.body,
                            ]
                        })
                ])
            }
        }
        try files.write(to: folder.file(.transform, file), key: Stage.transform.folderName + "/" + file, bytes: bytes) {
            _ = try part.append(Self.planEntry(file: file, number: number, wave: wave, operations: numbered))
        }
        return TransformPlan.Batch(file: file, wave: wave, operations: numbered)
    }

    /// A batch's entry in plan.json: its file, its operations one a line, its wave.
    private static func planEntry(file: String, number: Int, wave: Wave, operations numbered: [(bId: String, operation: PlannedOperation)])
        -> [UInt8]
    {
        var entry: [UInt8] = []
        if number > 1 { entry.append(contentsOf: ",\n".utf8) }
        entry.append(contentsOf: "{\"file\":".utf8)
        JSONWriter.appendQuoted(file, into: &entry)
        entry.append(contentsOf: ",\"operations\":[\n".utf8)
        for (index, item) in numbered.enumerated() {
            if index > 0 { entry.append(contentsOf: ",\n".utf8) }
            TransformPlan.appendCompactJSON(item.operation, bId: item.bId, into: &entry)
        }
        entry.append(contentsOf: "\n],\"wave\":\(wave.rawValue),\"wave_label\":".utf8)
        JSONWriter.appendQuoted(wave.label, into: &entry)
        entry.append(UInt8(ascii: "}"))
        return entry
    }

    /// Waits for the batch files queued so far (before the stage removes them, say).
    func drain() {
        _ = try? files.finish()
    }

    /// Writes the last partial batch of every wave, waits for every batch file, and returns
    /// those last batches.
    func finishBatches() throws -> [TransformPlan.Batch] {
        let last = try Wave.allCases.compactMap { try flush($0) }
        digests.merge(try files.finish()) { first, _ in first }
        return last
    }

    /// `plan.json` being written on a thread of its own (`writePlan`), while the stage puts its
    /// review together: on a first synchronization it is a quarter of a gigabyte to assemble
    /// and hash. `wait` joins it and records its digest.
    final class PlanWriting: @unchecked Sendable {
        private let done = DispatchGroup()
        /// Written once, by the writing, before `done` is left.
        private var outcome: Result<String, Error> = .failure(CancellationError())
        private let writer: BatchWriter
        /// The writing; touched by its thread only, from the start until `done` is left.
        private var work: (() throws -> String)?

        fileprivate init(_ writer: BatchWriter, _ work: @escaping () throws -> String) {
            self.writer = writer
            self.work = work
            done.enter()
            DispatchQueue.global().async { [self] in
                outcome = Result { try self.work!() }
                self.work = nil
                done.leave()
            }
        }

        /// Waits for `plan.json`; throws what writing it threw.
        func wait() throws {
            done.wait()
            writer.digests[Stage.transform.folderName + "/plan.json"] = try outcome.get()
        }
    }

    /// Starts writing `plan.json` (after `finishBatches`); `refs` and `unchanged` are spills of
    /// one reference per line, read only by this writing from now on.
    func writePlan(
        runID: String, links: [PlannedOperation], failures: [RecordFailure], refs: SpillFile, unchanged: SpillFile
    ) -> PlanWriting {
        PlanWriting(self) { [self] in
            try plan(runID: runID, links: links, failures: failures, refs: refs, unchanged: unchanged)
        }
    }

    /// Writes `plan.json`; returns its digest.
    private func plan(
        runID: String, links: [PlannedOperation], failures: [RecordFailure], refs: SpillFile, unchanged: SpillFile
    ) throws -> String {
        let plan = try FileStore.Streaming(folder.file(.transform, "plan.json"))
        try plan.append("{\"batches\":[\n")
        var first = true
        for wave in Wave.allCases {
            guard let part = planParts[wave] else { continue }
            if !first { try plan.append(",\n") }
            first = false
            try part.forEachChunk { try plan.append($0) }
        }
        try plan.append("\n],\n\"failures\":")
        try appendLines(failures.map(TransformPlan.json), to: plan)
        try plan.append(",\n\"links\":")
        try appendLines(links.map { TransformPlan.json($0, bId: nil) }, to: plan)
        try plan.append(",\n\"refs\":")
        try appendLines(refs, to: plan)
        var run: [UInt8] = []
        JSONWriter.appendQuoted(runID, into: &run)
        try plan.append(",\n\"run\":")
        try plan.append(run)
        try plan.append(",\n\"unchanged\":")
        try appendLines(unchanged, to: plan)
        try plan.append("\n}\n")
        try plan.commit()
        return plan.sha256 ?? ""
    }

    /// `[`, one compact value a line, `]`.
    private func appendLines(_ values: [JSONValue], to plan: FileStore.Streaming) throws {
        guard !values.isEmpty else { return try plan.append("[]") }
        try plan.append("[\n")
        for (index, value) in values.enumerated() {
            var line: [UInt8] = []
            if index > 0 { line.append(contentsOf: ",\n".utf8) }
            JSONWriter.appendCompact(value, into: &line)
            try plan.append(line)
        }
        try plan.append("\n]")
    }

    /// A spill of one string a line as a JSON array of strings, one a line.
    private func appendLines(_ spill: SpillFile, to plan: FileStore.Streaming) throws {
        var first = true
        var any = false
        try spill.forEachLine { line in
            var out: [UInt8] = []
            out.append(contentsOf: first ? "[\n".utf8 : ",\n".utf8)
            first = false
            any = true
            JSONWriter.appendQuoted(String(decoding: line, as: UTF8.self), into: &out)
            try plan.append(out)
        }
        try plan.append(any ? "\n]" : "[]")
    }
}

/// Writes batch files on a thread of their own, at most `limit` batches behind the mapping:
/// pretty-printing, writing and hashing them is a fifth of a transform's work, and the machine
/// has a second core.
final class BackgroundFiles: @unchecked Sendable {
    private let queue = DispatchQueue(label: "qbsync.batch-files")
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var digests: [String: String] = [:]
    private var failure: Error?

    init(limit: Int = 32) {
        slots = DispatchSemaphore(value: limit)
    }

    /// Queues the file `bytes` makes to be written to `url`; its digest is kept under `key`,
    /// then `then` runs on the same thread (files and their follow-ups in the order queued).
    /// Throws the first failure of an earlier write.
    func write(to url: URL, key: String, bytes: @escaping () -> [UInt8], then: @escaping () throws -> Void = {}) throws {
        try rethrow()
        slots.wait()
        queue.async {
            defer { self.slots.signal() }
            do {
                let bytes = bytes()
                try FileStore.writeInStage(bytes, to: url)
                let digest = SHA256.hex(bytes)
                self.lock.withLock { self.digests[key] = digest }
                try then()
            } catch {
                self.lock.withLock { if self.failure == nil { self.failure = error } }
            }
        }
    }

    /// Waits until every queued file is written; their digests by key.
    func finish() throws -> [String: String] {
        queue.sync {}
        try rethrow()
        return lock.withLock { digests }
    }

    private func rethrow() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}

/// An anonymous scratch file (unlinked as soon as it is made, so a crash leaves nothing
/// behind) that a stage appends to and reads back once: what would otherwise be held in
/// memory for the whole run.
final class SpillFile {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var size = 0

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/qbsync-spill-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileStoreError.writing("a temporary file", errno: errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    }

    deinit { close(fd) }

    /// Appends `bytes`; returns where they start in the file.
    @discardableResult
    func append(_ bytes: [UInt8]) throws -> Int {
        let offset = size + buffer.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 18 { try flush() }
        return offset
    }

    /// Writes out what is buffered: reads of what was appended until now then write nothing
    /// (and may come from several threads at once).
    func flushForReading() throws { try flush() }

    /// `count` bytes from `offset`, as appended.
    func read(at offset: Int, count: Int) throws -> [UInt8] {
        if offset + count > size { try flush() }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            guard n > 0 else { throw FileStoreError.cannotRead("a temporary file") }
            done += n
        }
        return bytes
    }

    /// Appends `text` and a newline.
    func appendLine(_ text: String) throws {
        try append(Array(text.utf8) + [UInt8(ascii: "\n")])
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { pwrite(fd, $0.baseAddress! + offset, $0.count - offset, off_t(size + offset)) }
            guard n > 0 else { throw FileStoreError.writing("a temporary file", errno: errno) }
            offset += n
        }
        size += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Everything appended, a megabyte at a time.
    func forEachChunk(_ body: ([UInt8]) throws -> Void) throws {
        try flush()
        var offset = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while offset < size {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
            guard n > 0 else { throw FileStoreError.cannotRead("a temporary file") }
            try body(Array(chunk[0..<n]))
            offset += n
        }
    }

    /// Every line appended with `appendLine`, without its newline.
    func forEachLine(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        var carry: [UInt8] = []
        try forEachChunk { chunk in
            var start = 0
            for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
                if carry.isEmpty {
                    try body(chunk[start..<index])
                } else {
                    carry.append(contentsOf: chunk[start..<index])
                    try body(carry[...])
                    carry = []
                }
                start = index + 1
            }
            carry.append(contentsOf: chunk[start...])
        }
        if !carry.isEmpty { try body(carry[...]) }
    }
}
