import Foundation
import QBSyncCore
import QBSyncJSON
import Testing

/// A load killed anywhere and run again ends with the books a clean load gives: every document
/// once, nothing missed, the ledger and the reconcile agreeing. The sandbox forgets requestids
/// here, so only the load's own journal and lookups can prevent duplicates.
struct LoadCrashTests {
    static let clinic = Clinic()
    /// A clinic with sales nothing was paid on yet, which a second run can void.
    static let changingClinic = Clinic(patients: 20, days: 30, seed: 21)
    /// Small batches: more batches, so more places to crash.
    static let pipeline = "[quickbooks]\nbatch_size = 5\n"

    func troubledHarness(_ clinic: Clinic = Self.clinic) throws -> PipelineHarness {
        try clinic.harness(pipelineExtra: Self.pipeline) { sandbox, _ in
            sandbox.faults.ignoreRequestIDs = true
            // Not what these check, and a restart waiting out a real minute of its predecessor's
            // batches would cost minutes: LoadWireTests checks a restart's pacing.
            sandbox.limits = .unlimited
        }
    }

    /// Where a crash at `point` is worth most: inside the first invoice batch, where nothing is
    /// adopted by name, except for points only shared names and the end pass.
    func crashPoints(_ point: LoadCrashPoint, harness: PipelineHarness, run: String) throws -> LoadCrashPoints {
        let documents = try #require(try harness.batches(run).first { $0.wave == Wave.documents.rawValue }?.file)
        switch point {
        case .beforeFinish: return .crash(at: point)
        case .afterLedgerSave: return .crash(at: point, batch: documents, occurrence: 2)
        default: return .crash(at: point, batch: documents)
        }
    }

    func expectSameBooks(
        _ harness: PipelineHarness, run: String, _ context: String, clinic: Clinic = Self.clinic, secondRun: Bool = false
    ) async throws {
        let reconcile = await harness.qbsync("reconcile", "--run", run)
        let clean = try await CleanLoads.shared.of(clinic, pipelineExtra: Self.pipeline, secondRun: secondRun)
        #expect(reconcile == clean.reconcileCode, "\(context): the reconcile ends as a clean one does")
        let books = BooksSnapshot(harness.sandbox)
        #expect(books.duplicateInvoices.isEmpty, "\(context): invoices posted twice: \(books.duplicateInvoices)")
        #expect(books.customerNamesUnique, "\(context): a customer posted twice")
        #expect(books == clean.books, "\(context): \(books) vs a clean load's \(clean.books)")
        let states = try harness.ledgerStates()
        #expect(states == clean.states, "\(context): the ledger's states differ from a clean load's")
        let synced = states.filter { $0.key.hasPrefix("sale:") || $0.key.hasPrefix("patient:") || $0.key.hasPrefix("payer:") }
        #expect(!synced.isEmpty && synced.values.allSatisfy { $0 == "synced" }, "\(context): not every sale and customer is synced")
        // The ledger maps each document to the one invoice QuickBooks holds for it.
        let ids = Set(harness.sandbox.objects("Invoice").compactMap { $0["Id"]?.stringValue })
        let mapped = try harness.openLedger().read { db in
            try String.fetchAll(db, sql: "SELECT qbo_id FROM qbo_objects WHERE qbo_type = 'Invoice'")
        }
        #expect(Set(mapped) == ids, "\(context): the ledger and QuickBooks disagree on the invoices")
    }

