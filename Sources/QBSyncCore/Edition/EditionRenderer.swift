/// The renderer of the pipeline's edition: Online's JSON batch bodies or Desktop's qbXML
/// requests, behind the two calls the transform makes.
struct EditionRenderer {
    private let online: OnlineRenderer?
    private let desktop: DesktopRenderer?

    init(settings: PipelineSettings, rules: EditionRules) {
        switch rules.edition {
        case .online: (online, desktop) = (OnlineRenderer(rules: rules), nil)
        case .desktop: (online, desktop) = (nil, DesktopRenderer(rules: rules, depositAccount: settings.mapping.depositAccount))
        }
    }

    func render(_ change: PlannedChange) -> PlannedOperation {
        online?.render(change) ?? desktop!.render(change)
    }

    func fingerprint(_ change: PlannedChange) -> String {
        online?.fingerprint(change) ?? desktop!.fingerprint(change)
    }
}
