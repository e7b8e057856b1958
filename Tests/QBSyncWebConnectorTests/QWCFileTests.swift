import Foundation
import QBSyncCommands
import QBSyncWebConnector
import Testing

/// The `.qwc` file `qbsync webconnector --qwc` writes, and the URLs it refuses.
struct QWCFileTests {
    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qwc-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theWrittenFileHoldsWhatTheWebConnectorNeedsAndNoPassword() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("qbsync.qwc")
        let capture = OutputCapture()

        let code = await QBSync.run(
            arguments: ["webconnector", "--qwc", file.path, "--url", "https://books.brightears.example/qbwc", "--every-minutes", "30"],
            environment: ["QBSYNC_QBWC_USER": "clinic-sync", "QBSYNC_QBWC_PASSWORD": "Sekrit-9", "QBSYNC_QBD_COMPANY_FILE": "C:\\Books\\Clinic.qbw"],
            capture: capture)

        #expect(code == 0)
        let text = try String(contentsOf: file, encoding: .utf8)
        let fileID = QWCFile.fileID(companyFile: "C:\\Books\\Clinic.qbw")
        for element in [
            "<AppName>qbsync</AppName>", "<AppID/>", "<AppURL>https://books.brightears.example/qbwc</AppURL>",
            "<AppSupport>https://books.brightears.example/qbwc/support</AppSupport>", "<UserName>clinic-sync</UserName>",
            "<OwnerID>\(QWCFile.ownerID)</OwnerID>", "<FileID>\(fileID)</FileID>", "<QBType>QBFS</QBType>",
            "<RunEveryNMinutes>30</RunEveryNMinutes>", "<AppDescription>",
        ] {
            #expect(text.contains(element), "missing \(element)")
        }
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<QBWCXML>"))
        #expect(!text.contains("Sekrit"))
        #expect(fileID.range(of: #"^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$"#, options: .regularExpression) != nil)
        #expect(fileID != QWCFile.fileID(companyFile: ""))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["qbsync.qwc"])
    }

    @Test func localhostOverPlainHTTPIsAccepted() throws {
        let file = try QWCFile(url: "http://localhost:8124/qbwc", userName: "qbsync", fileID: QWCFile.fileID(companyFile: ""))
        #expect(file.appSupport == "http://localhost:8124/qbwc/support")
    }

    @Test(arguments: [
        ("http://books.brightears.example/qbwc", "QBWC1051"),
        ("https://192.168.1.20/qbwc", "QBWC1001"),
        ("http://127.0.0.1:8124/qbwc", "QBWC1001"),
        ("https://[::1]:8124/qbwc", "QBWC1001"),
        ("ftp://books.brightears.example/qbwc", "is not an http:// or https:// URL"),
    ])
    func aURLTheWebConnectorRefusesExits2AndWritesNothing(url: String, reason: String) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("qbsync.qwc")
        let capture = OutputCapture()

        let code = await QBSync.run(arguments: ["webconnector", "--qwc", file.path, "--url", url], environment: [:], capture: capture)

        #expect(code == 2)
        #expect(capture.standardError.contains(reason))
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
