import Testing

@testable import QBSyncCore

/// Every code the pipeline can meet reads as a plain reason and a next step a person can take:
/// the command to run or the pipeline setting to change, for the item at hand.
struct ErrorCatalogueTests {
    /// A QuickBooks fault code, and words its next step must hold.
    struct QuickBooksCase: CustomTestStringConvertible, Sendable {
        var code: String
        var title: String
        var fix: [String]
        var testDescription: String { code }
    }

    static let quickBooksCases: [QuickBooksCase] = [
        .init(code: "610", title: "inactive or deleted reference", fix: ["Reactivate or restore", "'qbsync retry sale:7'", "'qbsync manual sale:7'"]),
        .init(code: "620", title: "cannot link", fix: ["not void", "'qbsync retry sale:7'"]),
        .init(code: "630", title: "duplicate object", fix: ["'qbsync manual sale:7'", "'qbsync manual-done sale:7'"]),
        .init(code: "1040", title: "batch too large", fix: ["batch_size", "[quickbooks]", "'qbsync retry sale:7'"]),
        .init(code: "2010", title: "unsupported field", fix: ["qbsync bug", "'qbsync show sale:7'", "'qbsync manual sale:7'"]),
        .init(code: "2020", title: "required field missing", fix: ["[accounts]", "'qbsync retry sale:7'"]),
        .init(code: "2050", title: "text too long", fix: ["Shorten the text in the OMS", "'qbsync retry sale:7'"]),
        .init(code: "2500", title: "invalid reference", fix: ["pipeline file ([accounts]", "reactivate", "'qbsync retry sale:7'"]),
        .init(code: "3001", title: "throttled", fix: ["Wait a minute", "'qbsync retry sale:7'"]),
        .init(code: "3100", title: "app not authorized", fix: ["'qbsync connect'", "'qbsync retry sale:7'"]),
        .init(code: "120", title: "app not authorized", fix: ["'qbsync connect'"]),
        .init(code: "3200", title: "login expired", fix: ["'qbsync connect'", "'qbsync retry sale:7'"]),
        .init(code: "4000", title: "request qbsync should not send", fix: ["qbsync bug", "'qbsync show sale:7'"]),
        .init(code: "5010", title: "changed in QuickBooks meanwhile", fix: ["'qbsync retry sale:7'", "re-reads"]),
        .init(code: "6000", title: "business rule", fix: ["'qbsync retry sale:7'", "'qbsync manual sale:7'"]),
        .init(code: "6070", title: "amount is not quantity x price", fix: ["rounding bug", "'qbsync manual sale:7'"]),
        .init(code: "6140", title: "duplicate document number", fix: ["renumber", "'qbsync manual sale:7'", "'qbsync retry sale:7'"]),
        .init(code: "6190", title: "subscription problem", fix: ["subscription", "'qbsync retry sale:7'"]),
        .init(code: "6200", title: "closed accounting period", fix: ["closing date", "'qbsync retry sale:7'", "'qbsync manual sale:7'"]),
        .init(code: "6210", title: "closed accounting period", fix: ["closing date", "'qbsync manual sale:7'", "'qbsync exclude sale:7"]),
        .init(code: "6240", title: "duplicate name", fix: ["Rename the other customer", "'qbsync retry sale:7'"]),
        .init(code: "6540", title: "deposited transaction", fix: ["'qbsync manual sale:7'", "'qbsync manual-done sale:7'"]),
    ]

