import Foundation
import Testing
@testable import QBSyncCore

struct PipelineSettingsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["pipelines/default.toml", "samples/demo.toml"])
    func theShippedPipelineFilesReadWithSafeDefaults(path: String) throws {
        let settings = try PipelineSettings.load(path: Self.root.appendingPathComponent(path).path, environment: [:])
        #expect(settings.redaction.enabled)
        #expect(settings.quickbooks.batchSize == 30)
        #expect(settings.mapping.incomeAccounts["hearing_aid"] == "Sales of Product Income")
        #expect(settings.mapping.depositAccount == "Undeposited Funds")
    }

    @Test func theEnvironmentOverridesConnectionSettings() throws {
        let settings = try PipelineSettings.load(
            path: Self.root.appendingPathComponent("pipelines/default.toml").path,
            environment: ["QBSYNC_QBO_BASE_URL": "http://127.0.0.1:9", "QBSYNC_OMS_DB": "/tmp/x.sqlite", "QBSYNC_QBO_REALM": "42"])
        #expect(settings.quickbooks.baseURL == "http://127.0.0.1:9")
        #expect(settings.omsDatabase == "/tmp/x.sqlite")
        #expect(settings.quickbooks.realm == "42")
    }

    func load(_ text: String) throws -> PipelineSettings {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-settings-\(UUID().uuidString).toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try PipelineSettings.load(path: url.path, environment: [:])
    }

    @Test func aMisspeltSettingIsRefusedNotIgnored() {
        #expect(throws: PipelineError.self) { try load("[accounts]\ndepostit = \"Checking\"\n") }
    }

    @Test func turningRedactionOffNeedsSomeoneToAcknowledgeIt() throws {
        #expect(throws: PipelineError.self) { try load("[redaction]\nenabled = false\n") }
        let settings = try load("[redaction]\nenabled = false\ndisabled_by = \"Dr. Ada, privacy officer\"\n")
        #expect(!settings.redaction.enabled)
    }

    @Test func depositRulesMatchLocationAndMethodFirstRuleWins() throws {
        let settings = try load(
            """
            [[accounts.deposit_rules]]
            location = "Main Street"
            method = "cash"
            account = "Cash on hand"
            [[accounts.deposit_rules]]
            method = "Visa"
            account = "Card clearing"
            """)
        let mapping = settings.mapping
        #expect(mapping.depositAccount(location: "Main Street", methodName: "Cash", methodKind: "cash") == "Cash on hand")
        #expect(mapping.depositAccount(location: "Riverside", methodName: "Cash", methodKind: "cash") == "Undeposited Funds")
        #expect(mapping.depositAccount(location: "Riverside", methodName: "visa", methodKind: "card") == "Card clearing")
    }

    @Test(arguments: [
        "GivenName = \"first_name\"", "\"BillAddr.City\" = \"city\"", "\"BillAddr.Country\" = \"postal_code\"",
        "\"PrimaryEmailAddr.Address\" = \"email\"",
    ])
    func aRedactionPolicyThatWouldSendAnIdentifierIsRefusedWhenThePipelineIsRead(entry: String) {
        #expect(throws: PipelineError.self) { try load("[redaction.patient_fields]\n\(entry)\n") }
    }

    @Test func aRedactionPolicyMayAllowTheStateAndCountry() throws {
        let settings = try load("[redaction.patient_fields]\n\"BillAddr.CountrySubDivisionCode\" = \"region\"\n")
        #expect(settings.redaction.patientFields == ["BillAddr.CountrySubDivisionCode": "region"])
        #expect(try load("").redaction.patientFields.isEmpty)
    }
}
