/// What a sample run wrote: row counts, the change-log rows it added, the broken rows.
public struct SampleSummary: Sendable, Codable, Equatable {
    /// The number of rows of one table.
    public struct TableCount: Sendable, Codable, Equatable {
        /// The table's name in the contract.
        public var table: String
        /// Its rows after the run.
        public var rows: Int
    }

    /// A row the schema allows but the books cannot take, added on purpose.
    public struct BrokenRow: Sendable, Codable, Equatable {
        /// The OMS reference `entity:id`, e.g. `payment:123`.
        public var ref: String
        /// What is wrong with it.
        public var reason: String
    }

    /// The database written or extended.
    public var path: String
    /// The seed used.
    public var seed: UInt64
    /// Patients created by this run (all of them for a new database, the new ones for an append).
    public var patientsAdded: Int
    /// The first day of activity this run generated (`YYYY-MM-DD`).
    public var firstDate: String
    /// The last day of activity this run generated.
    public var lastDate: String
    /// Every table of the contract with its row count after the run, in schema order.
    public var tables: [TableCount]
    /// The change-log rows this run added.
    public var changeLogRowsAdded: Int
    /// The `seq` of the first change-log row this run added (nil when it added none).
    public var firstSeq: Int?
    /// The `seq` of the last change-log row this run added.
    public var lastSeq: Int?
    /// The deliberately broken rows (empty unless asked for).
    public var broken: [BrokenRow]
    /// How the `changes` option was turned into a number of patients, when it was given.
    public var sizing: String?

    /// The row count of `table` (0 for a table the contract does not have).
    public func rows(in table: String) -> Int {
        tables.first(where: { $0.table == table })?.rows ?? 0
    }

    /// The references of the broken rows, e.g. `["payment:812", "sale:431"]`.
    public var brokenRefs: [String] { broken.map(\.ref) }
}
