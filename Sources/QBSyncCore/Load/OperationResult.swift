import QBSyncJSON

/// What became of one planned operation in the load.
public struct OperationResult: Sendable, Equatable {
    /// `created`, `updated`, `voided`, `deleted`, `adopted` (found in QuickBooks, not sent again),
    /// `already` (the ledger had it), `linked`, or `failed`.
    public var status: String
    public var key: String
    public var ref: String
    public var entity: String
    public var operation: String
    public var batch: String?
    public var bId: String?
    public var qboID: String?
    /// QuickBooks's fault, or a local reason.
    public var code: String?
    public var message: String?
    public var detail: String?
    public var element: String?
    public var intuitTID: String?
    /// What QuickBooks reports the document totals, and what the OMS says it must.
    public var qboTotalCents: Int?
    public var expectedCents: Int?

    public var failed: Bool { status == "failed" }

    /// Which planned operation this is the result of: its batch file and bId (`batches/0003.json
    /// b7`), or `link <key>` for a link. One object can have two operations in a plan (a
    /// customer's update and its later deactivation), so the key alone does not say.
    public var planID: String { Self.planID(batch: batch, bId: bId, key: key) }

    static func planID(batch: String?, bId: String?, key: String) -> String {
        if let batch, let bId { return batch + " " + bId }
        return "link " + key
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "status": .string(status), "key": .string(key), "ref": .string(ref), "entity": .string(entity),
            "operation": .string(operation),
        ]
        func put(_ name: String, _ value: String?) { if let value { object[name] = .string(value) } }
        put("batch", batch)
        put("bId", bId)
        put("qbo_id", qboID)
        put("code", code)
        put("message", message)
        put("detail", detail)
        put("element", element)
        put("intuit_tid", intuitTID)
        if let cents = qboTotalCents { object["qbo_total_cents"] = .int(cents) }
        if let cents = expectedCents { object["expected_cents"] = .int(cents) }
        return .object(object)
    }

    init(_ operation: PlannedOperation, status: String, batch: String? = nil, bId: String? = nil) {
        self.status = status
        key = operation.key
        ref = operation.ref
        entity = operation.entity
        self.operation = operation.operation
        self.batch = batch
        self.bId = bId
        expectedCents = operation.expectedCents
    }

    /// A result read back from `results.json` or the journal.
    public init?(json: JSONValue) {
        guard let status = json["status"]?.stringValue, let key = json["key"]?.stringValue, let ref = json["ref"]?.stringValue,
            let entity = json["entity"]?.stringValue, let operation = json["operation"]?.stringValue
        else { return nil }
        self.status = status
        self.key = key
        self.ref = ref
        self.entity = entity
        self.operation = operation
        batch = json["batch"]?.stringValue
        bId = json["bId"]?.stringValue
        qboID = json["qbo_id"]?.stringValue
        code = json["code"]?.stringValue
        message = json["message"]?.stringValue
        detail = json["detail"]?.stringValue
        element = json["element"]?.stringValue
        intuitTID = json["intuit_tid"]?.stringValue
        qboTotalCents = json["qbo_total_cents"]?.intValue
        expectedCents = json["expected_cents"]?.intValue
    }
}
