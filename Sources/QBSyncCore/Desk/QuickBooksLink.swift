import Foundation

/// Where a person opens a QuickBooks object: the QuickBooks Online page for documents and
/// customers of Intuit's companies (production or sandbox), the API address for a local or
/// compatible server, none for lists QuickBooks has no page per object for.
public enum QuickBooksLink {
    /// The address of `qboType` `id` for the pipeline's company, or nil.
    public static func url(qboType: String, id: String, settings: PipelineSettings) -> String? {
        let base = settings.quickbooks.baseURL
        guard let host = URL(string: base)?.host else { return nil }
        if host.hasSuffix("api.intuit.com") {
            let app = host.hasPrefix("sandbox") ? "https://app.sandbox.qbo.intuit.com/app/" : "https://app.qbo.intuit.com/app/"
            guard let page = webPages[qboType] else { return nil }
            return app + page + id
        }
        guard let realm = settings.quickbooks.realm else { return nil }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(trimmed)/v3/company/\(realm)/\(qboType.lowercased())/\(id)"
    }

    /// QuickBooks Online's page per object type, to which the id is appended.
    static let webPages = [
        "Invoice": "invoice?txnId=", "CreditMemo": "creditmemo?txnId=", "Payment": "recvpayment?txnId=",
        "RefundReceipt": "refundreceipt?txnId=", "SalesReceipt": "salesreceipt?txnId=", "Customer": "customerdetail?nameId=",
    ]
}
