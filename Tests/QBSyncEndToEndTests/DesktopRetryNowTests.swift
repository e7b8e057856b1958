import Foundation
import QBSyncCore
import QBSyncSandbox
import QBSyncXML
import Testing

/// `qbsync retry --now ITEM` on a desktop pipeline: the items' run of their own is loaded
/// through the Web Connector as the nightly's is (it was refused with exit code 2, "a desktop
/// load needs the Web Connector", leaving the operator only `qbsync retry` and the next night).
@Suite(.serialized)
struct DesktopRetryNowTests {
    @Test func itemsFailedOnANameAVendorHeldAreRetriedNowThroughTheWebConnectorOnce() async throws {
        let clinic = try DesktopClinic(patients: 12, days: 20, seed: 31)
        #expect(await clinic.qbsync("extract").code == 0)
        let run = clinic.harness.latestRun.lastPathComponent
        #expect(await clinic.qbsync("transform", "--run", run).code == 0)
        let (key, name) = try #require(try DesktopSettleTests.plannedCustomers(clinic.harness).first)
        clinic.company.addOtherName(kind: "Vendor", name: name)
        let loaded = await clinic.qbsync("load", "--run", run, "--wait", "600")
        #expect(loaded.code == 1, "\(loaded.err)")
        #expect(await clinic.qbsync("reconcile", "--run", run).code == 1)
        let ledger = try Ledger(url: clinic.harness.workspace.appendingPathComponent("ledger.sqlite"))
        let patient = String(key.split(separator: " ")[1])
        let failed = try ledger.items(in: .failed).map(\.ref)
        #expect(failed.contains(patient), "\(failed)")

        // The bookkeeper renames the vendor; the operator retries the items at once.
        clinic.company.renameOtherName(kind: "Vendor", from: name, to: name + " (vendor)")
        let retried = await clinic.qbsync(["retry", "--now", "--wait", "600"] + failed)
        #expect(retried.code == 0, "\(retried.out)\n\(retried.err)")
        for ref in failed { #expect(try ledger.item(ref)?.state == .synced, "\(ref)") }
        let customers = try DesktopCompanyTransport(company: clinic.company).query("CustomerQuery", [.leaf("ActiveStatus", "All")])
        #expect(customers.filter { $0.text(of: "Name")?.lowercased() == name.lowercased() }.count == 1)
        let markers = try clinic.liveMarkers()
        #expect(Set(markers).count == markers.count, "a document posted twice")

        // What was sent is shown in Desktop's words, not Online's entity names.
        let payment = try #require(try ledger.items(in: .synced).map(\.ref).first { $0.hasPrefix("payment:") })
        let show = await clinic.qbsync("show", payment)
        #expect(show.out.contains("create Payment (ReceivePayment) [payment \(payment)]"), "\(show.out)")
    }
}
