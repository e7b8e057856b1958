import Foundation
import QBSyncCore
import QBSyncJSON

/// What the operator's desk commands share: the privilege check, the OMS when it can be read,
/// and how an action's outcome is reported.
extension CommandContext {
    /// Refuses (exit code 3) unless the acting person may `action` under `[sync] operators`.
    func authorize(_ action: String) throws {
        try Operators.authorize(actor, to: action, in: settings)
    }

    /// The OMS, or why it cannot be read (read-only commands go on without it).
    func openOMS() -> (oms: OMSDatabase?, problem: String?) {
        do {
            return (try OMSDatabase(settings: settings), nil)
        } catch {
            return (nil, (error as? LocalizedError)?.errorDescription ?? "\(error)")
        }
    }

    /// Reports what an action did to each item: one line each, or one JSON document.
    func reportAction(_ action: String, _ items: [ItemRecord], json: Bool, note: String?) {
        if json {
            write(
                JSONWriter.pretty([
                    "action": .string(action), "actor": .string(actor), "note": note.map(JSONValue.string) ?? .null,
                    "items": .array(items.map { ["ref": .string($0.ref), "state": .string($0.state.rawValue), "at": .string($0.updatedAt)] }),
                ]), terminator: "")
            return
        }
        for item in items {
            write("\(item.ref): \(Self.describe(item.state)) (by \(actor), \(item.updatedAt))")
        }
    }

    static func describe(_ state: ItemState) -> String {
        switch state {
        case .queued: "queued for the next run"
        case .excluded: "excluded from synchronization"
        case .manual: "on the manual entry to-do list"
        case .manualDone: "ticked off: entered by hand"
        case .pending: "pending"
        case .synced: "synced"
        case .failed: "failed"
        }
    }
}
