import Foundation

/// Where each list entry sits in `DesktopCompanyState.lists`, by ListID and by full name
/// without case, so a reference or a name check is not a walk over every customer. A cache:
/// it is rebuilt whenever the lists it describes are not the ones it was built for (the
/// state's `listGeneration` tells), so a copied state can never be answered from another's.
final class DesktopListLookup: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = -1
    private var byID: [String: Int] = [:]
    private var byName: [String: [Int]] = [:]

    /// The position of `listID` in `lists`.
    func position(of listID: String, in state: DesktopCompanyState) -> Int? {
        locked(state) { byID[listID] }.flatMap { $0 < state.lists.count && state.lists[$0].listID == listID ? $0 : nil }
    }

    /// The positions of entries whose full name is `fullName`, compared without case.
    func positions(named fullName: String, in state: DesktopCompanyState) -> [Int] {
        locked(state) { byName[fullName.lowercased()] ?? [] }.filter { $0 < state.lists.count }
    }

    /// Records an entry just appended at `position`, when the lookup was current before it.
    func appended(at position: Int, fullName: String, before: Int, state: DesktopCompanyState) {
        lock.lock()
        defer { lock.unlock() }
        guard generation == before else { return }
        byID[state.lists[position].listID] = position
        byName[fullName.lowercased(), default: []].append(position)
        generation = state.listGeneration
    }

    /// Keeps the lookup current across a change that moved no name (a field, IsActive).
    func unchanged(before: Int, state: DesktopCompanyState) {
        lock.lock()
        defer { lock.unlock() }
        if generation == before { generation = state.listGeneration }
    }

    private func locked<T>(_ state: DesktopCompanyState, _ read: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if generation != state.listGeneration { rebuild(state) }
        return read()
    }

    private func rebuild(_ state: DesktopCompanyState) {
        byID = [:]
        byName = [:]
        for (position, entry) in state.lists.enumerated() { byID[entry.listID] = position }
        func fullName(_ entry: DesktopListEntry, depth: Int) -> String {
            guard depth < 8, let parentID = entry.parentID, let parent = byID[parentID] else { return entry.name }
            return fullName(state.lists[parent], depth: depth + 1) + ":" + entry.name
        }
        for (position, entry) in state.lists.enumerated() {
            byName[fullName(entry, depth: 0).lowercased(), default: []].append(position)
        }
        generation = state.listGeneration
    }
}
