import ArgumentParser

/// `qbsync sample`: writes a realistic OMS database (the source contract) for trials and tests.
struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a local QuickBooks-Online-compatible server on loopback.",
        discussion: """
            Example:
              qbsync sandbox --port 8765 --data var/sandbox
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        throw ValidationError("not built yet")
    }
}
