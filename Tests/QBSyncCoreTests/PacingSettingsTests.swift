import Foundation
import QBSyncCore
import Testing

/// The request limits a load is paced to come from `[quickbooks]`, with QuickBooks's published
/// ones by default.
struct PacingSettingsTests {
    func settings(_ quickbooks: String) throws -> PipelineSettings {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pacing-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "name = \"pacing\"\n[quickbooks]\n\(quickbooks)\n".write(to: file, atomically: true, encoding: .utf8)
        return try PipelineSettings.load(path: file.path, environment: [:])
    }

    @Test func withoutSettingsTheLimitsAreQuickBooksPublishedOnes() throws {
        let limits = try settings("batch_size = 30").quickbooks.limits
        #expect(limits == .quickBooks)
        #expect(limits.requestsPerMinute == 500 && limits.requestsPerSecond == 10)
        #expect(limits.batchRequestsPerMinute == 40 && limits.maxConcurrent == 10)
    }

    @Test func aCompanySharingItsAllowanceCanLowerThem() throws {
        let limits = try settings("requests_per_minute = 250\nbatch_requests_per_minute = 20\nmax_concurrent_requests = 4").quickbooks.limits
        #expect(limits.requestsPerMinute == 250)
        #expect(limits.batchRequestsPerMinute == 20)
        #expect(limits.maxConcurrent == 4)
        #expect(limits.requestsPerSecond == 10)
    }

    @Test func aLimitBelowOneIsAConfigurationError() throws {
        #expect(throws: PipelineError.self) { try settings("requests_per_second = 0") }
    }
}
