import Foundation

/// The company's folder (`--data DIR`), pretty, key-sorted JSON that a person can read after a
/// run and a restarted sandbox goes on from:
///
///     company.json                  preferences, the FileID, the next ids
///     lists/0001.json …             customers, items, classes, payment methods, accounts
///     invoices/ credit-memos/ payments/ refunds/   the transactions, 1,000 a file
///     message-sets/<id>.json        one stored answer per message-set id
///
/// Every file is replaced atomically, and only when what it holds changed: a load of thousands
/// of documents rewrites the last file of each kind, not the whole company, after every set.
final class DesktopCompanyStore {
    static let chunk = 1000
    private let folder: URL?
    /// What the files hold now, to tell which ones a save must rewrite.
    private var saved = DesktopCompanyState()
    private var savedPreferences: Data?

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

    private struct StoredSetFile: Codable {
        var id: String
        var checksum: String
        var responses: String
    }

    /// The stored company, or nil when the folder holds none yet.
    func load() throws -> DesktopCompanyState? {
        guard let folder, FileManager.default.fileExists(atPath: folder.appendingPathComponent("company.json").path) else {
            return nil
        }
        let preferences = try JSONDecoder().decode(
            Preferences.self, from: Data(contentsOf: folder.appendingPathComponent("company.json")))
        var state = DesktopCompanyState()
        state.companyName = preferences.companyName
        state.isUsingClassTracking = preferences.isUsingClassTracking
        state.closingDate = preferences.closingDate
        state.dataExts = preferences.dataExts
        state.nextListNumber = preferences.nextListNumber
        state.nextTxnNumber = preferences.nextTxnNumber
        state.nextEditSequence = preferences.nextEditSequence
        state.nextLineNumber = preferences.nextLineNumber
        state.lists = try readChunks("lists")
        let invoices: [DesktopSaleDocument] = try readChunks("invoices")
        let memos: [DesktopSaleDocument] = try readChunks("credit-memos")
        state.sales = (invoices + memos).sorted { $0.txnNumber < $1.txnNumber }
        state.payments = try readChunks("payments")
        state.refunds = try readChunks("refunds")
        for file: StoredSetFile in try readFiles("message-sets") {
            state.messageSets[file.id] = DesktopCompanyState.StoredSet(checksum: file.checksum, responses: file.responses)
        }
        saved = state
        return state
    }

    /// Writes every file whose part of `state` changed since the last save; company.json last,
    /// since a folder holding it is a complete company.
    func save(_ state: DesktopCompanyState) throws {
        guard let folder else { return }
        try writeChunks("lists", state.lists, saved.lists)
        try writeChunks("invoices", state.sales.filter { $0.kind == "Invoice" }, saved.sales.filter { $0.kind == "Invoice" })
        try writeChunks(
            "credit-memos", state.sales.filter { $0.kind == "CreditMemo" }, saved.sales.filter { $0.kind == "CreditMemo" })
        try writeChunks("payments", state.payments, saved.payments)
        try writeChunks("refunds", state.refunds, saved.refunds)
        let sets = folder.appendingPathComponent("message-sets")
        for (id, stored) in state.messageSets where saved.messageSets[id] != stored {
            let file = StoredSetFile(id: id, checksum: stored.checksum, responses: stored.responses)
            try AtomicFile.write(try Self.encode(file), to: sets.appendingPathComponent(Self.fileName(id)))
        }
        for id in saved.messageSets.keys where state.messageSets[id] == nil {
            try? FileManager.default.removeItem(at: sets.appendingPathComponent(Self.fileName(id)))
        }
        let preferences = try Self.encode(
            Preferences(
                companyName: state.companyName, isUsingClassTracking: state.isUsingClassTracking,
                closingDate: state.closingDate, dataExts: state.dataExts, nextListNumber: state.nextListNumber,
                nextTxnNumber: state.nextTxnNumber, nextEditSequence: state.nextEditSequence,
                nextLineNumber: state.nextLineNumber))
        if savedPreferences != Data(preferences) {
            try AtomicFile.write(preferences, to: folder.appendingPathComponent("company.json"))
            savedPreferences = Data(preferences)
        }
        saved = state
    }

    private func writeChunks<T: Codable & Equatable>(_ name: String, _ items: [T], _ previous: [T]) throws {
        guard let folder else { return }
        let directory = folder.appendingPathComponent(name)
        let count = (items.count + Self.chunk - 1) / Self.chunk
        for index in 0..<max(count, 1) {
            let range = (index * Self.chunk)..<min(items.count, (index + 1) * Self.chunk)
            let old = previous.indices.clamped(to: range)
            let exists = FileManager.default.fileExists(atPath: directory.appendingPathComponent(Self.chunkName(index)).path)
            if exists && old == range && previous[old] == items[range] { continue }
            try AtomicFile.write(try Self.encode(Array(items[range])), to: directory.appendingPathComponent(Self.chunkName(index)))
        }
        let previousCount = (previous.count + Self.chunk - 1) / Self.chunk
        for index in max(count, 1)..<max(previousCount, max(count, 1)) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(Self.chunkName(index)))
        }
    }

    private func readChunks<T: Decodable>(_ name: String) throws -> [T] {
        let chunks: [[T]] = try readFiles(name)
        return chunks.flatMap { $0 }
    }

    private func readFiles<T: Decodable>(_ name: String) throws -> [T] {
        guard let folder else { return [] }
        let directory = folder.appendingPathComponent(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map {
            try JSONDecoder().decode(T.self, from: Data(contentsOf: directory.appendingPathComponent($0)))
        }
    }

    private static func chunkName(_ index: Int) -> String {
        let number = String(index + 1)
        return String(repeating: "0", count: max(0, 4 - number.count)) + number + ".json"
    }

    /// A message-set id as a file name: anything but ASCII letters, digits, `-` and `_` as `%XX`.
    static func fileName(_ id: String) -> String {
        var name = ""
        for byte in id.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar)) || "-_".contains(Character(scalar)) {
                name.unicodeScalars.append(scalar)
            } else {
                name += String(format: "%%%02X", byte)
            }
        }
        return name + ".json"
    }

    private static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value)) + [0x0A]
    }
}
