import Foundation
import QBSyncXML

/// The Desktop load's first step: a new Desktop company's chart comes from an industry template,
/// so the income and write-off accounts the pipeline maps to (`Sales`, `Service Income`, `Bad
/// Debt`) are often missing. They are looked up by `FullName` (inactive ones too) and the
/// missing ones created, all in one set each way, before any batch. The accounts money moves
/// through (deposit, refund-from) are never created: a company that lacks them refuses the
/// documents naming them (3140), naming the account.
///
/// Safe to repeat: an account created by a set whose answer was lost is found by the next
/// load's query and not created again.
struct DesktopAccounts {
    let edition: DesktopEdition

    /// The accounts the pipeline maps to that qbsync may create, with their Desktop type.
    static func creatable(_ mapping: PipelineSettings.MappingSettings) -> [(name: String, type: String)] {
        var out: [(String, String)] = []
        for name in Set(mapping.incomeAccounts.filter { $0.key != "write_off" }.values).sorted() { out.append((name, "Income")) }
        if !out.contains(where: { $0.0 == mapping.writeOffAccount }) { out.append((mapping.writeOffAccount, "Expense")) }
        return out
    }

    /// How many sets an account is sent in while QuickBooks answers that it cannot now (a list
    /// in use, a lock, QuickBooks busy) before the load stops for a later one.
    static let attempts = 4

    /// Creates what is missing; returns the names created.
    func run(_ mapping: PipelineSettings.MappingSettings) async throws -> [String] {
        let wanted = Self.creatable(mapping)
        let queries = DesktopQueries(edition: edition)
        let found = try await queries.find(wanted.map { edition.accountLookup(name: $0.name) })
        var missing = wanted.filter { (found[edition.accountLookup(name: $0.name).foundKey] ?? []).isEmpty }
        var created: [String] = []
        for attempt in 1...Self.attempts where !missing.isEmpty {
            let answer = try await queries.run(Self.requests(missing))
            var again: [(name: String, type: String)] = []
            for (index, account) in missing.enumerated() {
                let response = answer.responses["a\(index)"]
                let code = response?.attribute("statusCode")
                let message = response?.attribute("statusMessage") ?? "no answer"
                if code == "0" { created.append(account.name) }
                // 3100: it exists after all (another user added it meanwhile): nothing to create.
                if code == "0" || code == "3100" { continue }
                // Nothing changed: QuickBooks could not do it now, or stopped before it (3231).
                let status = code.flatMap(Int.init).map { DesktopStatus(statusCode: $0, message: message) }
                guard status == .retryNextUpdate || status == .notProcessed else {
                    throw QuickBooksAPIFailure.refused(
                        status: 0, code: code,
                        message: "QuickBooks Desktop did not create the account \"\(account.name)\" (\(message)): create it as an \(account.type) account in QuickBooks, then load again")
                }
                guard attempt < Self.attempts else {
                    throw QuickBooksAPIFailure.gaveUp(
                        "QuickBooks Desktop could not create the account \"\(account.name)\" now (code \(code ?? "?"): \(message)): close what is open in QuickBooks (the chart of accounts, a record being edited)")
                }
                again.append(account)
            }
            missing = again
        }
        return created
    }

    private static func requests(_ accounts: [(name: String, type: String)]) -> [XMLTreeElement] {
        accounts.enumerated().map { index, account in
            XMLTreeElement(
                "AccountAddRq", attributes: [.init("requestID", "a\(index)")],
                children: [XMLTreeElement("AccountAdd", children: [.leaf("Name", String(account.name.prefix(31))), .leaf("AccountType", account.type)])])
        }
    }
}
