import QBSyncXML

/// The QBWebConnectorSvc WSDL the service answers `GET /qbwc?wsdl` with: document/literal,
/// wrapped, in the developer.intuit.com namespace, with Intuit's exact parameter and result
/// names. The Web Connector itself never asks for it; SOAP tools and people checking a proxy do.
enum WebConnectorWSDL {
    /// One method: its parameters (name, XML Schema type) and its result's type.
    struct Method {
        let name: String
        let parameters: [(String, String)]
        let result: String
    }

    /// Every method of the Web Connector's WSDL (Programmer's Guide, pp. 61-80).
    static let methods: [Method] = [
        Method(name: "serverVersion", parameters: [("strVersion", "s:string")], result: "s:string"),
        Method(name: "clientVersion", parameters: [("strVersion", "s:string")], result: "s:string"),
        Method(name: "authenticate", parameters: [("strUserName", "s:string"), ("strPassword", "s:string")], result: "tns:ArrayOfString"),
        Method(
            name: "sendRequestXML",
            parameters: [
                ("ticket", "s:string"), ("strHCPResponse", "s:string"), ("strCompanyFileName", "s:string"), ("qbXMLCountry", "s:string"),
                ("qbXMLMajorVers", "s:int"), ("qbXMLMinorVers", "s:int"),
            ], result: "s:string"),
        Method(
            name: "receiveResponseXML",
            parameters: [("ticket", "s:string"), ("response", "s:string"), ("hresult", "s:string"), ("message", "s:string")], result: "s:int"),
        Method(name: "connectionError", parameters: [("ticket", "s:string"), ("hresult", "s:string"), ("message", "s:string")], result: "s:string"),
        Method(name: "getLastError", parameters: [("ticket", "s:string")], result: "s:string"),
        Method(name: "closeConnection", parameters: [("ticket", "s:string")], result: "s:string"),
        Method(name: "getInteractiveURL", parameters: [("wcTicket", "s:string"), ("sessionID", "s:string")], result: "s:string"),
        Method(name: "interactiveRejected", parameters: [("wcTicket", "s:string"), ("reason", "s:string")], result: "s:string"),
        Method(name: "interactiveDone", parameters: [("wcTicket", "s:string")], result: "s:string"),
    ]

    /// The WSDL with `location` as the service's address.
    static func document(location: String) -> String {
        let namespace = SOAPCall.namespace
        var schema: [XMLTreeElement] = []
        var messages: [XMLTreeElement] = []
        var operations: [XMLTreeElement] = []
        var bindings: [XMLTreeElement] = [XMLTreeElement("soap:binding", attributes: [.init("transport", "http://schemas.xmlsoap.org/soap/http")])]
        for method in methods {
            let ints = ["s:int"]
            schema.append(wrapper(method.name, method.parameters.map { ($0.0, $0.1, !ints.contains($0.1)) }))
            schema.append(wrapper(method.name + "Response", [(method.name + "Result", method.result, method.result != "s:int")]))
            for (suffix, element) in [("SoapIn", method.name), ("SoapOut", method.name + "Response")] {
                messages.append(
                    XMLTreeElement(
                        "wsdl:message", attributes: [.init("name", method.name + suffix)],
                        children: [XMLTreeElement("wsdl:part", attributes: [.init("name", "parameters"), .init("element", "tns:" + element)])]))
            }
            operations.append(
                XMLTreeElement(
                    "wsdl:operation", attributes: [.init("name", method.name)],
                    children: [
                        XMLTreeElement("wsdl:input", attributes: [.init("message", "tns:\(method.name)SoapIn")]),
                        XMLTreeElement("wsdl:output", attributes: [.init("message", "tns:\(method.name)SoapOut")]),
                    ]))
            let literal = XMLTreeElement("soap:body", attributes: [.init("use", "literal")])
            bindings.append(
                XMLTreeElement(
                    "wsdl:operation", attributes: [.init("name", method.name)],
                    children: [
                        XMLTreeElement("soap:operation", attributes: [.init("soapAction", namespace + method.name), .init("style", "document")]),
                        XMLTreeElement("wsdl:input", children: [literal]), XMLTreeElement("wsdl:output", children: [literal]),
                    ]))
        }
        schema.append(
            XMLTreeElement(
                "s:complexType", attributes: [.init("name", "ArrayOfString")],
                children: [
                    XMLTreeElement(
                        "s:sequence",
                        children: [
                            XMLTreeElement(
                                "s:element",
                                attributes: [.init("minOccurs", "0"), .init("maxOccurs", "unbounded"), .init("name", "string"), .init("nillable", "true"), .init("type", "s:string")])
                        ])
                ]))
        let definitions = XMLTreeElement(
            "wsdl:definitions",
            attributes: [
                .init("xmlns:soap", "http://schemas.xmlsoap.org/wsdl/soap/"), .init("xmlns:s", "http://www.w3.org/2001/XMLSchema"),
                .init("xmlns:tns", namespace), .init("xmlns:wsdl", "http://schemas.xmlsoap.org/wsdl/"), .init("targetNamespace", namespace),
            ],
            children: [
                XMLTreeElement(
                    "wsdl:types",
                    children: [
                        XMLTreeElement(
                            "s:schema", attributes: [.init("elementFormDefault", "qualified"), .init("targetNamespace", namespace)], children: schema)
                    ])
            ] + messages + [
                XMLTreeElement("wsdl:portType", attributes: [.init("name", "QBWebConnectorSvcSoap")], children: operations),
                XMLTreeElement(
                    "wsdl:binding", attributes: [.init("name", "QBWebConnectorSvcSoap"), .init("type", "tns:QBWebConnectorSvcSoap")], children: bindings),
                XMLTreeElement(
                    "wsdl:service", attributes: [.init("name", "QBWebConnectorSvc")],
                    children: [
                        XMLTreeElement(
                            "wsdl:port", attributes: [.init("name", "QBWebConnectorSvcSoap"), .init("binding", "tns:QBWebConnectorSvcSoap")],
                            children: [XMLTreeElement("soap:address", attributes: [.init("location", location)])])
                    ]),
            ])
        return XMLTreeWriter.write(XMLTreeDocument(root: definitions), indent: 2)
    }

    /// `<s:element name="…"><s:complexType><s:sequence>…` for a wrapper element.
    private static func wrapper(_ name: String, _ fields: [(String, String, Bool)]) -> XMLTreeElement {
        let elements = fields.map { field in
            XMLTreeElement(
                "s:element",
                attributes: [.init("minOccurs", field.2 ? "0" : "1"), .init("maxOccurs", "1"), .init("name", field.0), .init("type", field.1)])
        }
        return XMLTreeElement(
            "s:element", attributes: [.init("name", name)],
            children: [XMLTreeElement("s:complexType", children: elements.isEmpty ? [] : [XMLTreeElement("s:sequence", children: elements)])])
    }
}
