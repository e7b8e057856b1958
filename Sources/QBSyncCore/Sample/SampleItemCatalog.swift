/// The clinic's price list on the first day: hearing-aid models of eight manufacturers at four
/// technology levels, options, batteries, accessories, services (with their CPT/HCPCS codes as
/// SKU), repairs, fees and the write-off item. Prices are typical US list prices in cents.
enum SampleItemCatalog {
    /// One item as the catalog first lists it.
    struct Item {
        var kind: String
        var name: String
        var sku: String?
        var manufacturer: String?
        var priceCents: Int
        var taxable: Bool
        var active = true
    }

    /// Hearing-aid families: manufacturer, SKU code, and models as (name, technology level 1-4,
    /// still sold).
    static let families: [(manufacturer: String, code: String, models: [(String, Int, Bool)])] = [
        ("Phonak", "PHO", [("Audéo Lumity L90-R", 1, true), ("Audéo Lumity L70-R", 2, true),
                           ("Audéo Lumity L50-R", 3, true), ("Audéo Lumity L30-R", 4, true),
                           ("Audéo Sphere Infinio 90", 1, true), ("Naída Lumity L90-UP", 1, true),
                           ("Virto Paradise P90-312", 1, false), ("Slim Lumity L70", 2, true)]),
        ("Oticon", "OTI", [("Intent 1 miniRITE R", 1, true), ("Intent 2 miniRITE R", 2, true),
                           ("Intent 3 miniRITE R", 3, true), ("Real 1 miniRITE T R", 1, false),
                           ("Own 1 CIC", 1, true), ("Xceed 1 UP BTE", 1, true)]),
        ("Signia", "SIG", [("Pure Charge&Go 7IX", 1, true), ("Pure Charge&Go 5IX", 2, true),
                           ("Pure Charge&Go 3IX", 3, true), ("Styletto 7IX", 1, true),
                           ("Silk Charge&Go 7IX", 1, true), ("Insio 5AX ITC", 2, false)]),
        ("ReSound", "RES", [("Nexia 9 RIE 60", 1, true), ("Nexia 7 RIE 60", 2, true),
                            ("OMNIA 9 RIE 61", 1, true), ("ONE 9 RIE 61", 1, false), ("Key 4 BTE 88", 4, true)]),
        ("Widex", "WDX", [("Moment SmartRIC 440", 1, true), ("Moment SmartRIC 330", 2, true),
                          ("Moment Sheer sRIC R D 440", 1, true), ("Allure RIC R 220", 3, true)]),
        ("Starkey", "STK", [("Genesis AI 24 mRIC R", 1, true), ("Genesis AI 20 mRIC R", 2, true),
                            ("Genesis AI 16 mRIC R", 3, true), ("Edge AI 24 custom ITE", 1, true),
                            ("Evolv AI 2400 RIC 312", 1, false)]),
        ("Unitron", "UNI", [("Vivante V-R 9", 1, true), ("Vivante V-R 7", 2, true), ("Moxi Blu 5", 3, true)]),
        ("Bernafon", "BER", [("Encanta 9 miniRITE R", 1, true), ("Alpha 5 miniRITE T", 3, true)]),
    ]

    /// The price of one hearing aid at a technology level (1 premium ... 4 essential).
    static func hearingAidPrice(level: Int, variant: Int) -> Int {
        let base = [0, 349_500, 279_500, 199_500, 129_500][level]
        return base + (variant % 3) * 10_000
    }

    /// Every item of the first day, in id order.
    static var items: [Item] {
        var list: [Item] = []
        for family in families {
            for (index, model) in family.models.enumerated() {
                let sku = "HA-\(family.code)-" + SampleCalendar.pad(index + 1, 2) + "L\(model.1)"
                list.append(Item(kind: "hearing_aid", name: "\(family.manufacturer) \(model.0)", sku: sku,
                                 manufacturer: family.manufacturer,
                                 priceCents: hearingAidPrice(level: model.1, variant: index),
                                 taxable: false, active: model.2))
            }
        }
        return list + options + batteries + accessories + services + repairs + fees
    }

