import ArgumentParser

/// `--run ID`, for the stage commands.
struct RunOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The run id (printed by 'qbsync extract'; 'qbsync status' lists them).", valueName: "id"))
    var run: String
}
