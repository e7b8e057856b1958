import QBSyncJSON

/// A refusal the way QuickBooks words it: a code, a message, a detail and the element at fault.
/// Thrown by validation and rendered either as one batch item's `Fault` or as a whole answer.
struct QBOFault: Error, Equatable {
    var code: String
    var message: String
    var detail: String
    var element: String?
    var type = "ValidationFault"
    /// The HTTP status when this fault is the whole answer.
    var status = 400

    /// `{"type":..., "Error":[{"Message","Detail","code","element"}]}`.
    var json: JSONValue {
        var error: JSONValue = ["Message": .string(message), "Detail": .string(detail), "code": .string(code)]
        if let element { error["element"] = .string(element) }
        return ["type": .string(type), "Error": [error]]
    }

    static func required(_ field: String) -> QBOFault {
        QBOFault(
            code: "2020", message: "Required param missing, need to supply the required value for the API",
            detail: "Required parameter \(field) is missing in the request", element: field)
    }

    static func invalidProperty(_ detail: String, element: String? = nil) -> QBOFault {
        QBOFault(
            code: "2010", message: "Request has invalid or unsupported property",
            detail: "Property Name:\(detail) specified is unsupported or invalid", element: element)
    }

    static func tooLong(_ field: String, max: Int, supplied: Int) -> QBOFault {
        QBOFault(
            code: "2050", message: "String length is either shorter or longer than supported by specification",
            detail: "String length specified does not match the supported length. Max allowed length is \(max), "
                + "supplied length is \(supplied) for \(field).", element: field)
    }

    static func invalidCharacters(_ field: String) -> QBOFault {
        business("\(field) can not contain a colon (:), a tab or a newline.", element: field)
    }

    /// 2500: the referenced id does not exist.
    static func invalidReference(_ kind: String, _ id: String, element: String) -> QBOFault {
        QBOFault(
            code: "2500", message: "Invalid Reference Id",
            detail: "Invalid Reference Id : \(kind) element id \(id) not found", element: element)
    }

    /// 610: the referenced record is inactive or deleted.
    static func inactiveReference(element: String) -> QBOFault {
        QBOFault(
            code: "610", message: "Object Not Found",
            detail: "Object Not Found : Something you're trying to use has been made inactive. "
                + "Check the fields with accounts, customers, items, vendors or employees.", element: element)
    }

    /// 610: the object to change does not exist (any more).
    static func objectNotFound(_ entity: String, _ id: String) -> QBOFault {
        QBOFault(
            code: "610", message: "Object Not Found",
            detail: "Object Not Found : Another user has deleted this transaction. \(entity) Id=\(id)", element: "Id")
    }

    static func stale(_ entity: String, current: String) -> QBOFault {
        QBOFault(
            code: "5010", message: "Stale Object Error",
            detail: "Stale Object Error : You and root were working on this at the same time. root finished before "
                + "you did, so your work was not saved. (\(entity) SyncToken is now \(current))", element: "SyncToken")
    }

    static func business(_ detail: String, element: String? = nil) -> QBOFault {
        QBOFault(
            code: "6000", message: "A business validation error has occurred while processing your request",
            detail: "Business Validation Error: \(detail)", element: element)
    }

    static func cannotLink(_ detail: String) -> QBOFault {
        QBOFault(code: "620", message: "Transaction cannot be linked", detail: detail, element: "LinkedTxn")
    }

    static func amountMismatch(line: Int, supplied: String, expected: String) -> QBOFault {
        QBOFault(
            code: "6070", message: "Amount is not equal to UnitPrice * Qty",
            detail: "Amount is not equal to UnitPrice * Qty. Supplied value:\(supplied), UnitPrice * Qty = \(expected) "
                + "(line \(line))", element: "Line.Amount")
    }

    static func duplicateDocNumber(_ docNumber: String, entity: String, id: String) -> QBOFault {
        QBOFault(
            code: "6140", message: "Duplicate Document Number Error",
            detail: "Duplicate Document Number Error : You must specify a different number. This number has already "
                + "been used. DocNumber=\(docNumber) is assigned to TxnType=\(entity) with TxnId=\(id)",
            element: "DocNumber")
    }

    static func closedPeriod(_ date: String, closeDate: String) -> QBOFault {
        QBOFault(
            code: "6210", message: "Account Period Closed, cannot update through Services API",
            detail: "The account period has closed and can not be updated through Services API. Please use QBO UI. "
                + "(TxnDate \(date) is on or before the closing date \(closeDate))", element: "TxnDate")
    }

    /// 6240 in Intuit's words; `owner` is "customer, vendor or employee", "product or service"...
    static func duplicateName(owner: String) -> QBOFault {
        QBOFault(
            code: "6240", message: "Duplicate Name Exists Error",
            detail: "The name supplied already exists. : Another \(owner) is already using this name. "
                + "Please use a different name.", element: "")
    }

    static func unsupportedOperation(_ operation: String, entity: String) -> QBOFault {
        QBOFault(
            code: "500", message: "Unsupported Operation",
            detail: "Operation \(operation) is not supported for \(entity).", element: nil)
    }

    static func batchTooLarge(_ count: Int, max: Int) -> QBOFault {
        QBOFault(
            code: "1040", message: "Batch size limit exceeded",
            detail: "The batch request has \(count) items; at most \(max) are allowed.", element: "BatchItemRequest")
    }

    static func queryParse(_ detail: String) -> QBOFault {
        QBOFault(code: "4000", message: "Error parsing query", detail: "QueryParserError: \(detail)", element: nil)
    }

    static func queryInvalid(_ detail: String) -> QBOFault {
        QBOFault(code: "4001", message: "Invalid query", detail: "QueryValidationError: \(detail)", element: nil)
    }
}
