import Foundation

/// The catalogue's entries: one per code, each a title, (for QuickBooks faults) what the fault
/// means, and the next step for `ref`.
extension ErrorCatalogue {
    struct Entry {
        enum Kind: Equatable {
            /// A QuickBooks fault, with what it means in plain words.
            case quickBooks(String)
            /// A failure the pipeline reports itself, with its own message.
            case local
            /// A code the catalogue does not know.
            case unknown
        }

        var title: String
        var kind: Kind
        var resolution: String
    }

    static func entry(code: String?, ref: String, message: String, edition: Edition = .online) -> Entry {
        if edition == .desktop {
            return desktopEntry(code: code ?? "", ref: ref) ?? localEntry(code: code, ref: ref, message: message)
        }
        let retry = "'qbsync retry \(ref)'"
        let manual = "'qbsync manual \(ref)'"
        let done = "'qbsync manual-done \(ref)'"
        let show = "'qbsync show \(ref)'"
        let exclude = "'qbsync exclude \(ref) --reason TEXT'"
        func qbo(_ title: String, _ meaning: String, _ resolution: String) -> Entry {
            Entry(title: title, kind: .quickBooks(meaning), resolution: resolution)
        }
        func local(_ title: String, _ resolution: String) -> Entry { Entry(title: title, kind: .local, resolution: resolution) }
        switch code ?? "" {
        case "610":
            return qbo(
                "inactive or deleted reference", "something it refers to is inactive or deleted in QuickBooks",
                "Reactivate or restore it in QuickBooks (the account, customer, item or class the answer names; \(show) has the whole answer), then \(retry); or \(manual) to enter it by hand.")
        case "620":
            return qbo(
                "cannot link", "the transaction it links to is missing or void in QuickBooks",
                "Check that the document it pays or credits is in QuickBooks and not void (\(show)), then \(retry).")
        case "630":
            return qbo(
                "duplicate object", "it already exists in QuickBooks",
                "Check the existing record in QuickBooks: if it is this one, \(manual) then \(done) to record it; if not, remove the duplicate there and \(retry).")
        case "1040":
            return qbo(
                "batch too large", "the batch held more operations than QuickBooks allows",
                "Lower batch_size in the pipeline file's [quickbooks] section (QuickBooks allows 30, some companies only 10), then \(retry).")
        case "2010":
            return qbo(
                "unsupported field", "a field qbsync sent is not one QuickBooks accepts",
                "This is a qbsync bug: report it with the output of \(show); meanwhile \(manual) and enter it by hand.")
        case "2020":
            return qbo(
                "required field missing", "a field it needs is missing",
                "A mapping is incomplete: set it in the pipeline file ([accounts], [items] or [tax]) or fill the field in the OMS, then \(retry).")
        case "2050":
            return qbo(
                "text too long", "a text is longer than QuickBooks allows",
                "Shorten the text in the OMS (or the name in the pipeline file's [items] or [tax]), then \(retry).")
        case "2500":
            return qbo(
                "invalid reference", "it refers to an account, item, class or customer QuickBooks does not have",
                "Correct the mapping in the pipeline file ([accounts], [items] or [tax]) or reactivate the record in QuickBooks, then \(retry).")
        case "3001":
            return qbo(
                "throttled", "QuickBooks throttled the requests past the retry limit",
                "Wait a minute (QuickBooks allows 500 requests a minute per company, shared with other apps), then \(retry).")
        case "3100", "120":
            return qbo(
                "app not authorized", "QuickBooks no longer authorizes qbsync for the company",
                "A QuickBooks admin runs 'qbsync connect', then \(retry).")
        case "3200":
            return qbo(
                "login expired", "the QuickBooks login expired and could not be renewed",
                "Run 'qbsync connect', then \(retry).")
        case "4000", "4001", "500":
            return qbo(
                "request qbsync should not send", "QuickBooks could not process a request qbsync made",
                "This is a qbsync bug: report it with the output of \(show); meanwhile \(retry) or \(manual).")
        case "5010":
            return qbo(
                "changed in QuickBooks meanwhile", "the QuickBooks record changed since qbsync last read it",
                "Run \(retry): the run re-reads the record before changing it.")
        case "6000":
            return qbo(
                "business rule", "a QuickBooks business rule refused it",
                "Correct what QuickBooks names, in the OMS or in QuickBooks, then \(retry); or \(manual).")
        case "6070":
            return qbo(
                "amount is not quantity x price", "a line's amount is not its quantity times its unit price",
                "This is a rounding bug in qbsync: report it with the output of \(show); meanwhile \(manual) and enter it by hand.")
        case "6140":
            return qbo(
                "duplicate document number", "its document number is already used in QuickBooks",
                "If it was posted before (by hand or by the old integration), \(manual) then \(done) once checked; otherwise renumber the clashing document in QuickBooks, then \(retry).")
        case "6190":
            return qbo(
                "subscription problem", "the QuickBooks company's subscription has a problem",
                "The company fixes its subscription (QuickBooks > Billing & Subscription), then \(retry).")
        case "6200", "6210":
            return qbo(
                "closed accounting period", "its date is in a closed accounting period",
                "Move the company's closing date in QuickBooks (Account and settings > Advanced > Close the books) and \(retry); or \(manual) to enter it by hand; or \(exclude).")
        case "6240":
            return qbo(
                "duplicate name", "its name is already used by another customer, vendor or employee",
                "Rename the other customer, vendor or employee in QuickBooks (or \(ref) in the OMS) so the names differ, then \(retry).")
        case "6540":
            return qbo(
                "deposited transaction", "it was deposited and QuickBooks will not change a deposited transaction",
                "\(manual), enter the change by hand in QuickBooks, then \(done).")
        default:
            return localEntry(code: code, ref: ref, message: message)
        }
    }

