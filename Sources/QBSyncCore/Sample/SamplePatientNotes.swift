/// The free-text notes front desks keep on a chart: preferences, relatives' phone numbers, other
/// patients' names, clinical remarks, tabs and line breaks, and now and then a 2,000-character
/// history pasted from somewhere else.
enum SamplePatientNotes {
    static let plain = [
        "Prefers afternoon appointments.",
        "Hard of hearing on the phone: e-mail or text only.",
        "Tinnitus R>L. Sensitive to loud sounds.",
        "Uses captioned phone; speak slowly and face the patient.",
        "VA patient: check authorization before ordering.",
        "Allergic to silicone\tuse acrylic molds only.",
        "Wheelchair user, needs the ground-floor room.",
        "Prefiere español; su hija interpreta.",
        "Lost left aid last spring, L&D claim filed with manufacturer.",
        "Pays by cheque only. Balance reminders by mail, not phone.",
        "Do not discuss the account with the son.",
        "Dexterity issues: rechargeable only, no small batteries.",
        "Cochlear implant candidate? Refer to UC Davis if scores drop.",
        "Always late, book the last slot of the day.",
        "Loves the new aids! 😊",
        "Cleaning every 3 months 👂 reminder set.",
        "   Retired teacher.  ",
    ]

    /// A note, sometimes naming `other` (another patient) or carrying a phone number.
    static func note(other: PatientRow?, rng: inout SampleRandom) -> String {
        var parts: [String] = [rng.pick(plain)]
        if rng.chance(0.15) {
            let relation = rng.pick(SampleNames.relations)
            let name = rng.pick(SampleNames.firstNames)
            parts.append("Call \(relation) \(name) at \(SamplePeople.phone(&rng)) before scheduling.")
        }
        if let other, rng.chance(0.12) {
            parts.append(
                rng.chance(0.5)
                    ? "\(other.fullName) (\(rng.pick(SampleNames.relations))) is also a patient here."
                    : "Referred by \(other.fullName).")
        }
        if rng.chance(0.05) { parts.append(rng.pick(plain)) }
        var text = parts.joined(separator: rng.chance(0.2) ? "\n" : " ")
        if rng.chance(0.01) { text += "\n" + history(rng: &rng) }
        return text
    }

    /// A long visit history as it appears when notes are pasted from an old system.
    static func history(rng: inout SampleRandom) -> String {
        let visits = [
            "check & clean, no issues", "replaced domes", "new wax guards", "feedback on the right, re-fit",
            "program 2 added for restaurants", "battery door broken, sent for repair", "real-ear redone",
        ]
        var text = "History imported from AudiTrak:"
        var year = 2011
        while text.count < 1_950 {
            text += "\n\(year)-" + SampleCalendar.twoDigits[rng.int(1...12)] + "-"
                + SampleCalendar.twoDigits[rng.int(1...28)] + ": " + rng.pick(visits) + "."
            if rng.chance(0.4) { year += 1 }
        }
        return String(text.prefix(2_000))
    }
}
