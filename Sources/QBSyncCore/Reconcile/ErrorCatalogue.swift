/// What went wrong with one item, in plain words, and the concrete next step.
public struct FailureAdvice: Sendable, Equatable {
    /// The QuickBooks fault code (`6240`) or the pipeline's own (`oms-invalid`); nil when none was given.
    public var code: String?
    /// A few words naming the problem: "duplicate name", "closed accounting period".
    public var title: String
    /// What happened to the item.
    public var reason: String
    /// What to do: names the command to run or the pipeline setting to change.
    public var resolution: String

    /// The reason and the resolution as one message (what the ledger stores for a QuickBooks fault).
    public var message: String { resolution.isEmpty ? reason : reason + " " + resolution }
}

/// Every QuickBooks fault code the pipeline can meet and every failure the pipeline reports
/// itself, each with a plain explanation and a next step that names the command to run or the
/// pipeline setting to change. Unknown codes fall back to QuickBooks's own message and detail.
public enum ErrorCatalogue {
    /// The message the reconcile records for a failed operation of `ref`: reason and next step.
    public static func explain(
        code: String?, message: String?, detail: String?, ref: String, entity: String, edition: Edition = .online
    ) -> String {
        advice(code: code, message: message, detail: detail, ref: ref, entity: entity, edition: edition).message
    }

    /// Advice from QuickBooks's answer (or a local failure) for `ref`'s `entity` (`Invoice`...).
    public static func advice(
        code: String?, message: String?, detail: String?, ref: String, entity: String, edition: Edition = .online
    ) -> FailureAdvice {
        let said = [message, detail].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        let entry = self.entry(code: code, ref: ref, message: said, edition: edition)
        let what = "\(ref): QuickBooks refused the \(entity.isEmpty ? "request" : edition.label(entity).lowercased())"
        let reason: String
        switch entry.kind {
        case .quickBooks(let explanation):
            let quoted = said.isEmpty ? "" : " QuickBooks said: \(said)" + (said.hasSuffix(".") ? "" : ".")
            reason = "\(what): \(explanation) (code \(code ?? "?")).\(quoted)"
        case .local:
            // The pipeline's own messages already name the item and say what is wrong.
            reason = said.isEmpty ? "\(ref): \(entry.title)." : said
        case .unknown:
            if let code, !code.isEmpty {
                reason = "\(what) (code \(code))" + (said.isEmpty ? "." : ": \(said).")
            } else {
                reason = said.isEmpty ? "\(what) without saying why." : "\(ref): \(said)"
            }
        }
        // A local message that already names its command stands alone.
        let resolution = entry.kind == .local && said.contains("'qbsync ") ? "" : entry.resolution
        return FailureAdvice(code: code, title: entry.title, reason: reason, resolution: resolution)
    }

    /// Advice for an item the ledger holds as failed: its recorded message is the reason (less
    /// the next step when the message already ends with it), the catalogue gives the next step.
    public static func advice(for item: ItemRecord, edition: Edition = .online) -> FailureAdvice {
        let stored = item.message ?? ""
        let entry = self.entry(code: item.code, ref: item.ref, message: stored, edition: edition)
        var reason = stored.isEmpty ? "\(item.ref): failed without a recorded reason." : stored
        if !entry.resolution.isEmpty, reason.hasSuffix(" " + entry.resolution) {
            reason = String(reason.dropLast(entry.resolution.count + 1))
        } else {
            reason = withoutNextStep(reason)
        }
        return FailureAdvice(code: item.code, title: entry.title, reason: reason, resolution: entry.resolution)
    }

    /// `message` less its closing sentences that name a command ("... Correct it in the OMS, then
    /// 'qbsync retry sale:8'."), which the resolution says again; a message that is only such a
    /// sentence stays whole.
    static func withoutNextStep(_ message: String) -> String {
        var sentences: [Substring] = []
        var start = message.startIndex
        var index = message.startIndex
        while index < message.endIndex {
            let next = message.index(after: index)
            if message[index] == ".", next < message.endIndex, message[next] == " ",
                let first = message[message.index(after: next)...].first, first.isUppercase
            {
                sentences.append(message[start...index])
                start = message.index(after: next)
            }
            index = next
        }
        sentences.append(message[start...])
        while sentences.count > 1, sentences.last!.contains("'qbsync ") { sentences.removeLast() }
        return sentences.joined(separator: " ")
    }

    /// Whether the catalogue knows `code` for `edition` (every code `knownCodes` or `desktopCodes` lists).
    public static func isKnown(_ code: String, edition: Edition = .online) -> Bool {
        if case .unknown = entry(code: code, ref: "x:1", message: "", edition: edition).kind { return false }
        return true
    }

    /// Every code with an entry of its own: QuickBooks's, then the pipeline's.
    public static let knownCodes: [String] =
        quickBooksCodes + ["oms-invalid", "oms-missing", "oms-allocation", "oms-no-lines", "oms-payer", "oms-overapplied", "oms-application",
        "deposited", "posted-change", "opening-balance-changed", "dependency-failed",
        "unsupported", "amount-mismatch", "no-answer", "no-entity", "no-id", "http-400", "http-500", "closed-period",
        "account-missing", "account-inactive", "reference-missing", "reference-inactive"]

    /// The QuickBooks fault codes with an entry (qbo-api.md's list and the faults the sandbox gives).
    public static let quickBooksCodes = [
        "120", "500", "610", "620", "630", "1040", "2010", "2020", "2050", "2500", "3001", "3100", "3200", "4000", "4001",
        "5010", "6000", "6070", "6140", "6190", "6200", "6210", "6240", "6540",
    ]
}
