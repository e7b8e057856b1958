/// What `SampleGenerator.write` should generate.
public struct SampleOptions: Sendable, Equatable {
    /// How many patients the clinic has by the end (ignored when `changes` is set).
    public var patients: Int
    /// How many days of activity, ending with `endDate`.
    public var days: Int
    /// The seed: the same options give the same database, byte for byte.
    public var seed: UInt64
    /// The last day of activity, `YYYY-MM-DD`.
    public var endDate: String
    /// When set, the number of patients is chosen so that `change_log` ends with about this many
    /// rows (a small trial run measures the rows per patient first); `SampleSummary.sizing` says
    /// what was chosen.
    public var changes: Int?
    /// Adds a few rows the schema allows but the books cannot take (see `SampleBrokenRows`).
    public var broken: Bool
    /// Replaces an existing file instead of refusing to.
    public var replaceExisting: Bool

    /// Options with the defaults of `qbsync sample`.
    public init(
        patients: Int = 200, days: Int = 90, seed: UInt64 = 1, endDate: String = "2026-11-01",
        changes: Int? = nil, broken: Bool = false, replaceExisting: Bool = false
    ) {
        self.patients = patients
        self.days = days
        self.seed = seed
        self.endDate = endDate
        self.changes = changes
        self.broken = broken
        self.replaceExisting = replaceExisting
    }

    /// The largest sizes accepted: beyond these the data no longer fits comfortably in memory.
    public static let maximumPatients = 5_000_000
    /// The longest window accepted (ten years).
    public static let maximumDays = 3660
    /// The most change-log rows `changes` may ask for.
    public static let maximumChanges = 20_000_000

    /// Checks the options and returns the day number of `endDate`.
    func validatedEndDay() throws -> Int {
        guard (1...Self.maximumPatients).contains(patients) else {
            throw SampleError.invalidOption("patients must be between 1 and \(Self.maximumPatients), not \(patients)")
        }
        guard (1...Self.maximumDays).contains(days) else {
            throw SampleError.invalidOption("days must be between 1 and \(Self.maximumDays), not \(days)")
        }
        if broken && patients < 2 && changes == nil {
            throw SampleError.invalidOption("a broken sample needs at least 2 patients (one pays for another's sale)")
        }
        if let changes, !(1...Self.maximumChanges).contains(changes) {
            throw SampleError.invalidOption("changes must be between 1 and \(Self.maximumChanges), not \(changes)")
        }
        guard let endDay = SampleCalendar.parse(endDate), (1901...9998).contains(SampleCalendar.civil(endDay).year)
        else {
            throw SampleError.invalidOption("end date must be a real date written YYYY-MM-DD, not '\(endDate)'")
        }
        return endDay
    }
}
