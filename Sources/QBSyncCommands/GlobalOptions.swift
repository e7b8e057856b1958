import ArgumentParser

/// Flags every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The pipeline file (default: $QBSYNC_PIPELINE, else pipelines/default.toml).",
            valueName: "file"))
    var pipeline: String?

    @Flag(name: .long, help: "Print one machine-readable JSON document on stdout instead of text.")
    var json = false
}
