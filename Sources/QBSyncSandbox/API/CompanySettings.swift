import Foundation
import QBSyncJSON

/// The company's `CompanyInfo` and `Preferences`, which the pipeline reads but never writes:
/// built from the configuration so the closing date and numbering rules are the ones enforced.
enum CompanySettings {
    static func companyInfo(_ configuration: SandboxConfiguration, created: Date) -> JSONValue {
        let stamp = JSONValue.string(Timestamp.metaData(created))
        let address: JSONValue = [
            "Id": "1", "Line1": "100 Main Street", "City": "Mountain View", "CountrySubDivisionCode": "CA",
            "PostalCode": "94043", "Country": "US",
        ]
        return [
            "Id": "1", "SyncToken": "0", "domain": "QBO", "sparse": false,
            "CompanyName": .string(configuration.companyName), "LegalName": .string(configuration.companyName),
            "CompanyAddr": address, "LegalAddr": address, "Country": "US", "FiscalYearStartMonth": "January",
            "SupportedLanguages": "en", "DefaultTimeZone": "UTC", "CompanyStartDate": .string(Timestamp.date(created)),
            "MetaData": ["CreateTime": stamp, "LastUpdatedTime": stamp],
        ]
    }

    static func preferences(_ configuration: SandboxConfiguration, created: Date) -> JSONValue {
        var accounting: JSONValue = [
            "TrackDepartments": false, "ClassTrackingPerTxn": false, "ClassTrackingPerTxnLine": true,
            "CustomerTerminology": "Customers", "UseAccountNumbers": false,
        ]
        if let close = configuration.bookCloseDate { accounting["BookCloseDate"] = .string(close) }
        let stamp = JSONValue.string(Timestamp.metaData(created))
        return [
            "Id": "1", "SyncToken": "0", "domain": "QBO", "sparse": false,
            "AccountingInfoPrefs": accounting,
            "SalesFormsPrefs": ["CustomTxnNumbers": true, "AllowDiscount": true, "AllowDeposit": false, "AllowShipping": false],
            "CurrencyPrefs": ["MultiCurrencyEnabled": false, "HomeCurrency": ["value": "USD"]],
            "TaxPrefs": ["UsingSalesTax": true, "PartnerTaxEnabled": true],
            "ProductAndServicesPrefs": ["ForSales": true, "ForPurchase": true, "QuantityWithPriceAndRate": true, "QuantityOnHand": true],
            "MetaData": ["CreateTime": stamp, "LastUpdatedTime": stamp],
        ]
    }
}
