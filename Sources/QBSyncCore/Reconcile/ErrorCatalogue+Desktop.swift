/// QuickBooks Desktop's status codes and request-processor HRESULTs, and the Web Connector's
/// common failures, each with what it means and the next step. Desktop's codes overlap Online's
/// numbers with other meanings (3100 is "name in use" on Desktop, "app not authorized" on
/// Online), so an entry is looked up for the pipeline's edition.
extension ErrorCatalogue {
    /// The Desktop status codes and HRESULTs with an entry of their own.
    public static let desktopCodes = [
        "1000", "1010", "3070", "3100", "3120", "3140", "3170", "3171", "3175", "3176", "3180", "3200", "3210", "3231",
        "3250", "3260", "3261", "0x80040400", "0x80040401", "0x80040402", "0x80040408", "0x80040416",
    ]

    /// A failure a person meets in the Web Connector's own window (its status column or a
    /// dialog), not on an item: what causes it and what to do.
    public struct WebConnectorFailure: Sendable, Equatable {
        /// As the Web Connector shows it: `QBWC1012`, or an HRESULT.
        public var code: String
        public var cause: String
        public var fix: String
    }

    /// The Web Connector's common failures (qbd-api.md section 8), as the README's table and the
    /// desk show them.
    public static let webConnectorFailures: [WebConnectorFailure] = [
        .init(
            code: "QBWC1012", cause: "the authenticate call failed before qbsync answered: a wrong AppURL, TLS trouble, or an error page instead of SOAP",
            fix: "Check that 'qbsync webconnector' (or 'qbsync load') is running and that the .qwc's AppURL opens from the Windows computer; behind TLS, check the certificate and the proxy's log."),
        .init(
            code: "QBWC1039", cause: "the application could not be added: this OwnerID and FileID are already registered, or the .qwc lacks an element",
            fix: "Remove the old qbsync entry from the Web Connector, write a new file with 'qbsync webconnector --qwc FILE --url URL', and add that."),
        .init(
            code: "QBWC1042", cause: "the Web Connector could not read qbsync's answer to receiveResponseXML as SOAP",
            fix: "Something between the two (a proxy page, a firewall) changed the answer: connect the Web Connector to qbsync directly or fix the proxy."),
        .init(
            code: "QBWC1048", cause: "Windows does not trust the web server's certificate",
            fix: "Install the certificate (or its private CA) in the Windows computer's trust store, with a host name matching the AppURL."),
        .init(
            code: "QBWC1051", cause: "the AppURL is plain http:// on a host that is not localhost",
            fix: "Use https:// with a host name (see the README's TLS section), or run qbsync on the Windows computer itself with http://localhost."),
        .init(
            code: "QBWC1000", cause: "AppSupport is not on the same domain as AppURL",
            fix: "Write the .qwc again with 'qbsync webconnector --qwc FILE --url URL': qbsync puts AppSupport on the AppURL's host."),
        .init(
            code: "0x80040408", cause: "the Web Connector could not start QuickBooks: it is closed, shows a dialog, has another company file open, or its authorization of qbsync changed",
            fix: "Open QuickBooks on the Windows computer with the clinic's company file and close any dialog; if it persists, re-authorize qbsync under Edit > Preferences > Integrated Applications. The run waits meanwhile: nothing is lost."),
    ]

