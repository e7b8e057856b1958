import Foundation
import TOMLKit

/// Everything a run needs to know, resolved: the pipeline file's settings with their defaults and
/// the `QBSYNC_*` environment overrides applied. A plain value: stages never read the environment.
public struct PipelineSettings: Sendable, Equatable {
    /// The pipeline's name (its workspace is `var/<name>/` unless overridden).
    public var name: String
    /// The file it was read from.
    public var path: String
    /// The OMS database (read-only).
    public var omsDatabase: String
    /// How many records an extract file holds at most.
    public var chunkSize: Int
    /// The folder holding the ledger, the runs and the tokens.
    public var workspace: URL
    /// Where and how to reach QuickBooks.
    public var quickbooks: QuickBooksSettings
    /// "Synchronize all patient files": off, a patient is synced only when a transaction needs it.
    public var allPatientFiles: Bool
    /// When on, `load` refuses a run until someone approved it.
    public var requireApproval: Bool
    /// PHI redaction (on unless a person turned it off by name).
    public var redaction: RedactionSettings
    /// How OMS records map to QuickBooks accounts and items.
    public var mapping: MappingSettings
    /// The people with the synchronization privilege (`[sync] operators`); empty: anyone.
    public var operators: [String] = []
    /// The books' closing date (`YYYY-MM-DD`): the review flags documents dated on or before it.
    public var closingDate: String? = nil
    /// The cutover (`[sync] start_date`, `YYYY-MM-DD`): OMS documents dated before it are in the
    /// books already (entered by hand) and are not posted.
    public var startDate: String? = nil
    /// Whether the transform reads QuickBooks for documents qbsync did not post (hand entry, a
    /// bank feed, a point-of-sale device) so the review warns about look-alikes (`[review]
    /// check_books`; on by default with a cutover, when such documents are most likely).
    public var checkBooks = false
    /// Whether the first run after the cutover posts each customer's open balance at the cutover
    /// as one opening-balance invoice (`[sync] opening_balances`; needs `start_date`).
    public var openingBalances = false
    /// Where the ledger's copies go and how many are kept (`[ledger]`).
    public var ledgerBackup = LedgerBackupSettings(directory: URL(fileURLWithPath: "var/backups"), keep: 14)

    /// `[ledger]`: the copies of the ledger made after every command that changed it.
    public struct LedgerBackupSettings: Sendable, Equatable {
        /// The folder (default `backups/` beside the ledger, in the workspace).
        public var directory: URL
        /// How many copies are kept; 0 turns automatic copies off.
        public var keep: Int
    }
    /// How long a read of the OMS waits for a lock another program holds, in seconds (`[oms] busy_timeout`).
    public var omsBusyTimeout: TimeInterval = OMSDatabase.defaultBusyTimeout

    /// The QuickBooks connection settings.
    public struct QuickBooksSettings: Sendable, Equatable {
        /// Which QuickBooks the pipeline keeps (`[quickbooks] edition`, Online by default).
        public var edition: Edition = .online
        public var baseURL: String
        public var tokenURL: String
        public var authorizeURL: String
        public var realm: String?
        public var clientID: String?
        public var clientSecret: String?
        public var seedRefreshToken: String?
        public var batchSize: Int
        public var minorVersion: Int
        /// The company's request limits the load is paced to (QuickBooks's published ones by default).
        public var limits = RequestPacer.Limits.quickBooks
    }

    /// What leaves the clinic.
    public struct RedactionSettings: Sendable, Equatable {
        /// True unless the pipeline explicitly turns redaction off.
        public var enabled: Bool
        /// Who acknowledged turning it off (required when it is off).
        public var disabledBy: String?
        /// The display-name prefix of a redacted patient: `Patient K7QM-2XH4`.
        public var patientPrefix: String
        /// Delete a run's `1-extract/` (the only PHI on disk) once its reconcile succeeded.
        public var deleteExtractAfterReconcile: Bool
        /// The redaction policy for a redacted patient's customer: besides the pseudonym
        /// (`DisplayName`, derived) and `Active`, each QuickBooks field listed here is allowed and
        /// filled from the OMS column named; every other field is dropped.
        public var patientFields: [String: String]
    }

