/// The element orders of the qbXML 13.0 requests qbsync writes, transcribed from
/// `../shared/qbd-api.md` section 4 (and, where it writes `…`, the schema's own sequence as the
/// sandbox's company enforces it: `AltPhone` after `Phone`, AccountAdd's order). Independent of
/// the renderer on purpose: a test holds what it renders against this table.
enum DesktopSchemaOrder {
    static let address = ["Addr1", "Addr2", "Addr3", "Addr4", "Addr5", "City", "State", "PostalCode", "Country", "Note"]

    static let customerFields = [
        "Name", "IsActive", "ClassRef", "ParentRef", "CompanyName", "Salutation", "FirstName", "MiddleName", "LastName", "JobTitle",
        "BillAddress", "ShipAddress", "PrintAs", "Phone", "AltPhone", "Fax", "Email", "Cc", "Contact", "AltContact", "TermsRef",
        "SalesRepRef", "AccountNumber", "Notes", "ExternalGUID",
    ]

    static let itemService = [
        "Name", "BarCode", "IsActive", "ClassRef", "ParentRef", "UnitOfMeasureSetRef", "IsTaxIncluded", "SalesTaxCodeRef",
        "SalesOrPurchase", "SalesAndPurchase", "ExternalGUID",
    ]
    static let itemOtherCharge = itemService.filter { $0 != "UnitOfMeasureSetRef" }
    static let itemNonInventory = [
        "Name", "BarCode", "IsActive", "ParentRef", "ClassRef", "ManufacturerPartNumber", "UnitOfMeasureSetRef", "IsTaxIncluded",
        "SalesTaxCodeRef", "SalesOrPurchase", "SalesAndPurchase", "ExternalGUID",
    ]
    static func mod(_ add: [String]) -> [String] {
        ["ListID", "EditSequence"] + add.filter { $0 != "ExternalGUID" }.map { $0 == "SalesOrPurchase" ? "SalesOrPurchaseMod" : $0 }
    }

    static let salesHead = [
        "CustomerRef", "ClassRef", "ARAccountRef", "TemplateRef", "TxnDate", "RefNumber", "BillAddress", "ShipAddress", "IsPending",
        "IsFinanceCharge", "PONumber", "TermsRef", "DueDate", "SalesRepRef", "FOB", "ShipDate", "ShipMethodRef", "ItemSalesTaxRef", "Memo",
        "CustomerMsgRef", "IsToBePrinted", "IsToBeEmailed", "IsTaxIncluded", "CustomerSalesTaxCodeRef", "Other", "ExchangeRate",
    ]
    static let invoiceAdd = salesHead + ["ExternalGUID", "LinkToTxnID", "SetCredit", "InvoiceLineAdd", "DiscountLineAdd", "SalesTaxLineAdd", "ShippingLineAdd"]
    static let invoiceMod = ["TxnID", "EditSequence"] + salesHead.filter { $0 != "IsFinanceCharge" } + ["SetCredit", "InvoiceLineMod"]
    static let creditMemoAdd = salesHead.filter { $0 != "IsFinanceCharge" } + ["ExternalGUID", "CreditMemoLineAdd", "DiscountLineAdd", "SalesTaxLineAdd", "ShippingLineAdd"]
    static let creditMemoMod = ["TxnID", "EditSequence"] + salesHead.filter { $0 != "IsFinanceCharge" } + ["CreditMemoLineMod"]
    static let lineAdd = [
        "ItemRef", "Desc", "Quantity", "UnitOfMeasure", "Rate", "RatePercent", "PriceLevelRef", "ClassRef", "Amount", "TaxAmount",
        "ServiceDate", "SalesTaxCodeRef", "IsTaxable", "OverrideItemAccountRef", "Other1", "Other2", "LinkToTxn", "DataExt",
    ]
    static let lineMod = [
        "TxnLineID", "ItemRef", "Desc", "Quantity", "UnitOfMeasure", "OverrideUOMSetRef", "Rate", "RatePercent", "PriceLevelRef",
        "ClassRef", "Amount", "TaxAmount", "ServiceDate", "SalesTaxCodeRef", "OverrideItemAccountRef", "Other1", "Other2",
    ]

    static let receivePaymentHead = [
        "CustomerRef", "ARAccountRef", "TxnDate", "RefNumber", "TotalAmount", "ExchangeRate", "PaymentMethodRef", "Memo",
        "DepositToAccountRef",
    ]
    static let receivePaymentAdd = receivePaymentHead + ["CreditCardTxnInfo", "ExternalGUID", "IsAutoApply", "AppliedToTxnAdd"]
    static let receivePaymentMod = ["TxnID", "EditSequence"] + receivePaymentHead + ["CreditCardTxnInfoMod", "AppliedToTxnMod"]
    static let appliedToTxnAdd = ["TxnID", "PaymentAmount", "TxnLineDetail", "SetCredit", "DiscountAmount", "DiscountAccountRef", "DiscountClassRef"]
    static let setCredit = ["CreditTxnID", "TxnLineID", "AppliedAmount", "Override"]

