import Foundation
import Logging
import QBSyncJSON

/// Before a workspace's first load into a company: does the company already hold documents that
/// qbsync posted? A ledger lost with its computer leaves a fresh workspace that knows nothing of
/// them, and its first run would post the books a second time (new pseudonyms for the same
/// patients, payments counted twice). Every document qbsync posts carries its marker
/// (`qbsync sale:283` in its private note), so the run's own documents are looked up by number,
/// a query per 30; one that is there with a qbsync marker stops the load before anything is sent.
///
/// Only documents count: a first load killed after QuickBooks took its first customers, but
/// before the ledger recorded them, has sent no document yet, and resumes as usual.
struct CompanyHistoryCheck {
    let settings: PipelineSettings
    let ledger: Ledger
    let edition: any BooksEdition
    let logger: Logger

    /// Document types whose numbers the check looks up.
    static let documentTypes: Set<String> = ["Invoice", "CreditMemo", "RefundReceipt"]
    /// How many of the run's documents are looked up at most per type: enough to see a company
    /// qbsync has posted to (a first run re-extracts everything), few enough to cost a query or two.
    static let samplePerType = 60

    /// Throws `CompanyHistoryError.postedBefore` when the ledger has never posted to this company
    /// and QuickBooks holds documents qbsync posted (a ledger `qbsync reintegrate` rebuilt knows them).
    func check(_ operations: [PlannedOperation], runID: String) async throws {
        let company = settings.quickbooks.realm ?? ""
        guard try !ledger.holdsPostedObjects(), try ledger.companyStatedNew(company) == nil,
            try ledger.reintegrated(company) == nil
        else { return }
        var lookups: [Lookup] = []
        var perType: [String: Int] = [:]
        for operation in operations where operation.operation == "create" && Self.documentTypes.contains(operation.entity) {
            guard let number = edition.facts(of: edition.plannedBody(of: operation), entity: operation.entity).documentNumber, perType[operation.entity, default: 0] < Self.samplePerType
            else { continue }
            perType[operation.entity, default: 0] += 1
            lookups.append(Lookup(entity: operation.entity, field: "DocNumber", value: number))
        }
        guard !lookups.isEmpty else { return }
        let found: [String: [RemoteRecord]]
        do {
            found = try await edition.find(lookups)
        } catch let failure as QuickBooksAPIFailure {
            throw LoadError(failure, batch: "the check for documents posted before", run: runID)
        }
        var posted: [String] = []
        for lookup in lookups {
            for object in found[lookup.foundKey] ?? [] {
                // Online's note starts with the marker; Desktop's memo is `<OMS number> · qbsync <ref>`.
                guard let note = object.marker, note.hasPrefix("qbsync ") || note.contains(" · qbsync ") else { continue }
                posted.append("\(lookup.entity) \(lookup.value) (\(note))")
            }
        }
        guard !posted.isEmpty else { return }
        logger.warning("the company holds documents qbsync posted, unknown to this ledger", metadata: ["found": "\(posted.count)"])
        // A Desktop company has no realm id to name: it is the file the Web Connector has open.
        throw CompanyHistoryError.postedBefore(company: settings.quickbooks.edition == .desktop ? "" : company, run: runID, examples: Array(posted.prefix(3)), count: posted.count)
    }
}

/// The company holds what qbsync posted from a ledger this workspace does not have (exit code 3).
public enum CompanyHistoryError: LocalizedError, Equatable {
    case postedBefore(company: String, run: String, examples: [String], count: Int)

    public var errorDescription: String? {
        switch self {
        case .postedBefore(let company, let run, let examples, let count):
            "nothing was posted: \(company.isEmpty ? "the QuickBooks Desktop company" : "QuickBooks company \(company)") already holds documents qbsync posted (\(examples.joined(separator: "; "))\(count > examples.count ? " and \(count - examples.count) more" : "")), but this workspace's ledger has no record of posting anything there, so this load would post them again. If this workspace replaces one that was lost, run 'qbsync reintegrate' first: it rebuilds this ledger from what QuickBooks holds and the OMS, changing nothing in QuickBooks; then 'qbsync run' posts only what QuickBooks does not hold yet. Or restore the old ledger, when a copy of it is left: 'qbsync restore FILE' with the newest copy ([ledger] backup_dir; the README's \"A new computer, a failed disk\"). Only if you are sure these documents are not from this clinic's OMS, state that the company is new to this ledger: 'qbsync load --run \(run) --company-is-new'."
        }
    }
}

extension CompanyHistoryError: ExitStatusError {
    public var exitStatus: ExitStatus { .blocked }
}
