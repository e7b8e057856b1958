import ArgumentParser
import Foundation

/// `--by NAME`: who is acting, recorded in the ledger's history and checked against the
/// pipeline's `[sync] operators`. Without it, the OS user (`$USER`).
struct ActorOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Who is acting (default: the OS user, $USER).", valueName: "name"))
    var by: String?

    func validate() throws {
        if let by, by.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--by needs a name: the person acting, as listed in [sync] operators.")
        }
    }
}
