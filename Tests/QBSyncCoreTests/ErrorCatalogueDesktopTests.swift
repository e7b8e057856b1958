import Testing

@testable import QBSyncCore

/// A Desktop pipeline's failures read in QuickBooks Desktop's terms: its codes overlap Online's
/// numbers with other meanings, and each says what to do.
struct ErrorCatalogueDesktopTests {
    static let cases: [(code: String, title: String, fix: [String])] = [
        ("1000", "QuickBooks not available", ["next Web Connector update"]),
        ("3070", "text too long", ["Shorten the text", "'qbsync retry sale:7'"]),
        ("3100", "name already in use", ["Other Names List", "'qbsync retry sale:7'"]),
        ("3120", "not found in QuickBooks", ["'qbsync manual sale:7'", "'qbsync manual-done sale:7'"]),
        ("3140", "invalid reference", ["active again", "'qbsync retry sale:7'"]),
        ("3171", "closed accounting period", ["closing date", "'qbsync manual sale:7'", "'qbsync exclude sale:7"]),
        ("3175", "record in use", ["Close the record", "next Web Connector update"]),
        ("3176", "record in use", ["next Web Connector update"]),
        ("3180", "could not save", ["lock", "'qbsync retry sale:7'"]),
        ("3200", "changed in QuickBooks meanwhile", ["re-reads", "'qbsync retry sale:7'"]),
        ("3210", "amount does not fit", ["'qbsync show sale:7'", "'qbsync retry sale:7'"]),
        ("3231", "not processed", ["next Web Connector update"]),
        ("3250", "feature turned off", ["class tracking", "'qbsync retry sale:7'"]),
        ("3260", "permission too low", ["Full Access", "'qbsync retry sale:7'"]),
        ("0x80040400", "request did not parse", ["qbsync bug", "'qbsync manual sale:7'"]),
        ("0x80040408", "QuickBooks not open", ["Open QuickBooks", "waits"]),
        ("0x80040402", "outcome unknown", ["asks QuickBooks what it kept"]),
    ]

    @Test(arguments: cases.map(\.code))
    func aDesktopCodeSaysWhatHappenedAndWhatToDo(_ code: String) throws {
        let entry = try #require(Self.cases.first { $0.code == code })
        let advice = ErrorCatalogue.advice(
            code: code, message: "QuickBooks's message", detail: nil, ref: "sale:7", entity: "Invoice", edition: .desktop)
        #expect(advice.title == entry.title)
        #expect(advice.reason.hasPrefix("sale:7: QuickBooks refused the invoice: "))
        #expect(advice.reason.contains("(code \(code))"))
        for words in entry.fix { #expect(advice.resolution.contains(words), "\(code): \(advice.resolution)") }
        #expect(ErrorCatalogue.isKnown(code, edition: .desktop))
    }

    @Test func everyListedDesktopCodeHasAnEntryAndTheTableCoversThem() {
        for code in ErrorCatalogue.desktopCodes { #expect(ErrorCatalogue.isKnown(code, edition: .desktop), "\(code)") }
        #expect(Set(Self.cases.map(\.code)).isSubset(of: Set(ErrorCatalogue.desktopCodes)))
    }

    @Test func theSameNumberMeansAnotherThingOnEachEdition() {
        let online = ErrorCatalogue.advice(code: "3100", message: nil, detail: nil, ref: "patient:4", entity: "Customer")
        let desktop = ErrorCatalogue.advice(
            code: "3100", message: nil, detail: nil, ref: "patient:4", entity: "Customer", edition: .desktop)
        #expect(online.title == "app not authorized")
        #expect(desktop.title == "name already in use")
    }

    @Test func thePipelinesOwnCodesReadTheSameOnDesktop() {
        let advice = ErrorCatalogue.advice(
            code: "oms-no-lines", message: "sale:7 has no lines: QuickBooks needs at least one.", detail: nil, ref: "sale:7",
            entity: "Invoice", edition: .desktop)
        #expect(advice.title == "no lines")
        #expect(advice.resolution.contains("'qbsync retry sale:7'"))
    }

    @Test func everyWebConnectorFailureNamesAFix() {
        let codes = ErrorCatalogue.webConnectorFailures.map(\.code)
        for code in ["QBWC1012", "QBWC1039", "QBWC1042", "QBWC1048", "QBWC1051", "0x80040408"] { #expect(codes.contains(code)) }
        for failure in ErrorCatalogue.webConnectorFailures {
            #expect(!failure.cause.isEmpty && failure.fix.count > 20, "\(failure.code)")
        }
    }
}
