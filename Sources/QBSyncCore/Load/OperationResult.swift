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
    /// The wave the operation was planned in.
    public var wave: Int?
    /// `digest` of the planned body.
    public var bodyDigest: String?
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

    /// Which planned operation this is the result of: `customer patient:12 update w7`. One
    /// object can have two operations in a plan (a customer's update and its deactivation in the
    /// last wave), so the key alone does not say; batch files and bIds are renumbered when the
    /// transform runs again, so they do not either.
    public var operationID: String { Self.operationID(key: key, operation: operation, wave: wave) }

    static func operationID(key: String, operation: String, wave: Int?) -> String {
        "\(key) \(operation) w\(wave ?? 0)"
    }

    /// `operationID` of a planned operation.
    static func operationID(_ operation: PlannedOperation) -> String {
        operationID(key: operation.key, operation: operation.operation, wave: operation.wave.rawValue)
    }

    /// `operationID` and the digest of the body: what a result says was done. An operation
    /// planned again with another body (the transform run again after a fix) is not done yet.
    public var doneID: String { operationID + " " + (bodyDigest ?? "-") }

    /// `doneID` of a planned operation.
    static func doneID(_ operation: PlannedOperation) -> String { operationID(operation) + " " + digest(operation.body) }

    /// The first 16 hex digits of the SHA-256 of a planned body (placeholders and all).
    static func digest(_ body: JSONValue) -> String { String(SHA256.hex(JSONWriter.prettyData(body)).prefix(16)) }

    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "status": .string(status), "key": .string(key), "ref": .string(ref), "entity": .string(entity),
            "operation": .string(operation),
        ]
        func put(_ name: String, _ value: String?) { if let value { object[name] = .string(value) } }
        put("batch", batch)
        put("bId", bId)
        if let wave { object["wave"] = .int(wave) }
        put("body_sha256", bodyDigest)
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
        wave = operation.wave.rawValue
        bodyDigest = Self.digest(operation.body)
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
        wave = json["wave"]?.intValue
        bodyDigest = json["body_sha256"]?.stringValue
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
