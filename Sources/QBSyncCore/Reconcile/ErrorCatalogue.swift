/// Every QuickBooks fault code the pipeline can meet, in plain words with the next step. Unknown
/// codes fall back to QuickBooks's own message and detail.
public enum ErrorCatalogue {
    /// A message for an operator: what happened to `ref` and what to do about it.
    public static func explain(code: String?, message: String?, detail: String?, ref: String, entity: String) -> String {
        let what = "QuickBooks refused the \(entity.lowercased())"
        let said = [message, detail].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        let retry = "'qbsync retry \(ref)'"
        let manual = "'qbsync manual \(ref)'"
        switch code {
        case "610":
            return "\(ref): \(what): something it refers to is inactive or deleted in QuickBooks (code 610). Reactivate or restore it there and run \(retry), or \(manual)."
        case "620":
            return "\(ref): \(what): the transaction it links to is missing or void in QuickBooks (code 620). Check that document, then \(retry)."
        case "630":
            return "\(ref): \(what): it already exists in QuickBooks (code 630). Link the existing record instead: \(manual) once checked."
        case "1040":
            return "\(ref): the batch was too large for QuickBooks (code 1040). Lower [quickbooks] batch_size in the pipeline file, then \(retry)."
        case "2020":
            return "\(ref): \(what): a required field is missing (code 2020: \(said)). A mapping in the pipeline file is incomplete; fix it, then \(retry)."
        case "2050":
            return "\(ref): \(what): a text is too long for QuickBooks (code 2050: \(said)). Shorten it in the OMS, then \(retry)."
        case "2500":
            return "\(ref): \(what): it refers to an account, item, class or customer QuickBooks does not have or has made inactive (code 2500: \(said)). Fix the pipeline's mapping or reactivate it in QuickBooks, then \(retry)."
        case "3100", "120":
            return "\(ref): QuickBooks no longer authorizes this app for the company (code \(code!)). Run 'qbsync connect', then \(retry)."
        case "3200":
            return "\(ref): the QuickBooks login expired and could not be renewed (code 3200). Run 'qbsync connect', then \(retry)."
        case "3001":
            return "\(ref): QuickBooks throttled the requests (code 3001) past the retry limit. Run the load again later: \(retry)."
        case "5010":
            return "\(ref): the QuickBooks record changed since qbsync last read it (code 5010). Run \(retry); it re-reads the record first."
        case "6000":
            return "\(ref): \(what) on a business rule: \(said.isEmpty ? "no detail given" : said) (code 6000). Correct it in the OMS or QuickBooks, then \(retry), or \(manual)."
        case "6070":
            return "\(ref): \(what): an amount is not quantity x unit price (code 6070). This is a rounding bug in qbsync: report it, and \(manual) meanwhile."
        case "6140":
            return "\(ref): \(what): its document number is already used in QuickBooks (code 6140: \(said)). If it was posted before, \(manual) after checking; otherwise renumber the clashing document, then \(retry)."
        case "6190":
            return "\(ref): the QuickBooks company's subscription has a problem (code 6190). The company must fix its subscription; then \(retry)."
        case "6200", "6210":
            return "\(ref): \(what): its date is in a closed accounting period (code \(code!)). Move the company's closing date in QuickBooks and \(retry), or \(manual)."
        case "6240":
            return "\(ref): \(what): its name is already used by another customer, vendor or employee in QuickBooks (code 6240: \(said)). Rename or link the existing record in QuickBooks, then \(retry)."
        case "6540":
            return "\(ref): \(what): it was deposited and QuickBooks will not change a deposited transaction (code 6540). Enter the change by hand: \(manual)."
        case "dependency-failed", "closed-period", "account-missing", "account-inactive", "reference-missing", "reference-inactive":
            return said.isEmpty ? "\(ref) waits for something that is not in QuickBooks." : said
        default:
            if let code, !code.isEmpty, !said.isEmpty {
                return "\(ref): \(what) (code \(code)): \(said). Correct it, then \(retry), or \(manual)."
            }
            return said.isEmpty ? "\(ref): \(what) without saying why. Check it in QuickBooks, then \(retry), or \(manual)." : said
        }
    }
}
