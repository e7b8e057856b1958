import Foundation
import QBSyncJSON

/// A record the books cannot take: the OMS reference and the reason, never a PHI value.
public struct RecordFailure: Error, Sendable, Equatable {
    public var ref: String
    public var code: String
    public var message: String
    /// True when the record is not an error but must be entered by hand (an edit of a deposited
    /// payment): it goes to the manual entry to-do list.
    public var needsManualEntry: Bool
    /// True when the record is not an error and is left out of synchronization on purpose (a
    /// document dated before the cutover, `[sync] start_date`): it is excluded, with the reason.
    public var excluded: Bool

    public init(ref: String, code: String, message: String, needsManualEntry: Bool = false, excluded: Bool = false) {
        self.ref = ref
        self.code = code
        self.message = message
        self.needsManualEntry = needsManualEntry
        self.excluded = excluded
    }
}

/// Typed access to an extracted OMS row; a missing or mistyped column fails the record with the
/// column's name (the value itself may be PHI, so it is never quoted).
struct RowReader {
    let ref: String
    let row: JSONValue

    init(ref: String, row: JSONValue) throws {
        self.ref = ref
        guard case .object = row else {
            throw RecordFailure(ref: ref, code: "oms-missing", message: "the OMS no longer has \(ref): nothing to post")
        }
        self.row = row
    }

    func int(_ column: String) throws -> Int {
        guard let value = optionalInt(column) else { throw bad(column, "must be a whole number") }
        return value
    }

    func optionalInt(_ column: String) -> Int? { row[column]?.intValue }

    func string(_ column: String) throws -> String {
        guard let value = row[column]?.stringValue else { throw bad(column, "must be text") }
        return value
    }

    func optionalString(_ column: String) -> String? {
        guard let text = row[column]?.stringValue, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }

    /// A calendar date `YYYY-MM-DD` that exists (no February 30th).
    func date(_ column: String) throws -> String {
        let text = try string(column)
        guard Self.isRealDate(text) else { throw bad(column, "is not a real date (YYYY-MM-DD)") }
        return text
    }

    func optionalDate(_ column: String) throws -> String? {
        guard row[column] != nil, row[column] != .null else { return nil }
        return try date(column)
    }

    func children(_ key: String) -> [JSONValue] { row[key]?.arrayValue ?? [] }

    func bad(_ column: String, _ problem: String) -> RecordFailure {
        RecordFailure(
            ref: ref, code: "oms-invalid",
            message: "\(ref): the OMS column \(column) \(problem). Correct the record in the OMS, then 'qbsync retry \(ref)'.")
    }

    static func isRealDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2200).contains(year), (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}
