import ArgumentParser

/// `qbsync legacy`: the "old skipped transactions" the previous integration left behind.
struct Legacy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The old skipped transactions: list them, retry the retryable ones, escalate the rest to support.",
        discussion: """
            The OMS's legacy_skipped table holds what the previous integration skipped. 'list' \
            classifies each row: retryable (its record still exists in the OMS and is a kind qbsync \
            posts) or support (record gone, no record id, or a kind qbsync does not post). Name a \
            row legacy:N, or ENTITY:ID for every row about that record.

            Example:
              qbsync legacy list
              qbsync legacy retry sale:12
              qbsync legacy escalate legacy:9 --note "ticket 4411 with the OMS vendor"
            """,
        subcommands: [LegacyList.self, LegacyRetry.self, LegacyEscalate.self],
        defaultSubcommand: LegacyList.self)
}