    /// Accounts and items.
    public struct MappingSettings: Sendable, Equatable {
        /// Income account name per OMS item kind.
        public var incomeAccounts: [String: String]
        /// Where payments are deposited (by default Undeposited Funds).
        public var depositAccount: String
        /// Deposit accounts by location and payment method, first match wins; `depositAccount` otherwise.
        public var depositRules: [DepositRule]
        /// The item write-offs are posted on (its income account is `incomeAccounts["write_off"]`).
        public var writeOffItemName: String
        /// The item and clearing account a refund passes through, so that paying out a credit does
        /// not reduce income a second time (see the README's "Refunds").
        public var refundItemName: String
        public var refundClearingAccount: String
        /// The bank account refunds are paid from.
        public var refundFromAccount: String
        /// The account the write-off item posts to.
        public var writeOffAccount: String
        /// The one QuickBooks item every hearing aid maps to, when `hearingAidsGeneric`.
        public var genericHearingAidName: String
        /// The one QuickBooks item every option maps to, when `optionsGeneric`.
        public var genericOptionName: String
        public var hearingAidsGeneric: Bool
        public var optionsGeneric: Bool
        /// QuickBooks item type for synced items: `Service` or `NonInventory`.
        public var itemType: String
        /// The item that carries each invoice's sales tax as one line.
        public var taxItemName: String
        /// The liability account that item posts to (created when missing).
        public var taxAccount: String
        public var taxAccountType: String
        /// The item an opening-balance invoice's one line is on, and the account it posts to
        /// (`[items] opening_balance_item`, `[accounts] opening_balance`): by default the
        /// equity account a new company has, so that A/R opens without touching income.
        public var openingBalanceItemName = "Opening balance"
        public var openingBalanceAccount = "Opening Balance Equity"
    }

    /// One deposit rule: payments at `location` (a location name, or any) by `method` (a payment
    /// method's name or kind, or any) are deposited to `account`.
    public struct DepositRule: Sendable, Equatable {
        public var location: String?
        public var method: String?
        public var account: String
    }

    /// The OMS item kinds, each of which needs an income account.
    public static let itemKinds = [
        "hearing_aid", "option", "battery", "accessory", "service", "repair", "fee", "write_off",
    ]

