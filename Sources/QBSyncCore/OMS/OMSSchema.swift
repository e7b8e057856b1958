/// The OMS accounting export database schema: the source contract.
///
/// A verbatim copy of `shared/oms-source.sql`, the OMS vendor's interface. The sample generator
/// creates its databases from it and tests read them through it; `OMSSchemaTests` checks that
/// this copy still matches the shared contract whenever that file is reachable.
public enum OMSSchema {
    /// The schema text, exactly as the contract gives it (tables, comments and the index).
    public static let sql = #"""
        -- The OMS accounting export database: the source contract.
        --
        -- The clinic's order-management system (OMS) keeps this SQLite database up to
        -- date; the pipeline only ever READS it (open it read-only, never write, never
        -- hold a write lock). The OMS may write to it while a run is extracting.
        --
        -- Conventions
        --   * Money is integer cents (no floating point anywhere on the money path).
        --   * Quantities are integer thousandths ("quantity_milli": 1500 = 1.5 units).
        --   * Dates are 'YYYY-MM-DD'; timestamps are ISO-8601 UTC 'YYYY-MM-DDTHH:MM:SSZ'.
        --   * Text is UTF-8 and may hold anything a person typed: accents, emoji,
        --     colons, tabs, newlines, 2,000-character notes, leading/trailing blanks.
        --   * Columns marked PHI are protected health information (HIPAA).
        --   * Every write the OMS makes to a synced entity appends one row to
        --     change_log; the same entity may appear many times in a window.

        PRAGMA foreign_keys = ON;

