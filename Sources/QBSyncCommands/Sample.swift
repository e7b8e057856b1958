import ArgumentParser

/// `qbsync sample`: writes a realistic OMS database (the source contract) for trials and tests.
struct Sample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a sample OMS database full of realistic hearing-clinic data.",
        discussion: """
            Example:
              qbsync sample --out samples/demo-oms.sqlite --patients 40 --days 30 --seed 7
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        throw ValidationError("not built yet")
    }
}