    @Test(arguments: quickBooksCases)
    func aQuickBooksFaultSaysWhatHappenedAndWhatToDo(_ entry: QuickBooksCase) {
        let advice = ErrorCatalogue.advice(
            code: entry.code, message: "QuickBooks's message", detail: "QuickBooks's detail", ref: "sale:7", entity: "Invoice")
        #expect(advice.title == entry.title)
        #expect(advice.reason.hasPrefix("sale:7: QuickBooks refused the invoice: "))
        #expect(advice.reason.contains("(code \(entry.code))"))
        #expect(advice.reason.contains("QuickBooks's message: QuickBooks's detail"), "keeps QuickBooks's own words")
        for words in entry.fix { #expect(advice.resolution.contains(words), "\(entry.code): \(advice.resolution)") }
        #expect(advice.message == advice.reason + " " + advice.resolution)
    }

    @Test func everyCodeOfTheQuickBooksFactsHasAnEntry() {
        for code in ["610", "620", "630", "1040", "2020", "2050", "2500", "3100", "120", "3200", "3001", "5010", "6000", "6070",
            "6140", "6190", "6200", "6210", "6240", "6540"]
        {
            #expect(ErrorCatalogue.isKnown(code), "\(code) has no entry")
        }
        #expect(Set(Self.quickBooksCases.map(\.code)).isSubset(of: Set(ErrorCatalogue.quickBooksCodes)))
        #expect(!ErrorCatalogue.isKnown("9999"))
    }

    /// A local failure code, the message the pipeline gives, and words the next step must hold.
    struct LocalCase: CustomTestStringConvertible, Sendable {
        var code: String
        var message: String
        var fix: [String]
        var testDescription: String { code }
    }

    static let localCases: [LocalCase] = [
        .init(
            code: "oms-invalid", message: "sale:7: the OMS column sale_date is not a real date (YYYY-MM-DD).",
            fix: ["Correct the record in the OMS", "'qbsync retry sale:7'", "'qbsync exclude sale:7 --reason TEXT'"]),
        .init(code: "oms-missing", message: "the OMS no longer has sale:7: nothing to post", fix: ["'qbsync exclude sale:7", "'qbsync manual sale:7'"]),
        .init(code: "oms-allocation", message: "sale:7: line 1 bills third parties 10.00 but the line totals only 5.00.", fix: ["allocations in the OMS", "'qbsync retry sale:7'"]),
        .init(code: "oms-no-lines", message: "sale:7 has no lines: QuickBooks needs at least one.", fix: ["Add the sale's lines", "'qbsync retry sale:7'"]),
        .init(code: "deposited", message: "payment:7 was changed in the OMS after it was deposited.", fix: ["'qbsync manual-done sale:7'"]),
        .init(code: "posted-change", message: "return:7 was voided in the OMS after its credit memo was posted.", fix: ["'qbsync manual-done sale:7'"]),
        .init(code: "oms-payer", message: "payment:7 names both a patient and a payer.", fix: ["exactly one patient or one payer", "'qbsync retry sale:7'"]),
        .init(code: "oms-application", message: "payment:7 is applied to sale:9, which is billed to another customer.", fix: ["applications in the OMS", "'qbsync retry sale:7'"]),
        .init(code: "unsupported", message: "sale:7: qbsync does not know this kind of record", fix: ["'qbsync manual sale:7'", "exclude"]),
        .init(code: "amount-mismatch", message: "sale:7: QuickBooks totals the invoice 10.00 but the OMS says 10.01.", fix: ["'qbsync show sale:7'", "'qbsync manual sale:7'"]),
        .init(code: "no-answer", message: "QuickBooks answered without this operation (HTTP 200)", fix: ["'qbsync retry sale:7'", "intuit_tid"]),
        .init(code: "no-id", message: "QuickBooks's answer has no Id", fix: ["'qbsync retry sale:7'"]),
        .init(code: "http-400", message: "Request has invalid or unsupported property", fix: ["'qbsync retry sale:7'", "intuit_tid"]),
        .init(
            code: "dependency-failed", message: "sale:7 needs payer:3 in QuickBooks first, and it is not there: payer:3: duplicate name",
            fix: ["Fix payer:3 first", "'qbsync show payer:3'", "'qbsync retry sale:7'"]),
        .init(
            code: "dependency-failed",
            message: "sale:7: the account \"Services\" is not in QuickBooks (or is inactive). Create or reactivate it there.",
            fix: ["Reactivate (or create) the account \"Services\"", "[accounts]", "'qbsync retry sale:7'"]),
    ]

    @Test(arguments: localCases)
    func aPipelineFailureKeepsItsMessageAndGainsANextStep(_ entry: LocalCase) {
        let item = ItemRecord(ref: "sale:7", state: .failed, runID: "0001", code: entry.code, message: entry.message, updatedAt: "t")
        let advice = ErrorCatalogue.advice(for: item)
        #expect(advice.reason == entry.message)
        #expect(advice.title != "code \(entry.code)", "\(entry.code) has no entry of its own")
        for words in entry.fix { #expect(advice.resolution.contains(words), "\(entry.code): \(advice.resolution)") }
    }

    @Test func whatTheReconcileStoresSplitsBackIntoReasonAndFix() {
        for code in ErrorCatalogue.quickBooksCodes {
            let stored = ErrorCatalogue.explain(code: code, message: "Message", detail: "Detail", ref: "payer:3", entity: "Customer")
            let item = ItemRecord(ref: "payer:3", state: .failed, runID: "0001", code: code, message: stored, updatedAt: "t")
            let fresh = ErrorCatalogue.advice(code: code, message: "Message", detail: "Detail", ref: "payer:3", entity: "Customer")
            #expect(ErrorCatalogue.advice(for: item) == fresh, "\(code)")
        }
    }

    @Test func anUnknownCodeFallsBackToQuickBooksOwnMessageAndDetail() {
        let advice = ErrorCatalogue.advice(
            code: "7777", message: "Something new", detail: "Field X is odd", ref: "sale:7", entity: "Invoice")
        #expect(advice.reason == "sale:7: QuickBooks refused the invoice (code 7777): Something new: Field X is odd.")
        #expect(advice.resolution.contains("'qbsync retry sale:7'"))
        #expect(advice.resolution.contains("'qbsync show sale:7'"))
        let silent = ErrorCatalogue.advice(code: nil, message: nil, detail: nil, ref: "sale:7", entity: "Invoice")
        #expect(silent.reason == "sale:7: QuickBooks refused the invoice without saying why.")
        #expect(silent.resolution.contains("'qbsync manual sale:7'"))
    }

    @Test func aStoredMessageLosesTheNextStepTheResolutionSaysAgain() {
        let item = ItemRecord(
            ref: "sale:8", state: .failed, runID: "0001", code: "oms-invalid",
            message: "sale:8: the OMS column sale_date is not a real date (YYYY-MM-DD). Correct the record in the OMS, then 'qbsync retry sale:8'.",
            updatedAt: "t")
        let advice = ErrorCatalogue.advice(for: item)
        #expect(advice.reason == "sale:8: the OMS column sale_date is not a real date (YYYY-MM-DD).")
        #expect(advice.resolution.hasPrefix("Correct the record in the OMS, then 'qbsync retry sale:8'"))
        let only = "payment:1: posting payments is not built yet; 'qbsync retry payment:1' takes it again once it is."
        #expect(ErrorCatalogue.withoutNextStep(only) == only, "a message that is only the next step stays")
        #expect(ErrorCatalogue.withoutNextStep("Lines 3.50 and 4. Then 'qbsync retry x:1'.") == "Lines 3.50 and 4.")
    }

    @Test func aLocalMessageThatNamesItsCommandIsStoredAsItIs() {
        let message = "item:4: the account \"Services\" is not in QuickBooks (or is inactive). Create or reactivate it there; then 'qbsync retry item:4'."
        #expect(ErrorCatalogue.explain(code: "dependency-failed", message: message, detail: nil, ref: "item:4", entity: "Item") == message)
    }
}
