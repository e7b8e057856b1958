import Foundation

/// A thread that runs the extract's jobs in the order given, so that writing overlaps reading
/// the OMS. With a ledger, every job runs inside ONE ledger transaction that commits only when
/// `finish` is called, so what the jobs record (and the cursor) lands all at once or not at
/// all; `cancel`, or any job's error, rolls it back.
///
/// At most `maxQueued` jobs given with `bounded: true` wait at a time (the caller waits for
/// room), so the memory held by queued files stays a few chunks however far reading runs ahead.
final class ExtractWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var queuedBounded = 0
    private var closing: Closing?
    private var failure: Error?
    private var stopped = false
    private let maxQueued: Int

    private enum Closing { case commit, cancel }

    private struct Job {
        var bounded: Bool
        var run: () throws -> Void
    }

    /// Starts the thread; with `ledger`, its jobs share one transaction of that ledger.
    init(name: String, ledger: Ledger? = nil, maxQueued: Int = 3) {
        self.maxQueued = maxQueued
        let thread = Thread { [self] in work(ledger: ledger) }
        thread.name = name
        thread.start()
    }

    /// Runs `job` on the thread after the jobs before it. Throws the error of an earlier job,
    /// or `CancellationError` once the worker is closing.
    func run(bounded: Bool = false, _ job: @escaping () throws -> Void) throws {
        condition.lock()
        defer { condition.unlock() }
        while bounded, queuedBounded >= maxQueued, failure == nil, !stopped { condition.wait() }
        if let failure { throw failure }
        guard !stopped, closing == nil else { throw CancellationError() }
        jobs.append(Job(bounded: bounded, run: job))
        if bounded { queuedBounded += 1 }
        condition.broadcast()
    }

    /// Waits for every job, then commits the ledger transaction. Throws the first job's error
    /// (nothing is then committed).
    func finish() throws {
        try stop(.commit)
    }

    /// Drops the jobs not run yet, rolls the ledger transaction back, and waits for the thread.
    func cancel() {
        try? stop(.cancel)
    }

    private func stop(_ how: Closing) throws {
        condition.lock()
        defer { condition.unlock() }
        if closing == nil { closing = how }
        condition.broadcast()
        while !stopped { condition.wait() }
        if let failure { throw failure }
    }

    /// The next job, waiting for one; nil once every job ran and `finish` asked to commit.
    private func next() throws -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if closing == .cancel { throw CancellationError() }
            if !jobs.isEmpty { return jobs.removeFirst() }
            if closing == .commit { return nil }
            condition.wait()
        }
    }

    private func done(_ job: Job) {
        guard job.bounded else { return }
        condition.lock()
        queuedBounded -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func work(ledger: Ledger?) {
        do {
            let loop = { [self] in
                while let job = try next() {
                    try job.run()
                    done(job)
                }
            }
            if let ledger { try ledger.inOneTransaction(loop) } else { try loop() }
        } catch {
            condition.lock()
            if failure == nil, closing != .cancel { failure = error }
            condition.unlock()
        }
        condition.lock()
        stopped = true
        jobs.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
