import Testing

@testable import QBSyncXML

struct XMLTreeTests {
    @Test func aQBXMLRequestIsReadWithItsInstructionAttributesInOrderChildrenAndText() throws {
        let text = """
            <?xml version="1.0" encoding="utf-8"?>
            <?qbxml version="13.0"?>
            <QBXML>
              <QBXMLMsgsRq onError="stopOnError" newMessageSetID="r1-7">
                <InvoiceAddRq requestID="op-3">
                  <InvoiceAdd defMacro="TxnID:wo30">
                    <CustomerRef><FullName>Smith &amp; Sons</FullName></CustomerRef>
                    <Memo><![CDATA[a < b]]></Memo>
                  </InvoiceAdd>
                </InvoiceAddRq>
              </QBXMLMsgsRq>
            </QBXML>
            """
        let document = try XMLTreeReader.read(text)
        #expect(document.instructionValue("qbxml", "version") == "13.0")
        let set = try #require(document.root.child("QBXMLMsgsRq"))
        #expect(set.attributes.map(\.name) == ["onError", "newMessageSetID"])
        #expect(set.attribute("newMessageSetID") == "r1-7")
        let add = try #require(set.child("InvoiceAddRq")?.child("InvoiceAdd"))
        #expect(add.text(at: ["CustomerRef", "FullName"]) == "Smith & Sons")
        #expect(add.text(of: "Memo") == "a < b")
        #expect(add.text == "")
        #expect(add.line == 6)
    }

    @Test func attributesKeepTheirWrittenOrderWhateverTheNames() throws {
        let document = try XMLTreeReader.read(#"<a z="1" m='2' b="x>y" a="4"><b c="5"/></a>"#)
        #expect(document.root.attributes.map(\.name) == ["z", "m", "b", "a"])
        #expect(document.root.attribute("b") == "x>y")
        #expect(document.root.children.first?.attributes == [.init("c", "5")])
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let reason: String
        var testDescription: String { reason }
    }

    static let broken: [Broken] = [
        Broken(text: "<a>\n<b>Jane Doe</c>\n</a>", line: 2, reason: "an end tag does not match"),
        Broken(text: "<a>\n  <b>Jane & Doe</b>\n</a>", line: 2, reason: "an '&' that does not start"),
        Broken(text: "<a>\n<b>Jane</b>", line: 2, reason: "the document ends"),
        Broken(text: "<!DOCTYPE a [<!ENTITY x \"Jane\">]>\n<a>&x;</a>", line: 1, reason: "document type declaration"),
        Broken(text: "<a>\n<b>1</b>Jane Doe<c/>\n</a>", line: 2, reason: "text between the child elements"),
        Broken(text: "<a>Jane</a>\n<b>Doe</b>", line: 2, reason: "content after the end"),
        Broken(text: "<a>\n<b x='Jane' x='Doe'/></a>", line: 2, reason: "an attribute given twice"),
    ]

    @Test(arguments: broken)
    func brokenXMLSaysWhereAndNeverWhat(_ case: Broken) throws {
        let error = try #require(throws: XMLSyntaxError.self) { try XMLTreeReader.read(`case`.text) }
        #expect(error.line == `case`.line)
        #expect(error.column > 0)
        #expect(error.reason.contains(`case`.reason), "\(error)")
        #expect(!error.description.contains("Jane"))
    }

    @Test func theWriterEscapesTheFiveCharactersAndDropsIllegalOnes() {
        let element = XMLTreeElement(
            "Memo", attributes: [.init("note", "\"quoted\" & 'single'")], text: "a<b>c & d\u{1}\u{FFFE}\té")
        #expect(
            XMLTreeWriter.write(element)
                == "<Memo note=\"&quot;quoted&quot; &amp; &apos;single&apos;\">a&lt;b&gt;c &amp; d\té</Memo>")
    }

    @Test func aWrittenDocumentStartsWithTheDeclarationAndItsInstructionsAndReadsBackTheSame() throws {
        let root = XMLTreeElement(
            "QBXML",
            children: [
                XMLTreeElement(
                    "QBXMLMsgsRq", attributes: [.init("onError", "continueOnError")],
                    children: [
                        XMLTreeElement(
                            "CustomerAddRq", attributes: [.init("requestID", "1")],
                            children: [
                                XMLTreeElement(
                                    "CustomerAdd", children: [.leaf("Name", "O'Brien <&> \"Co\""), .leaf("IsActive", "true")]),
                                XMLTreeElement("IncludeRetElement"),
                            ])
                    ])
            ])
        let document = XMLTreeDocument(processingInstructions: [.init("qbxml", "version=\"13.0\"")], root: root)
        for indent in [0, 2] {
            let text = XMLTreeWriter.write(document, indent: indent)
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?qbxml version=\"13.0\"?>\n<QBXML>"))
            #expect(text.contains("<IncludeRetElement/>"))
            let read = try XMLTreeReader.read(text)
            #expect(read == document)
        }
    }
}
