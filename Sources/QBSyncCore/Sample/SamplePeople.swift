import Foundation

/// Makes up patients and their contact details, with the untidiness of real charts: accents,
/// emoji, stray blanks, notes that name relatives or other patients and carry phone numbers.
enum SamplePeople {
    /// A new patient created at `time` (on day `today`), whose notes may mention `other`.
    static func makePatient(
        id: Int, time: String, today: Int, other: PatientRow?, rng: inout SampleRandom
    ) -> PatientRow {
        var first = rng.pick(SampleNames.firstNames)
        if rng.chance(0.005) { first = rng.pick(SampleNames.playfulFirstNames) }
        var last = rng.pick(SampleNames.lastNames)
        if rng.chance(0.01) { first += " " } else if rng.chance(0.005) { last = " " + last }
        let town = SampleNames.towns[rng.weighted(SampleNames.towns.map(\.weight))]
        let hasAddress = rng.chance(0.96)
        let payers = SampleCatalog.payers.count
        return PatientRow(
            id: id,
            chartNumber: rng.chance(0.98) ? "C" + SampleCalendar.pad(20_000 + id, 6) : nil,
            firstName: first,
            middleName: rng.chance(0.45) ? rng.pick(SampleNames.middleNames) : nil,
            lastName: last,
            dateOfBirth: rng.chance(0.99) ? SampleCalendar.string(birthDay(today: today, rng: &rng)) : nil,
            address1: hasAddress ? "\(rng.int(100...9899)) \(rng.pick(SampleNames.streets))" : nil,
            address2: hasAddress && rng.chance(0.2) ? rng.pick(SampleNames.secondLines) : nil,
            city: hasAddress ? town.city : nil,
            region: hasAddress ? town.region : nil,
            postalCode: hasAddress ? town.zip + (rng.chance(0.1) ? "-" + SampleCalendar.pad(rng.int(1...9999), 4) : "") : nil,
            country: hasAddress ? countries[rng.int(below: countries.count)] : nil,
            homePhone: rng.chance(0.6) ? phone(&rng) : nil,
            mobilePhone: rng.chance(0.75) ? phone(&rng) : nil,
            email: rng.chance(0.55) ? email(first: first, last: last, rng: &rng) : nil,
            insuranceMemberId: rng.chance(0.55) ? memberId(payerId: 1 + (id * 7919) % payers, rng: &rng) : nil,
            notes: rng.chance(0.6) ? SamplePatientNotes.note(other: other, rng: &rng) : nil,
            locationId: rng.chance(0.02) ? nil : [1, 1, 1, 2, 2, 3, 3, 4][rng.int(below: 8)],
            status: "active",
            updatedAt: time)
    }

    /// How the country column is filled in: mostly "US", sometimes spelled otherwise or left out.
    static let countries: [String?] = ["US", "US", "US", "US", "US", "US", "USA", nil]

    /// The third party a patient's insurance member id belongs to (nil without one).
    static func payerId(of patient: PatientRow, payerCount: Int) -> Int? {
        guard patient.insuranceMemberId != nil, payerCount > 0 else { return nil }
        return 1 + (patient.id * 7919) % payerCount
    }

    /// A birthday: mostly people in their sixties to nineties, a few children and younger adults.
    static func birthDay(today: Int, rng: inout SampleRandom) -> Int {
        let bands = [(2, 17, 3), (18, 49, 7), (50, 64, 20), (65, 79, 40), (80, 99, 30)]
        let band = bands[rng.weighted(bands.map(\.2))]
        return today - rng.int(band.0...band.1) * 365 - rng.int(0...364)
    }

    /// A phone number in the fictional 555-01xx range.
    static func phone(_ rng: inout SampleRandom) -> String {
        let number = "555-01" + SampleCalendar.twoDigits[rng.int(below: 100)]
        switch rng.int(below: 5) {
        case 0: return rng.pick(SampleNames.areaCodes) + "-" + number
        case 1: return rng.pick(SampleNames.areaCodes) + "." + number.replacingOccurrences(of: "-", with: ".")
        default: return "(" + rng.pick(SampleNames.areaCodes) + ") " + number
        }
    }

    /// An e-mail address at a reserved example domain, built from the name the way people do.
    static func email(first: String, last: String, rng: inout SampleRandom) -> String {
        let f = asciiLetters(first), l = asciiLetters(last)
        let domain = rng.pick(SampleNames.emailDomains)
        switch rng.int(below: 4) {
        case 0: return "\(f).\(l)@\(domain)"
        case 1: return "\(f.prefix(1))\(l)\(rng.int(1...99))@\(domain)"
        case 2: return "\(l)\(f.prefix(1))@\(domain)"
        default: return "\(f)\(l)\(rng.int(1940...2005))@\(domain)"
        }
    }

    /// Lower-case ASCII letters of a name: accents folded, everything else dropped.
    static func asciiLetters(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let letters = folded.unicodeScalars.filter { $0.isASCII && CharacterSet.letters.contains($0) }
        let word = String(String.UnicodeScalarView(letters)).lowercased()
        return word.isEmpty ? "patient" : word
    }

    /// A health-plan member id in the style of the plan: Medicare-style MBIs, letter prefixes,
    /// plain digits.
    static func memberId(payerId: Int, rng: inout SampleRandom) -> String {
        let letters = Array("ACDEFGHJKMNPQRTUVWXY"), digits = Array("0123456789")
        func draw(_ pool: [Character], _ n: Int) -> String {
            String((0..<n).map { _ in pool[rng.int(below: pool.count)] })
        }
        switch payerId % 4 {
        case 0:
            return draw(Array("123456789"), 1) + draw(letters, 1) + draw(letters + digits, 1) + draw(digits, 1)
                + draw(letters, 1) + draw(letters + digits, 1) + draw(digits, 1) + draw(letters, 2) + draw(digits, 2)
        case 1: return "XEH" + draw(digits, 9)
        case 2: return "W" + draw(digits, 9) + (rng.chance(0.3) ? " 01" : "")
        default: return draw(digits, 11)
        }
    }
}
