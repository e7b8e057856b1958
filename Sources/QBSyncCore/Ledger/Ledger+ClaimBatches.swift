import GRDB
import QBSyncJSON

/// What a chunk's claims find already in the ledger, read in one statement a table for the whole
/// chunk (`json_each`), so that `ClaimBook` goes to the ledger a claim at a time only for what
/// is new: a nightly chunk's names and numbers are nearly all kept ones, a first
/// synchronization's nearly all free first candidates, one insert each.
extension Ledger {
    /// The names kept for `keys` in `namespace`, with the source each was made from, by key.
    func keptNames(namespace: String, keys: [String]) throws -> [String: (name: String, source: String)] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var kept: [String: (name: String, source: String)] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT key, name, source FROM names WHERE namespace = ?1 AND key IN (SELECT value FROM json_each(?2))"),
                arguments: [namespace, Self.jsonArray(keys)])
            while let row = try rows.next() { kept[row[0]] = (row[1], row[2]) }
            return kept
        }
    }

    /// The document numbers kept for `keys` of `docType`, by key.
    func keptDocNumbers(docType: String, keys: [String]) throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            var kept: [String: String] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: "SELECT key, doc_number FROM doc_numbers WHERE doc_type = ?1 AND key IN (SELECT value FROM json_each(?2))"),
                arguments: [docType, Self.jsonArray(keys)])
            while let row = try rows.next() { kept[row[0]] = row[1] }
            return kept
        }
    }

    /// The pseudonyms kept for `patientIDs`, by patient.
    func keptPseudonyms(patientIDs: [Int]) throws -> [Int: String] {
        guard !patientIDs.isEmpty else { return [:] }
        return try read { db in
            var kept: [Int: String] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT patient_id, code FROM pseudonyms WHERE patient_id IN (SELECT value FROM json_each(?1))"),
                arguments: ["[" + patientIDs.map(String.init).joined(separator: ",") + "]"])
            while let row = try rows.next() { kept[row[0]] = row[1] }
            return kept
        }
    }

    /// Those of `values` that a name in `namespace` already has, compared as the unique index
    /// compares them (case-insensitively).
    func takenNames(namespace: String, among values: [String]) throws -> Set<String> {
        try taken(
            sql: "SELECT value FROM json_each(?2) WHERE EXISTS (SELECT 1 FROM names WHERE namespace = ?1 AND name = json_each.value COLLATE NOCASE)",
            scope: namespace, values)
    }

    /// Those of `values` that a document of `docType` already has as its number.
    func takenDocNumbers(docType: String, among values: [String]) throws -> Set<String> {
        try taken(
            sql: "SELECT value FROM json_each(?2) WHERE EXISTS (SELECT 1 FROM doc_numbers WHERE doc_type = ?1 AND doc_number = json_each.value)",
            scope: docType, values)
    }

    /// Records `name` for `key`, known to be free (see `ClaimBook`).
    func recordName(namespace: String, key: String, name: String, source: String) throws {
        try write { db in
            try db.cachedStatement(sql: "INSERT INTO names (namespace, key, name, source) VALUES (?, ?, ?, ?)")
                .execute(arguments: [namespace, key, name, source])
        }
    }

    /// Records `number` for `key`, known to be free (see `ClaimBook`).
    func recordDocNumber(docType: String, key: String, number: String) throws {
        try write { db in
            try db.cachedStatement(sql: "INSERT INTO doc_numbers (doc_type, key, doc_number) VALUES (?, ?, ?)")
                .execute(arguments: [docType, key, number])
        }
    }

    private func taken(sql: String, scope: String, _ values: [String]) throws -> Set<String> {
        guard !values.isEmpty else { return [] }
        return try read { db in
            Set(try String.fetchAll(db.cachedStatement(sql: sql), arguments: [scope, Self.jsonArray(values)]))
        }
    }

    /// `["a","b"]`, for `json_each`.
    private static func jsonArray(_ values: [String]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
