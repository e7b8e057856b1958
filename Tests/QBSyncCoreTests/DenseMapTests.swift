import Testing

@testable import QBSyncCore

/// The id map the transform keeps for a run's sales: dense ids in an array, the rest hashed.
struct DenseMapTests {
    @Test func keepsWhatADictionaryWouldWhateverTheKeys() {
        var map = DenseMap()
        var reference: [Int: Int] = [:]
        let keys = [5, 0, 3, 5, 1 << 40, -7, 2_000_000, 17, 3]
        for (index, key) in keys.enumerated() {
            map[key] = index * 10 - 20
            reference[key] = index * 10 - 20
        }
        map[17] = nil
        reference[17] = nil
        for key in Set(keys + [4, 6, 99, 1_999_999]) { #expect(map[key] == reference[key], "key \(key)") }
    }
}
