import Foundation
import Logging
import QBSyncCore

/// Running the extract stage in-process with a test's crash points, on a thread of its own
/// (a crash point may hold it while another command runs).
extension PipelineHarness {
    /// Runs an extract as `qbsync extract` would, stopping or waiting where `crashPoints` says.
    func extract(crashPoints: ExtractCrashPoints) async throws -> ExtractResult {
        let settings = try settings()
        let ledger = try openLedger()
        var logger = Logger(label: "qbsync-test")
        logger.logLevel = .critical
        var extractor = Extractor(
            settings: settings, ledger: ledger, oms: try OMSDatabase(path: settings.omsDatabase), actor: "e2e-test", logger: logger)
        extractor.crashPoints = crashPoints
        let frozen = extractor
        return try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try frozen.run() }) }.start()
        }
    }

    /// Every OMS item and its state once everything is finished: each open sale posted once,
    /// to the cent, and QuickBooks holding as many invoices as the ledger records.
    func expectBooksPostedOnce() throws -> [String] {
        var problems: [String] = []
        let oracle = PipelineEndToEndTests()
        let expected = try oracle.omsSaleTotals(self)
        let posted = oracle.liveInvoiceTotals(self)
        if expected.isEmpty { problems.append("the OMS has no open sale") }
        for (sale, cents) in expected where posted[sale]?.count != 1 || posted[sale]?.cents != cents {
            problems.append("sale:\(sale) posted \(posted[sale]?.count ?? 0) time(s), \(posted[sale]?.cents ?? 0) cents, not \(cents)")
        }
        let invoiceKeys = try openLedger().read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM qbo_objects WHERE qbo_type = 'Invoice'") ?? 0
        }
        if sandbox.objects("Invoice").count != invoiceKeys {
            problems.append("QuickBooks holds \(sandbox.objects("Invoice").count) invoices, the ledger \(invoiceKeys)")
        }
        return problems
    }
}

/// A flag one thread sets and another polls.
final class TestFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false

    func raise() { lock.withLock { set = true } }
    var isRaised: Bool { lock.withLock { set } }

    /// Waits (without holding a shared thread) until raised or `seconds` pass; true when raised.
    func wait(seconds: Double) async -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while !isRaised && Date() < end { try? await Task.sleep(nanoseconds: 10_000_000) }
        return isRaised
    }

    /// Blocks this thread until raised or `seconds` pass.
    func block(seconds: Double) {
        let end = Date().addingTimeInterval(seconds)
        while !isRaised && Date() < end { usleep(5_000) }
    }
}