    static let refundAdd = [
        "CustomerRef", "RefundFromAccountRef", "ARAccountRef", "TxnDate", "RefNumber", "Address", "PaymentMethodRef", "Memo",
        "CreditCardTxnInfo", "ExchangeRate", "ExternalGUID", "RefundAppliedToTxnAdd",
    ]

    /// Each element qbsync writes, by name: the order of its children.
    static let orders: [String: [String]] = [
        "CustomerAdd": customerFields, "CustomerMod": ["ListID", "EditSequence"] + customerFields.filter { $0 != "ExternalGUID" },
        "BillAddress": address,
        "ItemServiceAdd": itemService, "ItemOtherChargeAdd": itemOtherCharge, "ItemNonInventoryAdd": itemNonInventory,
        "ItemServiceMod": mod(itemService), "ItemOtherChargeMod": mod(itemOtherCharge), "ItemNonInventoryMod": mod(itemNonInventory),
        "SalesOrPurchase": ["Desc", "Price", "PricePercent", "AccountRef"],
        "SalesOrPurchaseMod": ["Desc", "Price", "PricePercent", "AccountRef", "ApplyAccountRefToExistingTxns"],
        "ClassAdd": ["Name", "IsActive", "ParentRef"], "PaymentMethodAdd": ["Name", "IsActive", "PaymentMethodType"],
        "AccountAdd": ["Name", "IsActive", "ParentRef", "AccountType", "AccountNumber", "BankNumber", "Desc", "OpenBalance", "OpenBalanceDate"],
        "InvoiceAdd": invoiceAdd, "InvoiceMod": invoiceMod, "InvoiceLineAdd": lineAdd, "InvoiceLineMod": lineMod,
        "CreditMemoAdd": creditMemoAdd, "CreditMemoMod": creditMemoMod,
        "CreditMemoLineAdd": lineAdd.filter { $0 != "LinkToTxn" }, "CreditMemoLineMod": lineMod,
        "ReceivePaymentAdd": receivePaymentAdd, "ReceivePaymentMod": receivePaymentMod,
        "AppliedToTxnAdd": appliedToTxnAdd, "AppliedToTxnMod": appliedToTxnAdd.filter { $0 != "TxnLineDetail" }, "SetCredit": setCredit,
        "ARRefundCreditCardAdd": refundAdd, "RefundAppliedToTxnAdd": ["TxnID", "RefundAmount"],
        "TxnVoidRq": ["TxnVoidType", "TxnID"], "TxnDelRq": ["TxnDelType", "TxnID"],
        "CustomerRef": ["ListID", "FullName"], "ClassRef": ["ListID", "FullName"], "ItemRef": ["ListID", "FullName"],
        "PaymentMethodRef": ["ListID", "FullName"], "AccountRef": ["ListID", "FullName"], "DepositToAccountRef": ["ListID", "FullName"],
        "RefundFromAccountRef": ["ListID", "FullName"],
    ]

    /// Elements that may appear more than once in a row.
    static let repeatable: Set<String> = ["InvoiceLineAdd", "InvoiceLineMod", "CreditMemoLineAdd", "CreditMemoLineMod", "AppliedToTxnAdd", "AppliedToTxnMod", "SetCredit", "RefundAppliedToTxnAdd"]

    /// Section 5's limits of the text elements qbsync writes, by parent and element.
    static let lengths: [String: Int] = [
        "CustomerAdd/Name": 41, "CustomerMod/Name": 41, "CompanyName": 41, "FirstName": 25, "LastName": 25, "MiddleName": 5,
        "ItemServiceAdd/Name": 31, "ItemOtherChargeAdd/Name": 31, "ItemNonInventoryAdd/Name": 31, "ItemServiceMod/Name": 31,
        "ClassAdd/Name": 31, "PaymentMethodAdd/Name": 31, "AccountAdd/Name": 31,
        "InvoiceAdd/RefNumber": 11, "InvoiceMod/RefNumber": 11, "CreditMemoAdd/RefNumber": 11, "CreditMemoMod/RefNumber": 11,
        "ARRefundCreditCardAdd/RefNumber": 11, "ReceivePaymentAdd/RefNumber": 20, "ReceivePaymentMod/RefNumber": 20,
        "Memo": 4095, "Phone": 21, "AltPhone": 21, "Email": 1023, "Addr1": 41, "Addr2": 41, "City": 31, "State": 21, "PostalCode": 13,
        "Country": 31, "ListID": 36, "TxnID": 36, "EditSequence": 16,
    ]
}
