/// The items and payment methods the simulated staff reach for, by role, built from the book's
/// current catalog (so it works the same on a loaded database). Only active items are offered.
struct SampleCatalogIndex {
    var hearingAids: [Int] = []
    var domes: [Int] = []
    var receivers: [Int] = []
    var molds: [Int] = []
    var microphones: [Int] = []
    var warranties: [Int] = []
    var batteries: [Int] = []
    var accessories: [Int] = []
    var evaluation: Int?
    var fitting: Int?
    var verification: Int?
    var checkAndClean: Int?
    var cerumen: Int?
    var tinnitus: Int?
    var tympanometry: Int?
    var impression: Int?
    var followUp: Int?
    var inOfficeRepair: Int?
    var manufacturerRepair: Int?
    var lossDamage: Int?
    var repairParts: Int?
    var noShowFee: Int?
    var recordsFee: Int?
    var shippingFee: Int?
    /// Payment-method ids by kind.
    var cash: [Int] = []
    var cheque: [Int] = []
    var cards: [Int] = []
    var eft: [Int] = []
    var financing: [Int] = []
    var otherMethods: [Int] = []

    init(book: SampleBook) {
        for item in book.items where item.active {
            let sku = item.sku ?? ""
            switch item.kind {
            case "hearing_aid": hearingAids.append(item.id)
            case "option":
                if sku.hasPrefix("OPT-DOME") { domes.append(item.id) }
                else if sku.hasPrefix("OPT-RCV") { receivers.append(item.id) }
                else if sku.hasPrefix("OPT-MOLD") { molds.append(item.id) }
                else if sku.hasPrefix("OPT-MIC") { microphones.append(item.id) }
                else if sku.hasPrefix("OPT-WAR") { warranties.append(item.id) }
            case "battery": batteries.append(item.id)
            case "accessory": accessories.append(item.id)
            default: break
            }
        }
        evaluation = Self.find("92557", in: book)
        fitting = Self.find("V5011", in: book)
        verification = Self.find("V5020", in: book)
        checkAndClean = Self.find("SVC-CHK", in: book)
        cerumen = Self.find("69210", in: book)
        tinnitus = Self.find("92625", in: book)
        tympanometry = Self.find("92567", in: book)
        impression = Self.find("V5275", in: book)
        followUp = book.items.first(where: { $0.active && $0.kind == "service" && $0.unitPriceCents == 0 })?.id
        inOfficeRepair = Self.find("V5014", in: book)
        manufacturerRepair = Self.find("RPR-MFR", in: book)
        lossDamage = Self.find("RPR-LD", in: book)
        repairParts = Self.find("RPR-PARTS", in: book)
        noShowFee = Self.find("FEE-NOSHOW", in: book)
        recordsFee = Self.find("FEE-RECORDS", in: book)
        shippingFee = Self.find("FEE-SHIP", in: book)
        for method in book.methods {
            switch method.kind {
            case "cash": cash.append(method.id)
            case "check": cheque.append(method.id)
            case "card": cards.append(method.id)
            case "eft": eft.append(method.id)
            case "financing": financing.append(method.id)
            default: otherMethods.append(method.id)
            }
        }
    }

    /// The first active item with this SKU.
    private static func find(_ sku: String, in book: SampleBook) -> Int? {
        book.items.first(where: { $0.active && $0.sku == sku })?.id
    }

    /// A method a patient pays with at the desk: mostly cards, some cash and cheques.
    func patientMethod(_ rng: inout SampleRandom) -> Int {
        let choices = [(cards, 70), (cash, 15), (cheque, 13), (otherMethods, 2)].filter { !$0.0.isEmpty }
        return rng.pick(choices[rng.weighted(choices.map(\.1))].0)
    }

    /// A method a third party pays with: electronic transfer or cheque.
    func payerMethod(payerId: Int) -> Int {
        if payerId % 3 != 0, let eft = eft.first { return eft }
        return cheque.first ?? cards[0]
    }
}
