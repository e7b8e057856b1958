import Foundation
import QBSyncCommands
import Testing

/// `qbsync webconnector` as a person starts it.
struct WebConnectorCommandTests {
    @Test func withoutAPasswordItExits2BeforeListening() async throws {
        let capture = OutputCapture()

        let code = await QBSync.run(arguments: ["webconnector", "--listen", "127.0.0.1:0"], environment: [:], capture: capture)

        #expect(code == 2)
        #expect(capture.standardError.contains("QBSYNC_QBWC_PASSWORD is not set"))
        #expect(!capture.standardOutput.contains("listening"))
    }

    @Test func aListenAddressThatIsNotHostAndPortExits2() async throws {
        let capture = OutputCapture()

        let code = await QBSync.run(
            arguments: ["webconnector", "--listen", "localhost"], environment: ["QBSYNC_QBWC_PASSWORD": "pw-123"], capture: capture)

        #expect(code == 2)
        #expect(capture.standardError.contains("'localhost' is not a HOST:PORT address"))
    }

    @Test func theHelpSaysThereIsNoDesktopLoadYet() async throws {
        let capture = OutputCapture()

        let code = await QBSync.run(arguments: ["webconnector", "--help"], environment: [:], capture: capture)

        #expect(code == 0)
        #expect(capture.standardOutput.contains("answers every update 'none'"))
    }

    @Test func theDesktopSandboxNeedsTheServiceToPoll() async throws {
        let capture = OutputCapture()

        let code = await QBSync.run(arguments: ["sandbox", "--desktop"], environment: ["QBSYNC_QBWC_PASSWORD": "pw-123"], capture: capture)

        #expect(code == 2)
        #expect(capture.standardError.contains("--desktop needs --connector"))
    }
}
