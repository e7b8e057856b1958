import Foundation
import QBSyncJSON
import Testing

@testable import QBSyncCore

/// The review built from hand-made plans: the warnings an accountant relies on, and the CSV and
/// HTML with the text that breaks naive writers.
struct ReviewBuilderTests {
    static let mapping = PipelineSettings.MappingSettings(
        incomeAccounts: ["hearing_aid": "Sales of Product Income", "service": "Services"], depositAccount: "Undeposited Funds",
        depositRules: [], writeOffItemName: "Write-off (OMS)", refundItemName: "Customer credit refund (OMS)",
        refundClearingAccount: "Customer Refunds Clearing (OMS)", refundFromAccount: "Checking", writeOffAccount: "Bad Debts", genericHearingAidName: "Hearing aid",
        genericOptionName: "Option", hearingAidsGeneric: true, optionsGeneric: true, itemType: "Service",
        taxItemName: "Sales tax (OMS)", taxAccount: "Sales Tax Payable (OMS)", taxAccountType: "Other Current Liability")

    static func invoice(_ sale: Int, customer: String, date: String, cents: Int, number: String? = nil) -> PlannedOperation {
        let line: JSONValue = [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(cents),
            "SalesItemLineDetail": ["ItemRef": ["value": "@item generic:hearing_aid"], "ClassRef": ["value": "@class location:1"]],
        ]
        return PlannedOperation(
            key: "invoice sale:\(sale) patient", ref: "sale:\(sale)", entity: "Invoice", operation: "create",
            body: [
                "CustomerRef": ["value": .string("@" + customer)], "TxnDate": .string(date), "DocNumber": .string(number ?? "S-\(sale)"),
                "Line": [line],
            ], wave: .documents, lookup: nil, expectedCents: cents)
    }

    static func customer(_ key: String, name: String) -> PlannedOperation {
        PlannedOperation(
            key: key, ref: String(key.dropFirst("customer ".count)), entity: "Customer", operation: "create",
            body: ["DisplayName": .string(name), "Active": true], wave: .names, lookup: nil)
    }

    static func review(_ operations: [PlannedOperation], configure: (inout ReviewInputs) -> Void = { _ in }) throws -> Review {
        let batches = operations.enumerated().map { index, operation in
            TransformPlan.Batch(file: "batches/\(index).json", wave: operation.wave, operations: [(bId: "b1", operation: operation)])
        }
        let plan = TransformPlan(run: "0001-20261121T020000Z", batches: batches, links: [], failures: [], unchanged: [], refs: [])
        var inputs = ReviewInputs(
            pipeline: "test", runDate: "2026-11-21", closingDate: "2026-09-30", redacted: true, mapping: mapping,
            objects: [
                "class location:1": QBOObject(key: "class location:1", ref: "location:1", qboType: "Class", qboID: "7", name: "Midtown"),
                "item generic:hearing_aid": QBOObject(
                    key: "item generic:hearing_aid", ref: "shared", qboType: "Item", qboID: "3", name: "Hearing aid"),
            ])
        configure(&inputs)
        return try ReviewBuilder.review(plan: plan, inputs: inputs)
    }

    func codes(_ review: Review, _ ref: String) -> Set<String> {
        Set(review.documents.filter { $0.ref == ref }.flatMap(\.warnings))
    }

    @Test func warnsOfDatesClosedOrFarFromTheRunZeroTotalsAndShortenedNumbers() throws {
        let review = try Self.review([
            Self.customer("customer patient:1", name: "Patient AAAA-BBBB"),
            Self.invoice(1, customer: "customer patient:1", date: "2026-09-15", cents: 10_000),
            Self.invoice(2, customer: "customer patient:1", date: "2026-12-24", cents: 12_000),
            Self.invoice(3, customer: "customer patient:1", date: "2026-11-20", cents: 0, number: "2026-00012345678~1"),
        ])
        #expect(codes(review, "sale:1") == ["closed-period"])
        #expect(codes(review, "sale:2") == ["far-from-run-date"])
        #expect(codes(review, "sale:3") == ["zero-or-negative", "fallback"])
        #expect(review.documents.allSatisfy { $0.customer == "Patient AAAA-BBBB" && $0.classes == ["Midtown"] })
        #expect(review.documents.allSatisfy { $0.accounts == ["Sales of Product Income"] })
        #expect(review.byKind == [ReviewTotal(name: "Invoice", kind: nil, count: 3, cents: 22_000)])
        #expect(!review.warnings.contains { $0.code == "unknown-reference" })
    }

    @Test func warnsOfPossibleDuplicatesInTheRunAndAlreadyInQuickBooks() throws {
        let posted = DocumentFingerprint(
            key: "invoice sale:9 patient", entity: "Invoice", customer: "customer patient:2", date: "2026-11-10", cents: 45_000,
            docNumber: "S-9", ref: "sale:9", run: "0000-20261110T020000Z")
        let review = try Self.review([
            Self.invoice(1, customer: "customer patient:1", date: "2026-11-12", cents: 5_000),
            Self.invoice(2, customer: "customer patient:1", date: "2026-11-12", cents: 5_000),
            Self.invoice(3, customer: "customer patient:2", date: "2026-11-10", cents: 45_000),
            Self.invoice(4, customer: "customer patient:2", date: "2026-11-10", cents: 45_001),
        ]) { inputs in
            for id in [1, 2] {
                inputs.objects["customer patient:\(id)"] = QBOObject(
                    key: "customer patient:\(id)", ref: "patient:\(id)", qboType: "Customer", qboID: "\(id)", name: "Patient \(id)")
            }
            inputs.postedMatching = { candidates in
                candidates.contains { $0.customer == posted.customer && $0.date == posted.date && $0.cents == posted.cents } ? [posted] : []
            }
        }
        #expect(codes(review, "sale:1") == ["duplicate-in-run"])
        #expect(codes(review, "sale:2") == ["duplicate-in-run"])
        #expect(codes(review, "sale:3") == ["duplicate-in-quickbooks"])
        #expect(codes(review, "sale:4").isEmpty)
        #expect(review.warnings.contains { $0.code == "duplicate-in-quickbooks" && $0.message.contains("S-9") })
    }

