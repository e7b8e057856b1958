/// The patients who can walk in: active and on file. Picking one at random and removing one
/// (who left the practice or died) are both constant time, which matters with 200,000 charts.
struct SampleRoster {
    private var ids: [Int] = []
    /// Where each patient (index `id - 1`) sits in `ids`, or -1.
    private var positions: [Int] = []

    /// How many patients can walk in.
    var count: Int { ids.count }
    /// True when nobody can walk in.
    var isEmpty: Bool { ids.isEmpty }

    /// Adds a patient (ids are added in increasing order, as they are created).
    mutating func add(_ id: Int) {
        while positions.count < id { positions.append(-1) }
        guard positions[id - 1] < 0 else { return }
        positions[id - 1] = ids.count
        ids.append(id)
    }

    /// Removes a patient: the last one takes their place.
    mutating func remove(_ id: Int) {
        guard id <= positions.count, positions[id - 1] >= 0 else { return }
        let position = positions[id - 1]
        let last = ids.removeLast()
        if last != id {
            ids[position] = last
            positions[last - 1] = position
        }
        positions[id - 1] = -1
    }

    /// One of them, at random.
    func pick(_ rng: inout SampleRandom) -> Int {
        rng.pick(ids)
    }
}
