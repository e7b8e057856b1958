import Foundation
import QBSyncCore
import QBSyncJSON

/// `qbsync load --run ID` on a desktop pipeline while a `qbsync webconnector` serves the
/// workspace: the endpoint is that process's, so this one does not try to serve it. The run is
/// handed over (the serving process loads the workspace's approved runs, oldest first) and this
/// command waits, reporting how many of the run's message sets QuickBooks has answered, until
/// the run's load is done (exit 0, or 1 when items failed) or `--wait` passes (exit 3, nothing
/// lost). Should the serving process stop meanwhile, this load serves the endpoint itself for
/// the time left.
struct DesktopHandover {
    let context: CommandContext
    let run: String
    let waitSeconds: Int
    /// The serving `qbsync webconnector`, as its mark in the ledger names it.
    let server: LockHolder
    /// How often the run's manifest and answers are looked at.
    var pollEvery: Duration = .milliseconds(200)

    /// Waits for the serving process to load the run.
    func load(takeOverLock: Bool) async throws -> LoadFigures {
        // Refused here as the load itself would refuse, so nobody waits for a run that will not go.
        try context.authorize("load")
        let folder = try context.runFolder(run)
        guard try folder.manifest(pipeline: context.settings.name).stages[.transform]?.status == .done else {
            throw RunStoreError.stageNotDone(run, .load, .transform)
        }
        try Approvals(settings: context.settings, ledger: context.ledger).checkBeforeLoad(runID: run)
        if let done = Self.finished(folder, pipeline: context.settings.name) { return done }

        let total = Self.messageSets(folder)
        let environment = context.environment
        environment.writeError(
            "run \(run): handed to the qbsync webconnector that serves this workspace (\(server)); "
                + "waiting for the Web Connector to take its \(total) message set\(total == 1 ? "" : "s") (at most \(waitSeconds) s)")
        let deadline = Date().addingTimeInterval(TimeInterval(waitSeconds))
        var reported = -1
        while Date() < deadline {
            let answered = min(total, Self.answeredSets(folder))
            if answered != reported {
                if answered > 0 { environment.writeError("run \(run): \(answered) of \(total) message sets answered by QuickBooks") }
                reported = answered
            }
            if let done = Self.finished(folder, pipeline: context.settings.name) { return done }
            if try WebConnectorServingLock.holder(in: context.ledger) == nil {
                let left = max(1, Int(deadline.timeIntervalSinceNow.rounded(.up)))
                environment.writeError("run \(run): the qbsync webconnector stopped; this load serves the Web Connector itself (at most \(left) s)")
                return LoadFigures(try await DesktopLoadSession(context: context, run: run, waitSeconds: left).load(takeOverLock: takeOverLock))
            }
            try await Task.sleep(for: pollEvery)
        }
        throw DesktopLoadWaiting(run: run, seconds: waitSeconds)
    }

    /// The figures of the run's load, once its manifest says it is done.
    static func finished(_ folder: RunFolder, pipeline: String) -> LoadFigures? {
        guard let entry = try? folder.manifest(pipeline: pipeline).stages[.load], entry.status == .done else { return nil }
        return LoadFigures(
            requests: entry.summary?["requests"]?.intValue ?? 0, operations: entry.summary?["operations"]?.intValue ?? 0,
            failed: entry.summary?["failed"]?.intValue ?? 0)
    }

    /// The run's message sets, as the transform wrote them.
    static func messageSets(_ folder: RunFolder) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.file(.transform, "batches").path)) ?? []
        return names.filter { $0.hasSuffix(".qbxml") }.count
    }

    /// The message sets QuickBooks has answered: the answers kept in `3-load/answers/`, one per
    /// set whatever its attempts (`<set>-a1`, `<set>-a2`), lookups and the preflight's queries left out.
    static func answeredSets(_ folder: RunFolder) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.file(.load, "answers").path)) ?? []
        let sets = names.filter { $0.hasSuffix(".qbxml") && !$0.hasPrefix("query-") }.map { name in
            name.split(separator: "-").dropLast().joined(separator: "-")
        }
        return Set(sets).count
    }
}

/// What a load did, as `qbsync load` reports it: requests sent, operations, and how many failed.
struct LoadFigures: Equatable {
    var requests: Int
    var operations: Int
    var failed: Int

    init(requests: Int, operations: Int, failed: Int) {
        self.requests = requests
        self.operations = operations
        self.failed = failed
    }

    init(_ result: LoadResult) {
        self.init(requests: result.sent, operations: result.results.count, failed: result.failed)
    }
}
