import QBSyncJSON
import Testing
@testable import QBSyncCore

struct NamesAndLeaksTests {
    @Test func namesLoseColonsTabsAndNewlinesAndFitQuickBooksLimits() {
        #expect(EditionRules.online.nameCandidate("Blue Cross: Hearing\tPlan\n", attempt: 0) == "Blue Cross- Hearing Plan")
        #expect(EditionRules.online.nameCandidate(String(repeating: "x", count: 150), attempt: 1).count == 100)
        #expect(EditionRules.online.nameCandidate("Acme", attempt: 1) == "Acme (2)")
    }

    @Test func longDocumentNumbersGetATraceableShortForm() {
        let number = "2026-ABCDEFGHIJKLMNOP"  // 21 characters
        #expect(EditionRules.online.docNumberCandidate(number, attempt: 0) == number)
        let payer = EditionRules.online.docNumberCandidate(number + "-T3", attempt: 1)
        #expect(payer.count <= 21)
        #expect(payer.hasSuffix("~1"))
    }

    @Test func realDatesOnly() {
        #expect(RowReader.isRealDate("2024-02-29"))
        #expect(!RowReader.isRealDate("2026-02-30"))
        #expect(!RowReader.isRealDate("2026-13-01"))
        #expect(!RowReader.isRealDate("26-01-01"))
    }

    @Test func theLeakCheckFindsNamesPhonesAndNoteFragmentsButNotPayerValues() {
        let patient = ExtractedRecord(
            ref: OMSRef("patient", 5), reason: .changed, op: "create",
            row: [
                "id": 5, "first_name": "Zoë", "last_name": "O'Brien", "home_phone": "(555) 123-4567", "city": "Springfield",
                "notes": "Called about her left aid, daughter Mary drives her",
            ])
        let payer = ExtractedRecord(
            ref: OMSRef("payer", 2), reason: .changed, op: "create", row: ["id": 2, "name": "State Program", "city": "Springfield"])
        let check = LeakCheck(records: [patient, payer], reference: [:])
        #expect(check.scan(["DisplayName": "Patient K7QM-2XH4"], location: "x").isEmpty)
        #expect(check.scan(["BillAddr": ["City": "Springfield"]], location: "x").isEmpty)
        #expect(check.scan(["PrivateNote": "obrien"], location: "x").count == 1)
        #expect(check.scan(["Memo": "call 555.123.4567 today"], location: "x").first?.source == "patient:5 home_phone")
        #expect(check.scan(["Memo": "DAUGHTER MARY DRIVES"], location: "x").first?.source == "patient:5 notes")
        #expect(check.scan(["Name": "ZOE"], location: "x").count == 1)  // accents and case do not hide a name
        #expect(check.scan(["Name": "Zoë"], location: "b1 Customer").first?.location == "b1 Customer.Name")
    }

    @Test func placeholdersResolveOnlyInIdPositions() {
        let body: JSONValue = [
            "CustomerRef": ["value": "@customer patient:5"], "PrivateNote": "@customer patient:5",
            "Line": [["LinkedTxn": [["TxnId": "@invoice sale:1 patient", "TxnType": "Invoice"]]]],
        ]
        var seen: [String] = []
        Placeholder.visit(body) { seen.append($0) }
        #expect(Set(seen) == ["customer patient:5", "invoice sale:1 patient"])
        let resolved = Placeholder.map(body) { $0 == "customer patient:5" ? "88" : "12" }
        #expect(resolved["CustomerRef"]?["value"] == "88")
        #expect(resolved["PrivateNote"] == "@customer patient:5")
    }

    @Test func aDateInANoteDoesNotMakeEveryInvoiceOfThatDayALeak() {
        let patient = ExtractedRecord(
            ref: OMSRef("patient", 7), reason: .changed, op: "create",
            row: ["id": 7, "first_name": "Ines", "last_name": "Haddad", "notes": "fitting on 2026-03-12, bring Ines Haddad's old aids"])
        let check = LeakCheck(records: [patient], reference: [:])
        #expect(check.scan(["TxnDate": "2026-03-12"], location: "x").isEmpty)
        #expect(check.scan(["PrivateNote": "bring Ines Haddad"], location: "x").count == 1)
    }