        CREATE TABLE locations (                 -- clinic locations -> QBO Class
          id        INTEGER PRIMARY KEY,
          name      TEXT    NOT NULL,
          active    INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE payment_methods (           -- -> QBO PaymentMethod, deposit account by mapping
          id        INTEGER PRIMARY KEY,
          name      TEXT    NOT NULL,            -- 'Cash', 'Cheque', 'Visa', ...
          kind      TEXT    NOT NULL CHECK (kind IN ('cash','check','card','eft','financing','other'))
        );

        CREATE TABLE patients (                  -- -> QBO Customer
          id                  INTEGER PRIMARY KEY,
          chart_number        TEXT,              -- PHI (medical record number)
          first_name          TEXT NOT NULL,     -- PHI
          middle_name         TEXT,              -- PHI
          last_name           TEXT NOT NULL,     -- PHI
          date_of_birth       TEXT,              -- PHI
          address1            TEXT,              -- PHI
          address2            TEXT,              -- PHI
          city                TEXT,              -- PHI
          region              TEXT,              -- state / province
          postal_code         TEXT,              -- PHI
          country             TEXT,
          home_phone          TEXT,              -- PHI
          mobile_phone        TEXT,              -- PHI
          email               TEXT,              -- PHI
          insurance_member_id TEXT,              -- PHI (health plan beneficiary number)
          notes               TEXT,              -- PHI (free text)
          location_id         INTEGER REFERENCES locations(id),
          status              TEXT NOT NULL DEFAULT 'active'
                              CHECK (status IN ('active','inactive','deceased')),
          updated_at          TEXT NOT NULL
        );

        CREATE TABLE payers (                    -- third parties (insurers, programs) -> QBO Customer; not PHI
          id          INTEGER PRIMARY KEY,
          name        TEXT NOT NULL,
          address1    TEXT,
          city        TEXT,
          region      TEXT,
          postal_code TEXT,
          phone       TEXT,
          email       TEXT,
          active      INTEGER NOT NULL DEFAULT 1,
          updated_at  TEXT NOT NULL
        );

        CREATE TABLE items (                     -- -> QBO Item (hearing aids and options may map to one generic item each)
          id               INTEGER PRIMARY KEY,
          kind             TEXT NOT NULL CHECK (kind IN
                             ('hearing_aid','option','battery','accessory','service','repair','fee','write_off')),
          name             TEXT NOT NULL,
          sku              TEXT,
          manufacturer     TEXT,
          unit_price_cents INTEGER NOT NULL,
          taxable          INTEGER NOT NULL DEFAULT 1,
          active           INTEGER NOT NULL DEFAULT 1,
          updated_at       TEXT NOT NULL
        );

        CREATE TABLE sales (                     -- a sale -> a patient Invoice, plus one Invoice per third party allocated
          id          INTEGER PRIMARY KEY,
          number      TEXT NOT NULL,             -- the invoice number printed for the patient
          patient_id  INTEGER NOT NULL REFERENCES patients(id),
          location_id INTEGER NOT NULL REFERENCES locations(id),
          sale_date   TEXT NOT NULL,
          due_date    TEXT,
          status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','void')),
          memo        TEXT,                      -- PHI (free text)
          updated_at  TEXT NOT NULL
        );

        CREATE TABLE sale_lines (
          id               INTEGER PRIMARY KEY,
          sale_id          INTEGER NOT NULL REFERENCES sales(id),
          line_no          INTEGER NOT NULL,
          item_id          INTEGER NOT NULL REFERENCES items(id),
          description      TEXT,                 -- PHI possible (model, ear, serial numbers, names)
          serial_number    TEXT,                 -- PHI (device identifier)
          ear              TEXT CHECK (ear IN ('left','right','binaural')),  -- PHI (health information)
          quantity_milli   INTEGER NOT NULL,
          unit_price_cents INTEGER NOT NULL,
          discount_cents   INTEGER NOT NULL DEFAULT 0,   -- line total = round(quantity * unit price) - discount
          tax_cents        INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE sale_allocations (          -- part of a line billed to a third party instead of the patient
          sale_line_id INTEGER NOT NULL REFERENCES sale_lines(id),
          payer_id     INTEGER NOT NULL REFERENCES payers(id),
          amount_cents INTEGER NOT NULL,
          PRIMARY KEY (sale_line_id, payer_id)
        );

        CREATE TABLE payments (                  -- -> QBO Payment; the unapplied rest is a deposit (credit on account)
          id            INTEGER PRIMARY KEY,
          patient_id    INTEGER REFERENCES patients(id),   -- exactly one of patient_id, payer_id
          payer_id      INTEGER REFERENCES payers(id),
          location_id   INTEGER NOT NULL REFERENCES locations(id),
          method_id     INTEGER NOT NULL REFERENCES payment_methods(id),
          received_date TEXT NOT NULL,
          amount_cents  INTEGER NOT NULL,
          reference     TEXT,                    -- cheque number, card authorisation
          deposited     INTEGER NOT NULL DEFAULT 0,        -- 1: already deposited in the books; edits then need manual entry
          memo          TEXT,                    -- PHI (free text)
          status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','deleted')),
          updated_at    TEXT NOT NULL
        );

        CREATE TABLE payment_applications (      -- which sales a payment pays, and how much of each
          payment_id   INTEGER NOT NULL REFERENCES payments(id),
          sale_id      INTEGER NOT NULL REFERENCES sales(id),
          payer_id     INTEGER REFERENCES payers(id),      -- NULL: the patient's invoice; else that payer's invoice
          amount_cents INTEGER NOT NULL,
          PRIMARY KEY (payment_id, sale_id, payer_id)
        );

        CREATE TABLE returns (                   -- a return (e.g. within the trial period) -> QBO CreditMemo
          id          INTEGER PRIMARY KEY,
          number      TEXT NOT NULL,
          sale_id     INTEGER NOT NULL REFERENCES sales(id),
          return_date TEXT NOT NULL,
          reason      TEXT,                      -- PHI possible (free text)
          status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','void')),
          updated_at  TEXT NOT NULL
        );

        CREATE TABLE return_lines (
          id             INTEGER PRIMARY KEY,
          return_id      INTEGER NOT NULL REFERENCES returns(id),
          sale_line_id   INTEGER NOT NULL REFERENCES sale_lines(id),
          quantity_milli INTEGER NOT NULL,
          amount_cents   INTEGER NOT NULL,       -- credited to the patient, tax included
          serial_number  TEXT                    -- PHI
        );

        CREATE TABLE refunds (                   -- money paid back -> QBO RefundReceipt
          id           INTEGER PRIMARY KEY,
          patient_id   INTEGER REFERENCES patients(id),    -- exactly one of patient_id, payer_id
          payer_id     INTEGER REFERENCES payers(id),
          location_id  INTEGER NOT NULL REFERENCES locations(id),
          method_id    INTEGER NOT NULL REFERENCES payment_methods(id),
          return_id    INTEGER REFERENCES returns(id),
          refund_date  TEXT NOT NULL,
          amount_cents INTEGER NOT NULL,
          memo         TEXT,                     -- PHI (free text)
          status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','void')),
          updated_at   TEXT NOT NULL
        );

        CREATE TABLE write_offs (                -- balance forgiven on a sale -> QBO CreditMemo on a write-off item
          id             INTEGER PRIMARY KEY,
          sale_id        INTEGER NOT NULL REFERENCES sales(id),
          payer_id       INTEGER REFERENCES payers(id),    -- NULL: the patient's invoice
          write_off_date TEXT NOT NULL,
          amount_cents   INTEGER NOT NULL,
          reason         TEXT,                   -- PHI possible (free text)
          status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','deleted')),
          updated_at     TEXT NOT NULL
        );

        CREATE TABLE change_log (                -- the change feed the extract stage reads
          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
          entity     TEXT    NOT NULL CHECK (entity IN
                       ('patient','payer','item','sale','payment','return','refund','write_off')),
          entity_id  INTEGER NOT NULL,
          op         TEXT    NOT NULL CHECK (op IN ('create','update','void','delete')),
          changed_at TEXT    NOT NULL,
          changed_by TEXT                         -- OMS user name
        );

        CREATE TABLE legacy_skipped (            -- "old skipped transactions" left by the previous integration
          id         INTEGER PRIMARY KEY,
          entity     TEXT NOT NULL,
          entity_id  INTEGER,                    -- NULL or dangling when the record is gone
          skipped_at TEXT NOT NULL,
          message    TEXT                         -- the old integration's error text
        );

        CREATE INDEX change_log_entity ON change_log(entity, entity_id);
        """#

    /// Every table of the contract, in the order the schema declares them (parents first).
    public static let tables = [
        "locations", "payment_methods", "patients", "payers", "items", "sales", "sale_lines",
        "sale_allocations", "payments", "payment_applications", "returns", "return_lines",
        "refunds", "write_offs", "change_log", "legacy_skipped",
    ]
}
