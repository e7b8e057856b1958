import Foundation
import Testing

@testable import QBSyncCore

#if canImport(Glibc)
    import Glibc
#endif

/// A write that fails because the disk is full says so, names the file and the command to run
/// again once there is room; other failures keep the system's reason.
struct FileStoreErrorTests {
    @Test(arguments: [ENOSPC, EDQUOT])
    func aFullDiskNamesTheFileAndTheCommandToRunAgain(_ code: Int32) {
        let error = FileStoreError.writing("/ws/runs/0001/manifest.json", errno: code)
        #expect(error == .diskFull("/ws/runs/0001/manifest.json"))
        let message = error.errorDescription(rerunning: "qbsync transform --run 0001 --pipeline clinic.toml")
        #expect(message.hasPrefix("cannot write /ws/runs/0001/manifest.json: the disk is full"))
        #expect(message.contains("The step stopped before it counted as done"))
        #expect(message.hasSuffix("free disk space, then run 'qbsync transform --run 0001 --pipeline clinic.toml' again"))
    }

    @Test func anotherWriteFailureKeepsTheSystemsReason() {
        #expect(FileStoreError.writing("/ws/x.json", errno: EACCES) == .cannotWrite("/ws/x.json", String(cString: strerror(EACCES))))
    }
}
