/// A request's status in a qbXML answer (`statusCode`, `statusSeverity`, `statusMessage`), and
/// the error a request handler throws to refuse it with nothing changed.
struct DesktopStatus: Error, Equatable, Sendable {
    var code: Int
    var severity: String
    var message: String

    static let ok = DesktopStatus(code: 0, severity: "Info", message: "Status OK")
    static let nothingFound = DesktopStatus(
        code: 1, severity: "Info", message: "A query request did not find a matching object in QuickBooks")

    static func error(_ code: Int, _ message: String) -> DesktopStatus {
        DesktopStatus(code: code, severity: "Error", message: message)
    }

    static let notProcessed = error(3231, "The request has not been processed.")
    static let internalError = error(1000, "There has been an internal error when processing the request.")
    static let unavailable = error(1010, "The system is not available: QuickBooks is busy. Try again later.")
    static let listChanged = error(
        3170, "There was an error when modifying the record. QuickBooks error message: The list has been modified by another user.")
    static let requestIDTooLong = error(1060, "The requestID attribute is longer than 50 characters.")
    static let recordInUse = error(
        3175, "There was an error when saving the record. QuickBooks error message: This list element is in use.")
    static let lockFailed = error(3176, "QuickBooks failed to acquire the lock on the record.")
    static let classTrackingOff = error(
        3250, "This feature is not enabled or not available in this version of QuickBooks: class tracking is off.")

    static func tooLong(_ field: String, _ limit: Int) -> DesktopStatus {
        error(3070, "The string in the field \"\(field)\" is too long: it may hold at most \(limit) characters.")
    }

    static func nameInUse(_ name: String) -> DesktopStatus {
        error(3100, "The name \"\(name)\" of the list element is already in use.")
    }

    static func notFound(_ id: String) -> DesktopStatus {
        error(3120, "Object \"\(id)\" specified in the request cannot be found.")
    }

    /// 3140, as QuickBooks words it: `There is an invalid reference to QuickBooks Customer "X" in the Invoice.`
    static func invalidReference(_ list: String, _ value: String, in document: String, inactive: Bool) -> DesktopStatus {
        let why = inactive ? "This list element is inactive." : "Invalid argument. The specified record does not exist in the list."
        return error(
            3140,
            "There is an invalid reference to QuickBooks \(list) \"\(value)\" in the \(document). QuickBooks error message: \(why)")
    }

    static func closed(_ document: String, _ closingDate: String) -> DesktopStatus {
        error(
            3171,
            "An attempt was made to modify a \(document) with a date that is on or before the closing date of the company (\(closingDate)). Ask the company administrator to change the closing date.")
    }

    static func staleEditSequence(_ sequence: String) -> DesktopStatus {
        error(3200, "The provided edit sequence \"\(sequence)\" is out-of-date.")
    }

    static func invalidValue(_ message: String) -> DesktopStatus { error(3210, message) }

    static func macro(_ message: String) -> DesktopStatus { error(9100, message) }
}
