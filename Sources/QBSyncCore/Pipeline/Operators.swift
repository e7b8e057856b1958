import Foundation

/// Who may act on the synchronization: the people the pipeline file lists in `[sync] operators`
/// (the accounting-synchronization privilege). An empty or absent list lets anyone act.
/// Read-only commands (`status`, `show`, `legacy list`) are open to all; whatever changes the
/// books or the ledger's decisions (`load`, `run`, `retry`, `exclude`, `manual`, `manual-done`,
/// `legacy retry|escalate`, `approve`) asks here first.
public enum Operators {
    /// Refuses `actor` unless the pipeline lets them `action` (a command name such as `retry`).
    /// Names compare without regard to case or surrounding blanks (`Ana` is `ana`).
    public static func authorize(_ actor: String, to action: String, in settings: PipelineSettings) throws {
        guard !settings.operators.isEmpty else { return }
        let name = normalized(actor)
        guard settings.operators.contains(where: { normalized($0) == name }) else {
            throw OperatorError.notAnOperator(
                actor: actor, action: action, pipeline: settings.path, operators: settings.operators)
        }
    }

    /// Whether `actor` may act (without throwing), for commands that only want to say so.
    public static func isAllowed(_ actor: String, in settings: PipelineSettings) -> Bool {
        (try? authorize(actor, to: "act", in: settings)) != nil
    }

    /// The `[sync] operators` list as written, checked: names must be non-empty and distinct.
    static func names(_ written: [String]?, path: String) throws -> [String] {
        let names = (written ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        if names.contains(where: \.isEmpty) {
            throw PipelineError.invalid(path, "sync.operators holds an empty name: list each person by the name they act under (their login or --by NAME)")
        }
        var seen: Set<String> = []
        for name in names where !seen.insert(normalized(name)).inserted {
            throw PipelineError.invalid(path, "sync.operators lists \(name) twice")
        }
        return names
    }

    private static func normalized(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// Someone without the synchronization privilege tried to act: nothing was done (exit code 3).
public enum OperatorError: LocalizedError, Equatable {
    case notAnOperator(actor: String, action: String, pipeline: String, operators: [String])

    public var errorDescription: String? {
        switch self {
        case .notAnOperator(let actor, let action, let pipeline, let operators):
            "\(actor) may not \(action): only the people in [sync] operators of \(pipeline) (\(operators.joined(separator: ", "))) "
                + "hold the synchronization privilege. Ask one of them, act under your own name with --by NAME if you are listed, "
                + "or have \(actor) added to [sync] operators. Nothing was done."
        }
    }
}

extension OperatorError: ExitStatusError {
    public var exitStatus: ExitStatus { .blocked }
}
