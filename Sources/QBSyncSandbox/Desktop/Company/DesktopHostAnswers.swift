import QBSyncXML

/// What QuickBooks answers to HostQuery, CompanyQuery and PreferencesQuery: the Web Connector's
/// own questions, sent to the service as `strHCPResponse`.
enum DesktopHostAnswers {
    static let supportedVersions = ["1.0", "1.1", "2.0", "2.1", "3.0", "4.0", "4.1", "5.0", "6.0", "7.0", "8.0", "9.0",
        "10.0", "11.0", "12.0", "13.0"]

    static func hostRet() -> XMLTreeElement {
        XMLTreeElement(
            "HostRet",
            children: [
                .leaf("ProductName", "QuickBooks Pro 2018 (qbsync sandbox)"), .leaf("MajorVersion", "28"),
                .leaf("MinorVersion", "0"), .leaf("Country", "US"),
            ] + supportedVersions.map { .leaf("SupportedQBXMLVersion", $0) } + [
                .leaf("IsAutomaticLogin", "false"), .leaf("QBFileMode", "SingleUser"),
            ])
    }

    static func companyRet(_ state: DesktopCompanyState) -> XMLTreeElement {
        XMLTreeElement(
            "CompanyRet",
            children: [
                .leaf("IsSampleCompany", "false"), .leaf("CompanyName", state.companyName),
                .leaf("LegalCompanyName", state.companyName),
            ]
                + state.dataExts.map { ext in
                    XMLTreeElement(
                        "DataExtRet",
                        children: [
                            .leaf("OwnerID", ext.ownerID), .leaf("DataExtName", ext.name),
                            .leaf("DataExtType", "STR255TYPE"), .leaf("DataExtValue", ext.value),
                        ])
                })
    }

    static func preferencesRet(_ state: DesktopCompanyState) -> XMLTreeElement {
        var accounting: [XMLTreeElement] = [
            .leaf("IsUsingAccountNumbers", "false"), .leaf("IsRequiringAccounts", "true"),
            .leaf("IsUsingClassTracking", state.isUsingClassTracking ? "true" : "false"),
        ]
        if state.isUsingClassTracking { accounting.append(.leaf("AssignClassesTo", "OneClassPerTransaction")) }
        accounting += [.leaf("IsUsingAuditTrail", "true"), .leaf("IsAssigningJournalEntryNumbers", "true")]
        if let closing = state.closingDate { accounting.append(.leaf("ClosingDate", closing)) }
        return XMLTreeElement(
            "PreferencesRet",
            children: [
                XMLTreeElement("AccountingPreferences", children: accounting),
                XMLTreeElement(
                    "SalesTaxPreferences", children: [.leaf("IsUsingSalesTax", "false")]),
            ])
    }

    /// The three answers as one qbXML response document, as the Web Connector passes them on.
    static func response(_ state: DesktopCompanyState) -> String {
        let answers = [("HostQueryRs", hostRet()), ("CompanyQueryRs", companyRet(state)), ("PreferencesQueryRs", preferencesRet(state))]
        let rs = answers.map { name, ret in
            XMLTreeElement(
                name,
                attributes: [.init("statusCode", "0"), .init("statusSeverity", "Info"), .init("statusMessage", "Status OK")],
                children: [ret])
        }
        return DesktopMessageSet.document(XMLTreeElement("QBXMLMsgsRs", children: rs))
    }
}
