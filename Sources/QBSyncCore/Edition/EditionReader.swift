/// Reads a planned operation's payload with its edition's reader: a qbXML request with
/// `DesktopReader`, an Online body with `OnlineReader`. What reads documents above the editions
/// (the review, the hand-edit checks) comes through here and sees only `ReadDocument`s.
enum EditionReader {
    /// The operation's reading: the one it carries, else its payload read now; nil when the
    /// operation carries no payload (a plan read without its batch files).
    static func read(_ operation: PlannedOperation, checks: Bool = false) -> ReadDocument? {
        if let reading = operation.reading, !checks { return reading }
        if let request = operation.qbxml { return DesktopReader.read(request, key: operation.key, checks: checks) }
        guard operation.body != .object([:]) else { return nil }
        return OnlineReader.read(operation.body, entity: operation.entity, verb: operation.operation, key: operation.key, checks: checks)
    }

    /// `operation` with its reading in hand, for a consumer that reads it more than once.
    static func withReading(_ operation: PlannedOperation) -> PlannedOperation {
        guard operation.reading == nil else { return operation }
        var operation = operation
        operation.reading = read(operation)
        return operation
    }
}
