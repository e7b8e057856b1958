import Testing

@testable import QBSyncCore

/// The leak check over the final bytes of a Desktop message set, as the load calls it just
/// before a set leaves: a patient's detail anywhere in it is found; QuickBooks's own ids are not
/// read as OMS data; a set that does not parse is refused.
struct DesktopLeakCheckTests {
    static let check = LeakCheck(
        records: [
            ExtractedRecord(
                ref: OMSRef("patient", 5), reason: .changed, op: "create",
                row: ["id": 5, "first_name": "Zoë", "last_name": "O'Brien", "home_phone": "(555) 123-4567", "city": "Springfield"])
        ], reference: [:])

    static func set(_ body: String) -> [UInt8] {
        Array(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <?qbxml version="13.0"?>
            <QBXML><QBXMLMsgsRq onError="stopOnError" newMessageSetID="r0001-3-007">
            <CustomerModRq requestID="b1 customer patient:5"><CustomerMod><ListID>80000001-1446673838</ListID><EditSequence>1446673838</EditSequence>\(body)</CustomerMod></CustomerModRq>
            </QBXMLMsgsRq></QBXML>
            """.utf8)
    }

    @Test func aPatientsDetailInTheFinalBytesIsFound() throws {
        #expect(try Self.check.scanMessageSet(Self.set("<Name>Patient K7QM-2XH4</Name>"), location: "set 7").isEmpty)
        let name = try Self.check.scanMessageSet(Self.set("<Name>Zoe O&apos;Brien</Name>"), location: "set 7")
        #expect(name.first?.source == "patient:5 first_name" || name.first?.source == "patient:5 last_name")
        #expect(name.first?.location.hasPrefix("set 7 b1/CustomerModRq/CustomerMod/Name") == true)
        let phone = try Self.check.scanMessageSet(Self.set("<Phone>555.123.4567</Phone>"), location: "set 7")
        #expect(phone.first?.source == "patient:5 home_phone")
    }

    @Test func aSetThatDoesNotParseIsRefused() {
        #expect(throws: QBXMLFileError.self) { try Self.check.scanMessageSet(Array("<QBXML><QBXMLMsgsRq>".utf8), location: "set 7") }
    }
}
