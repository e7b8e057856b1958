import QBSyncJSON

/// `qbsync show ITEM --json`: the document the README's "The operator's desk" describes. Fields
/// are only ever added; every key is always present (null when there is nothing to say).
extension ItemReport {
    /// The report as the README documents it.
    public var json: JSONValue {
        var ledgerJSON: JSONValue = .null
        if let item {
            ledgerJSON = [
                "state": .string(item.state.rawValue), "run": item.runID.map(JSONValue.string) ?? .null,
                "code": item.code.map(JSONValue.string) ?? .null, "message": item.message.map(JSONValue.string) ?? .null,
                "since": .string(item.updatedAt),
            ]
        }
        var adviceJSON: JSONValue = .null
        if let advice {
            adviceJSON = [
                "code": advice.code.map(JSONValue.string) ?? .null, "title": .string(advice.title), "reason": .string(advice.reason),
                "resolution": .string(advice.resolution),
            ]
        }
        var patientJSON: JSONValue = .null
        if let patient {
            patientJSON = [
                "ref": .string(patient.ref), "pseudonym": patient.pseudonym.map(JSONValue.string) ?? .null,
                "name": phi ? (patient.name.map(JSONValue.string) ?? .null) : .string(Redacted.marker),
            ]
        }
        return [
            "ref": .string(ref.description),
            "phi": .bool(phi),
            "ledger": ledgerJSON,
            "advice": adviceJSON,
            "oms": [
                "record": record ?? .null, "problem": omsProblem.map(JSONValue.string) ?? .null,
                "redacted_columns": phi ? .array([]) : .array(RecordRedaction.columns(of: ref.entity).map(JSONValue.string)),
            ],
            "patient": patientJSON,
            "sent": .array(sent.map(\.json)),
            "transform_failures": .array(
                transformFailures.map { ["run": .string($0.run), "code": .string($0.failure.code), "message": .string($0.failure.message)] }),
            "quickbooks": .array(quickbooks.map(\.json)),
            "history": .array(history.map(\.json)),
            "legacy": .array(legacy.map { $0.json(phi: phi) }),
        ]
    }
}

extension SentOperation {
    /// `{run, key, entity, operation, batch, bId, planned, attempts: [{request_file, body,
    /// response_file, answer}], result}`.
    public var json: JSONValue {
        [
            "run": .string(run), "key": .string(key), "entity": .string(entity), "operation": .string(operation),
            "batch": batch.map(JSONValue.string) ?? .null, "bId": bId.map(JSONValue.string) ?? .null, "planned": planned ?? .null,
            "attempts": .array(
                attempts.map { attempt in
                    [
                        "request_file": .string(attempt.requestFile), "body": attempt.body,
                        "response_file": attempt.responseFile.map(JSONValue.string) ?? .null, "answer": attempt.answer ?? .null,
                    ]
                }),
            "result": result ?? .null,
        ]
    }
}

extension ItemReport.QuickBooksObject {
    /// `{key, type, id, sync_token, doc_number, name, total, active, run, link}`.
    public var json: JSONValue {
        [
            "key": .string(object.key), "type": .string(object.type), "id": .string(object.remoteID),
            "sync_token": object.versionToken.map(JSONValue.string) ?? .null, "doc_number": object.docNumber.map(JSONValue.string) ?? .null,
            "name": object.name.map(JSONValue.string) ?? .null, "total": object.totalCents.map { .cents($0) } ?? .null,
            "active": .bool(object.active), "run": object.runID.map(JSONValue.string) ?? .null, "link": link.map(JSONValue.string) ?? .null,
        ]
    }
}
