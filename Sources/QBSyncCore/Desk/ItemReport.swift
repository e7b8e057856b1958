import Foundation
import QBSyncJSON

/// `qbsync show ITEM`: one item's OMS record (redacted unless asked), what every run sent for
/// it and what QuickBooks answered, the QuickBooks objects it became (with links), and its whole
/// history: every run and every operator's action, who and when.
public struct ItemReport: Sendable {
    /// The patient a record belongs to, as QuickBooks knows them (a pseudonym) and, only when
    /// PHI was asked for, by name.
    public struct Patient: Sendable {
        public var ref: String
        public var pseudonym: String?
        public var name: String?
    }

    /// A QuickBooks object the item became, with where to open it.
    public struct QuickBooksObject: Sendable {
        public var object: BooksObject
        public var link: String?
    }

    /// The item.
    public var ref: OMSRef
    /// Whether PHI is shown (`--phi`).
    public var phi: Bool
    /// The ledger's row, nil when no run has taken the item.
    public var item: ItemRecord?
    /// The reason and the fix, when the item failed.
    public var advice: FailureAdvice?
    /// The OMS record as it is now (redacted unless `phi`); nil when the OMS does not have it
    /// or could not be read (`omsProblem` says which).
    public var record: JSONValue?
    public var omsProblem: String?
    public var patient: Patient?
    /// What every run that carried the item planned and sent, and QuickBooks's answers.
    public var sent: [SentOperation]
    /// The transform's refusals of the item, by run.
    public var transformFailures: [(run: String, failure: RecordFailure)]
    public var quickbooks: [QuickBooksObject]
    /// Every run's step and every operator's action, oldest first.
    public var history: [HistoryEntry]
    /// Old skipped transactions that point at the item.
    public var legacy: [LegacyReview.Entry]
    /// The QuickBooks the pipeline keeps, whose words the report is shown in.
    public var edition: Edition = .online

    /// Gathers everything about `ref`. `oms` is nil (with `omsProblem`) when it cannot be opened.
    public static func build(
        ref: OMSRef, phi: Bool, settings: PipelineSettings, ledger: Ledger, oms: OMSDatabase?, omsProblem: String? = nil
    ) throws -> ItemReport {
        let key = ref.description
        let item = try ledger.item(key)
        var report = ItemReport(
            ref: ref, phi: phi, item: item, advice: item.flatMap { $0.state == .failed ? ErrorCatalogue.advice(for: $0, edition: settings.quickbooks.edition) : nil },
            record: nil, omsProblem: omsProblem, patient: nil, sent: [], transformFailures: [], quickbooks: [],
            history: try ledger.history(of: key), legacy: [])
        report.edition = settings.quickbooks.edition
        if let oms {
            do {
                if let row = try oms.record(ref) {
                    report.record = phi ? row : RecordRedaction.redact(row, entity: ref.entity)
                    report.patient = try patient(of: ref, row: row, phi: phi, settings: settings, ledger: ledger, oms: oms)
                } else {
                    report.omsProblem = "the OMS no longer has \(key)"
                }
                report.legacy = try LegacyReview.build(oms: oms, ledger: ledger).entries.filter { $0.ref == ref }
            } catch {
                report.omsProblem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            }
        }
        for run in try ledger.runs(carrying: key) {
            let (operations, failures) = SentOperation.read(ref: key, runID: run, workspace: settings.workspace)
            report.sent += operations
            report.transformFailures += failures.map { (run, $0) }
        }
        report.quickbooks = try ledger.booksObjects(ref: key).map {
            // Only QuickBooks Online has a page per object to link to.
            let link = $0.edition == .online ? QuickBooksLink.url(qboType: $0.type, id: $0.remoteID, settings: settings) : nil
            return QuickBooksObject(object: $0, link: link)
        }
        if !phi && !settings.redaction.enabled { report.hideWhatWasSent() }
        return report
    }

    /// With redaction off, what was sent carries patients' names and details: without `--phi`
    /// the bodies, QuickBooks's words about them and a patient's QuickBooks name are hidden;
    /// codes, ids and `intuit_tid` stay.
    mutating func hideWhatWasSent() {
        let hidden = JSONValue.string(Redacted.marker)
        for index in sent.indices {
            if sent[index].planned != nil { sent[index].planned = hidden }
            for attempt in sent[index].attempts.indices {
                sent[index].attempts[attempt].body = hidden
                if sent[index].attempts[attempt].answer != nil { sent[index].attempts[attempt].answer = hidden }
            }
            for field in ["message", "detail"] where sent[index].result?[field] != nil { sent[index].result?[field] = hidden }
        }
        for index in quickbooks.indices where ref.entity == "patient" && quickbooks[index].object.name != nil {
            quickbooks[index].object.name = Redacted.marker
        }
    }

    /// Whether `ref` is known anywhere: the ledger, the OMS or the legacy table.
    public var isKnown: Bool { item != nil || record != nil || !legacy.isEmpty || !history.isEmpty }

    private static func patient(
        of ref: OMSRef, row: JSONValue, phi: Bool, settings: PipelineSettings, ledger: Ledger, oms: OMSDatabase
    ) throws -> Patient? {
        let id = ref.entity == "patient" ? ref.id : row["patient_id"]?.intValue
        guard let id else { return nil }
        let pseudonym = try ledger.existingPseudonym(patientID: id).map {
            Pseudonym.displayName(prefix: settings.redaction.patientPrefix, code: $0)
        }
        var name: String?
        if phi {
            let person = ref.entity == "patient" ? row : try oms.record(OMSRef("patient", id))
            name = person.map { person in
                ["first_name", "middle_name", "last_name"].compactMap { person[$0]?.stringValue }.filter { !$0.isEmpty }
                    .joined(separator: " ")
            }
        }
        return Patient(ref: "patient:\(id)", pseudonym: pseudonym, name: name)
    }
}