    /// The entry for a Desktop `code`, or nil when it is not a Desktop code (the pipeline's own
    /// codes are shared by both editions).
    static func desktopEntry(code: String, ref: String) -> Entry? {
        let retry = "'qbsync retry \(ref)'"
        let manual = "'qbsync manual \(ref)'"
        let done = "'qbsync manual-done \(ref)'"
        let show = "'qbsync show \(ref)'"
        let exclude = "'qbsync exclude \(ref) --reason TEXT'"
        let nextUpdate = "Nothing to do: the next Web Connector update sends it again (or \(retry) now)."
        func qbd(_ title: String, _ meaning: String, _ resolution: String) -> Entry {
            Entry(title: title, kind: .quickBooks(meaning), resolution: resolution)
        }
        switch code.lowercased() {
        case "1000", "1010":
            return qbd("QuickBooks not available", "QuickBooks had an internal error or was not available", nextUpdate)
        case "3070":
            return qbd(
                "text too long", "a text is longer than QuickBooks Desktop allows",
                "Shorten the text in the OMS (or the name in the pipeline file's [items] or [tax]); if qbsync wrote it, report a bug with the output of \(show). Then \(retry).")
        case "3100":
            return qbd(
                "name already in use", "its name is already used by a vendor, employee or other name (customers, vendors, employees and other names are one list in QuickBooks Desktop); where the name was the item's own, qbsync adopted it and went on",
                "Rename the other name in QuickBooks (Lists > Vendor, Employee or Other Names List, inactive ones included) or \(ref) in the OMS, then \(retry): what depends on it goes with it.")
        case "3120":
            return qbd(
                "not found in QuickBooks", "the document it changes, voids or deletes is not in the company file",
                "Check the company file (\(show) names the document): if it was removed by hand, \(manual) and enter the change by hand, then \(done).")
        case "3140":
            return qbd(
                "invalid reference", "it refers to a customer, item, class, account or payment method QuickBooks lacks or holds inactive (qbsync checks the classes, items, payment methods and accounts it posted before each load, so a person changed it meanwhile or it is not qbsync's)",
                "Make the name QuickBooks names active again (or map another in the pipeline file's [accounts], [items] or [tax]), then \(retry).")
        case "3170", "3175", "3176":
            return qbd("record in use", "someone in QuickBooks has the record or its list open", "Close the record in QuickBooks. " + nextUpdate)
        case "3171":
            return qbd(
                "closed accounting period", "its date is on or before the company's closing date",
                "Move the closing date in QuickBooks (Edit > Preferences > Accounting > Company Preferences) and \(retry); or \(manual) to enter it by hand; or \(exclude).")
        case "3180":
            return qbd(
                "could not save", "QuickBooks could not save it",
                "If QuickBooks names a lock, the next update sends it again; otherwise correct what it names (a credit limit, for example), then \(retry), or \(manual).")
        case "3200":
            return qbd(
                "changed in QuickBooks meanwhile", "the record changed in QuickBooks since qbsync last read it (its EditSequence is out of date); qbsync re-read it and sent the whole change once more, and QuickBooks refused it again",
                "Someone may be editing it in QuickBooks now: close it there, then \(retry) (the run re-reads the record before changing it).")
        case "closed-period":
            return Entry(
                title: "closed accounting period", kind: .local,
                resolution: "It is on the manual entry list. Enter it by hand in an open period and \(done); or move the closing date in QuickBooks (Edit > Preferences > Accounting > Company Preferences > Set Date/Password) and \(retry); or \(exclude).")
        case "3210":
            return qbd(
                "amount does not fit", "a value QuickBooks refused, e.g. paying or crediting more than is still due",
                "Compare the document in QuickBooks with the OMS (\(show)): correct the OMS or the document in QuickBooks, then \(retry); or \(manual).")
        case "3231":
            return qbd("not processed", "an earlier request of the same message set failed, so QuickBooks did not run this one", nextUpdate)
        case "3250":
            return qbd(
                "feature turned off", "the company has a feature off that this needs (class tracking, for instance)",
                "Turn on what QuickBooks names in Edit > Preferences (class tracking: Accounting > Company Preferences > Use class tracking), then \(retry).")
        case "3260", "3261":
            return qbd(
                "permission too low", "the QuickBooks user qbsync connects as may not do this",
                "In QuickBooks, give qbsync's dedicated user Full Access (Company > Users) and allow its access to personal data under Edit > Preferences > Integrated Applications, then \(retry).")
        case "0x80040400":
            return qbd(
                "request did not parse", "QuickBooks could not read the request qbsync sent; nothing in it ran",
                "This is a qbsync bug: report it with the output of \(show); meanwhile \(manual) and enter it by hand.")
        case "0x80040401", "0x80040408", "0x80040416":
            return qbd(
                "QuickBooks not open", "QuickBooks was not running with the clinic's company file, or refused qbsync access; nothing ran",
                "Open QuickBooks on the Windows computer with the clinic's company file and close any dialog. The run waits meanwhile and goes on at the next update.")
        case "0x80040402":
            return qbd(
                "outcome unknown", "QuickBooks failed in the middle of the request",
                "Nothing to do: the next update asks QuickBooks what it kept before sending anything again. If it stays failed, \(show) and \(manual).")
        default:
            return nil
        }
    }
}
