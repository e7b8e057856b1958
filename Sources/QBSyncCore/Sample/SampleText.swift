/// The free text staff type on documents: sale memos, payment references and memos, return and
/// write-off reasons. Some of it names the patient, as real memos do.
enum SampleText {
    static func saleMemo(patient: PatientRow, rng: inout SampleRandom) -> String? {
        guard rng.chance(0.2) else { return nil }
        let memos = [
            "Trial period 45 days.", "Patient wants rechargeable next time.", "Follow-up in 2 weeks.",
            "Paid by daughter over the phone.", "For \(patient.fullName)", "Remake: shell cracked",
            "Ordered from manufacturer, ETA 5 business days", "Bring old aids for trade-in: credit applied",
            "Insurance auth #A\(rng.int(100_000...999_999)) on file", "Called \(patient.firstName.trimmingBlanks) re: balance",
        ]
        return rng.pick(memos)
    }

    /// What a payment's reference column holds for a method kind: cheque numbers, card
    /// authorisations, transfer traces, financing account endings.
    static func reference(methodKind: String, date: String, rng: inout SampleRandom) -> String? {
        switch methodKind {
        case "check": return "Chq #" + SampleCalendar.pad(rng.int(100...9_999), 4)
        case "card":
            return rng.chance(0.5)
                ? "AUTH " + SampleCalendar.pad(rng.int(0...999_999), 6)
                : "****" + SampleCalendar.pad(rng.int(0...9_999), 4) + " auth " + SampleCalendar.pad(rng.int(0...999_999), 6)
        case "eft": return "EFT TRN " + date.replacingOccurrences(of: "-", with: "") + "-" + SampleCalendar.pad(rng.int(0...99_999), 5)
        case "financing": return "Acct ending " + SampleCalendar.pad(rng.int(0...9_999), 4) + ", promo 12 mo"
        case "other": return "GC-" + SampleCalendar.pad(rng.int(1...999), 3)
        default: return nil
        }
    }

    static func paymentMemo(patient: PatientRow?, rng: inout SampleRandom) -> String? {
        guard rng.chance(0.15) else { return nil }
        var memos = ["Paid at front desk", "Paid by phone", "Mailed in", "Left in drop box", "Pd in full, thank you"]
        if let patient {
            memos += ["Paid by son for \(patient.fullName)", "\(patient.lastName.trimmingBlanks) family account"]
        }
        return rng.pick(memos)
    }

    static func returnReason(rng: inout SampleRandom) -> String {
        rng.pick([
            "Returned within 45-day trial: not satisfied with sound quality.",
            "Trial return: constant feedback, chose another model.",
            "Trial return, could not manage the small batteries",
            "Returned: patient moved out of state.",
            "Cost. Will try OTC aids instead.",
            "Returned within trial; patient hospitalized.\nDaughter brought them in.",
        ])
    }

    static func writeOffReason(payer: Bool, rng: inout SampleRandom) -> String {
        payer
            ? rng.pick(["Contractual adjustment per EOB", "Payer allowed amount", "Denied: timely filing", "CO-45 adjustment"])
            : rng.pick(["Small balance write-off", "Courtesy adjustment", "Senior discount applied late",
                        "Missed appointment fee waived", "Uncollectible: sent 3 statements"])
    }

    static func refundMemo(kind: RefundKind, rng: inout SampleRandom) -> String? {
        switch kind {
        case .trialReturn: return rng.pick(["Trial return refund", "Refund of return credit", "Refund of trial credit, per policy"])
        case .deposit: return rng.pick(["Order cancelled: deposit refunded", "Deposit refund, changed mind"])
        case .overpayment: return rng.pick(["Overpayment refund", "Duplicate payment refunded", nil])
        case .reissue: return "Re-issued refund (first one voided)"
        }
    }

    /// Why money is paid back.
    enum RefundKind { case trialReturn, deposit, overpayment, reissue }
}
