/// The leak check's tables: 64-bit hashes (already well mixed, see `LeakCheck.RunHash`) to a
/// 64-bit value, in one open-addressed array with linear probing. A `Dictionary` hashed every
/// key again with SipHash on each look-up, and the check looks up every word run of every
/// outgoing string: a million-change transform did so hundreds of millions of times. Copies
/// share storage until one changes (the arrays' copy on write), as a dictionary's would.
struct NeedleTable {
    /// Keys by slot; `empty` marks a free slot. A key equal to `empty` is kept in `emptyKeyValue`.
    private var keys: [UInt64]
    private var values: [UInt64]
    private var emptyKeyValue: UInt64?
    /// Keys held in the slots.
    private var stored = 0
    private static let empty: UInt64 = 0

    init() {
        keys = []
        values = []
    }

    /// How many keys the table holds.
    var count: Int { stored + (emptyKeyValue == nil ? 0 : 1) }

    var isEmpty: Bool { count == 0 }

    subscript(key: UInt64) -> UInt64? {
        get {
            if key == Self.empty { return emptyKeyValue }
            guard let slot = slot(of: key) else { return nil }
            return values[slot]
        }
        set {
            if let newValue { insert(key, newValue) } else { remove(key) }
        }
    }

    func contains(_ key: UInt64) -> Bool {
        key == Self.empty ? emptyKeyValue != nil : slot(of: key) != nil
    }

    /// The slot holding `key`, if any.
    private func slot(of key: UInt64) -> Int? {
        guard !keys.isEmpty else { return nil }
        return keys.withUnsafeBufferPointer { keys in
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let found = keys[slot]
                if found == key { return slot }
                if found == Self.empty { return nil }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func insert(_ key: UInt64, _ value: UInt64) {
        if key == Self.empty { return emptyKeyValue = value }
        // At most three quarters full, so a probe ends soon.
        if (stored + 1) * 4 > keys.count * 3 { grow() }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while keys[slot] != Self.empty && keys[slot] != key { slot = (slot + 1) & mask }
        if keys[slot] == Self.empty { stored += 1 }
        keys[slot] = key
        values[slot] = value
    }

    /// Removes `key`, moving back the keys probed past its slot so every key stays reachable
    /// from its home slot without gaps.
    private mutating func remove(_ key: UInt64) {
        if key == Self.empty { return emptyKeyValue = nil }
        guard var hole = slot(of: key) else { return }
        let mask = keys.count - 1
        var next = (hole + 1) & mask
        while keys[next] != Self.empty {
            let home = Int(truncatingIfNeeded: keys[next]) & mask
            // The key at `next` may fill the hole if its home is not within (hole, next].
            let distanceToNext = (next - home) & mask
            let distanceToHole = (hole - home) & mask
            if distanceToHole < distanceToNext {
                keys[hole] = keys[next]
                values[hole] = values[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        keys[hole] = Self.empty
        values[hole] = 0
        stored -= 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let capacity = Swift.max(16, keys.count * 2)
        keys = Array(repeating: Self.empty, count: capacity)
        values = Array(repeating: 0, count: capacity)
        stored = 0
        for (slot, key) in oldKeys.enumerated() where key != Self.empty { insert(key, oldValues[slot]) }
    }
}
