extension QBXMLSchema {
    /// Customers (and jobs), items, classes, payment methods and accounts.
    static var listRequests: [Request] {
        [
            Request(wrapper: "CustomerAddRq", body: "CustomerAdd", model: [one("Name", .string(41))] + customerFields(add: true)),
            Request(
                wrapper: "CustomerModRq", body: "CustomerMod",
                model: [one("ListID", .id), one("EditSequence", .editSequence), opt("Name", .string(41))]
                    + customerFields(add: false)),
            Request(wrapper: "ItemServiceAddRq", body: "ItemServiceAdd", model: itemAdd(kind: .service)),
            Request(wrapper: "ItemNonInventoryAddRq", body: "ItemNonInventoryAdd", model: itemAdd(kind: .nonInventory)),
            Request(wrapper: "ItemOtherChargeAddRq", body: "ItemOtherChargeAdd", model: itemAdd(kind: .otherCharge)),
            Request(wrapper: "ItemServiceModRq", body: "ItemServiceMod", model: itemMod(kind: .service)),
            Request(wrapper: "ItemNonInventoryModRq", body: "ItemNonInventoryMod", model: itemMod(kind: .nonInventory)),
            Request(wrapper: "ItemOtherChargeModRq", body: "ItemOtherChargeMod", model: itemMod(kind: .otherCharge)),
            Request(
                wrapper: "ClassAddRq", body: "ClassAdd",
                model: [one("Name", .string(31)), opt("IsActive", .boolean), ref("ParentRef")]),
            Request(
                wrapper: "PaymentMethodAddRq", body: "PaymentMethodAdd",
                model: [
                    one("Name", .string(31)), opt("IsActive", .boolean),
                    opt("PaymentMethodType", .enumeration(paymentMethodTypes)),
                ]),
            Request(
                wrapper: "AccountAddRq", body: "AccountAdd",
                model: [
                    one("Name", .string(31)), opt("IsActive", .boolean), ref("ParentRef"),
                    one("AccountType", .enumeration(accountTypes)), opt("AccountNumber", .string(7)),
                    opt("BankNumber", .string(25)), opt("Desc", .string(200)), opt("OpenBalance", .amount),
                    opt("OpenBalanceDate", .date), ref("SalesTaxCodeRef"), opt("TaxLineID", .integer),
                    ref("CurrencyRef", fullName: 64),
                ]),
        ]
    }

    /// CustomerAdd from `IsActive?` on; the Mod drops OpenBalance, OpenBalanceDate and ExternalGUID.
    private static func customerFields(add: Bool) -> [QBXMLParticle] {
        var fields: [QBXMLParticle] = [
            opt("IsActive", .boolean), ref("ClassRef"), ref("ParentRef", fullName: 209), opt("CompanyName", .string(41)),
            opt("Salutation", .string(15)), opt("FirstName", .string(25)), opt("MiddleName", .string(5)),
            opt("LastName", .string(25)), opt("JobTitle", .string(41)), group("BillAddress", .optional, address),
            group("ShipAddress", .optional, address), opt("PrintAs", .string(41)), opt("Phone", .string(21)),
            opt("AltPhone", .string(21)), opt("Fax", .string(21)), opt("Email", .string(1023)), opt("Cc", .string(1023)),
            opt("Contact", .string(41)), opt("AltContact", .string(41)), ref("TermsRef", fullName: 31),
            ref("SalesRepRef", fullName: 5),
        ]
        if add { fields += [opt("OpenBalance", .amount), opt("OpenBalanceDate", .date)] }
        fields += [
            ref("SalesTaxCodeRef", fullName: 3), ref("ItemSalesTaxRef", fullName: 31), opt("ResaleNumber", .string(15)),
            opt("AccountNumber", .string(99)), opt("CreditLimit", .amount), ref("PreferredPaymentMethodRef", fullName: 31),
            opt("JobStatus", .enumeration(["Awarded", "Closed", "InProgress", "None", "NotAwarded", "Pending"])),
            opt("JobStartDate", .date), opt("JobProjectedEndDate", .date), opt("JobEndDate", .date),
            opt("JobDesc", .string(99)), ref("JobTypeRef"), opt("Notes", .string(4095)),
        ]
        if add { fields.append(opt("ExternalGUID", .guid)) }
        return fields
    }

    enum ItemKind { case service, nonInventory, otherCharge }

    private static let barCode = group(
        "BarCode", .optional,
        [opt("BarCodeValue", .string(50)), opt("AssignEvenIfUsed", .boolean), opt("AllowOverride", .boolean)])

    private static func salesOrPurchase(mod: Bool) -> [QBXMLParticle] {
        var model = [opt("Desc", .string(4095)), oneOf(.optional, [one("Price", .price)], [one("PricePercent", .percent)]), ref("AccountRef")]
        if mod { model.append(opt("ApplyAccountRefToExistingTxns", .boolean)) }
        return model
    }

    private static func salesAndPurchase(mod: Bool) -> [QBXMLParticle] {
        var model = [
            opt("SalesDesc", .string(4095)), opt("SalesPrice", .price), ref("IncomeAccountRef"),
        ]
        if mod { model.append(opt("ApplyIncomeAccountRefToExistingTxns", .boolean)) }
        model += [
            opt("PurchaseDesc", .string(4095)), opt("PurchaseCost", .price), ref("PurchaseTaxCodeRef", fullName: 3),
            ref("ExpenseAccountRef"),
        ]
        if mod { model.append(opt("ApplyExpenseAccountRefToExistingTxns", .boolean)) }
        model.append(ref("PrefVendorRef", fullName: 41))
        return model
    }

    /// The order differs by item type: ItemNonInventory puts ParentRef before ClassRef and adds
    /// ManufacturerPartNumber; ItemOtherCharge has no unit of measure.
    private static func itemHead(kind: ItemKind, mod: Bool) -> [QBXMLParticle] {
        var model: [QBXMLParticle] = [barCode, opt("IsActive", .boolean)]
        if kind == .nonInventory {
            model += [ref("ParentRef"), ref("ClassRef"), opt("ManufacturerPartNumber", .string(31))]
        } else {
            model += [ref("ClassRef"), ref("ParentRef")]
        }
        if kind != .otherCharge {
            model.append(ref("UnitOfMeasureSetRef", fullName: 31))
            if mod { model.append(opt("ForceUOMChange", .boolean)) }
        }
        model += [opt("IsTaxIncluded", .boolean), ref("SalesTaxCodeRef", fullName: 3)]
        return model
    }

    private static func itemAdd(kind: ItemKind) -> [QBXMLParticle] {
        [one("Name", .string(31))] + itemHead(kind: kind, mod: false) + [
            oneOf(
                .one, [group("SalesOrPurchase", .one, salesOrPurchase(mod: false))],
                [group("SalesAndPurchase", .one, salesAndPurchase(mod: false))]),
            opt("ExternalGUID", .guid),
        ]
    }

    private static func itemMod(kind: ItemKind) -> [QBXMLParticle] {
        [one("ListID", .id), one("EditSequence", .editSequence), opt("Name", .string(31))]
            + itemHead(kind: kind, mod: true) + [
                oneOf(
                    .optional, [group("SalesOrPurchaseMod", .one, salesOrPurchase(mod: true))],
                    [group("SalesAndPurchaseMod", .one, salesAndPurchase(mod: true))]),
            ]
    }
}
