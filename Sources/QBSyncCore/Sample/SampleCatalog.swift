/// The clinic's reference data: locations, payment methods and third-party payers. (Items are in
/// `SampleItemCatalog`.) Names are those of real insurers and programs a California clinic bills;
/// addresses and phone numbers are made up.
enum SampleCatalog {
    /// A clinic location and the prefix of its sale numbers.
    struct Location {
        var name: String
        var active: Bool
        var numberPrefix: String
    }

    /// The locations: three open, one closed (it keeps its id, nothing new happens there).
    static let locations = [
        Location(name: "Midtown Sacramento", active: true, numberPrefix: "MT-"),
        Location(name: "Roseville – Eureka Rd", active: true, numberPrefix: "RV-"),
        Location(name: "Folsom Lake Hearing Center", active: true, numberPrefix: "FOLSOM-LAKE-26-"),
        Location(name: "Elk Grove (closed)", active: false, numberPrefix: "EG-"),
    ]

    /// Payment methods of every kind the contract knows.
    static let methods: [(name: String, kind: String)] = [
        ("Cash", "cash"), ("Cheque", "check"), ("Visa", "card"), ("Mastercard", "card"),
        ("American Express", "card"), ("Discover", "card"), ("EFT", "eft"),
        ("CareCredit", "financing"), ("Wells Fargo Health Advantage", "financing"),
        ("Gift certificate", "other"),
    ]

    /// A third party and how it behaves.
    struct Payer {
        var name: String
        var address1: String?
        var city: String?
        var region: String?
        var postalCode: String?
        var phone: String?
        var email: String?
        var active: Bool
    }

    /// Insurers and programs: two share a name, some hold colons, one runs past 100 characters,
    /// one carries a trailing blank, two are no longer billed.
    static let payers = [
        Payer(name: "UnitedHealthcare Hearing", address1: "PO Box 30567", city: "Salt Lake City", region: "UT",
              postalCode: "84130-0567", phone: "(855) 523-9355", email: "claims@uhchearing.example.com", active: true),
        Payer(name: "TruHearing", address1: "12936 S Frontrunner Blvd, Suite 100", city: "Draper", region: "UT",
              postalCode: "84020", phone: "(800) 334-1807", email: "providers@truhearing.example.com", active: true),
        Payer(name: "Amplifon Hearing Health Care", address1: "5000 Cheshire Pkwy N", city: "Plymouth", region: "MN",
              postalCode: "55446", phone: "(888) 258-6661", email: nil, active: true),
        Payer(name: "Blue Shield of California", address1: "PO Box 272540", city: "Chico", region: "CA",
              postalCode: "95927-2540", phone: "(800) 541-6652", email: nil, active: true),
        Payer(name: "Blue Shield of California", address1: "PO Box 927", city: "Woodland Hills", region: "CA",
              postalCode: "91365-9927", phone: "(800) 776-4466", email: "medicare.claims@bsc.example.com", active: true),
        Payer(name: "Anthem Blue Cross", address1: "PO Box 60007", city: "Los Angeles", region: "CA",
              postalCode: "90060-0007", phone: "(800) 677-6669", email: nil, active: true),
        Payer(name: "Humana: Medicare Advantage PPO", address1: "PO Box 14601", city: "Lexington", region: "KY",
              postalCode: "40512-4601", phone: "(800) 457-4708", email: nil, active: true),
        Payer(name: "Aetna Medicare: Hearing Benefit (NationsHearing)", address1: "PO Box 981106",
              city: "El Paso", region: "TX", postalCode: "79998", phone: "(877) 225-0137", email: nil, active: true),
        Payer(name: "Kaiser Permanente", address1: "PO Box 12923", city: "Oakland", region: "CA",
              postalCode: "94604-2923", phone: "(800) 464-4000", email: nil, active: true),
        Payer(name: "Medi-Cal (Dept. of Health Care Services)", address1: "PO Box 997413", city: "Sacramento",
              region: "CA", postalCode: "95899-7413", phone: "(800) 541-5555", email: nil, active: true),
        Payer(name: "U.S. Department of Veterans Affairs", address1: "10535 Hospital Way", city: "Mather",
              region: "CA", postalCode: "95655", phone: "(916) 843-7000", email: "fee.basis@va.example.gov", active: true),
        Payer(name: "California Department of Rehabilitation", address1: "721 Capitol Mall", city: "Sacramento",
              region: "CA", postalCode: "95814", phone: "(916) 324-1313", email: nil, active: true),
        Payer(name: "Sertoma Club of Sacramento – Hearing Aid Bank", address1: "PO Box 2281", city: "Sacramento",
              region: "CA", postalCode: "95812", phone: nil, email: "hearingbank@sertoma.example.org", active: true),
        Payer(name: "Northern California Carpenters Trust Fund: Health & Welfare Plan for Active Members, "
              + "Retirees and Their Eligible Dependents (Hearing Benefit)", address1: "265 Hegenberger Rd, Suite 100",
              city: "Oakland", region: "CA", postalCode: "94621", phone: "(510) 633-0333", email: nil, active: true),
        Payer(name: "TRICARE West ", address1: "PO Box 202112", city: "Florence", region: "SC",
              postalCode: "29502-2112", phone: "(844) 866-9378", email: nil, active: true),
        Payer(name: "EPIC Hearing Healthcare", address1: "PO Box 2530", city: "Cypress", region: "CA",
              postalCode: "90630", phone: "(866) 956-5400", email: nil, active: false),
        Payer(name: "Lions Club Hearing Aid Program: Placer County", address1: nil, city: "Auburn", region: "CA",
              postalCode: "95603", phone: nil, email: nil, active: false),
    ]

    /// What a third party pays toward one hearing aid (its benefit), in cents.
    static func benefitPerAid(payerId: Int) -> Int {
        [50_000, 75_000, 100_000, 125_000, 150_000, 200_000, 250_000][payerId % 7]
    }

    /// The weekday (1 = Monday ... 5 = Friday) a third party sends its remittances.
    static func remittanceWeekday(payerId: Int) -> Int { 1 + payerId % 5 }

    /// How many days a third party takes to pay a claim.
    static func paymentLagDays(payerId: Int) -> Int { 10 + (payerId * 13) % 35 }

    /// True for the third parties that often pay less than billed (the rest is written off as a
    /// contractual adjustment).
    static func paysShort(payerId: Int) -> Bool { payerId % 4 == 0 }

    /// The OMS users: front desk per location, audiologists, billing, the administrator.
    static let frontDesk = ["mgarcia", "tnguyen", "kpatel", "jwilliams"]
    static let audiologists = ["dr.chen", "dr.okafor", "dr.martínez"]
    static let billing = "billing.lee"
    static let admin = "admin"
    static let importer = "data.import"
}
