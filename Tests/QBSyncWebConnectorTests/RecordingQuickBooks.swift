import Foundation
import QBSyncSandbox
import QBSyncWebConnector

/// A QuickBooks Desktop double for the Web Connector's tests: runs nothing, records every
/// request set it was handed, and answers each with a qbXML response naming the set.
final class RecordingQuickBooks: DesktopQuickBooks, @unchecked Sendable {
    let companyFilePath = #"C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\Hearing Clinic.qbw"#
    private let lock = NSLock()
    private var requests: [String] = []
    private var sessionsOpened = 0
    private var failuresLeft: Int
    private let hcp: String
    private let failHResult: String?

    /// QuickBooks whose company answers `hcp`; the first `openFailures` sessions fail to open.
    init(hcp: String = RecordingQuickBooks.hcp(), openFailures: Int = 0, failEverySetWith hresult: String? = nil) {
        self.hcp = hcp
        self.failuresLeft = openFailures
        self.failHResult = hresult
    }

    /// The request sets processed, in order.
    var processed: [String] { lock.withLock { requests } }
    /// How many sessions opened.
    var opened: Int { lock.withLock { sessionsOpened } }

    func openSession(companyFile: String) -> DesktopSessionOpening {
        lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                return .failed(hresult: "0x80040408", message: "Could not start QuickBooks.")
            }
            sessionsOpened += 1
            return .opened
        }
    }

    func hostCompanyPreferencesResponse() -> String { hcp }

    func process(_ request: String) -> DesktopAnswer {
        lock.withLock { requests.append(request) }
        if let failHResult { return .failure(hresult: failHResult, message: "QuickBooks found an error when parsing the provided XML text stream.") }
        return .response(#"<?xml version="1.0"?><QBXML><QBXMLMsgsRs newMessageSetID="answered"/></QBXML>"# + "<!-- \(request) -->")
    }

    func closeSession() {}

    /// A host, company and preferences answer as QuickBooks 2018 gives it.
    static func hcp(
        companyName: String = "Bright Ears Hearing", fileID: String? = QWCFile.fileID(companyFile: ""),
        classTracking: Bool = true, closingDate: String? = nil
    ) -> String {
        let fileExtension = fileID.map {
            "<DataExtRet><OwnerID>\(QWCFile.ownerID)</OwnerID><DataExtName>FileID</DataExtName><DataExtType>STR255TYPE</DataExtType><DataExtValue>\($0)</DataExtValue></DataExtRet>"
        } ?? ""
        return """
            <?xml version="1.0" ?>
            <QBXML><QBXMLMsgsRs>
            <HostQueryRs requestID="0" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><HostRet><ProductName>QuickBooks Pro 2018</ProductName><MajorVersion>28</MajorVersion><SupportedQBXMLVersion>12.0</SupportedQBXMLVersion><SupportedQBXMLVersion>13.0</SupportedQBXMLVersion></HostRet></HostQueryRs>
            <CompanyQueryRs requestID="1" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><CompanyRet><IsSampleCompany>false</IsSampleCompany><CompanyName>\(companyName)</CompanyName>\(fileExtension)</CompanyRet></CompanyQueryRs>
            <PreferencesQueryRs requestID="2" statusCode="0" statusSeverity="Info" statusMessage="Status OK"><PreferencesRet><AccountingPreferences><IsUsingAccountNumbers>false</IsUsingAccountNumbers><IsUsingClassTracking>\(classTracking)</IsUsingClassTracking>\(closingDate.map { "<ClosingDate>\($0)</ClosingDate>" } ?? "")</AccountingPreferences></PreferencesRet></PreferencesQueryRs>
            </QBXMLMsgsRs></QBXML>
            """
    }
}
