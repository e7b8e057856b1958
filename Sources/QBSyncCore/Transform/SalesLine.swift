import QBSyncJSON

/// One QuickBooks sales line as every document qbsync posts it: an item, an amount, the
/// location's class and the `NON` tax code (tax travels as its own line, see `InvoiceMapper`).
enum SalesLine {
    static func json(itemKey: String, cents: Int, classKey: String) -> JSONValue {
        [
            "DetailType": "SalesItemLineDetail", "Amount": .cents(cents),
            "SalesItemLineDetail": [
                "ItemRef": Placeholder.ref(itemKey), "ClassRef": Placeholder.ref(classKey), "TaxCodeRef": ["value": "NON"],
            ],
        ]
    }
}
