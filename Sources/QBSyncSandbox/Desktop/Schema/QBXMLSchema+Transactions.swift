extension QBXMLSchema {
    /// Invoices, credit memos, payments, refunds, voids and deletions.
    static var transactionRequests: [Request] {
        [
            Request(
                wrapper: "InvoiceAddRq", body: "InvoiceAdd",
                model: salesHead(refNumber: 11, mod: false, invoice: true) + [
                    opt("ExternalGUID", .guid), many("LinkToTxnID", .id), setCredit(.many),
                    group("InvoiceLineAdd", .many, saleLine(mod: false, invoice: true)),
                ] + trailingLines, bodyAttributes: ["defMacro"]),
            Request(
                wrapper: "InvoiceModRq", body: "InvoiceMod",
                model: [one("TxnID", .id), one("EditSequence", .editSequence)]
                    + salesHead(refNumber: 11, mod: true, invoice: true) + [
                        setCredit(.many), group("InvoiceLineMod", .many, saleLine(mod: true, invoice: true)),
                    ]),
            Request(
                wrapper: "CreditMemoAddRq", body: "CreditMemoAdd",
                model: salesHead(refNumber: 11, mod: false, invoice: false) + [
                    opt("ExternalGUID", .guid), group("CreditMemoLineAdd", .some, saleLine(mod: false, invoice: false)),
                ] + trailingLines, bodyAttributes: ["defMacro"]),
            Request(
                wrapper: "CreditMemoModRq", body: "CreditMemoMod",
                model: [one("TxnID", .id), one("EditSequence", .editSequence)]
                    + salesHead(refNumber: 11, mod: true, invoice: false) + [
                        group("CreditMemoLineMod", .many, saleLine(mod: true, invoice: false))
                    ]),
            Request(
                wrapper: "ReceivePaymentAddRq", body: "ReceivePaymentAdd",
                model: paymentHead(mod: false) + [
                    group("CreditCardTxnInfo", .optional, []).opaque, opt("ExternalGUID", .guid),
                    oneOf(.one, [one("IsAutoApply", .boolean)], [group("AppliedToTxnAdd", .some, application(mod: false))]),
                ], bodyAttributes: ["defMacro"]),
            Request(
                wrapper: "ReceivePaymentModRq", body: "ReceivePaymentMod",
                model: [one("TxnID", .id), one("EditSequence", .editSequence)] + paymentHead(mod: true) + [
                    group("CreditCardTxnInfoMod", .optional, []).opaque,
                    group("AppliedToTxnMod", .many, application(mod: true)),
                ]),
            Request(
                wrapper: "ARRefundCreditCardAddRq", body: "ARRefundCreditCardAdd",
                model: [
                    ref("CustomerRef", .one, fullName: 209), ref("RefundFromAccountRef"), ref("ARAccountRef"),
                    opt("TxnDate", .date), opt("RefNumber", .string(11)), group("Address", .optional, address),
                    ref("PaymentMethodRef", fullName: 31), opt("Memo", .string(4095)),
                    group("CreditCardTxnInfo", .optional, []).opaque, opt("ExchangeRate", .price),
                    opt("ExternalGUID", .guid),
                    group("RefundAppliedToTxnAdd", .some, [one("TxnID", .id, attributes: ["useMacro"]), one("RefundAmount", .amount)]),
                ], bodyAttributes: ["defMacro"]),
            Request(
                wrapper: "TxnVoidRq", body: nil,
                model: [one("TxnVoidType", .enumeration(voidTypes)), one("TxnID", .id, attributes: ["useMacro"])]),
            Request(
                wrapper: "TxnDelRq", body: nil,
                model: [one("TxnDelType", .enumeration(deleteTypes)), one("TxnID", .id, attributes: ["useMacro"])]),
        ]
    }

    static let voidTypes = [
        "ARRefundCreditCard", "Bill", "BillPaymentCheck", "BillPaymentCreditCard", "Charge", "Check",
        "CreditCardCharge", "CreditCardCredit", "CreditMemo", "Deposit", "InventoryAdjustment", "Invoice",
        "ItemReceipt", "JournalEntry", "SalesReceipt", "VendorCredit",
    ]
    static let deleteTypes =
        voidTypes + [
            "BuildAssembly", "Estimate", "PurchaseOrder", "ReceivePayment", "SalesOrder", "SalesTaxPaymentCheck",
            "TimeTracking", "TransferInventory", "VehicleMileage",
        ]

    /// InvoiceAdd's body from CustomerRef to ExchangeRate; Mods make CustomerRef optional, and
    /// only an InvoiceAdd has IsFinanceCharge.
    private static func salesHead(refNumber: Int, mod: Bool, invoice: Bool) -> [QBXMLParticle] {
        var model: [QBXMLParticle] = [
            ref("CustomerRef", mod ? .optional : .one, fullName: 209), ref("ClassRef"), ref("ARAccountRef"),
            ref("TemplateRef", fullName: 31), opt("TxnDate", .date), opt("RefNumber", .string(refNumber)),
            group("BillAddress", .optional, address), group("ShipAddress", .optional, address), opt("IsPending", .boolean),
        ]
        if invoice && !mod { model.append(opt("IsFinanceCharge", .boolean)) }
        model += [
            opt("PONumber", .string(25)), ref("TermsRef", fullName: 31), opt("DueDate", .date),
            ref("SalesRepRef", fullName: 5), opt("FOB", .string(13)), opt("ShipDate", .date),
            ref("ShipMethodRef", fullName: 15), ref("ItemSalesTaxRef", fullName: 31), opt("Memo", .string(4095)),
            ref("CustomerMsgRef", fullName: 101), opt("IsToBePrinted", .boolean), opt("IsToBeEmailed", .boolean),
            opt("IsTaxIncluded", .boolean), ref("CustomerSalesTaxCodeRef", fullName: 3), opt("Other", .string(29)),
            opt("ExchangeRate", .price),
        ]
        return model
    }

    private static func saleLine(mod: Bool, invoice: Bool) -> [QBXMLParticle] {
        var model: [QBXMLParticle] = mod ? [one("TxnLineID", .id)] : []
        model += [ref("ItemRef"), opt("Desc", .string(4095)), opt("Quantity", .quantity), opt("UnitOfMeasure", .string(31))]
        if mod { model.append(ref("OverrideUOMSetRef", fullName: 31)) }
        model += [
            oneOf(.optional, [one("Rate", .price)], [one("RatePercent", .percent)], [ref("PriceLevelRef", .one, fullName: 31)]),
            ref("ClassRef"), opt("Amount", .amount), opt("TaxAmount", .amount), ref("InventorySiteRef", fullName: 31),
            ref("InventorySiteLocationRef", fullName: 31),
            oneOf(.optional, [one("SerialNumber", .string(4095))], [one("LotNumber", .string(40))]),
            opt("ServiceDate", .date), ref("SalesTaxCodeRef", fullName: 3),
        ]
        if !mod { model.append(opt("IsTaxable", .boolean)) }
        model += [ref("OverrideItemAccountRef"), opt("Other1", .string(29)), opt("Other2", .string(29))]
        if !mod {
            if invoice {
                model.append(group("LinkToTxn", .optional, [one("TxnID", .id), one("TxnLineID", .id)]))
            } else {
                model.append(group("CreditCardTxnInfo", .optional, []).opaque)
            }
            model.append(
                group("DataExt", .many, [one("OwnerID", .guid), one("DataExtName", .string(31)), one("DataExtValue", .string(4095))]))
        }
        return model
    }

    private static var trailingLines: [QBXMLParticle] {
        let amountOrPercent = oneOf(.optional, [one("Amount", .amount)], [one("RatePercent", .percent)])
        return [
            group("DiscountLineAdd", .optional, [amountOrPercent, opt("IsTaxable", .boolean), ref("AccountRef")]),
            group("SalesTaxLineAdd", .optional, [amountOrPercent, ref("AccountRef")]),
            group("ShippingLineAdd", .optional, [opt("Amount", .amount), ref("AccountRef")]),
        ]
    }

    static func setCredit(_ occurs: QBXMLOccurs) -> QBXMLParticle {
        group(
            "SetCredit", occurs,
            [
                one("CreditTxnID", .id, attributes: ["useMacro"]), opt("TxnLineID", .id), one("AppliedAmount", .amount),
                opt("Override", .boolean),
            ])
    }

    private static func paymentHead(mod: Bool) -> [QBXMLParticle] {
        [
            ref("CustomerRef", mod ? .optional : .one, fullName: 209), ref("ARAccountRef"), opt("TxnDate", .date),
            opt("RefNumber", .string(20)), opt("TotalAmount", .amount), opt("ExchangeRate", .price),
            ref("PaymentMethodRef", fullName: 31), opt("Memo", .string(4095)), ref("DepositToAccountRef"),
        ]
    }

    private static func application(mod: Bool) -> [QBXMLParticle] {
        var model: [QBXMLParticle] = [one("TxnID", .id, attributes: ["useMacro"]), opt("PaymentAmount", .amount)]
        if !mod { model.append(group("TxnLineDetail", .many, [one("TxnLineID", .id), one("Amount", .amount)])) }
        model += [setCredit(.many), opt("DiscountAmount", .amount), ref("DiscountAccountRef"), ref("DiscountClassRef")]
        return model
    }
}

extension QBXMLParticle {
    /// The same element, holding anything: for parts the sandbox accepts but does not model.
    var opaque: QBXMLParticle {
        guard case .element(let name, let occurs, _, let attributes) = self else { return self }
        return .element(name, occurs, .opaque, attributes: attributes)
    }
}
