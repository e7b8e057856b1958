import Foundation
import QBSyncCore
import QBSyncSandbox
import Testing

/// A record QuickBooks keeps busy through every set of the load: the item fails saying to close
/// what is open in QuickBooks and retry it, and the next nightly after `qbsync retry` posts it.
struct DesktopBusyRecordTests {
    @Test func aRecordBusyThroughTheWholeLoadFailsWithWhatToDoAndTheNextNightlyPostsItAfterARetry() async throws {
        let clinic = try DesktopNightClinic(patients: 12, days: 20, seed: 5)
        // Four writes in a row refused as busy: the one request they hit, in each of the load's four sets.
        try clinic.open(faults: try DesktopFaults(spec: "in-use=12,lock=13,changed=14,internal-error=15"))
        defer { clinic.close() }
        let night = await clinic.qbsync("run", "--wait", "1200")
        #expect(night.code == 1, "\(night.err)")
        let failed = try clinic.harness.openLedger().items(in: .failed)
        let busy = try #require(failed.first { $0.message?.contains("(1000)") == true }, "\(failed.map { $0.message ?? $0.ref })")
        #expect(busy.code == "not-applied")
        let message = busy.message ?? ""
        #expect(message.contains("close what is open in QuickBooks") && message.contains("'qbsync retry \(busy.ref)'"), "\(message)")
        #expect(!message.contains("Correct what QuickBooks names"), "\(message)")

        let retry = await clinic.qbsync(["retry"] + failed.map(\.ref))
        #expect(retry.code == 0, "\(retry.err)")
        let next = await clinic.qbsync("run", "--wait", "1200")
        #expect(next.code == 0, "\(next.err)")
        #expect(try clinic.harness.openLedger().items(in: .failed).isEmpty)
        let tieOut = DesktopTieOut(company: try clinic.snapshot(), oms: try OMSBooks(clinic.harness))
        #expect(tieOut.problems.isEmpty, "\(tieOut.problems.prefix(8))")
    }
}
