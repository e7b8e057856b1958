import ArgumentParser
import QBSyncCore

/// `ITEM...`: OMS references `ENTITY:ID` (`sale:1042`), checked before anything runs.
struct ItemArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("OMS references, ENTITY:ID (for example sale:1042).", valueName: "item"))
    var items: [String]

    func validate() throws {
        guard !items.isEmpty else { throw ValidationError("name at least one item, ENTITY:ID (for example sale:1042).") }
        _ = try refs()
    }

    /// The references, in the order given, without repeats.
    func refs() throws -> [OMSRef] {
        var seen: Set<OMSRef> = []
        return try items.compactMap { text in
            let ref: OMSRef
            do {
                ref = try OMSRef(parsing: text)
            } catch {
                throw ValidationError("\(error)")
            }
            return seen.insert(ref).inserted ? ref : nil
        }
    }
}
