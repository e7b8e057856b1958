import QBSyncJSON
import Testing
@testable import QBSyncCore

/// Patients and payers in, customer changes out.
struct CustomerMapperTests {
    let patientRow: JSONValue = [
        "id": 5, "status": "active", "first_name": "Mary", "middle_name": "Ann", "last_name": "O'Neil", "home_phone": "555-0100",
        "email": "mary@example.com", "address1": "1 Elm St", "city": "Springfield", "region": "IL", "postal_code": "62701", "country": "US",
    ]

    @Test func aRedactedPatientIsItsClaimedPseudonymAndNothingElse() throws {
        var fixture = try MapperFixture()
        let record = MapperFixture.record(.patient, 5, patientRow)
        #expect(Transformer.claimRequests(record, reference: fixture.reference) == [.pseudonymousName(key: .patient(5), patientID: 5)])
        fixture.claims.names[.patient(5)] = "Patient K7QM-2XH4"
        let (changes, needs) = try fixture.map(record)
        #expect(
            changes == [
                PlannedChange(
                    key: .patient(5), ref: "patient:5", operation: .create, change: .customer(CustomerChange(displayName: "Patient K7QM-2XH4")),
                    wave: .names, identifiedBy: "Patient K7QM-2XH4")
            ])
        #expect(needs.isEmpty)
    }

    @Test func aPatientByNameCarriesTheirDetailsAndAnInactiveOneIsMadeInactiveLast() throws {
        var fixture = try MapperFixture(redacted: false)
        var row = patientRow
        row["status"] = "deceased"
        let record = MapperFixture.record(.patient, 5, row)
        #expect(
            Transformer.claimRequests(record, reference: fixture.reference) == [
                .name(namespace: .customer, key: .patient(5), source: "Mary Ann O'Neil")
            ])
        fixture.claims.names[.patient(5)] = "Mary Ann O'Neil (2)"
        var customer = CustomerChange(displayName: "Mary Ann O'Neil (2)")
        (customer.givenName, customer.middleName, customer.familyName) = ("Mary", "Ann", "O'Neil")
        (customer.phone, customer.email) = ("555-0100", "mary@example.com")
        customer.address = PostalAddress(line1: "1 Elm St", city: "Springfield", region: "IL", postalCode: "62701", country: "US")
        let (changes, _) = try fixture.map(record)
        #expect(
            changes == [
                PlannedChange(
                    key: .patient(5), ref: "patient:5", operation: .create, change: .customer(customer), wave: .names,
                    identifiedBy: "Mary Ann O'Neil (2)"),
                PlannedChange(key: .patient(5), ref: "patient:5", operation: .deactivate, change: .activeFlag(false), wave: .deactivations),
            ])
    }

    @Test func aCustomerQuickBooksHoldsInactiveAndUnchangedIsOnlyMadeActiveAgain() throws {
        var fixture = try MapperFixture()
        fixture.claims.names[.patient(5)] = "Patient K7QM-2XH4"
        let record = MapperFixture.record(.patient, 5, patientRow)
        let posted = try fixture.map(record).changes[0]
        fixture.holdings = Holdings([MapperFixture.held(posted, active: false)])
        #expect(
            try fixture.map(record).changes == [
                PlannedChange(key: .patient(5), ref: "patient:5", operation: .deactivate, change: .activeFlag(true), wave: .names)
            ])
    }

    @Test func aPayerIsACompanyWithItsOwnAddressLine() throws {
        var fixture = try MapperFixture()
        let record = MapperFixture.record(
            .payer, 3, ["id": 3, "name": "Blue Cross: Hearing", "active": 1, "address1": "PO Box 9", "address2": "ignored", "phone": "555-0199"])
        #expect(
            Transformer.claimRequests(record, reference: fixture.reference) == [
                .name(namespace: .customer, key: .payer(3), source: "Blue Cross: Hearing")
            ])
        fixture.claims.names[.payer(3)] = "Blue Cross- Hearing"
        var customer = CustomerChange(displayName: "Blue Cross- Hearing")
        customer.companyName = "Blue Cross: Hearing"
        customer.phone = "555-0199"
        customer.address = PostalAddress(line1: "PO Box 9")
        let (changes, _) = try fixture.map(record)
        #expect(
            changes == [
                PlannedChange(
                    key: .payer(3), ref: "payer:3", operation: .create, change: .customer(customer), wave: .names,
                    identifiedBy: "Blue Cross- Hearing")
            ])
    }

    @Test func aPatientWithAnUnknownStatusFailsAndAsksForNothing() throws {
        let fixture = try MapperFixture()
        var row = patientRow
        row["status"] = "moved"
        let record = MapperFixture.record(.patient, 5, row)
        #expect(Transformer.claimRequests(record, reference: fixture.reference).isEmpty)
        #expect(throws: RecordFailure.self) { try fixture.map(record) }
    }
}
