import GRDB

/// The customers' open balances at the cutover (`[sync] opening_balances`), taken once and kept:
/// a second run, a retry or a restored copy of the ledger reads them here and never takes them
/// again, and a later payment of a pre-cutover sale finds here the opening-balance invoice it
/// goes to.
extension Ledger {
    /// The run that took the opening balances, nil while none has.
    func openingBalancesTakenIn() throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'opening_balances_run'") }
    }

    /// Records the balances `runID` took at `startDate`, with the invoices each stands for.
    func recordOpeningBalances(_ balances: [OpeningBalance], runID: String, startDate: String) throws {
        try write { db in
            for balance in balances {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO opening_balances (customer_key, cents, location_id, anchor, start_date, run_id)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [balance.customer.description, balance.cents, balance.locationID, balance.anchor.description, startDate, runID])
                for invoice in balance.invoices {
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO opening_balance_invoices (invoice_key, customer_key) VALUES (?, ?)",
                        arguments: [invoice.description, balance.customer.description])
                }
            }
            try db.execute(
                sql: "INSERT INTO meta (key, value) VALUES ('opening_balances_run', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [runID])
        }
    }

    /// The balances taken, in customer order (without their invoices: `openingBalanceInvoices`).
    func openingBalances() throws -> [OpeningBalance] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM opening_balances ORDER BY customer_key").compactMap { row in
                guard let customer = ObjectKey(parsing: row["customer_key"]), let anchor = try? OMSRef(parsing: row["anchor"]) else { return nil }
                return OpeningBalance(customer: customer, cents: row["cents"], locationID: row["location_id"], anchor: anchor)
            }
        }
    }

    /// Which customer's balance each pre-cutover invoice key is in.
    func openingBalanceInvoices() throws -> [ObjectKey: ObjectKey] {
        try read { db in
            var map: [ObjectKey: ObjectKey] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT invoice_key, customer_key FROM opening_balance_invoices") {
                if let invoice = ObjectKey(parsing: row["invoice_key"]), let customer = ObjectKey(parsing: row["customer_key"]) {
                    map[invoice] = customer
                }
            }
            return map
        }
    }

    /// Whether the ledger maps an opening-balance invoice (a reintegration found one by its marker).
    func holdsOpeningBalanceInvoices() throws -> Bool {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT 1 FROM books_objects WHERE key LIKE 'invoice % opening' LIMIT 1") != nil
        }
    }

    /// The documents dated before the cutover (excluded as `before-cutover`) that changed in the
    /// OMS after an earlier run took the opening balances (`window` says which changed): each
    /// counted in a balance qbsync posted and does not change, so each goes to the manual list.
    func changedAfterOpeningBalances(run: String, changed window: (OMSRef) -> Bool) throws -> [String] {
        guard let taken = try openingBalancesTakenIn(), taken != run else { return [] }
        let entities: Set<String> = [OMSEntity.sale.name, OMSEntity.payment.name, OMSEntity.return.name, OMSEntity.writeOff.name]
        return try read { db in
            try String.fetchAll(db, sql: "SELECT ref FROM items WHERE state = 'excluded' AND code = ?", arguments: [Cutover.excludedCode])
        }.filter { text in
            guard let ref = try? OMSRef(parsing: text) else { return false }
            return entities.contains(ref.entity) && window(ref)
        }.sorted()
    }

    /// Puts `refs` (from `changedAfterOpeningBalances`) on the manual list, saying why.
    func flagChangedAfterOpeningBalances(_ refs: [String], run: String, actor: String) throws {
        guard !refs.isEmpty, let taken = try openingBalancesTakenIn() else { return }
        try write { db in
            let now = Ledger.now()
            for ref in refs {
                let message = Cutover.openingChangedMessage(ref: ref, takenIn: taken)
                try db.execute(
                    sql: "UPDATE items SET state = 'manual', code = ?, message = ?, updated_at = ? WHERE ref = ? AND state = 'excluded'",
                    arguments: [Cutover.openingChangedCode, message, now, ref])
                try db.execute(
                    sql: "INSERT INTO history (ref, run_id, action, state, message, actor, at) VALUES (?, ?, 'changed-after-opening-balances', 'manual', ?, ?, ?)",
                    arguments: [ref, run, message, actor, now])
            }
        }
    }
}
