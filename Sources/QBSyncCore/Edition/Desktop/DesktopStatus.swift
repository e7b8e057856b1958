/// What a Desktop load does with QuickBooks Desktop's answer to one request: the table of
/// status codes (qbd-api.md section 6) and request-processor HRESULTs as decisions, so the reader
/// of answers and the error catalogue agree on every code.
public enum DesktopStatus: Equatable, Sendable {
    /// Done (0), or nothing found by a query (1).
    case ok
    /// Processed, maybe not quite as sent (500-999: 530, 531, 560, 570): journal the warning.
    case processedWithWarning
    /// QuickBooks could not do it now (1000, 1010, 3170, 3175, 3176, a lock text in 3180): the
    /// item waits for the next Web Connector update.
    case retryNextUpdate
    /// Not run because an earlier request of the set failed under `stopOnError` (3231): send it
    /// again in a new set.
    case notProcessed
    /// The name is already in use (3100): look up the holder in all four name lists; adopt it if
    /// it is qbsync's, else the item fails for a rename.
    case nameInUse
    /// A reference to something QuickBooks lacks or holds inactive (3140): re-queue behind the
    /// dependency; if the dependency is synced, manual entry.
    case invalidReference
    /// The EditSequence was out of date (3200): re-query, compare, modify once more.
    case staleEditSequence
    /// The Mod, Void or Del target is gone (3120): ledger and file disagree, manual entry.
    case targetMissing
    /// Dated on or before the company's closing date (3171): manual entry.
    case closedPeriod
    /// QuickBooks refused the values (3210 and the rest of 3100-9099): fail the item with
    /// QuickBooks's text.
    case refused
    /// A transform bug in the request (3000-3099, e.g. 3070 string too long): fail the item,
    /// naming the field.
    case malformedField
    /// A request qbsync should never send (1030, 1060, 3150, 9100-9199): stop the run.
    case bug
    /// The company must change before anything posts (3250 feature off, 3260/3261 permissions):
    /// stop the run and name what to turn on.
    case companySetting

    /// The decision for `statusCode` (the `statusCode` attribute of one `...Rs`), with QuickBooks's
    /// `message` for the codes whose meaning depends on its text (3180).
    public init(statusCode: Int, message: String = "") {
        switch statusCode {
        case 0, 1: self = .ok
        case 500...999: self = .processedWithWarning
        case 1000, 1010, 3170, 3175, 3176: self = .retryNextUpdate
        case 1030, 1060, 3150, 9100...9199: self = .bug
        case 3000...3099: self = .malformedField
        case 3100: self = .nameInUse
        case 3120: self = .targetMissing
        case 3140: self = .invalidReference
        case 3171: self = .closedPeriod
        case 3180: self = Self.isLockText(message) ? .retryNextUpdate : .refused
        case 3200: self = .staleEditSequence
        case 3231: self = .notProcessed
        case 3250, 3260, 3261: self = .companySetting
        default: self = .refused
        }
    }

    /// Whether the request committed in QuickBooks.
    public var committed: Bool { self == .ok || self == .processedWithWarning }

    /// QuickBooks's texts for a record or list it could not lock (consolibyte's error callbacks
    /// collect these): the same request succeeds on a later update.
    static func isLockText(_ message: String) -> Bool {
        let text = message.lowercased()
        return ["modified by another user", "could not be locked", "failed to acquire the lock", "is in use"]
            .contains { text.contains($0) }
    }
}

/// What the request processor's HRESULT (from `receiveResponseXML` with an empty answer, or from
/// `connectionError`) says about a message set that was handed out.
public enum DesktopProcessorFailure: Equatable, Sendable {
    /// The set did not parse or validate (`0x80040400`): nothing ran; a renderer bug.
    case rejectedSet
    /// QuickBooks is not running, is showing a dialog, or has another file open (`0x80040408`,
    /// `0x80040416`), or denies access (`0x80040401`): nothing ran; the run waits for QuickBooks.
    case quickBooksUnavailable
    /// Anything else (`0x80040402` unexpected error among them): the outcome is unknown, so the
    /// set is recovered (error recovery, then lookups) before anything is sent again.
    case outcomeUnknown

    /// The decision for `hresult` as the Web Connector writes it (`0x80040400`, any case).
    public init(hresult: String) {
        switch hresult.lowercased() {
        case "0x80040400": self = .rejectedSet
        case "0x80040401", "0x80040408", "0x80040416": self = .quickBooksUnavailable
        default: self = .outcomeUnknown
        }
    }

    /// Whether the set certainly did not run.
    public var nothingRan: Bool { self != .outcomeUnknown }
}