    @Test func warnsOfAPaymentLargerThanWhatItPays() throws {
        let payment = PlannedOperation(
            key: "payment payment:1", ref: "payment:1", entity: "Payment", operation: "create",
            body: [
                "CustomerRef": ["value": "@customer patient:1"], "TxnDate": "2026-11-20", "TotalAmt": .cents(15_000),
                "Line": [["Amount": .cents(12_000), "LinkedTxn": [["TxnId": "@invoice sale:1 patient", "TxnType": "Invoice"]]]],
            ], wave: .settlements, lookup: nil)
        let review = try Self.review([
            Self.customer("customer patient:1", name: "Patient AAAA-BBBB"),
            Self.invoice(1, customer: "customer patient:1", date: "2026-11-20", cents: 10_000), payment,
        ])
        let messages = review.warnings.filter { $0.code == "overpayment" }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.contains("applies 120.00 to documents that total 100.00") })
        #expect(messages.contains { $0.contains("30.00 is applied to no document") })
        #expect(review.byAccount.contains(ReviewTotal(name: "Undeposited Funds", kind: nil, count: 1, cents: 15_000)))
    }

    @Test func flagsOnlyAmountsFarAboveTheirPeers() throws {
        var operations = (1...12).map { Self.invoice($0, customer: "customer patient:1", date: "2026-11-20", cents: 400_000 + $0 * 10_000) }
        operations.append(Self.invoice(13, customer: "customer patient:1", date: "2026-11-19", cents: 6_000_000))
        let review = try Self.review([Self.customer("customer patient:1", name: "Patient AAAA-BBBB")] + operations)
        #expect(review.documents.filter { $0.warnings.contains("unusually-large") }.map(\.ref) == ["sale:13"])
    }

    @Test func theCSVRoundTripsQuotesCommasLineBreaksAndFormulas() throws {
        let names = ["Smith, \"Bob\" & Co", "Line one\nLine two", "Carriage\r\nreturn", "=HYPERLINK(\"http://x\")", "Café Ünïcode", "-5"]
        let operations = names.enumerated().flatMap { index, name in
            [
                Self.customer("customer payer:\(index)", name: name),
                Self.invoice(index, customer: "customer payer:\(index)", date: "2026-11-20", cents: 1_000 + index),
            ]
        }
        let review = try Self.review(operations)
        let rows = try CSVReader.records(ReviewCSV.render(review))
        #expect(rows.first == ReviewCSV.columns)
        #expect(rows.count == names.count + 1)
        #expect(rows.dropFirst().allSatisfy { $0.count == ReviewCSV.columns.count })
        let customer = ReviewCSV.columns.firstIndex(of: "customer")!
        let amount = ReviewCSV.columns.firstIndex(of: "amount")!
        let shown = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[amount], $0[customer]) })
        for (index, name) in names.enumerated() {
            let expected = "=-".contains(name.first!) ? "'" + name : name
            #expect(shown[Money.decimalString(cents: 1_000 + index)] == expected)
        }
    }

    @Test func theHTMLEscapesEveryText() throws {
        let review = try Self.review([
            Self.customer("customer payer:1", name: "<script>alert('x')</script> & \"Sons\""),
            Self.invoice(1, customer: "customer payer:1", date: "2026-11-20", cents: 1_000),
        ])
        let html = ReviewHTML.render(review)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Sons&quot;"))
    }
}

/// A first synchronization's review page stays readable: long lists stop with a count of the rest.
struct ReviewPageLimitTests {
    @Test func longListsStopAtTheirLimitAndSayHowManyMoreThereAre() throws {
        let documents = ReviewHTML.rowLimit + 25
        var operations = [ReviewBuilderTests.customer("customer patient:1", name: "Patient AAAA-BBBB")]
        // Dated weeks after the run: every document is flagged far-from-run-date.
        for sale in 1...documents {
            operations.append(ReviewBuilderTests.invoice(sale, customer: "customer patient:1", date: "2027-01-15", cents: 10_000 + sale))
        }
        let review = try ReviewBuilderTests.review(operations)
        #expect(review.documents.count == documents)
        let html = ReviewHTML.render(review)
        #expect(html.contains("<h2>Documents (\(documents))</h2>"))
        #expect(html.components(separatedBy: "<code>sale:").count - 1 == ReviewHTML.rowLimit)
        #expect(html.contains("and 25 more, not shown here: review.csv lists every document."))
        let far = review.warnings.filter { $0.code == "far-from-run-date" }.count
        #expect(far == documents)
        #expect(html.components(separatedBy: "is dated ").count - 1 == ReviewHTML.warningsPerCode)
        #expect(html.contains("and \(far - ReviewHTML.warningsPerCode) more like these"))
        // The CSV keeps every document.
        #expect(ReviewCSV.render(review).split(whereSeparator: \.isNewline).count == documents + 1)
    }
}