    /// Reads `path` (or `$QBSYNC_PIPELINE`, else `pipelines/default.toml`) and applies `environment`.
    public static func load(path explicitPath: String?, environment: [String: String]) throws -> PipelineSettings {
        let path = explicitPath ?? environment["QBSYNC_PIPELINE"] ?? "pipelines/default.toml"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw PipelineError.fileMissing(path)
        }
        let file: PipelineFile
        do {
            file = try TOMLDecoder(strictDecoding: true).decode(PipelineFile.self, from: text)
        } catch let error as TOMLParseError {
            throw PipelineError.syntax(path, error.source.begin.line, error.source.begin.column, error.description)
        } catch let error as UnexpectedKeysError {
            throw PipelineError.unknownKeys(path, error.keys.keys.sorted())
        } catch let error as DecodingError {
            throw PipelineError.invalid(path, PipelineValueProblem.describe(error, text: text))
        }
        return try resolve(file, path: path, environment: environment)
    }

    static func resolve(_ file: PipelineFile, path: String, environment env: [String: String]) throws -> PipelineSettings {
        let name = file.name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let qbo = file.quickbooks
        var quickbooks = QuickBooksSettings(
            baseURL: env["QBSYNC_QBO_BASE_URL"] ?? qbo?.base_url ?? "https://quickbooks.api.intuit.com",
            tokenURL: env["QBSYNC_QBO_TOKEN_URL"] ?? qbo?.token_url
                ?? "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
            authorizeURL: env["QBSYNC_QBO_AUTH_URL"] ?? qbo?.auth_url ?? "https://appcenter.intuit.com/connect/oauth2",
            realm: nonEmpty(env["QBSYNC_QBO_REALM"]) ?? nonEmpty(qbo?.realm),
            clientID: nonEmpty(env["QBSYNC_CLIENT_ID"]) ?? nonEmpty(qbo?.client_id),
            clientSecret: nonEmpty(env["QBSYNC_CLIENT_SECRET"]),
            seedRefreshToken: nonEmpty(env["QBSYNC_REFRESH_TOKEN"]),
            batchSize: qbo?.batch_size ?? 30,
            minorVersion: qbo?.minor_version ?? 75)
        quickbooks.limits = try limits(qbo, path: path)
        if let edition = qbo?.edition {
            guard let known = Edition(rawValue: edition) else {
                throw PipelineError.invalid(
                    path, "quickbooks.edition is '\(edition)': it must be \"online\" (QuickBooks Online) or \"desktop\" (QuickBooks Desktop through the Web Connector)")
            }
            quickbooks.edition = known
        }
        guard (1...30).contains(quickbooks.batchSize) else {
            throw PipelineError.invalid(path, "quickbooks.batch_size must be between 1 and 30 (QuickBooks refuses more with error 1040)")
        }
        let redaction = RedactionSettings(
            enabled: file.redaction?.enabled ?? true,
            disabledBy: nonEmpty(file.redaction?.disabled_by),
            patientPrefix: file.redaction?.patient_prefix ?? "Patient",
            deleteExtractAfterReconcile: file.redaction?.delete_extract_after_reconcile ?? false,
            patientFields: try RedactionPolicy.patientFields(file.redaction?.patient_fields ?? [:], path: path))
        if !redaction.enabled && redaction.disabledBy == nil {
            throw PipelineError.invalid(
                path,
                "redaction.enabled = false needs redaction.disabled_by = \"<the person who accepts that patient names and details are sent to QuickBooks>\"")
        }
        var income = [
            "hearing_aid": "Sales of Product Income", "option": "Sales of Product Income",
            "battery": "Sales of Product Income", "accessory": "Sales of Product Income",
            "service": "Services", "repair": "Services", "fee": "Services", "write_off": "Bad Debts",
        ]
        for (kind, account) in file.accounts?.income ?? [:] {
            guard itemKinds.contains(kind) else {
                throw PipelineError.invalid(path, "accounts.income has an unknown item kind '\(kind)' (known: \(itemKinds.joined(separator: ", ")))")
            }
            income[kind] = account
        }
        let itemType = file.items?.type ?? "Service"
        guard ["Service", "NonInventory"].contains(itemType) else {
            throw PipelineError.invalid(path, "items.type must be \"Service\" or \"NonInventory\"")
        }
        var mapping = MappingSettings(
            incomeAccounts: income,
            depositAccount: file.accounts?.deposit ?? "Undeposited Funds",
            depositRules: (file.accounts?.deposit_rules ?? []).map {
                DepositRule(location: nonEmpty($0.location), method: nonEmpty($0.method), account: $0.account)
            },
            writeOffItemName: file.items?.write_off_item ?? "Write-off (OMS)",
            refundItemName: file.items?.refund_item ?? "Customer credit refund (OMS)",
            refundClearingAccount: file.accounts?.refund_clearing ?? "Customer Refunds Clearing (OMS)",
            refundFromAccount: file.accounts?.refund_from ?? "Checking",
            writeOffAccount: file.accounts?.write_off ?? income["write_off"]!,
            genericHearingAidName: file.items?.generic_hearing_aid ?? "Hearing aid",
            genericOptionName: file.items?.generic_option ?? "Option",
            hearingAidsGeneric: file.items?.hearing_aids_generic ?? true,
            optionsGeneric: file.items?.options_generic ?? true,
            itemType: itemType,
            taxItemName: file.tax?.item ?? "Sales tax (OMS)",
            taxAccount: file.tax?.account ?? "Sales Tax Payable (OMS)",
            taxAccountType: file.tax?.account_type ?? "Other Current Liability")
        mapping.openingBalanceItemName = file.items?.opening_balance_item ?? mapping.openingBalanceItemName
        mapping.openingBalanceAccount = file.accounts?.opening_balance ?? mapping.openingBalanceAccount
        if quickbooks.edition == .desktop {
            // Desktop creates these accounts when the company lacks them, and an account's own
            // name holds 31 characters there; the items name them by that name.
            let created = Set(mapping.incomeAccounts.values).union([mapping.taxAccount, mapping.writeOffAccount])
            if let long = created.sorted().first(where: { $0.count > 31 }) {
                throw PipelineError.invalid(
                    path, "the account \"\(long)\" has \(long.count) characters; QuickBooks Desktop's account names hold 31 (quickbooks.edition = \"desktop\"): shorten it in [accounts] or [tax]")
            }
        }
        let workspace = nonEmpty(env["QBSYNC_WORKSPACE"]) ?? nonEmpty(file.workspace) ?? "var/\(name)"
        let chunkSize = file.oms?.chunk_size ?? 1000
        guard chunkSize > 0 else { throw PipelineError.invalid(path, "oms.chunk_size must be positive") }
        let closingDate = nonEmpty(file.review?.closing_date)
        if let closingDate, SampleCalendar.parse(closingDate) == nil {
            throw PipelineError.invalid(path, "review.closing_date must be a date written YYYY-MM-DD, not '\(closingDate)'")
        }
        var settings = PipelineSettings(
            name: name, path: path,
            omsDatabase: nonEmpty(env["QBSYNC_OMS_DB"]) ?? file.oms?.database ?? "",
            chunkSize: chunkSize,
            workspace: URL(fileURLWithPath: workspace),
            quickbooks: quickbooks,
            allPatientFiles: file.sync?.all_patient_files ?? false,
            requireApproval: file.sync?.require_approval ?? false,
            redaction: redaction,
            mapping: mapping)
        settings.operators = try Operators.names(file.sync?.operators, path: path)
        settings.closingDate = closingDate
        let startDate = nonEmpty(file.sync?.start_date)
        if let startDate, SampleCalendar.parse(startDate) == nil {
            throw PipelineError.invalid(path, "sync.start_date must be a date written YYYY-MM-DD, not '\(startDate)'")
        }
        settings.startDate = startDate
        settings.checkBooks = file.review?.check_books ?? (startDate != nil)
        settings.openingBalances = file.sync?.opening_balances ?? false
        if settings.openingBalances && startDate == nil {
            throw PipelineError.invalid(
                path, "sync.opening_balances = true needs sync.start_date (the cutover the balances are taken at): set start_date = \"YYYY-MM-DD\", or turn opening_balances off")
        }
        let keep = file.ledger?.backups_kept ?? 14
        guard keep >= 0 else { throw PipelineError.invalid(path, "ledger.backups_kept must be 0 (no automatic copies) or more") }
        let backupDirectory = nonEmpty(env["QBSYNC_LEDGER_BACKUP_DIR"]) ?? nonEmpty(file.ledger?.backup_dir)
        settings.ledgerBackup = LedgerBackupSettings(
            directory: backupDirectory.map { URL(fileURLWithPath: $0) } ?? settings.workspace.appendingPathComponent("backups"),
            keep: keep)
        if let seconds = file.oms?.busy_timeout {
            guard seconds >= 0 else { throw PipelineError.invalid(path, "oms.busy_timeout must be a number of seconds, 0 or more") }
            settings.omsBusyTimeout = TimeInterval(seconds)
        }
        return settings
    }

    /// `[quickbooks]`'s request limits, each positive; the rest QuickBooks's defaults.
    private static func limits(_ qbo: PipelineFile.QuickBooks?, path: String) throws -> RequestPacer.Limits {
        let given = [
            ("requests_per_minute", qbo?.requests_per_minute), ("requests_per_second", qbo?.requests_per_second),
            ("batch_requests_per_minute", qbo?.batch_requests_per_minute), ("max_concurrent_requests", qbo?.max_concurrent_requests),
        ]
        for (name, value) in given where (value ?? 1) < 1 {
            throw PipelineError.invalid(path, "quickbooks.\(name) must be at least 1")
        }
        let defaults = RequestPacer.Limits.quickBooks
        return RequestPacer.Limits(
            requestsPerMinute: qbo?.requests_per_minute ?? defaults.requestsPerMinute,
            requestsPerSecond: qbo?.requests_per_second ?? defaults.requestsPerSecond,
            batchRequestsPerMinute: qbo?.batch_requests_per_minute ?? defaults.batchRequestsPerMinute,
            maxConcurrent: qbo?.max_concurrent_requests ?? defaults.maxConcurrent)
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}

