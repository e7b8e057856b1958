/// The requests the Desktop sandbox understands, each with the content model QuickBooks checks
/// (qbd-api.md section 4; lengths from section 5). Elements the pipeline never sends are left
/// out on purpose: QuickBooks would accept them, the sandbox refuses them as unknown, which is
/// the stricter reading.
enum QBXMLSchema {
    /// One request kind: the `XxxRq` element, the element inside it that holds the content
    /// (nil: the content sits directly in the `XxxRq`, as in queries), its model, and whether it
    /// takes an iterator.
    struct Request {
        var wrapper: String
        var body: String?
        var model: [QBXMLParticle]
        var iterates = false
        var bodyAttributes: [String] = []

        /// What the `XxxRq` element itself holds.
        var wrapperModel: [QBXMLParticle] {
            guard let body else { return model }
            return [
                .element(body, .one, .sequence(model), attributes: bodyAttributes), QBXMLSchema.includeRet,
            ]
        }
    }

    /// Every request kind by its `XxxRq` name.
    static let requests: [String: Request] = {
        var table: [String: Request] = [:]
        for request in listRequests + transactionRequests + queryRequests { table[request.wrapper] = request }
        return table
    }()

    static let includeRet = QBXMLParticle.element("IncludeRetElement", .many, .value(.string(50)), attributes: [])

    // MARK: Building blocks

    static func one(_ name: String, _ type: QBXMLValueType, attributes: [String] = []) -> QBXMLParticle {
        .element(name, .one, .value(type), attributes: attributes)
    }

    static func opt(_ name: String, _ type: QBXMLValueType) -> QBXMLParticle {
        .element(name, .optional, .value(type), attributes: [])
    }

    static func many(_ name: String, _ type: QBXMLValueType) -> QBXMLParticle {
        .element(name, .many, .value(type), attributes: [])
    }

    static func group(_ name: String, _ occurs: QBXMLOccurs, _ model: [QBXMLParticle]) -> QBXMLParticle {
        .element(name, occurs, .sequence(model), attributes: [])
    }

    /// A reference: `ListID?, FullName?` (with both, QuickBooks uses the ListID).
    static func ref(_ name: String, _ occurs: QBXMLOccurs = .optional, fullName: Int = 159) -> QBXMLParticle {
        group(name, occurs, [opt("ListID", .id), opt("FullName", .string(fullName))])
    }

    static func oneOf(_ occurs: QBXMLOccurs, _ alternatives: [QBXMLParticle]...) -> QBXMLParticle {
        .choice(alternatives, occurs)
    }

    static let address = [
        opt("Addr1", .string(41)), opt("Addr2", .string(41)), opt("Addr3", .string(41)), opt("Addr4", .string(41)),
        opt("Addr5", .string(41)), opt("City", .string(31)), opt("State", .string(21)),
        opt("PostalCode", .string(13)), opt("Country", .string(31)), opt("Note", .string(41)),
    ]

    static let activeStatus = QBXMLValueType.enumeration(["ActiveOnly", "InactiveOnly", "All"])
    static let accountTypes = [
        "AccountsPayable", "AccountsReceivable", "Bank", "CostOfGoodsSold", "CreditCard", "Equity", "Expense",
        "FixedAsset", "Income", "LongTermLiability", "NonPosting", "OtherAsset", "OtherCurrentAsset",
        "OtherCurrentLiability", "OtherExpense", "OtherIncome",
    ]
    static let paymentMethodTypes = [
        "AmericanExpress", "Cash", "Check", "DebitCard", "Discover", "ECheck", "GiftCard", "MasterCard", "Other",
        "OtherCreditCard", "Visa",
    ]
}