    static let options = [
        Item(kind: "option", name: "Open dome (10 pack)", sku: "OPT-DOME-OPEN", manufacturer: nil, priceCents: 1_500, taxable: false),
        Item(kind: "option", name: "Closed dome (10 pack)", sku: "OPT-DOME-CLOSED", manufacturer: nil, priceCents: 1_500, taxable: false),
        Item(kind: "option", name: "Power dome (10 pack)", sku: "OPT-DOME-POWER", manufacturer: nil, priceCents: 1_800, taxable: false),
        Item(kind: "option", name: "Receiver, size M", sku: "OPT-RCV-M", manufacturer: nil, priceCents: 12_500, taxable: false),
        Item(kind: "option", name: "Receiver, size P (power)", sku: "OPT-RCV-P", manufacturer: nil, priceCents: 15_000, taxable: false),
        Item(kind: "option", name: "Receiver, size UP", sku: "OPT-RCV-UP", manufacturer: nil, priceCents: 17_500, taxable: false),
        Item(kind: "option", name: "Custom earmold, acrylic", sku: "OPT-MOLD-ACR", manufacturer: nil, priceCents: 9_500, taxable: false),
        Item(kind: "option", name: "Custom earmold, silicone", sku: "OPT-MOLD-SIL", manufacturer: nil, priceCents: 11_000, taxable: false),
        Item(kind: "option", name: "Custom receiver shell (cShell)", sku: "OPT-MOLD-CSHELL", manufacturer: "Phonak", priceCents: 24_900, taxable: false),
        Item(kind: "option", name: "PartnerMic remote microphone", sku: "OPT-MIC-PARTNER", manufacturer: "Phonak", priceCents: 29_900, taxable: true),
        Item(kind: "option", name: "ConnectClip remote microphone", sku: "OPT-MIC-CONNECT", manufacturer: "Oticon", priceCents: 34_900, taxable: true),
        Item(kind: "option", name: "Multi Mic", sku: "OPT-MIC-MULTI", manufacturer: "ReSound", priceCents: 32_900, taxable: true),
        Item(kind: "option", name: "Roger On iN", sku: "OPT-MIC-ROGER", manufacturer: "Phonak", priceCents: 149_900, taxable: true),
        Item(kind: "option", name: "TV Streamer 2.4", sku: "OPT-MIC-TV", manufacturer: "Signia", priceCents: 29_900, taxable: true),
        Item(kind: "option", name: "Extended warranty, one more year", sku: "OPT-WAR-1Y", manufacturer: nil, priceCents: 25_000, taxable: false),
        Item(kind: "option", name: "Loss & damage cover, 3 years", sku: "OPT-WAR-LD3", manufacturer: nil, priceCents: 35_000, taxable: false),
        Item(kind: "option", name: "Tinnitus sound generator unlock", sku: "OPT-TIN", manufacturer: nil, priceCents: 20_000, taxable: false, active: false),
    ]

    static let batteries = [
        Item(kind: "battery", name: "Battery size 10 (yellow), 60 pack", sku: "BAT-10-60", manufacturer: "Rayovac", priceCents: 4_500, taxable: true),
        Item(kind: "battery", name: "Battery size 312 (brown), 60 pack", sku: "BAT-312-60", manufacturer: "Rayovac", priceCents: 4_500, taxable: true),
        Item(kind: "battery", name: "Battery size 13 (orange), 60 pack", sku: "BAT-13-60", manufacturer: "Rayovac", priceCents: 4_500, taxable: true),
        Item(kind: "battery", name: "Battery size 675 (blue), 60 pack", sku: "BAT-675-60", manufacturer: "Power One", priceCents: 4_900, taxable: true),
        Item(kind: "battery", name: "Battery size 312, 8 pack", sku: "BAT-312-8", manufacturer: "Power One", priceCents: 950, taxable: true),
        Item(kind: "battery", name: "Battery size 13, 8 pack", sku: "BAT-13-8", manufacturer: "Power One", priceCents: 950, taxable: true),
        Item(kind: "battery", name: "Battery size 5 (red), 8 pack", sku: "BAT-5-8", manufacturer: "Rayovac", priceCents: 1_200, taxable: true, active: false),
    ]

