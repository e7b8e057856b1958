import ArgumentParser
import Foundation
import QBSyncSandbox

/// Where `qbsync sandbox --desktop` gets its QuickBooks Desktop company.
enum SandboxDesktopCompany {
    /// The sandbox's Desktop company kept in `dataDirectory` (a temporary folder when nil).
    ///
    /// The qbXML company (`DesktopCompany`) is built on its own branch; until it is merged here
    /// this build has none, and says so instead of pretending: the command exits 2.
    static func make(dataDirectory: URL?) throws -> any DesktopQuickBooks {
        throw ValidationError("This build of qbsync has no QuickBooks Desktop company for the sandbox yet (it is being built); 'qbsync sandbox --desktop' cannot run.")
    }
}
