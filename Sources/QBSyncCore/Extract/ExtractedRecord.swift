import QBSyncJSON

/// Why a record is in a run's extract.
public enum ExtractReason: String, Sendable, Comparable {
    /// The change feed says it changed in this run's window.
    case changed
    /// An operator asked for it again (`qbsync retry`).
    case retry
    /// Something in the run needs it in QuickBooks and it never got there.
    case dependency
    /// Read only so that other records can be mapped (an item's kind, a paid sale's customer);
    /// nothing is posted for it.
    case context

    /// Whether the record itself is to be synced.
    public var isSynced: Bool { self != .context }

    public static func < (lhs: ExtractReason, rhs: ExtractReason) -> Bool {
        let order: [ExtractReason] = [.changed, .retry, .dependency, .context]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// One record of `1-extract/`: the OMS reference, why it is here, the last change-feed
/// operation, and the row as the OMS has it now (null when the row no longer exists).
public struct ExtractedRecord: Sendable, Equatable {
    public var ref: OMSRef
    public var reason: ExtractReason
    public var op: String?
    public var row: JSONValue

    public var json: JSONValue {
        [
            "ref": .string(ref.description), "why": .string(reason.rawValue), "op": op.map(JSONValue.string) ?? .null,
            "row": row,
        ]
    }

    public init(ref: OMSRef, reason: ExtractReason, op: String?, row: JSONValue) {
        self.ref = ref
        self.reason = reason
        self.op = op
        self.row = row
    }

    /// Reads a record of run `run`'s extract written by `json`.
    public init(json: JSONValue, run: String) throws {
        guard let refText = json["ref"]?.stringValue, let why = json["why"]?.stringValue.flatMap(ExtractReason.init) else {
            throw ExtractError.badRecord("a record without ref or why", run: run)
        }
        self.init(ref: try OMSRef(parsing: refText), reason: why, op: json["op"]?.stringValue, row: json["row"] ?? .null)
    }
}
