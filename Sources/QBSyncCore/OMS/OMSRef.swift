/// An OMS reference `ENTITY:ID` (`sale:1042`): how people, the ledger and every file name an item.
public struct OMSRef: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The change-feed entity: patient, payer, item, sale, payment, return, refund, write_off.
    public var entity: String
    public var id: Int

    /// The entities the change feed carries, in dependency order (`OMSEntity`).
    public static var entities: [String] { OMSEntity.names }

    public init(_ entity: String, _ id: Int) {
        self.entity = entity
        self.id = id
    }

    /// Parses `sale:1042`; throws a message that shows the expected form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int(parts[1]), Self.entities.contains(String(parts[0])) else {
            throw OMSRefError.malformed(text)
        }
        self.init(String(parts[0]), id)
    }

    public var description: String { "\(entity):\(id)" }

    public static func < (lhs: OMSRef, rhs: OMSRef) -> Bool {
        (lhs.entity, lhs.id) < (rhs.entity, rhs.id)
    }
}

/// A reference that is not `ENTITY:ID`.
public enum OMSRefError: Error, CustomStringConvertible {
    case malformed(String)

    public var description: String {
        switch self {
        case .malformed(let text):
            "'\(text)' is not an OMS reference: write ENTITY:ID, for example sale:1042 (entities: \(OMSRef.entities.joined(separator: ", ")))"
        }
    }
}

extension OMSRefError: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
