import GRDB

extension Ledger {
    /// Named, append-only migrations: a shipped migration is never edited; changes come as new ones.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, pipeline TEXT NOT NULL,
                        created_at TEXT NOT NULL, cursor_from INTEGER NOT NULL, cursor_to INTEGER NOT NULL);
                    CREATE TABLE items (
                        ref TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id INTEGER NOT NULL,
                        state TEXT NOT NULL, run_id TEXT, code TEXT, message TEXT, updated_at TEXT NOT NULL);
                    CREATE INDEX items_state ON items(state);
                    CREATE TABLE history (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL, run_id TEXT,
                        action TEXT NOT NULL, state TEXT, message TEXT, actor TEXT NOT NULL, at TEXT NOT NULL);
                    CREATE INDEX history_ref ON history(ref);
                    CREATE TABLE qbo_objects (
                        key TEXT PRIMARY KEY, ref TEXT NOT NULL, qbo_type TEXT NOT NULL, qbo_id TEXT NOT NULL,
                        sync_token TEXT, doc_number TEXT, name TEXT, total_cents INTEGER, active INTEGER NOT NULL DEFAULT 1,
                        fingerprint TEXT,
                        run_id TEXT, updated_at TEXT NOT NULL);
                    CREATE INDEX qbo_objects_ref ON qbo_objects(ref);
                    CREATE TABLE qbo_lookups (
                        qbo_type TEXT NOT NULL, name TEXT NOT NULL, qbo_id TEXT NOT NULL, updated_at TEXT NOT NULL,
                        PRIMARY KEY (qbo_type, name));
                    CREATE TABLE pseudonyms (
                        patient_id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);
                    CREATE TABLE names (
                        namespace TEXT NOT NULL, key TEXT NOT NULL, name TEXT NOT NULL, source TEXT NOT NULL,
                        PRIMARY KEY (namespace, key));
                    CREATE UNIQUE INDEX names_unique ON names(namespace, name COLLATE NOCASE);
                    CREATE TABLE doc_numbers (
                        doc_type TEXT NOT NULL, key TEXT NOT NULL, doc_number TEXT NOT NULL,
                        PRIMARY KEY (doc_type, key));
                    CREATE UNIQUE INDEX doc_numbers_unique ON doc_numbers(doc_type, doc_number);
                    """)
        }
        // The operator's desk: what was decided about the previous integration's "old skipped
        // transactions" (OMS legacy_skipped rows), by whom and when; the trail is in history
        // under `legacy:<id>`.
        migrator.registerMigration("v2-legacy-skipped") { db in
            try db.execute(
                sql: """
                    CREATE TABLE legacy_actions (
                        legacy_id INTEGER PRIMARY KEY, ref TEXT, state TEXT NOT NULL, note TEXT,
                        actor TEXT NOT NULL, at TEXT NOT NULL);
                    """)
        }
        // The accountant's approvals (who, when, the SHA-256 of every file in 2-transform/;
        // voided, never deleted, when the files change) and each document's fingerprint
        // (customer, date, total) so a review can spot one that is already in QuickBooks.
        migrator.registerMigration("v2-review-approvals") { db in
            try db.execute(
                sql: """
                    CREATE TABLE approvals (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, approved_by TEXT NOT NULL,
                        actor TEXT NOT NULL, approved_at TEXT NOT NULL, files TEXT NOT NULL,
                        voided_at TEXT, void_reason TEXT);
                    CREATE INDEX approvals_run ON approvals(run_id);
                    CREATE TABLE document_fingerprints (
                        key TEXT PRIMARY KEY, entity TEXT NOT NULL, customer TEXT NOT NULL, txn_date TEXT NOT NULL,
                        total_cents INTEGER NOT NULL, doc_number TEXT, ref TEXT NOT NULL, run_id TEXT NOT NULL,
                        updated_at TEXT NOT NULL);
                    CREATE INDEX document_fingerprints_match ON document_fingerprints(customer, txn_date, total_cents);
                    """)
        }
        migrator.registerMigration("v3-load-lock") { db in
            // One row per held lock (`load <realm>`): who holds it, where, since when. A row
            // outlives a crash on purpose; the next load decides whether its holder is gone.
            try db.execute(
                sql: """
                    CREATE TABLE locks (
                        name TEXT PRIMARY KEY, token TEXT NOT NULL, user TEXT NOT NULL, host TEXT NOT NULL,
                        pid INTEGER NOT NULL, run_id TEXT, since TEXT NOT NULL);
                    """)
        }
        // The map of QuickBooks objects becomes edition-neutral: a remote id (Online's Id,
        // Desktop's ListID or TxnID), a version token (SyncToken, EditSequence) and the edition
        // that holds it. Everything recorded before was QuickBooks Online's, and is kept as such.
        // `qbo_objects` stays as a view with the old column names, for scripts and queries
        // written against the old schema (read only).
        migrator.registerMigration("v4-books-objects") { db in
            try db.execute(
                sql: """
                    CREATE TABLE books_objects (
                        key TEXT PRIMARY KEY, ref TEXT NOT NULL, edition TEXT NOT NULL DEFAULT 'online',
                        type TEXT NOT NULL, remote_id TEXT NOT NULL, version_token TEXT, doc_number TEXT, name TEXT,
                        total_cents INTEGER, active INTEGER NOT NULL DEFAULT 1, fingerprint TEXT,
                        run_id TEXT, updated_at TEXT NOT NULL);
                    INSERT INTO books_objects (key, ref, edition, type, remote_id, version_token, doc_number, name,
                        total_cents, active, fingerprint, run_id, updated_at)
                        SELECT key, ref, 'online', qbo_type, qbo_id, sync_token, doc_number, name, total_cents, active,
                            fingerprint, run_id, updated_at FROM qbo_objects;
                    DROP TABLE qbo_objects;
                    CREATE INDEX books_objects_ref ON books_objects(ref);
                    CREATE INDEX books_objects_remote ON books_objects(type, remote_id);
                    CREATE TABLE books_lookups (
                        edition TEXT NOT NULL DEFAULT 'online', type TEXT NOT NULL, name TEXT NOT NULL,
                        remote_id TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (edition, type, name));
                    INSERT INTO books_lookups (edition, type, name, remote_id, updated_at)
                        SELECT 'online', qbo_type, name, qbo_id, updated_at FROM qbo_lookups;
                    DROP TABLE qbo_lookups;
                    CREATE VIEW qbo_objects AS
                        SELECT key, ref, type AS qbo_type, remote_id AS qbo_id, version_token AS sync_token, doc_number,
                            name, total_cents, active, fingerprint, run_id, updated_at, edition FROM books_objects;
                    """)
        }
        // The customers' open balances at the cutover (`[sync] opening_balances`), taken once
        // from the first run's extract, and which pre-cutover invoice each sale's bill-to would
        // have had: what later payments of those sales apply to, and what keeps a second run, a
        // retry or a restored copy from taking the balances again.
        migrator.registerMigration("v5-opening-balances") { db in
            try db.execute(
                sql: """
                    CREATE TABLE opening_balances (
                        customer_key TEXT PRIMARY KEY, cents INTEGER NOT NULL, location_id INTEGER,
                        anchor TEXT NOT NULL, start_date TEXT NOT NULL, run_id TEXT NOT NULL);
                    CREATE TABLE opening_balance_invoices (
                        invoice_key TEXT PRIMARY KEY, customer_key TEXT NOT NULL);
                    """)
        }
        return migrator
    }
}
