extension QBXMLSchema {
    /// The list and transaction queries, plus the host, company and preferences queries.
    static var queryRequests: [Request] {
        [
            Request(
                wrapper: "CustomerQueryRq", body: nil,
                model: listQuery(
                    fullName: 209,
                    filters: [
                        group("TotalBalanceFilter", .optional, [one("Operator", operators), one("Amount", .amount)]),
                        idsOrNames("CurrencyFilter", .optional), idsOrNames("ClassFilter", .optional),
                    ]) + [many("OwnerID", .guid)], iterates: true),
            Request(wrapper: "ItemQueryRq", body: nil, model: listQuery(fullName: 159, filters: []) + [many("OwnerID", .guid)], iterates: true),
            Request(wrapper: "ClassQueryRq", body: nil, model: listQuery(fullName: 159, filters: [])),
            Request(
                wrapper: "PaymentMethodQueryRq", body: nil,
                model: listQuery(fullName: 31, filters: [many("PaymentMethodType", .enumeration(paymentMethodTypes))])),
            Request(
                wrapper: "AccountQueryRq", body: nil,
                model: listQuery(
                    fullName: 159,
                    filters: [many("AccountType", .enumeration(accountTypes)), idsOrNames("CurrencyFilter", .optional)])
                    + [many("OwnerID", .guid)]),
            Request(wrapper: "InvoiceQueryRq", body: nil, model: transactionQuery(paidStatus: true, linked: true), iterates: true),
            Request(wrapper: "CreditMemoQueryRq", body: nil, model: transactionQuery(paidStatus: false, linked: true), iterates: true),
            Request(
                wrapper: "ReceivePaymentQueryRq", body: nil, model: transactionQuery(paidStatus: false, linked: true),
                iterates: true),
            Request(
                wrapper: "ARRefundCreditCardQueryRq", body: nil, model: transactionQuery(paidStatus: false, linked: true),
                iterates: true),
            Request(wrapper: "HostQueryRq", body: nil, model: []),
            Request(wrapper: "CompanyQueryRq", body: nil, model: [many("OwnerID", .guid)]),
            Request(wrapper: "PreferencesQueryRq", body: nil, model: []),
        ]
    }

    private static let operators = QBXMLValueType.enumeration([
        "LessThan", "LessThanEqual", "Equal", "GreaterThan", "GreaterThanEqual",
    ])
    private static let matchCriterion = QBXMLValueType.enumeration(["StartsWith", "Contains", "EndsWith"])

    private static func idsOrNames(_ name: String, _ occurs: QBXMLOccurs) -> QBXMLParticle {
        group(name, occurs, [oneOf(.one, [many("ListID", .id).some], [many("FullName", .string(209)).some])])
    }

    /// `ListID+ | FullName+ | (MaxReturned?, ActiveStatus?, modified dates, name filter, …)`.
    private static func listQuery(fullName: Int, filters: [QBXMLParticle]) -> [QBXMLParticle] {
        let filtered: [QBXMLParticle] =
            [
                opt("MaxReturned", .integer), opt("ActiveStatus", activeStatus), opt("FromModifiedDate", .dateTime),
                opt("ToModifiedDate", .dateTime),
                oneOf(
                    .optional,
                    [group("NameFilter", .one, [one("MatchCriterion", matchCriterion), one("Name", .string(fullName))])],
                    [group("NameRangeFilter", .one, [opt("FromName", .string(fullName)), opt("ToName", .string(fullName))])]),
            ] + filters
        return [
            oneOf(.optional, [many("ListID", .id).some], [many("FullName", .string(fullName)).some], filtered),
            includeRet,
        ]
    }

    private static func transactionQuery(paidStatus: Bool, linked: Bool) -> [QBXMLParticle] {
        let dates = oneOf(
            .optional,
            [group("ModifiedDateRangeFilter", .one, [opt("FromModifiedDate", .dateTime), opt("ToModifiedDate", .dateTime)])],
            [
                group(
                    "TxnDateRangeFilter", .one,
                    [
                        oneOf(
                            .one, [opt("FromTxnDate", .date), opt("ToTxnDate", .date)],
                            [one("DateMacro", .string(40))])
                    ])
            ])
        let entity = group(
            "EntityFilter", .optional,
            [
                oneOf(
                    .one, [many("ListID", .id).some], [many("FullName", .string(209)).some],
                    [one("ListIDWithChildren", .id)], [one("FullNameWithChildren", .string(209))])
            ])
        let account = group(
            "AccountFilter", .optional,
            [
                oneOf(
                    .one, [many("ListID", .id).some], [many("FullName", .string(159)).some],
                    [one("ListIDWithChildren", .id)], [one("FullNameWithChildren", .string(159))])
            ])
        let refNumber = oneOf(
            .optional, [group("RefNumberFilter", .one, [one("MatchCriterion", matchCriterion), one("RefNumber", .string(20))])],
            [group("RefNumberRangeFilter", .one, [opt("FromRefNumber", .string(20)), opt("ToRefNumber", .string(20))])])
        var filtered: [QBXMLParticle] = [
            opt("MaxReturned", .integer), dates, entity, account, refNumber, idsOrNames("CurrencyFilter", .optional),
        ]
        if paidStatus { filtered.append(opt("PaidStatus", .enumeration(["All", "PaidOnly", "NotPaidOnly"]))) }
        var model: [QBXMLParticle] = [
            oneOf(
                .optional, [many("TxnID", .id).some], [many("RefNumber", .string(20)).some],
                [many("RefNumberCaseSensitive", .string(20)).some], filtered),
            opt("IncludeLineItems", .boolean),
        ]
        if linked { model.append(opt("IncludeLinkedTxns", .boolean)) }
        return model + [includeRet, many("OwnerID", .guid)]
    }
}

extension QBXMLParticle {
    /// The same element, required and repeatable (`+`).
    var some: QBXMLParticle {
        guard case .element(let name, _, let content, let attributes) = self else { return self }
        return .element(name, .some, content, attributes: attributes)
    }
}
