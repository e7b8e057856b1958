import Foundation
import GRDB
import QBSyncCore
import Testing

/// `transform --validate` on a desktop run: the sets as written validate; a hand-edited `.qbxml`
/// that is no longer XML is refused with its file, line and column, and one that adds a
/// patient's detail is refused as a leak.
struct DesktopHandEditTests {
    func desktopRun(seed: UInt64) async throws -> (PipelineHarness, String) {
        let harness = try PipelineHarness(patients: 40, days: 60, seed: seed, pipelineExtra: DesktopTransformTests.desktop)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        #expect(await harness.qbsync("transform", "--run", run) == 0)
        return (harness, run)
    }

    func setFile(_ harness: PipelineHarness, containing needle: String) throws -> URL {
        let batches = harness.latestRun.appendingPathComponent("2-transform/batches")
        let files = try FileManager.default.contentsOfDirectory(atPath: batches.path).sorted()
        let name = try #require(files.first { (try? String(contentsOf: batches.appendingPathComponent($0), encoding: .utf8))?.contains(needle) == true })
        return batches.appendingPathComponent(name)
    }

    @Test func untouchedSetsValidateAndBrokenXMLIsRefusedWithItsLineAndColumn() async throws {
        // Seed 3's sample holds refunds of payment credits and of returns, write-offs, payer invoices.
        let (harness, run) = try await desktopRun(seed: 3)
        let untouched = await harness.qbsyncOutput("transform", "--validate", "--run", run)
        #expect(untouched.code == 0, "\(untouched.out)\(untouched.err)")

        let file = try setFile(harness, containing: "<InvoiceAddRq")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let broken = try #require(lines.firstIndex { $0.contains("</TxnDate>") })
        lines[broken] = lines[broken].replacingOccurrences(of: "</TxnDate>", with: "")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let refused = await harness.qbsyncOutput("transform", "--validate", "--run", run)
        #expect(refused.code != 0)
        let said = refused.out + refused.err
        #expect(said.contains("2-transform/batches/\(file.lastPathComponent)"), "\(said)")
        #expect(said.contains("not a valid qbXML message set"), "\(said)")
        // The line of the element left open, or after it: a line number, and a column.
        #expect(said.range(of: #"\.qbxml:[0-9]+:[0-9]+: not a valid qbXML"#, options: .regularExpression) != nil, "\(said)")
        #expect(!said.contains("unapplied-payment"), "\(said)")
    }

    @Test func aHandEditThatAddsAPatientsPhoneIsRefusedAsALeak() async throws {
        let (harness, run) = try await desktopRun(seed: 9)
        let phone: String = try harness.oms { db in
            try String.fetchOne(db, sql: "SELECT p.mobile_phone FROM patients p JOIN sales s ON s.patient_id = p.id WHERE p.mobile_phone IS NOT NULL AND length(p.mobile_phone) >= 10 ORDER BY p.id LIMIT 1")!
        }
        let file = try setFile(harness, containing: "<CustomerAddRq")
        var text = try String(contentsOf: file, encoding: .utf8)
        let range = try #require(text.range(of: "<IsActive>true</IsActive>"))
        text.replaceSubrange(range, with: "<IsActive>true</IsActive><Phone>\(phone)</Phone>")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let refused = await harness.qbsyncOutput("transform", "--validate", "--run", run)
        #expect(refused.code == 3)
        let said = refused.out + refused.err
        #expect(said.contains("health information"), "\(said)")
        #expect(!said.contains(phone))
    }

    /// Each request is read back by the Desktop reader and checked as an Online item is, the
    /// messages naming the element and the line of the request: an amount that is not dollars
    /// and cents, and a placeholder naming an object neither planned nor in QuickBooks.
    @Test func aHandEditedRequestIsCheckedWhereItIsWrong() async throws {
        let (harness, run) = try await desktopRun(seed: 3)
        let file = try setFile(harness, containing: "<InvoiceAddRq")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let amount = try #require(lines.firstIndex { $0.contains("<InvoiceLineAdd>") }.flatMap { start in lines[start...].firstIndex { $0.contains("<Amount>") } })
        let request = try #require(lines[..<amount].lastIndex { $0.contains("<InvoiceAddRq") })
        lines[amount] = lines[amount].replacingOccurrences(of: #"<Amount>([0-9]+)\.([0-9]+)</Amount>"#, with: "<Amount>$1,$2</Amount>", options: .regularExpression)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let validator = HandEditValidator(settings: try harness.settings(), ledger: try harness.openLedger())
        let bad = try validator.validate(runID: run).problems
        let wrongAmount = try #require(bad.first { $0.message.contains("must be a number with at most two decimals") }, "\(bad)")
        #expect(wrongAmount.message.hasPrefix("InvoiceAdd/InvoiceLineAdd/Amount must be"), "\(wrongAmount.message)")
        #expect(wrongAmount.line == request + 1)
        #expect(await harness.qbsync("transform", "--validate", "--run", run) == 2)

        // A customer placeholder naming no object: refused, naming the element it is in.
        lines[amount] = lines[amount].replacingOccurrences(of: ",", with: ".")
        let customer = try #require(lines[request...].firstIndex { $0.contains("<ListID>@customer ") })
        lines[customer] = lines[customer].replacingOccurrences(of: #"@customer [a-z]+:[0-9]+"#, with: "@customer patient:999999", options: .regularExpression)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let unknown = try validator.validate(runID: run).problems
        #expect(
            unknown.contains { $0.message.hasPrefix("InvoiceAdd/CustomerRef/ListID names @customer patient:999999, which is neither") && $0.line == request + 1 },
            "\(unknown)")
        #expect(!unknown.contains { $0.message.contains("must be a number") })
    }
}
