/// QuickBooks Desktop with a company file, as the sandbox's Web Connector sees it: the program
/// the Web Connector hands each qbXML request message set to. The sandbox's company
/// (`DesktopCompany`) is one; the seam lets the Web Connector side be tested on its own.
public protocol DesktopQuickBooks: AnyObject, Sendable {
    /// The full path of the open company file (`C:\...\Clinic.qbw`), as the Web Connector passes
    /// it in `strCompanyFileName`.
    var companyFilePath: String { get }

    /// Opens a session on `companyFile` (`""`: the file already open), as the Web Connector does
    /// after `authenticate`. Fails with QuickBooks's HRESULT when QuickBooks is not running or
    /// another file is open, which the Web Connector reports through `connectionError`.
    func openSession(companyFile: String) -> DesktopSessionOpening

    /// The answers to the Web Connector's own HostQuery, CompanyQuery and PreferencesQuery, sent
    /// as `strHCPResponse` on the first `sendRequestXML` of an update.
    func hostCompanyPreferencesResponse() -> String

    /// Runs one qbXML request document and gives QuickBooks's qbXML answer, or the request
    /// processor's failure (an HRESULT such as `0x80040400` with an empty answer).
    func process(_ request: String) -> DesktopAnswer

    /// Ends the session the Web Connector opened.
    func closeSession()
}

/// Whether QuickBooks opened the company file for a Web Connector update.
public enum DesktopSessionOpening: Sendable, Equatable {
    case opened
    /// `hresult` as the Web Connector writes it (`0x80040408`), with QuickBooks's message.
    case failed(hresult: String, message: String)
}

/// What QuickBooks gives back for one request message set.
public enum DesktopAnswer: Sendable, Equatable {
    /// The qbXML response document.
    case response(String)
    /// The request processor refused the whole set: no answer, this HRESULT and message
    /// (`0x80040400` when the XML did not parse or validate: nothing ran).
    case failure(hresult: String, message: String)
}
