import Foundation
import GRDB
import Testing

@testable import QBSyncCore

@Suite(.removesTemporaryFolders)
struct SampleGeneratorTests {
    /// A fresh folder for one test's files, removed when the test ends.
    static func scratch() throws -> URL { try TestWorkspace.make() }

    /// A small clinic, big enough for trial returns, voids, remittances and write-offs to happen.
    static let small = SampleOptions(patients: 300, days: 90, seed: 7, endDate: "2026-06-30")

    static func generate(_ options: SampleOptions = small) throws -> (URL, SampleSummary) {
        let url = try scratch().appendingPathComponent("oms.sqlite")
        return (url, try SampleGenerator.write(to: url, options: options))
    }

    /// Every row of every table, in id order, as text: what "the same data" means.
    static func dump(_ url: URL) throws -> [String] {
        let queue = try DatabaseQueue(path: url.path)
        return try queue.read { db in
            try OMSSchema.tables.flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { "\(table) \($0)" }
            }
        }
    }

    @Test func theSameOptionsGiveAByteIdenticalDatabase() throws {
        let (first, _) = try Self.generate()
        let (second, _) = try Self.generate()
        #expect(try Data(contentsOf: first) == Data(contentsOf: second))
        #expect(try Self.dump(first) == Self.dump(second))
    }

    @Test func anotherSeedGivesOtherData() throws {
        var options = Self.small
        let (first, _) = try Self.generate(options)
        options.seed = 8
        let (second, _) = try Self.generate(options)
        #expect(try Self.dump(first) != Self.dump(second))
    }

    @Test func everyTableOfTheContractIsPopulated() throws {
        let (url, summary) = try Self.generate()
        #expect(summary.tables.map(\.table) == OMSSchema.tables)
        for count in summary.tables {
            #expect(count.rows > 0, "\(count.table) is empty")
        }
        let counted = try DatabaseQueue(path: url.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log")
        }
        #expect(counted == summary.rows(in: "change_log"))
        #expect(summary.changeLogRowsAdded == summary.rows(in: "change_log"))
        #expect(summary.firstSeq == 1 && summary.lastSeq == summary.changeLogRowsAdded)
    }

    @Test func theDataShowsEveryKindOfRecordTheContractDescribes() throws {
        let (url, _) = try Self.generate()
        let checks: [(String, String)] = [
            ("a payment method of every kind", "SELECT COUNT(DISTINCT kind) = 6 FROM payment_methods"),
            ("an item of every kind", "SELECT COUNT(DISTINCT kind) = 8 FROM items"),
            ("inactive items and payers", "SELECT (SELECT COUNT(*) FROM items WHERE active = 0) > 0 AND (SELECT COUNT(*) FROM payers WHERE active = 0) > 0"),
            ("payers sharing a name", "SELECT COUNT(*) > 0 FROM (SELECT name FROM payers GROUP BY name HAVING COUNT(*) > 1)"),
            ("a payer name with a colon", "SELECT COUNT(*) > 0 FROM payers WHERE name LIKE '%:%'"),
            ("two patients with the same full name", "SELECT COUNT(*) > 0 FROM (SELECT 1 FROM patients GROUP BY first_name, last_name HAVING COUNT(*) > 1)"),
            ("inactive and deceased patients", "SELECT COUNT(DISTINCT status) = 3 FROM patients"),
            ("names with apostrophes or accents", "SELECT COUNT(*) > 0 FROM patients WHERE last_name LIKE '%''%' OR first_name GLOB '*[^ -~]*'"),
            ("hearing aids sold in pairs with serial numbers", "SELECT COUNT(*) > 0 FROM sale_lines WHERE ear IN ('left', 'right', 'binaural') AND serial_number IS NOT NULL"),
            ("taxed lines", "SELECT COUNT(*) > 0 FROM sale_lines WHERE tax_cents > 0"),
            ("discounted lines", "SELECT COUNT(*) > 0 FROM sale_lines WHERE discount_cents > 0"),
            ("third-party applications", "SELECT COUNT(*) > 0 FROM payment_applications WHERE payer_id IS NOT NULL"),
            ("payments with money left on account", "SELECT COUNT(*) > 0 FROM payments p WHERE amount_cents > (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_applications WHERE payment_id = p.id)"),
            ("deposited and undeposited payments", "SELECT COUNT(DISTINCT deposited) = 2 FROM payments"),
            ("refunds of a return and plain ones", "SELECT COUNT(DISTINCT return_id IS NULL) = 2 FROM refunds"),
            ("write-offs of both shares", "SELECT COUNT(DISTINCT payer_id IS NULL) = 2 FROM write_offs"),
            ("voided sales", "SELECT COUNT(*) > 0 FROM sales WHERE status = 'void'"),
            ("sales edited after they were made", "SELECT COUNT(*) > 0 FROM change_log WHERE entity = 'sale' AND op = 'update'"),
            ("deleted payments", "SELECT COUNT(*) > 0 FROM payments WHERE status = 'deleted'"),
            ("legacy rows that point nowhere", "SELECT COUNT(*) > 0 FROM legacy_skipped WHERE entity_id IS NULL"),
            ("21-character sale numbers", "SELECT MAX(LENGTH(number)) = 21 FROM sales"),
        ]
        let queue = try DatabaseQueue(path: url.path)
        for (what, sql) in checks {
            #expect(try queue.read { try Bool.fetchOne($0, sql: sql) } == true, "no \(what)")
        }
    }

    /// The demo's sample and others from 20 patients over 20 days up (seeds whose own activity
    /// lacked a return, a write-off or a void among them): each shows the books every kind of
    /// transaction, credit memos included, however short its window.
    @Test(arguments: [(40, 30, 7), (20, 20, 8), (20, 20, 13), (30, 20, 4), (30, 20, 12), (30, 20, 23), (300, 90, 7)])
    func everySampleBigEnoughShowsEveryKindOfTransaction(patients: Int, days: Int, seed: UInt64) throws {
        let (url, _) = try Self.generate(SampleOptions(patients: patients, days: days, seed: seed))
        let checks: [(String, String)] = [
            ("sale", "SELECT COUNT(*) FROM sales WHERE status = 'open'"),
            ("payment", "SELECT COUNT(*) FROM payments WHERE status = 'active'"),
            ("return", "SELECT COUNT(*) FROM returns WHERE status = 'open'"),
            ("refund", "SELECT COUNT(*) FROM refunds"),
            ("write-off", "SELECT COUNT(*) FROM write_offs"),
            ("voided sale", "SELECT COUNT(*) FROM sales WHERE status = 'void'"),
            ("edited sale", "SELECT COUNT(*) FROM change_log WHERE entity = 'sale' AND op = 'update'"),
        ]
        let queue = try DatabaseQueue(path: url.path)
        for (kind, sql) in checks {
            #expect(try queue.read { try Int.fetchOne($0, sql: sql) ?? 0 } > 0, "no \(kind) in \(patients) patients over \(days) days")
        }
        #expect(try SampleDatabaseAudit(path: url.path).breaches() == [])
    }

    @Test func everyRowThatIsNotBrokenOnPurposeHoldsTheContractsInvariants() throws {
        let (url, _) = try Self.generate()
        #expect(try SampleDatabaseAudit(path: url.path).breaches() == [])
    }

    @Test func aBrokenSampleListsTheRowsTheBooksCannotTake() throws {
        var options = Self.small
        options.broken = true
        let (url, summary) = try Self.generate(options)
        #expect(summary.broken.count == 6)
        let refs = summary.brokenRefs
        #expect(try SampleDatabaseAudit(path: url.path, broken: refs).breaches() == [])
        // Without the list, the audit finds exactly those rows at fault.
        let breaches = try SampleDatabaseAudit(path: url.path).breaches()
        #expect(breaches.count >= 6)
        let queue = try DatabaseQueue(path: url.path)
        for ref in refs {
            let parts = ref.split(separator: ":")
            let logged = try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log WHERE entity = ? AND entity_id = ?",
                                 arguments: [String(parts[0]), Int(parts[1])])
            }
            #expect(logged == 1, "\(ref) has no change_log row")
        }
        let withBoth = try queue.read { db in
            try Int.fetchAll(db, sql: "SELECT id FROM payments WHERE (patient_id IS NULL) = (payer_id IS NULL)")
        }
        #expect(withBoth.map { "payment:\($0)" }.allSatisfy(refs.contains))
        #expect(withBoth.count == 2)
    }

    @Test func appendingActivityContinuesAfterTheLastDay() throws {
        let (url, before) = try Self.generate()
        let after = try SampleGenerator.appendActivity(to: url, days: 14, seed: 3)
        #expect(after.firstDate == "2026-07-01" && after.lastDate == "2026-07-14")
        #expect(after.changeLogRowsAdded > 0)
        #expect(after.firstSeq == (before.lastSeq ?? 0) + 1)
        #expect(after.rows(in: "change_log") == before.rows(in: "change_log") + after.changeLogRowsAdded)
        #expect(after.rows(in: "sales") > before.rows(in: "sales"))
        #expect(after.rows(in: "patients") > before.rows(in: "patients"))
        let queue = try DatabaseQueue(path: url.path)
        let earliestNew = try queue.read { db in
            try String.fetchOne(db, sql: "SELECT MIN(changed_at) FROM change_log WHERE seq >= ?", arguments: [after.firstSeq])
        }
        #expect((earliestNew ?? "") > "2026-06-30T23:59:59Z")
        let newSalesBefore = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales WHERE id > ? AND sale_date <= '2026-06-30'",
                             arguments: [before.rows(in: "sales")])
        }
        #expect(newSalesBefore == 0)
        #expect(try SampleDatabaseAudit(path: url.path).breaches() == [])
    }

    @Test func appendingTheSameActivityToTheSameDatabaseGivesTheSameResult() throws {
        let (first, _) = try Self.generate()
        let (second, _) = try Self.generate()
        _ = try SampleGenerator.appendActivity(to: first, days: 5, seed: 9)
        _ = try SampleGenerator.appendActivity(to: second, days: 5, seed: 9)
        #expect(try Self.dump(first) == Self.dump(second))
    }

    @Test func anExistingFileIsReplacedOnlyWhenAskedTo() throws {
        let (url, _) = try Self.generate()
        #expect(throws: SampleError.fileExists(path: url.path)) {
            try SampleGenerator.write(to: url, options: Self.small)
        }
        var options = Self.small
        options.replaceExisting = true
        options.patients = 10
        #expect(try SampleGenerator.write(to: url, options: options).rows(in: "patients") == 10)
    }

    @Test(arguments: [
        SampleOptions(patients: 0), SampleOptions(days: 0), SampleOptions(endDate: "2026-02-30"),
        SampleOptions(endDate: "11/01/2026"), SampleOptions(changes: 0),
    ])
    func optionsOutOfRangeAreRefused(_ options: SampleOptions) throws {
        let url = try Self.scratch().appendingPathComponent("oms.sqlite")
        #expect(throws: SampleError.self) { try SampleGenerator.write(to: url, options: options) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test func appendingToAMissingFileIsRefused() throws {
        let url = try Self.scratch().appendingPathComponent("missing.sqlite")
        #expect(throws: SampleError.fileMissing(path: url.path)) {
            try SampleGenerator.appendActivity(to: url, days: 3, seed: 1)
        }
    }

    @Test func appendingToAFileThatIsNotASampleDatabaseIsRefused() throws {
        let folder = try Self.scratch()
        let text = folder.appendingPathComponent("notes.txt")
        try Data("not a database".utf8).write(to: text)
        #expect(throws: SampleError.notASampleDatabase(path: text.path, reason: "it is not an SQLite database")) {
            try SampleGenerator.appendActivity(to: text, days: 3, seed: 1)
        }
        #expect(try String(contentsOf: text, encoding: .utf8) == "not a database")
    }

    @Test func aFolderIsNeverReplacedByADatabase() throws {
        var options = Self.small
        options.replaceExisting = true
        let folder = try Self.scratch()
        #expect(throws: SampleError.self) { try SampleGenerator.write(to: folder, options: options) }
        #expect(FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func askingForANumberOfChangesSizesTheClinicToIt() throws {
        let (_, summary) = try Self.generate(SampleOptions(days: 30, seed: 5, changes: 4_000))
        let rows = summary.rows(in: "change_log")
        #expect(rows > 3_400 && rows < 4_600, "\(rows) change_log rows for 4000 asked")
        #expect(summary.sizing?.contains("patients") == true)
    }

    @Test(arguments: [(1500, 8533, 12800), (1000, 5, 5), (500, 1, 1), (500, 3, 2), (333, 100, 33), (2500, 999, 2498)])
    func amountsRoundHalfAwayFromZero(quantityMilli: Int, unitPriceCents: Int, expected: Int) {
        #expect(SampleMath.extended(quantityMilli: quantityMilli, unitPriceCents: unitPriceCents) == expected)
    }

    @Test func taxIsSevenAndAQuarterPercentRoundedHalfAwayFromZero() {
        #expect(SampleMath.tax(onNet: 10_000) == 725)
        #expect(SampleMath.tax(onNet: 200) == 15)  // 14.5 rounds up
        #expect(SampleMath.divideRounded(-15, by: 10) == -2)
    }
}
