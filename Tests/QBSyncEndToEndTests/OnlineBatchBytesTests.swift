import Foundation
import QBSyncCore
import Testing

/// The Online batch files are what an accountant reads and approves, and what the load posts:
/// the neutral plan and its Online renderer must write them byte for byte as qbsync always has.
/// These pin the SHA-256 of every file in `2-transform/batches/` and of `plan.json` for a small
/// fixed sample (broken rows included, so failures are in the plan), the run id and the random
/// pseudonym codes written as placeholders. A change that alters a byte fails here: if it is
/// meant, say why in the README and replace the digests with the ones the failure prints.
struct OnlineBatchBytesTests {
    static let plain: [String: String] = [
        "batches/1-setup-00001.json": "d98e5d9b34631fa04b906314218b9b5114c9820320d0ac381b6413e9231a4618",
        "batches/2-customers-items-00001.json": "b46d1ea2a3553e7677fd76fa845e377043e578583eca47264fcb8e8674d20851",
        "batches/2-customers-items-00002.json": "327231d5b39681b9ac17404045bc48afd548fe25bbe2cbdf8424fc2ce56d4fe9",
        "batches/2-customers-items-00003.json": "51e94de6311d1a56985867120d33639af12c7bc887ad7c22e30144be17d0ef1a",
        "batches/3-documents-00001.json": "2cfc4a08933fc306f7e4139ac69ff7df1a977c550681f7830a64b01f49133182",
        "batches/4-payments-refunds-00001.json": "5754613dbc3d68af5428d93d2438fccbab6e9ef24074c3ae35ccf557d0638801",
        "batches/5-credit-applications-00001.json": "4da687ac250ae96f83366bb982ebecdd3231686c315d11cb6e8749ebd1054cc6",
        "batches/6-refund-applications-00001.json": "cb3b4df29cb521dc1b6bef56da97bc33e950234886d6e2e84c15333ad4adf2cf",
        "batches/7-deactivations-00001.json": "951636cc1f4beccdff44224ac16007fa86dfbd9865587301a7db054d33f96fda",
        "plan.json": "eeb15dd5219542a513b5cf61cfda01207507cd26448f2d8a4cc143d4133dcf8e",
    ]

    static let redacted: [String: String] = [
        "batches/1-setup-00001.json": "d98e5d9b34631fa04b906314218b9b5114c9820320d0ac381b6413e9231a4618",
        "batches/2-customers-items-00001.json": "b46d1ea2a3553e7677fd76fa845e377043e578583eca47264fcb8e8674d20851",
        "batches/2-customers-items-00002.json": "50a103d3e916ecced29eec7106bb5cf4f38a6efa72291fee26361dd1627f0975",
        "batches/2-customers-items-00003.json": "1280f59e48c515ffa83ee2331b7f0140c0e97d1e4043c128bb626eb8dd156936",
        "batches/3-documents-00001.json": "2cfc4a08933fc306f7e4139ac69ff7df1a977c550681f7830a64b01f49133182",
        "batches/4-payments-refunds-00001.json": "5754613dbc3d68af5428d93d2438fccbab6e9ef24074c3ae35ccf557d0638801",
        "batches/5-credit-applications-00001.json": "4da687ac250ae96f83366bb982ebecdd3231686c315d11cb6e8749ebd1054cc6",
        "batches/6-refund-applications-00001.json": "cb3b4df29cb521dc1b6bef56da97bc33e950234886d6e2e84c15333ad4adf2cf",
        "batches/7-deactivations-00001.json": "951636cc1f4beccdff44224ac16007fa86dfbd9865587301a7db054d33f96fda",
        "plan.json": "a40a108535fa0999a97c21f4567bda6975a209dbb051c46bcc92d12eb8c61c18",
    ]

    @Test func batchesWithRedactionOffAreTheBytesQBSyncHasAlwaysWritten() async throws {
        let digests = try await transformDigests(pipelineExtra: "[redaction]\nenabled = false\ndisabled_by = \"byte-identity test\"")
        #expect(digests == Self.plain, "2-transform/ changed; digests now:\n\(Self.listing(digests))")
    }

    @Test func redactedBatchesAreTheBytesQBSyncHasAlwaysWritten() async throws {
        let digests = try await transformDigests(pipelineExtra: "")
        #expect(digests == Self.redacted, "2-transform/ changed; digests now:\n\(Self.listing(digests))")
    }

    /// Extract and transform a fixed sample; the digest of each batch file and of the plan.
    private func transformDigests(pipelineExtra: String) async throws -> [String: String] {
        let harness = try PipelineHarness(patients: 14, days: 24, seed: 5, broken: true, pipelineExtra: pipelineExtra)
        #expect(await harness.qbsync("extract") == 0)
        let run = harness.latestRun.lastPathComponent
        #expect(await harness.qbsync("transform", "--run", run) == 1)  // the broken rows fail
        let transform = harness.latestRun.appendingPathComponent("2-transform")
        var files = harness.texts(under: transform.appendingPathComponent("batches")).map { ("batches/" + $0.0, $0.1) }
        files.append(("plan.json", try String(contentsOf: transform.appendingPathComponent("plan.json"), encoding: .utf8)))
        #expect(files.count > 5)
        var digests: [String: String] = [:]
        for (path, text) in files {
            let normalised = text.replacingOccurrences(of: run, with: "RUN")
                .replacingOccurrences(of: #"[A-Z2-9]{4}-[A-Z2-9]{4}"#, with: "CODE", options: .regularExpression)
            digests[path] = SHA256.hex(normalised)
        }
        return digests
    }

    private static func listing(_ digests: [String: String]) -> String {
        digests.keys.sorted().map { "        \"\($0)\": \"\(digests[$0]!)\"," }.joined(separator: "\n")
    }
}
