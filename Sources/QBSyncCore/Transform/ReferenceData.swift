import QBSyncJSON

/// The run's reference data every mapper may read: the pipeline's mapping, the item catalogue,
/// the sales the run carries, locations and payment methods. Read-only while records are mapped.
struct ReferenceData {
    let settings: PipelineSettings
    let rules: EditionRules
    /// Every item row the run carries (synced or context), by id.
    let items: [Int: JSONValue]
    /// The sale rows the run carries, found by id.
    let sales: SaleRows
    let locations: [Int: JSONValue]
    let paymentMethods: [Int: JSONValue]

    init(settings: PipelineSettings, rules: EditionRules, items: [Int: JSONValue], sales: SaleRows, reference: JSONValue) {
        self.settings = settings
        self.rules = rules
        self.items = items
        self.sales = sales
        func byID(_ rows: JSONValue?) -> [Int: JSONValue] {
            Dictionary((rows?.arrayValue ?? []).compactMap { row in row["id"]?.intValue.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        }
        locations = byID(reference["locations"])
        paymentMethods = byID(reference["payment_methods"])
    }

    var redacted: Bool { settings.redaction.enabled }

    /// Whether OMS items of `kind` map to one generic QuickBooks item.
    func isGeneric(kind: String) -> Bool {
        (kind == "hearing_aid" && settings.mapping.hearingAidsGeneric) || (kind == "option" && settings.mapping.optionsGeneric)
    }

    /// The deposit account name for a payment at `locationID` by `methodID`.
    func depositAccount(locationID: Int, methodID: Int) -> String {
        settings.mapping.depositAccount(
            location: locations[locationID]?["name"]?.stringValue, methodName: paymentMethods[methodID]?["name"]?.stringValue,
            methodKind: paymentMethods[methodID]?["kind"]?.stringValue)
    }
}
