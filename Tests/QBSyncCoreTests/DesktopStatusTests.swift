import Testing

@testable import QBSyncCore

/// QuickBooks Desktop's answers become the decisions of qbd-api.md's section 6: what committed,
/// what waits for the next update, what fails the item, what stops the run.
struct DesktopStatusTests {
    static let codes: [(Int, DesktopStatus)] = [
        (0, .ok), (1, .ok), (530, .processedWithWarning), (570, .processedWithWarning), (1000, .retryNextUpdate),
        (1010, .retryNextUpdate), (1030, .bug), (1060, .bug), (3150, .bug), (9101, .bug), (3000, .malformedField),
        (3070, .malformedField), (3100, .nameInUse), (3120, .targetMissing), (3140, .invalidReference), (3170, .retryNextUpdate),
        (3171, .closedPeriod), (3175, .retryNextUpdate), (3176, .retryNextUpdate), (3200, .staleEditSequence),
        (3210, .refused), (3231, .notProcessed), (3250, .companySetting), (3260, .companySetting), (3261, .companySetting),
        (3999, .refused),
    ]

    @Test(arguments: codes)
    func aStatusCodeBecomesTheSyncsDecision(_ code: Int, _ expected: DesktopStatus) {
        #expect(DesktopStatus(statusCode: code) == expected)
    }

    @Test func onlyOkAndWarningsCommitted() {
        #expect(DesktopStatus(statusCode: 0).committed)
        #expect(DesktopStatus(statusCode: 530).committed)
        #expect(!DesktopStatus(statusCode: 3231).committed)
        #expect(!DesktopStatus(statusCode: 3100).committed)
    }

    @Test(arguments: [
        ("The list has been modified by another user.", DesktopStatus.retryNextUpdate),
        ("The internals could not be locked.", .retryNextUpdate),
        ("The list element is in use.", .retryNextUpdate),
        ("The credit limit would be exceeded.", .refused),
    ])
    func couldNotSaveWaitsOnlyForALock(_ message: String, _ expected: DesktopStatus) {
        #expect(DesktopStatus(statusCode: 3180, message: message) == expected)
    }

    @Test func theRequestProcessorsFailuresSayWhetherAnythingRan() {
        #expect(DesktopProcessorFailure(hresult: "0x80040400") == .rejectedSet)
        #expect(DesktopProcessorFailure(hresult: "0X80040408") == .quickBooksUnavailable)
        #expect(DesktopProcessorFailure(hresult: "0x80040416") == .quickBooksUnavailable)
        #expect(DesktopProcessorFailure(hresult: "0x80040401") == .quickBooksUnavailable)
        #expect(DesktopProcessorFailure(hresult: "0x80040402") == .outcomeUnknown)
        #expect(!DesktopProcessorFailure(hresult: "0x80040402").nothingRan)
        #expect(DesktopProcessorFailure(hresult: "0x80040400").nothingRan)
    }
}
