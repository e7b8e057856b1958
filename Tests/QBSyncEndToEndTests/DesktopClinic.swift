import Foundation
import QBSyncCore
import QBSyncSandbox
import QBSyncWebConnector
import QBSyncXML
import Testing

/// A desktop clinic for command-level tests: a desktop pipeline over a generated OMS, the
/// sandbox's QuickBooks Desktop company, and its Web Connector polling the loopback port the
/// commands serve (`qbsync run`, `load`, `reintegrate`), as the real one polls the clinic's.
final class DesktopClinic {
    let harness: PipelineHarness
    let port: Int
    let company: DesktopCompany
    let connector: SandboxWebConnector
    private let polling: Task<Void, Never>

    init(patients: Int = 16, days: Int = 30, seed: UInt64, pipelineExtra: String = "") throws {
        harness = try PipelineHarness(patients: patients, days: days, seed: seed, pipelineExtra: DesktopLoadTests.desktop + "\n" + pipelineExtra)
        port = try DesktopLoadCommandTests.freePort()
        company = try DesktopCompany(folder: nil)
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: ""))
        connector = SandboxWebConnector(
            url: URL(string: "http://127.0.0.1:\(port)/qbwc")!, userName: "qbsync", password: DesktopLoadCommandTests.password,
            quickBooks: company, noOpWait: .milliseconds(10))
        let connector = connector
        polling = Task { await connector.poll(every: .milliseconds(20)) { _ in } }
    }

    deinit { polling.cancel() }

    /// One command line, in process, with the Web Connector's password and port.
    func qbsync(_ arguments: String...) async -> (code: Int32, out: String, err: String) {
        await qbsync(arguments)
    }

    func qbsync(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await DesktopLoadCommandTests().qbsync(harness, arguments, port: port)
    }

    /// The company as a person would list it: every transaction and name, with its edit
    /// sequence, so that any change shows.
    func holdings() throws -> [String] {
        let transport = DesktopCompanyTransport(company: company)
        var lines: [String] = []
        for type in ["InvoiceQuery", "CreditMemoQuery", "ReceivePaymentQuery", "ARRefundCreditCardQuery"] {
            lines += try transport.query(type).map { "\(type) \($0.text(of: "TxnID") ?? "") \($0.text(of: "EditSequence") ?? "")" }
        }
        for type in ["CustomerQuery", "ItemQuery", "ClassQuery", "PaymentMethodQuery", "AccountQuery"] {
            lines += try transport.query(type, [.leaf("ActiveStatus", "All")]).map { "\(type) \($0.text(of: "ListID") ?? "") \($0.text(of: "EditSequence") ?? "")" }
        }
        return lines.sorted()
    }

    /// The number and marker (`INV00012 qbsync sale:12`) of every live transaction qbsync
    /// posted, once per document (a sale's patient and third-party invoices share a marker).
    func liveMarkers() throws -> [String] {
        let transport = DesktopCompanyTransport(company: company)
        var markers: [String] = []
        for type in ["InvoiceQuery", "CreditMemoQuery", "ReceivePaymentQuery", "ARRefundCreditCardQuery"] {
            for ret in try transport.query(type) {
                let memo = ret.text(of: "Memo") ?? ""
                guard !memo.hasPrefix("VOID:"), let range = memo.range(of: "qbsync ") else { continue }
                markers.append("\(type) \(ret.text(of: "RefNumber") ?? "") " + memo[range.lowerBound...])
            }
        }
        return markers
    }
}

/// The command-level tests that read a desktop company through the Web Connector on loopback
/// (reintegration, the cutover, the look-alike check), one at a time: each polls for a minute or
/// more, and run side by side with the whole suite on two cores they would starve each other's
/// Web Connector past its --wait.
@Suite(.serialized) enum DesktopWebConnectorBooksTests {}
