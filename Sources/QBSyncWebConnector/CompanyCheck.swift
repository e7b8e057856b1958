import Foundation
/// Judges the first `sendRequestXML`'s host, company and preferences answer before anything is
/// handed to QuickBooks: the wrong company file, class tracking off or a closing date after the
/// work's documents must stop the session while nothing has been written.
public protocol CompanyCheck: Sendable {
    /// Whether the work may be written into the company `answer` describes. A refusal's reason is
    /// shown in the Web Connector: no PHI, no secret.
    func check(_ answer: HostCompanyPreferences) -> CompanyVerdict
}

/// A company check's outcome.
public enum CompanyVerdict: Sendable, Equatable {
    /// The work belongs in this company.
    case accept
    /// It does not; `reason` says why and what to do.
    case refuse(reason: String)
}

/// What the pipeline expects of its QuickBooks Desktop company.
public struct ExpectedCompany: CompanyCheck {
    /// The application's OwnerID (`{…}`), under which the Web Connector stores the `FileID`.
    public var ownerID: String
    /// The `.qwc`'s FileID the company must carry; nil to skip the check.
    public var fileID: String?
    /// The company's name, compared without regard to case; nil to skip the check.
    public var companyName: String?
    /// The work posts classes (locations): class tracking must be on.
    public var requiresClassTracking: Bool
    /// The earliest transaction date of the work (`YYYY-MM-DD`); a closing date on or after it
    /// would refuse those documents (3171), so the session stops first. Nil: no check.
    public var earliestTransactionDate: String?
    /// The lowest qbXML version the work is written in (major, minor).
    public var minimumQBXMLVersion: (major: Int, minor: Int)

    /// A check for the given company; by default class tracking must be on and qbXML 13.0 spoken.
    public init(
        ownerID: String, fileID: String? = nil, companyName: String? = nil, requiresClassTracking: Bool = true,
        earliestTransactionDate: String? = nil, minimumQBXMLVersion: (major: Int, minor: Int) = (13, 0)
    ) {
        self.ownerID = ownerID
        self.fileID = fileID
        self.companyName = companyName
        self.requiresClassTracking = requiresClassTracking
        self.earliestTransactionDate = earliestTransactionDate
        self.minimumQBXMLVersion = minimumQBXMLVersion
    }

    /// Refuses on the first thing that does not match, naming the company file and the fix.
    public func check(_ answer: HostCompanyPreferences) -> CompanyVerdict {
        let file = answer.companyFile.isEmpty ? "the company file open in QuickBooks" : "the company file \(answer.companyFile)"
        let File = file.prefix(1).uppercased() + file.dropFirst()
        guard answer.isComplete else {
            return .refuse(reason: "qbsync could not read QuickBooks's host, company and preferences answer for \(file), so it wrote nothing. Update the QuickBooks Web Connector and try again.")
        }
        if let fileID, !answer.fileIDs(ownerID: ownerID).contains(where: { $0.caseInsensitiveCompare(fileID) == .orderedSame }) {
            return .refuse(reason: "\(File) is not the company this qbsync pipeline keeps (its FileID is not this pipeline's), so qbsync wrote nothing. Open the clinic's company file in QuickBooks, or add this company's own .qwc file.")
        }
        if let companyName, answer.companyName?.caseInsensitiveCompare(companyName) != .orderedSame {
            return .refuse(reason: "\(File) belongs to another company than the pipeline's '\(companyName)', so qbsync wrote nothing. Open the clinic's company file in QuickBooks and update again.")
        }
        if requiresClassTracking, answer.isUsingClassTracking != true {
            return .refuse(reason: "Class tracking is off in \(file) and qbsync posts each location as a class, so it wrote nothing. Turn it on in QuickBooks (Edit > Preferences > Accounting > Company Preferences > Use class tracking) and update again.")
        }
        if let closing = answer.closingDate, let earliest = earliestTransactionDate, closing >= earliest {
            return .refuse(reason: "\(file) is closed through \(closing) and qbsync has documents dated \(earliest), so it wrote nothing. Move the closing date before \(earliest) in QuickBooks (Edit > Preferences > Accounting > Company Preferences), or exclude those documents.")
        }
        if !answer.supports(major: minimumQBXMLVersion.major, minor: minimumQBXMLVersion.minor) {
            return .refuse(reason: "This QuickBooks does not speak qbXML \(minimumQBXMLVersion.major).\(minimumQBXMLVersion.minor), which qbsync writes, so it wrote nothing. Update QuickBooks Desktop to 2018 or later.")
        }
        return .accept
    }
}
