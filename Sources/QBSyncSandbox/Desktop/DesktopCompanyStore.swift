import Foundation

/// The company's folder (`--data DIR`): one pretty, key-sorted JSON file per part of the books,
/// each replaced atomically, so a run can be read afterwards and a restart finds it all.
/// Files whose content did not change are not rewritten.
final class DesktopCompanyStore {
    private let folder: URL?
    private var written: [String: [UInt8]] = [:]

    init(folder: URL?) { self.folder = folder }

    private struct Preferences: Codable {
        var companyName: String
        var isUsingClassTracking: Bool
        var closingDate: String?
        var dataExts: [DesktopCompanyState.CompanyDataExt]
        var nextListNumber: Int
        var nextTxnNumber: Int
        var nextEditSequence: Int
        var nextLineNumber: Int
    }

    /// The stored company, or nil when the folder holds none yet.
    func load() throws -> DesktopCompanyState? {
        guard let folder, FileManager.default.fileExists(atPath: folder.appendingPathComponent("company.json").path) else {
            return nil
        }
        func read<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            return try JSONDecoder().decode(T.self, from: data)
        }
        let preferences = try read("company.json", Preferences.self)
        var state = DesktopCompanyState()
        state.companyName = preferences.companyName
        state.isUsingClassTracking = preferences.isUsingClassTracking
        state.closingDate = preferences.closingDate
        state.dataExts = preferences.dataExts
        state.nextListNumber = preferences.nextListNumber
        state.nextTxnNumber = preferences.nextTxnNumber
        state.nextEditSequence = preferences.nextEditSequence
        state.nextLineNumber = preferences.nextLineNumber
        state.lists = try read("lists.json", [DesktopListEntry].self)
        state.sales = try read("invoices.json", [DesktopSaleDocument].self)
            + read("credit-memos.json", [DesktopSaleDocument].self)
        state.sales.sort { $0.txnNumber < $1.txnNumber }
        state.payments = try read("payments.json", [DesktopPayment].self)
        state.refunds = try read("refunds.json", [DesktopRefund].self)
        state.messageSets = try read("message-sets.json", [String: DesktopCompanyState.StoredSet].self)
        return state
    }

    /// Writes every part of `state` that changed since the last save.
    func save(_ state: DesktopCompanyState) throws {
        guard let folder else { return }
        let preferences = Preferences(
            companyName: state.companyName, isUsingClassTracking: state.isUsingClassTracking,
            closingDate: state.closingDate, dataExts: state.dataExts, nextListNumber: state.nextListNumber,
            nextTxnNumber: state.nextTxnNumber, nextEditSequence: state.nextEditSequence,
            nextLineNumber: state.nextLineNumber)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        func write<T: Encodable>(_ name: String, _ value: T) throws {
            let bytes = [UInt8](try encoder.encode(value)) + [0x0A]
            guard written[name] != bytes else { return }
            try AtomicFile.write(bytes, to: folder.appendingPathComponent(name))
            written[name] = bytes
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("lists.json", state.lists)
        try write("invoices.json", state.sales.filter { $0.kind == "Invoice" })
        try write("credit-memos.json", state.sales.filter { $0.kind == "CreditMemo" })
        try write("payments.json", state.payments)
        try write("refunds.json", state.refunds)
        try write("message-sets.json", state.messageSets)
        // Last: a folder with company.json is a complete company.
        try write("company.json", preferences)
    }
}
