/// The pipeline file as written (TOML), every setting optional; `PipelineSettings` fills in the
/// defaults and applies the environment overrides. Unknown keys are refused, so a typo in an
/// account mapping cannot silently fall back to a default.
struct PipelineFile: Decodable {
    var name: String?
    var oms: OMS?
    var quickbooks: QuickBooks?
    var sync: Sync?
    var redaction: Redaction?
    var accounts: Accounts?
    var items: Items?
    var tax: Tax?
    var review: ReviewTable?
    var workspace: String?
    var ledger: LedgerTable?

    struct OMS: Decodable {
        var database: String?
        var chunk_size: Int?
        var busy_timeout: Int?
    }

    struct QuickBooks: Decodable {
        var edition: String?
        var base_url: String?
        var token_url: String?
        var auth_url: String?
        var realm: String?
        var client_id: String?
        var batch_size: Int?
        var minor_version: Int?
        var requests_per_minute: Int?
        var requests_per_second: Int?
        var batch_requests_per_minute: Int?
        var max_concurrent_requests: Int?
    }

    struct LedgerTable: Decodable {
        var backup_dir: String?
        var backups_kept: Int?
    }

    struct Sync: Decodable {
        var all_patient_files: Bool?
        var require_approval: Bool?
        var operators: [String]?
        var start_date: String?
        var opening_balances: Bool?
    }

    struct Redaction: Decodable {
        var enabled: Bool?
        var disabled_by: String?
        var patient_prefix: String?
        var delete_extract_after_reconcile: Bool?
        var patient_fields: [String: String]?
    }

    struct Accounts: Decodable {
        var income: [String: String]?
        var deposit: String?
        var refund_from: String?
        var write_off: String?
        var deposit_rules: [DepositRule]?
        var refund_clearing: String?
        var opening_balance: String?
    }

    struct DepositRule: Decodable {
        var location: String?
        var method: String?
        var account: String
    }

    struct Items: Decodable {
        var generic_hearing_aid: String?
        var generic_option: String?
        var hearing_aids_generic: Bool?
        var options_generic: Bool?
        var type: String?
        var write_off_item: String?
        var refund_item: String?
        var opening_balance_item: String?
    }

    struct Tax: Decodable {
        var item: String?
        var account: String?
        var account_type: String?
    }

    struct ReviewTable: Decodable {
        var closing_date: String?
        var check_books: Bool?
    }
}