    private static func localEntry(code: String?, ref: String, message: String) -> Entry {
        let retry = "'qbsync retry \(ref)'"
        let manual = "'qbsync manual \(ref)'"
        let show = "'qbsync show \(ref)'"
        let exclude = "'qbsync exclude \(ref) --reason TEXT'"
        let code = code ?? ""
        switch code {
        case "not-applied":
            // Desktop: QuickBooks left it unchanged in every set of the load (busy, a record open, 3231).
            return Entry(
                title: "not run by QuickBooks", kind: .local,
                resolution: "QuickBooks did not run it in any set of the load: close what is open in QuickBooks (the record, its list), then \(retry); it goes with the next run.")
        case "oms-invalid":
            return Entry(
                title: "OMS record cannot be posted", kind: .local,
                resolution: "Correct the record in the OMS, then \(retry); if it should never reach QuickBooks, \(exclude).")
        case "oms-missing":
            return Entry(
                title: "gone from the OMS", kind: .local,
                resolution: "If it was deleted on purpose, \(exclude); if QuickBooks needs it anyway, \(manual).")
        case "oms-allocation":
            return Entry(
                title: "third parties billed more than the line", kind: .local,
                resolution: "Correct the sale's third-party allocations in the OMS, then \(retry).")
        case "oms-no-lines":
            return Entry(
                title: "no lines", kind: .local, resolution: "Add the sale's lines in the OMS (or void it there), then \(retry).")
        case "oms-payer":
            return Entry(
                title: "both or neither of patient and payer", kind: .local,
                resolution: "Make the record name exactly one patient or one payer in the OMS, then \(retry).")
        case "oms-overapplied", "oms-application":
            return Entry(
                title: code == "oms-application" ? "applied to another customer's sale" : "applied more than its amount", kind: .local,
                resolution: "Correct the payment's applications in the OMS, then \(retry).")
        case "deposited", "posted-change":
            return Entry(
                title: code == "deposited" ? "a deposited payment changed" : "changed after it was posted", kind: .local,
                resolution: "It is on the manual entry list: correct it in QuickBooks by hand, then 'qbsync manual-done \(ref)'.")
        case "opening-balance-changed":
            return Entry(
                title: "changed after the opening balances", kind: .local,
                resolution: "It is on the manual entry list: if what the customer owed at the cutover changed, correct the customer's opening-balance invoice in QuickBooks by hand, then 'qbsync manual-done \(ref)'.")
        case "dependency-failed":
            return Entry(title: "waits for another item", kind: .local, resolution: dependencyResolution(ref: ref, message: message))
        // The load's preflight found these before sending anything.
        case "closed-period":
            return Entry(
                title: "closed accounting period", kind: .local,
                resolution: "Move the company's closing date in QuickBooks (Account and settings > Advanced > Close the books) and \(retry); or \(manual) to enter it by hand; or \(exclude).")
        case "account-missing", "account-inactive":
            return Entry(title: "mapped account missing or inactive", kind: .local, resolution: dependencyResolution(ref: ref, message: message))
        case "reference-missing", "reference-inactive":
            return Entry(
                title: "uses something gone or inactive in QuickBooks", kind: .local,
                resolution: "Restore or reactivate it in QuickBooks, then \(retry).")
        case "unsupported":
            return Entry(
                title: "a kind of record qbsync does not post", kind: .local,
                resolution: "It stays in the ledger; \(manual) to enter it by hand, or \(exclude).")
        case "amount-mismatch":
            return Entry(
                title: "QuickBooks total differs from the OMS", kind: .local,
                resolution: "Compare the document in QuickBooks with the OMS (\(show)), correct it in QuickBooks by hand, then \(manual) and 'qbsync manual-done \(ref)'.")
        case "no-answer", "no-entity", "no-id":
            return Entry(
                title: "no usable answer", kind: .local,
                resolution: "Run \(retry) (it looks the document up before sending it again); if it keeps happening, give Intuit support the intuit_tid that \(show) prints.")
        case let http where http.hasPrefix("http-"):
            return Entry(
                title: "request refused (HTTP \(http.dropFirst(5)))", kind: .local,
                resolution: "Run \(retry); if it keeps happening, give Intuit support the intuit_tid that \(show) prints.")
        default:
            return Entry(
                title: code.isEmpty ? "refused" : "code \(code)", kind: .unknown,
                resolution: "Correct what QuickBooks names, then \(retry), or \(manual); \(show) has QuickBooks's whole answer and the intuit_tid for Intuit support.")
        }
    }

    /// The next step for an item that waits for another: the account to reactivate or map, or
    /// the item to fix first (a retry takes it along while QuickBooks lacks it).
    static func dependencyResolution(ref: String, message: String) -> String {
        if let needed = firstMatch(#"^\S+ needs ([a-z_]+:[0-9]+)"#, in: message), needed != ref {
            return "Fix \(needed) first ('qbsync show \(needed)' says why it is not in QuickBooks), then 'qbsync retry \(ref)': the retry takes \(needed) along while QuickBooks lacks it."
        }
        if let account = firstMatch(#"the account "([^"]+)""#, in: message) {
            return "Reactivate (or create) the account \"\(account)\" in QuickBooks, or map another account in the pipeline file's [accounts] or [tax], then 'qbsync retry \(ref)'."
        }
        return "Fix what it waits for first ('qbsync show \(ref)'), then 'qbsync retry \(ref)'."
    }

    private static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let expression = try? NSRegularExpression(pattern: pattern),
            let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), match.numberOfRanges > 1,
            let range = Range(match.range(at: 1), in: text)
        else { return nil }
        return String(text[range])
    }
}
