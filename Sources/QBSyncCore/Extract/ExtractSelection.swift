/// A record a run takes: its id, why, and the change feed's last operation on it (nil when it
/// is here only because something needs it).
struct SelectedRecord: Equatable {
    var id: Int
    var reason: ExtractReason
    var op: String?
}

/// Decides what a run takes, one entity at a time in `OMSRecordShape.dependencyOrder`: the
/// window's changes, the retries, and what they need (to sync when it never reached QuickBooks,
/// as context when the mapping needs its row).
///
/// Every record that can pull another in comes earlier in that order, so when an entity's turn
/// comes, everything that can need its records has been read and their reasons are final. The
/// selection holds only ids and reasons of the entities still to come; rows are never kept.
struct ExtractSelection {
    /// "Synchronize all patient files": off, a changed patient is taken only when in QuickBooks
    /// already or needed by a transaction of the run.
    let allPatientFiles: Bool
    /// Records an operator holds out (excluded, manual, manual_done), by entity.
    private let heldOut: [String: Set<Int>]
    /// The reasons of records not taken yet: retries, then what taken records need.
    private var pending: [String: [Int: ExtractReason]] = [:]
    /// Changed records an operator holds out of synchronization, as refs.
    private(set) var held: [String] = []
    /// Changed patients left out: not in QuickBooks, and nothing in the run needs them.
    private(set) var patientsLeftOut = 0

    /// A selection starting from `requested` (retries), with `heldOut` refs left alone.
    init(requested: [OMSRef: ExtractReason], heldOut: Set<String>, allPatientFiles: Bool) {
        self.allPatientFiles = allPatientFiles
        var held: [String: Set<Int>] = [:]
        for text in heldOut {
            if let ref = try? OMSRef(parsing: text) { held[ref.entity, default: []].insert(ref.id) }
        }
        self.heldOut = held
        for (ref, reason) in requested { pending[ref.entity, default: [:]][ref.id] = reason }
    }

    /// Every record of `entity` the run takes, by id: its changes in the window merged with the
    /// retries and what the records taken before need. `inQuickBooks` answers which of some
    /// patient ids QuickBooks has.
    mutating func take(_ entity: String, changes: OMSEntityChanges, inQuickBooks: ([Int]) throws -> Set<Int>) rethrows
        -> [SelectedRecord]
    {
        var reasons = pending.removeValue(forKey: entity) ?? [:]
        let heldOut = self.heldOut[entity] ?? []
        var deferredPatients: [Int] = []
        // Whether a changed patient is in QuickBooks matters only when not every patient file syncs.
        let patientsToCheck = entity == "patient" && !allPatientFiles ? changes.ids.filter { !heldOut.contains($0) } : []
        let patientsInQuickBooks = try inQuickBooks(patientsToCheck)
        for id in changes.ids {
            // An operator's decision holds: excluded and manual records are not posted, whether
            // they changed or something else needs them (that then fails, naming what it waits for).
            if heldOut.contains(id) {
                held.append("\(entity):\(id)")
                if Dependencies.contextEntities.contains(entity) { reasons[id] = reasons[id] ?? .context }
                continue
            }
            if entity == "patient", !allPatientFiles, !patientsInQuickBooks.contains(id) {
                deferredPatients.append(id)
                continue
            }
            reasons[id] = .changed
        }
        patientsLeftOut += deferredPatients.filter { reasons[$0] == nil }.count
        return reasons.sorted { $0.key < $1.key }.map { SelectedRecord(id: $0.key, reason: $0.value, op: changes.operation($0.key)) }
    }

    /// Records that a record taken for `reason` refers to `dependency`, which QuickBooks has or
    /// not: it comes along to sync when it never got there, as context when the mapping needs
    /// its row (an item's kind, a paid sale's lines), or not at all.
    mutating func need(_ dependency: OMSRef, by reason: ExtractReason, dependencyInQuickBooks: Bool) {
        let needed: ExtractReason?
        if !reason.isSynced {
            // A context record (a sale a payment pays) only needs its items' kinds.
            needed = dependency.entity == "item" ? .context : nil
        } else if !dependencyInQuickBooks {
            needed = .dependency
        } else {
            needed = Dependencies.contextEntities.contains(dependency.entity) ? .context : nil
        }
        let current = pending[dependency.entity]?[dependency.id]
        guard var needed, current.map({ needed < $0 }) ?? true else { return }
        if needed.isSynced, heldOut[dependency.entity]?.contains(dependency.id) == true {
            guard Dependencies.contextEntities.contains(dependency.entity), current == nil else { return }
            needed = .context
        }
        pending[dependency.entity, default: [:]][dependency.id] = needed
    }
}
