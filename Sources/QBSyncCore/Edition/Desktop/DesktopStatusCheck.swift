import Foundation
import QBSyncXML

/// The SDK's error recovery for a message set whose answer qbsync never recorded (the load was
/// killed, the answer lost): the same set handed out again with `oldMessageSetID` equal to its
/// `newMessageSetID` is a status check (qbd-api.md section 7). QuickBooks then runs nothing and
/// hands back the answer it stored under that id, which settles the set's items as if it had
/// come back the first time; `messageSetStatusCode` 600, 9002 or 9005 says it keeps none, and
/// only then does the load fall back to looking the documents up.
struct DesktopStatusCheck {
    let edition: DesktopEdition

    /// The stored answer to `request` (the exact bytes sent as `setID`), or nil when QuickBooks
    /// keeps no state for it. Throws when QuickBooks could not be asked (it is closed): the load
    /// stops and waits, nothing is sent again meanwhile.
    func storedAnswer(to request: [UInt8], setID: String) async throws -> BooksAnswer? {
        guard let text = Self.statusCheck(String(decoding: request, as: UTF8.self), setID: setID) else { return nil }
        switch try await edition.transport.exchange(text, setID: setID) {
        case .answer(let answer):
            guard Self.holdsStoredAnswer(answer) else { return nil }
            return BooksAnswer(status: 0, bytes: Array(answer.utf8), trace: setID)
        case .processorFailure(let hresult, let message):
            // The bridge's own word that QuickBooks keeps nothing for the set.
            if hresult.hasPrefix("status-") { return nil }
            switch DesktopEdition.failure(hresult: hresult, message: message, setID: setID) {
            case .uncertain(let reason): throw QuickBooksAPIFailure.gaveUp(reason)
            case let failure: throw failure
            }
        }
    }

    /// `set` with `oldMessageSetID="setID"` beside its `newMessageSetID`; nil when the set does
    /// not carry that id (it is not the set the journal names).
    static func statusCheck(_ set: String, setID: String) -> String? {
        let attribute = "newMessageSetID=\"\(setID)\""
        guard set.contains(attribute) else { return nil }
        if set.contains("oldMessageSetID=") { return set }
        return set.replacingOccurrences(of: attribute, with: attribute + " oldMessageSetID=\"\(setID)\"")
    }

    /// Whether a status check's answer is QuickBooks's stored answer: a set status of 0 (or
    /// none) and at least one request's answer in it.
    static func holdsStoredAnswer(_ answer: String) -> Bool {
        guard let root = try? XMLTreeReader.read(answer).root, let set = root.child("QBXMLMsgsRs") else { return false }
        if let code = set.attribute("messageSetStatusCode").flatMap(Int.init), code != 0 { return false }
        return set.children.contains { $0.name.hasSuffix("Rs") }
    }
}
