import Foundation
import GRDB
import QBSyncCore
import QBSyncJSON
import Testing

extension DesktopWebConnectorBooksTests {
    /// `qbsync reintegrate` on a desktop pipeline: the lost workspace of a clinic whose books are in
    /// QuickBooks Desktop is refused a second posting, rebuilt from the company through the Web
    /// Connector (nothing changed there), and its next run posts only what QuickBooks does not hold.
    @Suite struct DesktopReintegrateTests {
        @Test func aLostDesktopWorkspaceIsRefusedThenReintegratedAndTheThirdRunPostsOnlyTheNewChanges() async throws {
            let clinic = try DesktopClinic(patients: 20, days: 30, seed: 31)
            let harness = clinic.harness
            let first = await clinic.qbsync("run", "--wait", "300")
            #expect(first.code == 0, "\(first.err)")
            _ = try SampleGenerator.appendActivity(to: harness.omsURL, days: 5, seed: 23)
            // A sale the second night posts and nobody pays yet.
            let scenario = try OMSScenario(harness)
            let debtor = try scenario.patient()
            let owing = (sale: try scenario.sale(patient: debtor, cents: 9_000).sale, patient: debtor)
            let second = await clinic.qbsync("run", "--wait", "300")
            #expect(second.code == 0, "\(second.err)")
            // A change made in the OMS after the last load, never posted: the rebuilt ledger must take it.
            let plain = try ReintegrateTests.plainSales(harness)
            try #require(plain.count >= 3)
            let unposted = plain[0].sale
            try scenario.raisePrice(sale: unposted, by: 1_000)
            let posted = try clinic.liveMarkers()
            #expect(Set(posted).count == posted.count)

            // The disk is lost with no copy of the ledger: the first run of the new workspace is refused.
            try FileManager.default.removeItem(at: harness.workspace)
            try FileManager.default.createDirectory(at: harness.workspace, withIntermediateDirectories: true)
            let refused = await clinic.qbsync("run", "--wait", "300")
            #expect(refused.code == 3, "\(refused.err)")
            #expect(refused.err.contains("'qbsync reintegrate'") && refused.err.contains("QuickBooks Desktop company already holds"), "\(refused.err)")
            let before = try clinic.holdings()

            let reintegrate = await clinic.qbsync("reintegrate", "--wait", "300")
            #expect(reintegrate.code == 0, "\(reintegrate.out)\n\(reintegrate.err)")
            #expect(reintegrate.out.contains("the ledger is rebuilt"), "\(reintegrate.out)")
            #expect(try clinic.holdings() == before, "reintegrate changes nothing in QuickBooks")
            let report = try ReintegrateTests.report(harness)
            #expect((report.json["duplicates"]?.arrayValue ?? []).isEmpty, "\(report.text)")
            #expect((report.json["unmatched"]?.arrayValue ?? []).isEmpty, "\(report.text)")
            let queued = Set((report.json["queued"]?.arrayValue ?? []).compactMap { $0["ref"]?.stringValue })
            #expect(queued == ["sale:\(unposted)"], "\(report.text)")

            // The patients keep the pseudonyms QuickBooks shows; the map is the Desktop edition's.
            let ledger = try harness.openLedger()
            let patient = plain[1].patient
            let customer = try #require(try ledger.booksObject("customer patient:\(patient)"))
            #expect(customer.edition == .desktop)
            let shown = try DesktopCompanyTransport(company: clinic.company).query("CustomerQuery", [.leaf("ListID", customer.remoteID)]).first
            #expect(shown?.text(of: "Name") == "Patient " + (try ledger.pseudonym(patientID: patient)))

            // The third night: a new sale of a patient QuickBooks has, an edit of an old sale, a payment.
            let cursor = try ledger.cursor()
            let newSale = try scenario.sale(patient: patient, cents: 12_500).sale
            let edited = plain[1].sale
            try scenario.raisePrice(sale: edited, by: 2_000)
            // A payment on an old invoice with something still open on it.
            let payment = try scenario.payment(patient: owing.patient, cents: 700, sale: owing.sale, applied: 700)
            let third = await clinic.qbsync("run", "--wait", "300")
            #expect(third.code == 0, "\(third.out)\n\(third.err)")

            // It took only the new changes and the one never posted; the company holds every document once.
            let run = harness.latestRun.lastPathComponent
            let taken = Set(try ledger.read { db in try String.fetchAll(db, sql: "SELECT ref FROM items WHERE run_id = ?", arguments: [run]) })
            let changed: Set<String> = try harness.oms { db in
                Set(try Row.fetchAll(db, sql: "SELECT DISTINCT entity, entity_id FROM change_log WHERE seq > ?", arguments: [cursor]).map {
                    "\($0["entity"] as String):\($0["entity_id"] as Int)"
                })
            }
            #expect(taken.subtracting(changed).subtracting(queued).isEmpty, "taken again: \(taken.subtracting(changed).subtracting(queued).sorted())")
            #expect(taken.isSuperset(of: ["sale:\(newSale)", "sale:\(edited)", "sale:\(unposted)", "payment:\(payment)"]))
            let markers = try clinic.liveMarkers()
            #expect(Set(markers).count == markers.count, "a document is in QuickBooks twice")
            #expect(Set(markers).isSuperset(of: Set(posted)))
            try DesktopLoadTests().tiesOut(harness: harness, transport: DesktopCompanyTransport(company: clinic.company), ledger: ledger)
        }

        @Test func withoutTheWebConnectorADesktopReintegrationWaitsThenExitsThreeHavingChangedNothing() async throws {
            let harness = try PipelineHarness(patients: 6, days: 10, seed: 47, pipelineExtra: DesktopLoadTests.desktop)
            let waited = await DesktopLoadCommandTests().qbsync(harness, ["reintegrate", "--wait", "1"], port: try DesktopLoadCommandTests.freePort())
            #expect(waited.code == 3, "\(waited.out)\n\(waited.err)")
            #expect(waited.err.contains("waiting for QuickBooks") && waited.err.contains("'qbsync reintegrate'"), "\(waited.err)")
            #expect(!FileManager.default.fileExists(atPath: harness.workspace.appendingPathComponent("reintegrate").path), "no report of a read that did not happen")
            #expect(try harness.openLedger().cursor() == 0)
            #expect(DesktopBooksSnapshot.load(workspace: harness.workspace) == nil)
        }
    }
}