    @Test func aSerialNumbersDigitsInsideADocumentNumberAreNotItsSerialNumber() {
        let sale = ExtractedRecord(
            ref: OMSRef("sale", 9), reason: .changed, op: "create",
            row: ["id": 9, "lines": [["id": 1, "serial_number": "26011474"]]])
        let check = LeakCheck(records: [sale], reference: [:])
        #expect(check.scan(["DocNumber": "S-2026-011474"], location: "x").isEmpty)
        #expect(check.scan(["PrivateNote": "serial 2601-1474"], location: "x").count == 1)
    }

    @Test func pseudonymCodesMixLettersAndDigitsInEachHalf() {
        for _ in 0..<200 {
            let code = Pseudonym.randomCode()
            for half in code.split(separator: "-") {
                #expect(half.count == 4 && half.contains(where: \.isNumber) && half.contains(where: \.isLetter), "\(code)")
            }
        }
    }

    @Test func pseudonymCodesDrawEveryCharacterOfTheirAlphabetAndNoOther() {
        var seen: [Character: Int] = [:]
        for _ in 0..<10_000 {
            for character in Pseudonym.randomCode() where character != "-" { seen[character, default: 0] += 1 }
        }
        #expect(Set(seen.keys) == Set(Pseudonym.alphabet))
        // Letters are drawn alike (digits more often: each half must hold one). A byte taken
        // modulo the 31 characters without drawing again would give the first eight letters an
        // eighth more than the others; the means of the two groups differ by under 1% of chance.
        let letters = Pseudonym.alphabet.filter(\.isLetter)
        let mean = { (group: ArraySlice<Character>) in Double(group.map { seen[$0] ?? 0 }.reduce(0, +)) / Double(group.count) }
        #expect(abs(mean(letters.prefix(8)) / mean(letters.dropFirst(8)) - 1) < 0.06, "\(seen)")
        #expect(Set((0..<1_000).map { _ in Pseudonym.randomCode() }).count == 1_000)
    }

    @Test func digitsAcrossADocumentNumbersCodeAreNotAPhoneNumber() {
        let sale = ExtractedRecord(
            ref: OMSRef("sale", 9), reason: .changed, op: "create", row: ["id": 9, "lines": [["id": 1, "serial_number": "2611W59R2"]]])
        let check = LeakCheck(records: [sale], reference: [:])
        #expect(check.scan(["DocNumber": "FOLSOM-LAKE-26-1159~2"], location: "x").isEmpty)
        #expect(check.scan(["DocNumber": "FOLSOM-LAKE-26-115924"], location: "x").isEmpty)
        #expect(check.scan(["PrivateNote": "aid 2611w59r2 returned"], location: "x").count == 1)
    }

    /// Found at a million changes: patient numbers reach five digits and equal someone's postal
    /// code, but a placeholder in an id position never leaves (the load puts an id there).
    @Test func aPlaceholderInAnIdPositionIsNotTakenForAPostalCode() {
        let patient = ExtractedRecord(
            ref: OMSRef("patient", 10), reason: .changed, op: "create",
            row: ["id": 10, "postal_code": "12345", "first_name": "Ines", "last_name": "Haddad"])
        let check = LeakCheck(records: [patient], reference: [:])
        #expect(check.scan(["CustomerRef": ["value": "@customer patient:12345"]], location: "x").isEmpty)
        #expect(check.scan(["Line": [["LinkedTxn": [["TxnId": "@invoice sale:12345 patient"]]]]], location: "x").isEmpty)
        #expect(check.scan(["CustomerRef": ["value": "@customer Ines Haddad"]], location: "x").isEmpty)
        #expect(check.scan(["PrivateNote": "@customer Ines Haddad"], location: "x").count == 1)
        #expect(check.scan(["CustomerRef": ["value": "12345"]], location: "x").count == 1)
    }

    /// Also found at a million changes: the invoice's note names its OMS record (`qbsync
    /// sale:95608`), and a five-digit record number is some patient's postal code.
    @Test func aShortNumberIsAPostalCodeOnlyWhereItStandsAsANumber() {
        let patient = ExtractedRecord(
            ref: OMSRef("patient", 9), reason: .changed, op: "create", row: ["id": 9, "postal_code": "95608", "chart_number": "4521"])
        let check = LeakCheck(records: [patient], reference: [:])
        #expect(check.scan(["PrivateNote": "qbsync sale:95608"], location: "x").isEmpty)
        #expect(check.scan(["DocNumber": "S-4521"], location: "x").isEmpty)
        #expect(check.scan(["BillAddr": ["PostalCode": "95608-1234"]], location: "x").first?.source == "patient:9 postal_code")
        #expect(check.scan(["Memo": "4521"], location: "x").first?.source == "patient:9 chart_number")
    }
}
