import Testing
@testable import QBSyncCore
@Test func version() { #expect(QBSyncCoreVersion.string == "0.1.0") }