/// The pipeline file is missing or wrong: nothing was done (exit code 2).
public enum PipelineError: LocalizedError, Equatable {
    case fileMissing(String)
    case syntax(String, Int, Int, String)
    case unknownKeys(String, [String])
    case invalid(String, String)

    public var errorDescription: String? {
        switch self {
        case .fileMissing(let path):
            "pipeline file \(path) not found: pass --pipeline FILE or set QBSYNC_PIPELINE (pipelines/default.toml is the documented starting point)"
        case .syntax(let path, let line, let column, let reason):
            "\(path):\(line):\(column): not valid TOML: \(reason)"
        case .unknownKeys(let path, let keys):
            "\(path): unknown setting(s) \(keys.joined(separator: ", ")): check the spelling against pipelines/default.toml"
        case .invalid(let path, let reason): "\(path): \(reason)"
        }
    }
}

extension PipelineSettings.MappingSettings {
    /// The deposit account for a payment at `location` by `method`: the first rule whose location
    /// and method match (a method matches by name or kind, case-insensitively), else the default.
    public func depositAccount(location: String?, methodName: String?, methodKind: String?) -> String {
        func same(_ a: String?, _ b: String?) -> Bool {
            guard let a, let b else { return false }
            return a.caseInsensitiveCompare(b) == .orderedSame
        }
        for rule in depositRules {
            let locationMatches = rule.location == nil || same(rule.location, location)
            let methodMatches = rule.method == nil || same(rule.method, methodName) || same(rule.method, methodKind)
            if locationMatches && methodMatches { return rule.account }
        }
        return depositAccount
    }
}

extension PipelineError: ExitStatusError {
    public var exitStatus: ExitStatus { .configuration }
}
