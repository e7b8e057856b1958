import Foundation
import GRDB

/// Writes OMS databases (the source contract) full of realistic hearing-clinic data, for trials,
/// tests and benchmarks. Deterministic: the same options give the same database content, byte for
/// byte; nothing depends on the clock, the machine or hashing order.
public enum SampleGenerator {
    /// Share of a new database's patients who arrive during the window (the rest are on file
    /// from the start).
    static let newPatientShare = 0.35
    /// New patients per patient on file per day when activity is appended.
    static let newPatientsPerPatientDay = 0.004

    /// Writes a new sample database at `url` (creating its folder if needed). Refuses an existing
    /// file unless `options.replaceExisting`; the file appears only once complete.
    public static func write(to url: URL, options: SampleOptions) throws -> SampleSummary {
        let endDay = try options.validatedEndDay()
        let path = url.path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw SampleError.invalidOption("\(path) is a folder, not a database file") }
            guard options.replaceExisting else { throw SampleError.fileExists(path: path) }
        }
        var patients = options.patients
        var sizing: String?
        if let changes = options.changes {
            (patients, sizing) = size(changes: changes, options: options, endDay: endDay)
        }
        let book = simulate(patients: patients, days: options.days, endDay: endDay, seed: options.seed,
                            broken: options.broken)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = path + ".partial"
        try removeDatabase(at: partial)
        // Foreign keys are not enforced while the rows pour in (the generator writes parents
        // first; the tests run `PRAGMA foreign_key_check` on what it writes): checking each of
        // millions of rows costs more than it tells.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: partial, configuration: configuration)
        var summary = try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try db.inTransaction {
                try db.execute(sql: OMSSchema.sql)
                try book.save(to: db)
                return .commit
            }
            return try summarize(db, book: book, path: path, seed: options.seed, patientsAdded: patients,
                                 firstDay: endDay - options.days + 1, lastDay: endDay)
        }
        try queue.close()
        try removeDatabase(at: path)
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        summary.sizing = sizing
        return summary
    }

    /// Adds `days` days of activity after the last day already in the sample database at `url`:
    /// new sales, payments, claims paid, edits, voids, returns, a few new patients. The same
    /// database and seed give the same result.
    public static func appendActivity(to url: URL, days: Int, seed: UInt64) throws -> SampleSummary {
        let path = url.path
        guard FileManager.default.fileExists(atPath: path) else { throw SampleError.fileMissing(path: path) }
        guard (1...SampleOptions.maximumDays).contains(days) else {
            throw SampleError.invalidOption("days must be between 1 and \(SampleOptions.maximumDays), not \(days)")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw SampleError.notASampleDatabase(path: path, reason: "it is not an SQLite database")
        }
        defer { try? queue.close() }
        return try queue.writeWithoutTransaction { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            if let missing = OMSSchema.tables.first(where: { !tables.contains($0) }) {
                throw SampleError.notASampleDatabase(path: path, reason: "it has no \(missing) table")
            }
            try db.execute(sql: "PRAGMA synchronous = OFF")
            var summary: SampleSummary?
            try db.inTransaction {
                let book = try SampleBook.load(from: db, path: path)
                guard let lastDay = book.lastLoadedDay else {
                    throw SampleError.notASampleDatabase(path: path, reason: "its change_log is empty")
                }
                let rng = SampleRandom(seed: seed, stream: UInt64(book.loadedChangeCount))
                let clinic = SampleClinic(book: book, firstDay: lastDay + 1, lastDay: lastDay + days, rng: rng)
                clinic.resume(planFollowUps: true)
                let newPatients = Int((Double(book.patients.count) * newPatientsPerPatientDay * Double(days)).rounded())
                clinic.run(newPatients: max(1, newPatients))
                try book.save(to: db)
                summary = try summarize(db, book: book, path: path, seed: seed, patientsAdded: max(1, newPatients),
                                        firstDay: lastDay + 1, lastDay: lastDay + days)
                return .commit
            }
            return summary!
        }
    }

    /// Simulates a new clinic in memory: setup, the window's activity, legacy rows, whatever kind
    /// of transaction the window did not happen to show, broken rows.
    static func simulate(patients: Int, days: Int, endDay: Int, seed: UInt64, broken: Bool) -> SampleBook {
        let book = SampleBook()
        let firstDay = endDay - days + 1
        let clinic = SampleClinic(book: book, firstDay: firstDay, lastDay: endDay, rng: SampleRandom(seed: seed))
        let arriving = Int((Double(patients) * newPatientShare).rounded())
        clinic.setUp(patients: patients - arriving)
        clinic.run(newPatients: arriving)
        var legacyRandom = SampleRandom(seed: seed, stream: 1)
        book.legacy = SampleLegacy.rows(for: book, firstDay: firstDay, lastDay: endDay, rng: &legacyRandom)
        clinic.completeEveryKind(seed: seed)
        if broken { SampleBrokenRows.add(to: clinic) }
        return book
    }

    /// Chooses the number of patients that gives about `changes` change-log rows. A trial run of
    /// a few hundred patients over the same days measures the rows per patient. When the answer
    /// is much larger, a second trial nearer that size is run and the rows are taken as a straight
    /// line through both trials: a few things grow slower than the clinic (third parties pay
    /// more claims per remittance in a big practice, the catalog does not grow at all), and the
    /// line's intercept absorbs them.
    static func size(changes: Int, options: SampleOptions, endDay: Int) -> (patients: Int, sizing: String) {
        func rows(_ patients: Int) -> Int {
            simulate(patients: patients, days: options.days, endDay: endDay, seed: options.seed, broken: false)
                .changes.count
        }
        func patients(fixed: Double, perPatient: Double) -> Int {
            let wanted = (Double(changes) - fixed) / max(perPatient, 0.01)
            return min(SampleOptions.maximumPatients, max(2, Int(wanted.rounded())))
        }
        let small = 400
        let smallRows = rows(small)
        var perPatient = Double(smallRows) / Double(small)
        var fixed = 0.0
        var trials = "a \(small)-patient trial wrote \(smallRows) rows"
        let first = patients(fixed: fixed, perPatient: perPatient)
        if first > 2 * small {
            // Half the estimate (a bounded extra cost), at most 20,000 patients (a tenth of a
            // million-row benchmark's clinic).
            let large = min(max(first / 2, 2 * small), 20_000)
            let largeRows = rows(large)
            perPatient = Double(largeRows - smallRows) / Double(large - small)
            fixed = Double(smallRows) - perPatient * Double(small)
            trials += " and a \(large)-patient one \(largeRows)"
        }
        let chosen = patients(fixed: fixed, perPatient: perPatient)
        let rate = (perPatient * 100).rounded() / 100
        let sizing = "about \(changes) change_log rows asked for over \(options.days) days: \(trials) "
            + "(\(rate) rows per patient), so \(chosen) patients"
        return (chosen, sizing)
    }

    /// Counts every table and describes the change-log rows this run added.
    private static func summarize(
        _ db: Database, book: SampleBook, path: String, seed: UInt64, patientsAdded: Int, firstDay: Int, lastDay: Int
    ) throws -> SampleSummary {
        var tables: [SampleSummary.TableCount] = []
        for table in OMSSchema.tables {
            tables.append(.init(table: table, rows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0))
        }
        let added = book.changes.count
        let lastSeq = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log")
        return SampleSummary(
            path: path, seed: seed, patientsAdded: patientsAdded, firstDate: SampleCalendar.string(firstDay),
            lastDate: SampleCalendar.string(lastDay), tables: tables, changeLogRowsAdded: added,
            firstSeq: added > 0 ? lastSeq.map { $0 - added + 1 } : nil, lastSeq: added > 0 ? lastSeq : nil,
            broken: book.brokenRows, sizing: nil)
    }

    /// Removes a database file and the journal files SQLite may have left beside it.
    private static func removeDatabase(at path: String) throws {
        for file in [path, path + "-journal", path + "-wal", path + "-shm"]
        where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.removeItem(atPath: file)
        }
    }
}