    /// The second run's updates and voids (no lookup by name helps there: a restart compares
    /// QuickBooks's SyncToken with the one it sent).
    @Test(arguments: [
        (LoadCrashPoint.afterSend, Wave.documents), (.afterLedgerSave, .documents), (.afterLedger, .documents),
        (.afterSend, .names), (.afterSend, .deactivations), (.afterLedger, .deactivations), (.afterIntent, .deactivations),
    ])
    func changesKilledAtAPointAndRunAgainAreAppliedOnce(point: LoadCrashPoint, wave: Wave) async throws {
        let harness = try troubledHarness(Self.changingClinic)
        try await SecondRun.prepare(harness)
        let run = try await harness.prepareRun()
        let batch = try #require(try harness.batches(run).first { $0.wave == wave.rawValue }?.file, "no \(wave.label) batch")
        let points = LoadCrashPoints.crash(at: point, batch: batch)
        await #expect(throws: SimulatedLoadCrash.self) { try await harness.load(run, crashPoints: points) }
        #expect(await harness.qbsync("load", "--run", run) == 0, "the load run again after the crash")
        try await expectSameBooks(
            harness, run: run, "second run, crash \(point.rawValue) in \(wave.label)", clinic: Self.changingClinic, secondRun: true)
    }

    @Test(arguments: LoadCrashPoint.allCases)
    func aLoadKilledAtAPointAndRunAgainPostsEveryDocumentOnce(point: LoadCrashPoint) async throws {
        let harness = try troubledHarness()
        let run = try await harness.prepareRun()
        if point == .afterAdopt {
            // Invoices are adopted only by a load that finds its batch's outcome unknown.
            let first = try crashPoints(.afterSend, harness: harness, run: run)
            await #expect(throws: SimulatedLoadCrash.self) { try await harness.load(run, crashPoints: first) }
        }
        let points = try crashPoints(point, harness: harness, run: run)
        await #expect(throws: SimulatedLoadCrash.self) { try await harness.load(run, crashPoints: points) }
        #expect(points.passed.last == point)
        #expect(await harness.qbsync("load", "--run", run) == 0, "the load run again after the crash")
        try await expectSameBooks(harness, run: run, "crash \(point.rawValue)")
    }

    @Test func theNextNightlyFinishesTheLoadKilledTheNightBeforeFirst() async throws {
        let harness = try troubledHarness()
        let run = try await harness.prepareRun()
        let documents = try #require(try harness.batches(run).first { $0.wave == Wave.documents.rawValue }?.file)
        await #expect(throws: SimulatedLoadCrash.self) {
            try await harness.load(run, crashPoints: .crash(at: .afterSend, batch: documents))
        }
        let nightly = await harness.qbsyncOutput("run", "--json")
        let summary = try JSONParser.parse(nightly.out)
        #expect(summary["finished_earlier"] == [.string(run)])
        #expect(try harness.ledgerStates().values.allSatisfy { $0 != "pending" }, "nothing is left pending")
        let clean = try await CleanLoads.shared.of(Self.clinic, pipelineExtra: Self.pipeline)
        #expect(BooksSnapshot(harness.sandbox) == clean.books)
        #expect(try harness.ledgerStates() == clean.states)
    }

    /// Every attempt crashes at its 2nd to 12th checkpoint, in an order set by `stride`, so each
    /// gets a little further (a batch of 5 passes 11 points); three orders land the crashes on
    /// different points of different batches.
    @Test(arguments: [1, 4, 7])
    func aLoadKilledEveryFewStepsAndRunAgainUntilDoneEndsAsACleanLoadDoes(stride: Int) async throws {
        let harness = try troubledHarness()
        let run = try await harness.prepareRun()
        var crashes: [LoadCrashPoint] = []
        var finished = false
        for attempt in 0..<400 where !finished {
            let points = LoadCrashPoints.crash(atCheckpoint: 2 + (attempt * stride) % 11)
            do {
                _ = try await harness.load(run, crashPoints: points)
                finished = true
            } catch let crash as SimulatedLoadCrash {
                crashes.append(crash.point)
            }
        }
        #expect(finished)
        #expect(crashes.count >= 15)
        #expect(Set(crashes).count >= 5, "crashed only at \(Set(crashes).map(\.rawValue))")
        try await expectSameBooks(harness, run: run, "\(crashes.count) crashes")
    }
}
