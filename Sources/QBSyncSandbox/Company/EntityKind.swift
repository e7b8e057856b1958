/// The QuickBooks entities the sandbox keeps, with what the API lets a client write to each.
/// A field outside these sets is refused with 2010, as QuickBooks's strict deserializer does:
/// a misspelt field must fail here rather than be silently dropped and only fail in production.
enum EntityKind: String, CaseIterable, Sendable {
    case account = "Account"
    case customer = "Customer"
    case item = "Item"
    case classification = "Class"
    case paymentMethod = "PaymentMethod"
    case invoice = "Invoice"
    case payment = "Payment"
    case creditMemo = "CreditMemo"
    case refundReceipt = "RefundReceipt"

    /// The entity whose lower-cased name is `path` (`invoice`, `paymentmethod`, ...).
    init?(pathName path: String) {
        guard let kind = EntityKind.allCases.first(where: { $0.rawValue.lowercased() == path.lowercased() }) else {
            return nil
        }
        self = kind
    }

    /// The entity as QBO spells it in a query, case-insensitively (`from invoice` works).
    init?(queryName name: String) { self.init(pathName: name) }

    /// Lists of names, which QuickBooks never deletes: they are made inactive instead.
    var isNameList: Bool {
        switch self {
        case .account, .customer, .item, .classification, .paymentMethod: return true
        default: return false
        }
    }

    /// Invoice, credit memo and refund receipt: documents with item lines and a `DocNumber`.
    var isSalesDocument: Bool { self == .invoice || self == .creditMemo || self == .refundReceipt }

    /// The field a name list is unique on, and whose owner words the 6240 fault.
    var nameField: String { self == .customer ? "DisplayName" : "Name" }

    /// How Intuit words "another ... is already using this name".
    var nameOwner: String {
        switch self {
        case .customer: return "customer, vendor or employee"
        case .item: return "product or service"
        case .account: return "account"
        case .classification: return "class"
        default: return "payment method"
        }
    }

    /// Fields the server computes or owns: accepted in a request (clients echo them back after
    /// a read) but ignored, then recomputed.
    var readOnlyFields: Set<String> {
        var fields: Set<String> = ["Id", "SyncToken", "MetaData", "domain", "sparse", "status", "FullyQualifiedName"]
        switch self {
        case .customer: fields.formUnion(["Balance", "BalanceWithJobs", "Level"])
        case .account: fields.formUnion(["CurrentBalance", "CurrentBalanceWithSubAccounts", "Classification"])
        case .item, .classification: fields.formUnion(["Level"])
        case .invoice: fields.formUnion(["TotalAmt", "Balance", "HomeBalance", "HomeTotalAmt", "LinkedTxn"])
        case .creditMemo: fields.formUnion(["TotalAmt", "Balance", "RemainingCredit", "HomeTotalAmt", "LinkedTxn"])
        case .refundReceipt: fields.formUnion(["TotalAmt", "Balance", "HomeBalance", "HomeTotalAmt"])
        case .payment: fields.formUnion(["UnappliedAmt"])
        case .paymentMethod: break
        }
        return fields
    }

    /// Fields a client may set.
    var writableFields: Set<String> {
        switch self {
        case .customer:
            return [
                "DisplayName", "Title", "GivenName", "MiddleName", "FamilyName", "Suffix", "CompanyName",
                "PrintOnCheckName", "Active", "PrimaryPhone", "AlternatePhone", "Mobile", "Fax", "PrimaryEmailAddr",
                "WebAddr", "BillAddr", "ShipAddr", "Notes", "Job", "BillWithParent", "ParentRef", "Taxable",
                "OpenBalanceDate", "CurrencyRef", "PreferredDeliveryMethod", "ResaleNum", "PaymentMethodRef",
                "SalesTermRef", "DefaultTaxCodeRef", "TaxExemptionReasonId", "ARAccountRef", "CustomerTypeRef",
                "PrimaryTaxIdentifier", "SecondaryTaxIdentifier", "IsProject", "ClientEntityId", "Source",
            ]
        case .item:
            return [
                "Name", "Sku", "Description", "Active", "SubItem", "ParentRef", "Taxable", "SalesTaxIncluded",
                "UnitPrice", "Type", "IncomeAccountRef", "PurchaseDesc", "PurchaseTaxIncluded", "PurchaseCost",
                "ExpenseAccountRef", "AssetAccountRef", "TrackQtyOnHand", "QtyOnHand", "InvStartDate",
                "SalesTaxCodeRef", "PurchaseTaxCodeRef", "PrefVendorRef", "ReorderPoint", "ClassRef", "Source",
                "TaxClassificationRef", "AbatementRate", "ReverseChargeRate", "ServiceType", "ItemCategoryType",
            ]
        case .classification:
            return ["Name", "SubClass", "ParentRef", "Active"]
        case .paymentMethod:
            return ["Name", "Active", "Type"]
        case .account:
            return [
                "Name", "AcctNum", "Description", "Active", "SubAccount", "ParentRef", "AccountType", "AccountSubType",
                "CurrencyRef", "TaxCodeRef", "AccountAlias", "TxnLocationType",
            ]
        case .invoice, .creditMemo, .refundReceipt:
            var fields = EntityKind.transactionFields.union([
                "CustomerRef", "Line", "CustomerMemo", "BillEmail", "BillEmailCc", "BillEmailBcc", "BillAddr",
                "ShipAddr", "ShipFromAddr", "ClassRef", "SalesTermRef", "TxnTaxDetail", "ApplyTaxAfterDiscount",
                "PrintStatus", "EmailStatus", "GlobalTaxCalculation", "FreeFormAddress",
            ])
            switch self {
            case .invoice:
                fields.formUnion([
                    "DueDate", "ShipDate", "TrackingNum", "ShipMethodRef", "Deposit", "DepositToAccountRef",
                    "AllowIPNPayment", "AllowOnlinePayment", "AllowOnlineCreditCardPayment", "AllowOnlineACHPayment",
                    "DeliveryInfo", "InvoiceLink",
                ])
            case .creditMemo:
                fields.formUnion(["PaymentMethodRef", "DepositToAccountRef", "InvoiceRef"])
            default:
                fields.formUnion(["DepositToAccountRef", "PaymentMethodRef", "PaymentRefNum", "PaymentType", "CheckPayment", "CreditCardPayment"])
            }
            return fields
        case .payment:
            return EntityKind.transactionFields.union([
                "CustomerRef", "TotalAmt", "Line", "PaymentMethodRef", "PaymentRefNum", "DepositToAccountRef",
                "ARAccountRef", "ProcessPayment", "CreditCardPayment",
            ])
        }
    }

    /// What every transaction inherits from QBO's `Transaction` type.
    private static let transactionFields: Set<String> = [
        "DocNumber", "TxnDate", "PrivateNote", "DepartmentRef", "CurrencyRef", "ExchangeRate", "TxnSource",
        "TransactionLocationType", "TxnStatus", "CustomField", "ProjectRef", "TaxExemptionRef", "RecurDataRef",
        "TxnApprovalInfo", "Tag",
    ]
}
