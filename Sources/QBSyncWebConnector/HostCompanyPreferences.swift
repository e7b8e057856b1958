import Foundation
import QBSyncXML

/// What the Web Connector's own HostQuery, CompanyQuery and PreferencesQuery answered, read from
/// the first `sendRequestXML`'s `strHCPResponse`: enough to tell whether this is the pipeline's
/// company and whether QuickBooks will take what qbsync writes.
public struct HostCompanyPreferences: Sendable, Equatable {
    /// The company file the Web Connector has open (`strCompanyFileName`).
    public var companyFile: String
    /// Every `SupportedQBXMLVersion` of `HostRet` (`13.0`, …).
    public var supportedQBXMLVersions: [String]
    /// `CompanyRet/CompanyName`.
    public var companyName: String?
    /// `CompanyRet`'s `DataExtRet`s: (OwnerID, DataExtName, DataExtValue).
    public var dataExtensions: [(ownerID: String, name: String, value: String)]
    /// `AccountingPreferences/IsUsingClassTracking`.
    public var isUsingClassTracking: Bool?
    /// `AccountingPreferences/ClosingDate` (`YYYY-MM-DD`), when the books are closed.
    public var closingDate: String?
    /// Whether the answer held a HostRet, a CompanyRet and a PreferencesRet at all.
    public var isComplete: Bool

    /// An answer built in code.
    public init(
        companyFile: String, supportedQBXMLVersions: [String] = [], companyName: String? = nil,
        dataExtensions: [(ownerID: String, name: String, value: String)] = [], isUsingClassTracking: Bool? = nil,
        closingDate: String? = nil, isComplete: Bool = true
    ) {
        self.companyFile = companyFile
        self.supportedQBXMLVersions = supportedQBXMLVersions
        self.companyName = companyName
        self.dataExtensions = dataExtensions
        self.isUsingClassTracking = isUsingClassTracking
        self.closingDate = closingDate
        self.isComplete = isComplete
    }

    /// Reads `strHCPResponse`; an empty or unreadable answer gives one that is not complete
    /// (the check refuses it: nothing is written into a company qbsync could not identify).
    public init(hcpResponse: String, companyFile: String) {
        self.init(companyFile: companyFile, isComplete: false)
        guard let document = try? XMLTreeReader.read(hcpResponse), document.root.name == "QBXML",
            let messages = document.root.child("QBXMLMsgsRs")
        else { return }
        // QuickBooks may answer the three queries in one message set or in several.
        let answers = messages.children
        let host = answers.compactMap { $0.name == "HostQueryRs" ? $0.child("HostRet") : nil }.first
        let company = answers.compactMap { $0.name == "CompanyQueryRs" ? $0.child("CompanyRet") : nil }.first
        let preferences = answers.compactMap { $0.name == "PreferencesQueryRs" ? $0.child("PreferencesRet") : nil }.first
        supportedQBXMLVersions = host?.children(named: "SupportedQBXMLVersion").map(\.text) ?? []
        companyName = company?.text(of: "CompanyName")
        dataExtensions = (company?.children(named: "DataExtRet") ?? []).map {
            (ownerID: $0.text(of: "OwnerID") ?? "", name: $0.text(of: "DataExtName") ?? "", value: $0.text(of: "DataExtValue") ?? "")
        }
        let accounting = preferences?.child("AccountingPreferences")
        isUsingClassTracking = accounting?.text(of: "IsUsingClassTracking").map { $0.lowercased() == "true" }
        closingDate = accounting?.text(of: "ClosingDate").flatMap { $0.isEmpty ? nil : $0 }
        isComplete = host != nil && company != nil && preferences != nil
    }

    /// The `FileID` values stored under `ownerID`.
    public func fileIDs(ownerID: String) -> [String] {
        dataExtensions.filter { $0.name == "FileID" && $0.ownerID.caseInsensitiveCompare(ownerID) == .orderedSame }.map(\.value)
    }

    /// Whether QuickBooks speaks qbXML `major.minor` or later.
    public func supports(major: Int, minor: Int) -> Bool {
        supportedQBXMLVersions.contains { version in
            let parts = version.split(separator: ".").compactMap { Int($0) }
            guard let first = parts.first else { return false }
            return first > major || (first == major && (parts.count > 1 ? parts[1] : 0) >= minor)
        }
    }

    public static func == (lhs: HostCompanyPreferences, rhs: HostCompanyPreferences) -> Bool {
        lhs.companyFile == rhs.companyFile && lhs.supportedQBXMLVersions == rhs.supportedQBXMLVersions
            && lhs.companyName == rhs.companyName && lhs.isUsingClassTracking == rhs.isUsingClassTracking
            && lhs.closingDate == rhs.closingDate && lhs.isComplete == rhs.isComplete
            && lhs.dataExtensions.map { [$0.ownerID, $0.name, $0.value] } == rhs.dataExtensions.map { [$0.ownerID, $0.name, $0.value] }
    }
}