    static let accessories = [
        Item(kind: "accessory", name: "Cleaning kit", sku: "ACC-CLEAN", manufacturer: nil, priceCents: 1_995, taxable: true),
        Item(kind: "accessory", name: "Dry & Store Global II", sku: "ACC-DRY", manufacturer: "Dry & Store", priceCents: 14_900, taxable: true),
        Item(kind: "accessory", name: "Wax guards (CeruShield, 8)", sku: "ACC-WAX-CS", manufacturer: "Phonak", priceCents: 1_295, taxable: true),
        Item(kind: "accessory", name: "Wax guards (ProWax miniFit, 6)", sku: "ACC-WAX-PW", manufacturer: "Oticon", priceCents: 1_295, taxable: true),
        Item(kind: "accessory", name: "Charger case", sku: "ACC-CHG", manufacturer: nil, priceCents: 17_500, taxable: true),
        Item(kind: "accessory", name: "Cleaning wipes (25)", sku: "ACC-WIPES", manufacturer: nil, priceCents: 895, taxable: true),
        Item(kind: "accessory", name: "Ear Gear sweatband", sku: "ACC-EARGEAR", manufacturer: nil, priceCents: 3_495, taxable: true),
        Item(kind: "accessory", name: "Amplified telephone", sku: "ACC-PHONE", manufacturer: "Clarity", priceCents: 14_900, taxable: true),
        Item(kind: "accessory", name: "Safety clip / lanyard", sku: "ACC-CLIP", manufacturer: nil, priceCents: 795, taxable: true),
    ]

    static let services = [
        Item(kind: "service", name: "Comprehensive audiological evaluation", sku: "92557", manufacturer: nil, priceCents: 15_000, taxable: false),
        Item(kind: "service", name: "Hearing aid fitting & orientation", sku: "V5011", manufacturer: nil, priceCents: 25_000, taxable: false),
        Item(kind: "service", name: "Real-ear verification", sku: "V5020", manufacturer: nil, priceCents: 7_500, taxable: false),
        Item(kind: "service", name: "Hearing aid check & clean", sku: "SVC-CHK", manufacturer: nil, priceCents: 2_500, taxable: false),
        Item(kind: "service", name: "Cerumen removal", sku: "69210", manufacturer: nil, priceCents: 7_500, taxable: false),
        Item(kind: "service", name: "Tinnitus counselling (per hour)", sku: "92625", manufacturer: nil, priceCents: 12_000, taxable: false),
        Item(kind: "service", name: "Tympanometry", sku: "92567", manufacturer: nil, priceCents: 4_500, taxable: false),
        Item(kind: "service", name: "Ear impression", sku: "V5275", manufacturer: nil, priceCents: 4_000, taxable: false),
        Item(kind: "service", name: "Follow-up visit (no charge)", sku: nil, manufacturer: nil, priceCents: 0, taxable: false),
    ]

    static let repairs = [
        Item(kind: "repair", name: "In-office repair", sku: "V5014", manufacturer: nil, priceCents: 4_500, taxable: false),
        Item(kind: "repair", name: "Manufacturer repair, out of warranty", sku: "RPR-MFR", manufacturer: nil, priceCents: 28_900, taxable: false),
        Item(kind: "repair", name: "Loss & damage claim deductible", sku: "RPR-LD", manufacturer: nil, priceCents: 25_000, taxable: false),
        Item(kind: "repair", name: "Repair parts", sku: "RPR-PARTS", manufacturer: nil, priceCents: 1_500, taxable: true),
    ]

    static let fees = [
        Item(kind: "fee", name: "Missed appointment fee", sku: "FEE-NOSHOW", manufacturer: nil, priceCents: 5_000, taxable: false),
        Item(kind: "fee", name: "Restocking fee (trial return)", sku: "FEE-RESTOCK", manufacturer: nil, priceCents: 15_000, taxable: false),
        Item(kind: "fee", name: "Records copy fee", sku: "FEE-RECORDS", manufacturer: nil, priceCents: 1_000, taxable: false),
        Item(kind: "fee", name: "Rush shipping", sku: "FEE-SHIP", manufacturer: nil, priceCents: 2_500, taxable: true),
        Item(kind: "fee", name: "Late payment fee", sku: "FEE-LATE", manufacturer: nil, priceCents: 1_500, taxable: false, active: false),
        Item(kind: "write_off", name: "Write-off / adjustment", sku: "ADJ", manufacturer: nil, priceCents: 0, taxable: false),
    ]
}
