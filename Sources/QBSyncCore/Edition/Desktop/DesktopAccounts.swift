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

    /// Creates what is missing; returns the names created.
    func run(_ mapping: PipelineSettings.MappingSettings) async throws -> [String] {
        let wanted = Self.creatable(mapping)
        let queries = DesktopQueries(edition: edition)
        let found = try await queries.find(wanted.map { edition.accountLookup(name: $0.name) })
        let missing = wanted.filter { (found[edition.accountLookup(name: $0.name).foundKey] ?? []).isEmpty }
        guard !missing.isEmpty else { return [] }
        let requests = missing.enumerated().map { index, account in
            XMLTreeElement(
                "AccountAddRq", attributes: [.init("requestID", "a\(index)")],
                children: [XMLTreeElement("AccountAdd", children: [.leaf("Name", String(account.name.prefix(31))), .leaf("AccountType", account.type)])])
        }
        let answer = try await queries.run(requests)
        var created: [String] = []
        for (index, account) in missing.enumerated() {
            let code = answer.responses["a\(index)"]?.attribute("statusCode")
            // 3100: it exists after all (another user added it meanwhile): nothing to create.
            guard code == "0" || code == "3100" else {
                throw QuickBooksAPIFailure.refused(
                    status: 0, code: code,
                    message: "QuickBooks Desktop did not create the account \"\(account.name)\" (\(answer.responses["a\(index)"]?.attribute("statusMessage") ?? "no answer")): create it as an \(account.type) account in QuickBooks, then load again")
            }
            if code == "0" { created.append(account.name) }
        }
        return created
    }
}
