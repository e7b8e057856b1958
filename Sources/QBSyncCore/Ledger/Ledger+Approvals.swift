import Foundation
import GRDB
import QBSyncJSON

/// An accountant's approval of one run's transform files: who, when, and the SHA-256 of every
/// file in `2-transform/` as it was approved. Voided (never deleted) when the files change.
public struct Approval: Sendable, Equatable {
    public var id: Int64
    public var run: String
    /// The name given with `--by`.
    public var approvedBy: String
    /// The account that ran the command (`$USER`).
    public var actor: String
    public var approvedAt: String
    /// Path relative to the run folder (`2-transform/batches/0001.json`) -> SHA-256.
    public var files: [String: String]
    public var voidedAt: String?
    public var voidReason: String?

    /// The approval as written to `runs/<RUN_ID>/approval.json`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "run": .string(run), "approved_by": .string(approvedBy), "actor": .string(actor),
            "approved_at": .string(approvedAt), "files": .object(files.mapValues { .string($0) }), "ledger_id": .int(Int(id)),
        ]
        if let voidedAt { object["voided_at"] = .string(voidedAt) }
        if let voidReason { object["void_reason"] = .string(voidReason) }
        return .object(object)
    }
}

extension Ledger {
    /// Records an approval of `run`'s files; an earlier approval still standing is voided as
    /// superseded, so at most one stands per run.
    public func recordApproval(run: String, by name: String, actor: String, files: [String: String]) throws -> Approval {
        try write { db in
            let now = Ledger.now()
            try db.execute(
                sql: "UPDATE approvals SET voided_at = ?, void_reason = 'approved again' WHERE run_id = ? AND voided_at IS NULL",
                arguments: [now, run])
            try db.execute(
                sql: "INSERT INTO approvals (run_id, approved_by, actor, approved_at, files) VALUES (?, ?, ?, ?, ?)",
                arguments: [run, name, actor, now, JSONWriter.compact(.object(files.mapValues { .string($0) }))])
            return Approval(
                id: db.lastInsertedRowID, run: run, approvedBy: name, actor: actor, approvedAt: now, files: files)
        }
    }

    /// The approval of `run` that stands (not voided), if any.
    public func currentApproval(run: String) throws -> Approval? {
        try approvals(run: run).last { $0.voidedAt == nil }
    }

    /// Every approval of `run`, oldest first, voided ones included.
    public func approvals(run: String) throws -> [Approval] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE run_id = ? ORDER BY id", arguments: [run]).map { row in
                let files = (try? JSONParser.parse(row["files"] as String))?.objectValue?.compactMapValues(\.stringValue) ?? [:]
                return Approval(
                    id: row["id"], run: row["run_id"], approvedBy: row["approved_by"], actor: row["actor"],
                    approvedAt: row["approved_at"], files: files, voidedAt: row["voided_at"], voidReason: row["void_reason"])
            }
        }
    }

    /// Voids the standing approval of `run` with `reason`; returns it voided, or nil when none stood.
    @discardableResult
    public func voidApproval(run: String, reason: String) throws -> Approval? {
        guard var standing = try currentApproval(run: run) else { return nil }
        let now = Ledger.now()
        try write { db in
            try db.execute(
                sql: "UPDATE approvals SET voided_at = ?, void_reason = ? WHERE id = ?", arguments: [now, reason, standing.id])
        }
        standing.voidedAt = now
        standing.voidReason = reason
        return standing
    }
}

/// What identifies a document to a person looking for duplicates: its customer, date and total.
public struct DocumentFingerprint: Sendable, Equatable {
    /// The QuickBooks object key (`invoice sale:12 patient`).
    public var key: String
    public var entity: String
    /// The customer's object key (`customer patient:12`), or `id:58` for a raw QuickBooks id.
    public var customer: String
    public var date: String
    public var cents: Int
    public var docNumber: String?
    public var ref: String
    public var run: String

    public init(
        key: String, entity: String, customer: String, date: String, cents: Int, docNumber: String?, ref: String, run: String
    ) {
        self.key = key
        self.entity = entity
        self.customer = customer
        self.date = date
        self.cents = cents
        self.docNumber = docNumber
        self.ref = ref
        self.run = run
    }
}

extension Ledger {
    /// Records (or replaces) the fingerprints of a run's documents.
    public func saveFingerprints(_ fingerprints: [DocumentFingerprint]) throws {
        guard !fingerprints.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT INTO document_fingerprints (key, entity, customer, txn_date, total_cents, doc_number, ref, run_id, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET entity = excluded.entity, customer = excluded.customer,
                        txn_date = excluded.txn_date, total_cents = excluded.total_cents, doc_number = excluded.doc_number,
                        ref = excluded.ref, run_id = excluded.run_id, updated_at = excluded.updated_at
                    """)
            let now = Ledger.now()
            for print in fingerprints {
                try statement.execute(arguments: [
                    print.key, print.entity, print.customer, print.date, print.cents, print.docNumber, print.ref, print.run, now,
                ])
            }
        }
    }

    /// The fingerprints of documents QuickBooks holds (per `books_objects`, still active) that
    /// share a customer, date and total with one of `candidates`.
    public func postedDocuments(matching candidates: [DocumentFingerprint]) throws -> [DocumentFingerprint] {
        guard !candidates.isEmpty else { return [] }
        return try read { db in
            var found: [DocumentFingerprint] = []
            let statement = try db.makeStatement(
                sql: """
                    SELECT f.* FROM document_fingerprints f JOIN books_objects o ON o.key = f.key
                    WHERE f.customer = ? AND f.txn_date = ? AND f.total_cents = ? AND f.entity = ? AND o.active = 1
                    ORDER BY f.key
                    """)
            var seen: Set<String> = []
            for candidate in candidates {
                let rows = try Row.fetchAll(
                    statement, arguments: [candidate.customer, candidate.date, candidate.cents, candidate.entity])
                for row in rows where seen.insert(row["key"]).inserted {
                    found.append(
                        DocumentFingerprint(
                            key: row["key"], entity: row["entity"], customer: row["customer"], date: row["txn_date"],
                            cents: row["total_cents"], docNumber: row["doc_number"], ref: row["ref"], run: row["run_id"]))
                }
            }
            return found
        }
    }
}
