import Foundation

/// The places in a load where a crash leaves a different trace on disk, in the order a batch
/// passes them. Tests stop a load at each to prove a restart still posts everything once.
public enum LoadCrashPoint: String, Sendable, CaseIterable {
    /// The request bytes are written; the intent is not journaled.
    case beforeIntent = "before-intent"
    /// The intent is journaled; nothing was sent.
    case afterIntent = "after-intent"
    /// QuickBooks applied the batch and answered; nothing of the answer is recorded.
    case afterSend = "after-send"
    /// One operation's new id is in the ledger; the rest of the answer is not.
    case afterLedgerSave = "after-ledger-save"
    /// The ledger holds the whole answer; the answer is not journaled.
    case afterLedger = "after-ledger"
    /// The answer and the operations' results are journaled.
    case afterAnswer = "after-answer"
    /// An object found by a lookup was adopted into the ledger; its result is not journaled.
    case afterAdopt = "after-adopt"
    /// The batch is finished and journaled.
    case afterBatch = "after-batch"
    /// Every batch is finished; `results.json` and the manifest are not written.
    case beforeFinish = "before-finish"
}

/// A crash a test asked for: the load stops dead, as a killed process would (no results file,
/// no manifest update, no lock release).
public struct SimulatedLoadCrash: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where it stopped.
    public var point: LoadCrashPoint
    /// The batch it was in, if any.
    public var batch: String?
    /// Which checkpoint of the load it was, counted from 1.
    public var checkpoint: Int

    public var description: String { "simulated crash at checkpoint \(checkpoint) (\(point.rawValue) \(batch ?? ""))" }
}

/// A test's seam into the load: called at every `LoadCrashPoint` a load passes, it may throw
/// `SimulatedLoadCrash` to stop the load there. The live program passes `.none`.
public final class LoadCrashPoints: @unchecked Sendable {
    private let lock = NSLock()
    private let crashAt: Int?
    private let crashPoint: (point: LoadCrashPoint, batch: String?, occurrence: Int)?
    private var reached = 0
    private var visited: [(LoadCrashPoint, String?)] = []

    /// Never crashes.
    public static var none: LoadCrashPoints { LoadCrashPoints(crashAt: nil, point: nil) }

    /// Crashes at the `checkpoint`th point the load reaches (counted from 1), whatever it is.
    public static func crash(atCheckpoint checkpoint: Int) -> LoadCrashPoints { LoadCrashPoints(crashAt: checkpoint, point: nil) }

    /// Crashes the `occurrence`th time (from 1) the load reaches `point` (in `batch`, when given:
    /// a batch file such as `batches/0007.json`).
    public static func crash(at point: LoadCrashPoint, batch: String? = nil, occurrence: Int = 1) -> LoadCrashPoints {
        LoadCrashPoints(crashAt: nil, point: (point, batch, occurrence))
    }

    private init(crashAt: Int?, point: (point: LoadCrashPoint, batch: String?, occurrence: Int)?) {
        self.crashAt = crashAt
        self.crashPoint = point
    }

    /// The points passed so far, in order (the crash point included).
    public var passed: [LoadCrashPoint] {
        lock.lock()
        defer { lock.unlock() }
        return visited.map(\.0)
    }

    /// Marks `point` as reached; throws when it is the one to crash at.
    func reach(_ point: LoadCrashPoint, batch: String? = nil) throws {
        lock.lock()
        reached += 1
        visited.append((point, batch))
        let number = reached
        let wanted = crashPoint.map { $0.point == point && ($0.batch == nil || $0.batch == batch) } ?? false
        let occurrence = visited.filter { $0.0 == point && (crashPoint?.batch == nil || $0.1 == crashPoint?.batch) }.count
        lock.unlock()
        if number == crashAt || (wanted && occurrence == crashPoint?.occurrence) {
            throw SimulatedLoadCrash(point: point, batch: batch, checkpoint: number)
        }
    }
}
