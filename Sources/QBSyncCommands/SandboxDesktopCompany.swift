import ArgumentParser
import Foundation
import QBSyncSandbox
import QBSyncWebConnector

/// Where `qbsync sandbox --desktop` gets its QuickBooks Desktop company.
enum SandboxDesktopCompany {
    /// The sandbox's Desktop company kept in `dataDirectory` (in memory when nil), with `faults`
    /// on, and with the FileID the Web Connector would have stored in it on its first connection
    /// (under qbsync's OwnerID, for the company file setting `companyFile`), so the service's
    /// company check knows it for the pipeline's company.
    static func make(dataDirectory: URL?, faults: DesktopFaults = DesktopFaults(), companyFile: String = "") throws
        -> any DesktopQuickBooks
    {
        let company: DesktopCompany
        do {
            company = try DesktopCompany(folder: dataDirectory, faults: faults)
        } catch {
            throw ValidationError("The Desktop sandbox's company could not be opened in \(dataDirectory?.path ?? "memory"): \(error.localizedDescription)")
        }
        company.storeCompanyDataExt(ownerID: QWCFile.ownerID, name: "FileID", value: QWCFile.fileID(companyFile: companyFile))
        return company
    }
}
