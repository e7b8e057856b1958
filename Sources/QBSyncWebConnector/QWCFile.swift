import Foundation
import QBSyncXML

/// The `.qwc` file a person adds to the Web Connector: which service to poll, as whom, for which
/// company file, how often. It holds no password (that is typed into the Web Connector).
public struct QWCFile: Sendable, Equatable {
    /// The application name QuickBooks authorizes under Integrated Applications: changing it
    /// makes the Admin authorize qbsync again, so it never changes.
    public static let appName = "qbsync"
    /// qbsync's OwnerID: one per application (not per version or file), owner of its DataExt.
    public static let ownerID = "{6D3F2A91-8C4E-4B7A-9E15-3A0C7F2B5D84}"

    /// The service's URL (`https://books.clinic.example/qbwc` or `http://localhost:8124/qbwc`).
    public var appURL: URL
    /// The user name the Web Connector sends with the password.
    public var userName: String
    /// The company file's GUID, which the Web Connector stores in the company under `ownerID`.
    public var fileID: String
    /// Minutes between updates (at least 1).
    public var runEveryMinutes: Int

    /// A `.qwc` for `url`; throws `QWCError` for a URL the Web Connector would refuse.
    public init(url: String, userName: String, fileID: String, runEveryMinutes: Int = 15) throws {
        appURL = try Self.checkedURL(url)
        guard runEveryMinutes >= 1 else { throw QWCError.interval(runEveryMinutes) }
        self.userName = userName
        self.fileID = fileID
        self.runEveryMinutes = runEveryMinutes
    }

    /// The AppSupport page: on AppURL's own scheme, host and port, as the Web Connector requires.
    public var appSupport: String {
        var parts = URLComponents()
        parts.scheme = appURL.scheme
        parts.host = appURL.host
        parts.port = appURL.port
        parts.path = "/qbwc/support"
        return parts.string ?? appURL.absoluteString
    }

    /// The file's text.
    public var text: String {
        let root = XMLTreeElement(
            "QBWCXML",
            children: [
                .leaf("AppName", Self.appName),
                .leaf("AppID", ""),
                .leaf("AppURL", appURL.absoluteString),
                .leaf("AppDescription", "Keeps the clinic's QuickBooks Desktop books in step with its order-management system."),
                .leaf("AppSupport", appSupport),
                .leaf("UserName", userName),
                .leaf("OwnerID", Self.ownerID),
                .leaf("FileID", fileID),
                .leaf("QBType", "QBFS"),
                XMLTreeElement("Scheduler", children: [.leaf("RunEveryNMinutes", String(runEveryMinutes))]),
            ])
        return XMLTreeWriter.write(XMLTreeDocument(root: root), indent: 2)
    }

    /// Writes the file whole or not at all.
    public func write(to file: URL) throws {
        do {
            try Data(text.utf8).write(to: file, options: .atomic)
        } catch {
            throw QWCError.unwritable(file.path, (error as NSError).localizedDescription)
        }
    }

    /// `text` as a URL the Web Connector accepts: https with a host name, or http on localhost.
    static func checkedURL(_ text: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else { throw QWCError.notAURL(text) }
        if isIPAddress(host) { throw QWCError.ipAddress(text) }
        if scheme == "http", host.lowercased() != "localhost" { throw QWCError.plainHTTP(text) }
        return url
    }

    /// Dotted IPv4 or any IPv6 (URL gives IPv6 hosts with or without their brackets).
    static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
}

/// Why a `.qwc` was not written.
public enum QWCError: LocalizedError, Equatable {
    case notAURL(String)
    case ipAddress(String)
    case plainHTTP(String)
    case interval(Int)
    case unwritable(String, String)

    public var errorDescription: String? {
        switch self {
        case .notAURL(let url):
            return "'\(url)' is not an http:// or https:// URL with a host. Give the address the Web Connector reaches qbsync at, e.g. --url https://books.clinic.example/qbwc."
        case .ipAddress(let url):
            return "'\(url)' names the host by its IP address, which the Web Connector refuses (QBWC1001). Use a host name: localhost on the Windows computer itself, or the DNS name on the TLS certificate."
        case .plainHTTP(let url):
            return "'\(url)' is plain http:// on a host other than localhost, which the Web Connector refuses (QBWC1051). Use https:// with a certificate Windows trusts (see the README's QuickBooks Desktop section), or http://localhost when qbsync runs on the Windows computer."
        case .interval(let minutes):
            return "The Web Connector runs an update every minute at most often, not every \(minutes); give 1 or more."
        case .unwritable(let path, let reason):
            return "The .qwc file \(path) could not be written (\(reason)). Choose a folder you can write to."
        }
    }
}

extension QWCFile {
    /// The FileID for a company file setting (`QBSYNC_QBD_COMPANY_FILE`, `""` for the file open in
    /// QuickBooks): the same setting always gives the same GUID, so a `.qwc` written again and
    /// the service agree without qbsync keeping it anywhere. It is an identifier, not a secret.
    public static func fileID(companyFile: String) -> String {
        // Two FNV-1a passes with different offsets make 128 bits; any stable spread would do.
        func fnv(_ offset: UInt64) -> UInt64 {
            var hash = offset
            for byte in ("qbsync-file:" + companyFile.lowercased()).utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let hex = String(format: "%016llX%016llX", fnv(0xcbf2_9ce4_8422_2325), fnv(0x84222325_cbf29ce4))
        let digits = Array(hex)
        func part(_ from: Int, _ count: Int) -> String { String(digits[from..<(from + count)]) }
        return "{\(part(0, 8))-\(part(8, 4))-\(part(12, 4))-\(part(16, 4))-\(part(20, 12))}"
    }
}
