import Foundation
import QBSyncJSON

/// What a reintegration found, written to `<workspace>/reintegrate/<stamp>/report.json` and
/// `report.txt`: what it matched, what it could not, what looks duplicated, which OMS records
/// the next run posts and (for an intact ledger) where the ledger and QuickBooks disagree. It
/// names references, QuickBooks ids and pseudonyms only, never a patient.
public struct ReintegrationReport: Sendable {
    public var mode: Reintegrator.Mode
    public var company: String
    public var documentsRead: Int
    public var map: ReintegrationMap
    /// OMS refs the next run posts, with why.
    public var queued: [String: String] = [:]
    /// Where an intact ledger and QuickBooks disagree.
    public var ledgerDifferences: [String] = []
    /// Runs taken before a rebuild whose plans are set aside (their transform marked stale).
    public var setAside: [String] = []
    /// The extract cursor after a rebuild or an apply.
    public var cursor: Int?
    /// The folder the report was written to.
    public var folder: URL?

    init(mode: Reintegrator.Mode, company: String, documentsRead: Int, map: ReintegrationMap) {
        self.mode = mode
        self.company = company
        self.documentsRead = documentsRead
        self.map = map
    }

    /// Counts of matched objects by QuickBooks type.
    public var matchedByType: [String: Int] {
        Dictionary(grouping: map.objects.values, by: \.qboType).mapValues(\.count)
    }

    /// True when a person should look: duplicates, documents nothing matched, or an intact
    /// ledger that disagrees with QuickBooks.
    public var needsAttention: Bool {
        !map.duplicates.isEmpty || !map.unmatched.isEmpty || !ledgerDifferences.isEmpty || (mode == .check && !queued.isEmpty)
    }

    /// The report as `report.json` holds it (and `reintegrate --json` prints it).
    public var json: JSONValue {
        [
            "mode": .string(mode.rawValue), "company": .string(company), "documents_read": .int(documentsRead),
            "cursor": cursor.map(JSONValue.int) ?? .null,
            "matched": .object(matchedByType.mapValues(JSONValue.int)),
            "objects": .array(map.objects.values.sorted { $0.key < $1.key }.map { object in
                ["key": .string(object.key), "type": .string(object.qboType), "id": .string(object.qboID), "active": .bool(object.active)]
            }),
            "pseudonyms_kept": .int(map.pseudonyms.count),
            "duplicates": .array(map.duplicates.map { duplicate in
                ["key": .string(duplicate.key), "marker": .string(duplicate.marker), "kept_id": .string(duplicate.keptID),
                 "other_ids": .array(duplicate.otherIDs.map(JSONValue.string))]
            }),
            "unmatched": .array(map.unmatched.map { item in
                ["entity": .string(item.entity), "id": .string(item.id), "number": item.number.map(JSONValue.string) ?? .null,
                 "marker": .string(item.marker), "reason": .string(item.reason)]
            }),
            "unlinked_customers": .array(map.unlinkedCustomers.map(JSONValue.string)),
            "queued": .array(queued.sorted { $0.key < $1.key }.map { ["ref": .string($0.key), "reason": .string($0.value)] }),
            "ledger_differences": .array(ledgerDifferences.map(JSONValue.string)),
            "runs_set_aside": .array(setAside.map(JSONValue.string)),
        ]
    }

    /// The report in words, for the office manager.
    public var text: String {
        var lines = [
            "qbsync reintegrate (\(mode.rawValue)) for QuickBooks company \(company): \(documentsRead) documents read",
            "matched: " + matchedByType.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
        ]
        if !setAside.isEmpty {
            lines.append("runs set aside (planned before the rebuild; their records go with the next run): \(setAside.joined(separator: ", "))")
        }
        if let cursor { lines.append("extract cursor: \(cursor) (the next run takes only OMS changes after it, and the queued records)") }
        func section(_ title: String, _ items: [String]) {
            lines.append("")
            lines.append("\(title): \(items.isEmpty ? "none" : String(items.count))")
            lines.append(contentsOf: items.map { "  " + $0 })
        }
        section("duplicated in QuickBooks (the first is kept; remove or void the others by hand)", map.duplicates.map {
            "\($0.key) (\($0.marker)): kept \($0.keptID), also \($0.otherIDs.joined(separator: ", "))"
        })
        section("documents with a qbsync marker that could not be matched", map.unmatched.map {
            "\($0.entity) \($0.id)\($0.number.map { " no. \($0)" } ?? "") (\($0.marker)): \($0.reason)"
        })
        section("patient customers no document links to (their pseudonyms cannot be tied back)", map.unlinkedCustomers)
        section(mode == .check ? "OMS records QuickBooks does not hold as they are now" : "queued for the next run", queued.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })
        if mode != .rebuild { section("where the ledger and QuickBooks disagree", ledgerDifferences) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `report.json` and `report.txt` in a new folder under `<workspace>/reintegrate/`.
    func write(workspace: URL, at date: Date) throws -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss.SSS'Z'"
        let parent = workspace.appendingPathComponent("reintegrate")
        try OwnerOnly.directory(parent)
        let folder = parent.appendingPathComponent(formatter.string(from: date))
        try OwnerOnly.directory(folder)
        try FileStore.writeJSON(json, to: folder.appendingPathComponent("report.json"), mode: 0o600)
        try FileStore.writeAtomically(Array(text.utf8), to: folder.appendingPathComponent("report.txt"), mode: 0o600)
        return folder
    }
}
