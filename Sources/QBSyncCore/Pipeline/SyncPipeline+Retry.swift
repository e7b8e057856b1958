import QBSyncJSON

extension SyncPipeline {
    /// Puts failed, excluded or manual-list items back into synchronization with the next run,
    /// recorded with who and when. Only the people in `[sync] operators` may (exit code 3).
    public func retry(_ refs: [OMSRef]) throws -> [ItemRecord] {
        try Operators.authorize(actor, to: "retry", in: settings)
        return try ledger.apply(.retry, to: refs.map(\.description), note: nil, actor: actor)
    }

    /// Retries `refs` in a run of their own, now: extract (just them and what they need in
    /// QuickBooks; the change feed's cursor does not move), transform, load, reconcile; says
    /// where each item ended, the items asked for first.
    public func retryNow(_ refs: [OMSRef]) async throws -> PipelineOutcome {
        try Operators.authorize(actor, to: "retry", in: settings)
        _ = try ledger.apply(.retryNow, to: refs.map(\.description), note: nil, actor: actor)
        let extract = try self.extract(only: refs, command: "qbsync retry --now \(refs.map(\.description).joined(separator: " "))")
        let run = extract.run.id
        let transform = try self.transform(run, handEntered: await HandEnteredBooks.read(settings: settings, logger: logger))
        var summary: [String: JSONValue] = ["run": .string(run), "operations": .int(transform.operations)]
        if settings.requireApproval {
            summary["stopped"] = "approval required"
            return PipelineOutcome(
                code: 0, summary: summary,
                lines: [
                    "retry run \(run): transformed \(transform.operations) operation(s); approval required before load.",
                    "review: qbsync review --run \(run); then qbsync approve --run \(run) --by NAME, qbsync load --run \(run), qbsync reconcile --run \(run)",
                ])
        }
        let load = try await self.load(run)
        let reconcile = try self.reconcile(run)
        let asked = Set(refs.map(\.description))
        let outcomes = reconcile.outcomes.filter { asked.contains($0.ref) } + reconcile.outcomes.filter { !asked.contains($0.ref) }
        summary["requests"] = .int(load.sent)
        summary["items"] = .array(outcomes.map { Self.json($0, asked: asked.contains($0.ref)) })
        var lines = [
            "retry run \(run): \(reconcile.synced) synced, \(reconcile.failed) failed, \(reconcile.pending) pending (\(load.sent) request(s) to QuickBooks)"
        ]
        for outcome in outcomes {
            let note = asked.contains(outcome.ref) ? "" : " (needed by the items retried)"
            lines.append("  \(outcome.ref): \(outcome.state.rawValue)\(note)\(outcome.message.map { ": \($0)" } ?? "")")
        }
        return PipelineOutcome(
            code: PipelineOutcome.code(done: reconcile.failed == 0 && reconcile.pending == 0), summary: summary, lines: lines)
    }

    /// Brings retryable old skipped transactions (`legacy:N` or `ENTITY:ID`) into the next run,
    /// like `retry`; one that is gone or of a kind qbsync does not post is refused (escalate it
    /// instead), and nothing is queued unless every item may be.
    public func retryLegacy(_ items: [String]) throws -> [ItemRecord] {
        try Operators.authorize(actor, to: "legacy retry", in: settings)
        let oms = try OMSDatabase(settings: settings)
        let review = try LegacyReview.build(oms: oms, ledger: ledger)
        var plan: [(ref: OMSRef, ids: [Int])] = []
        for item in items {
            let entries = try review.entries(named: item)
            if let blocked = entries.first(where: { $0.classification != .retryable }) {
                throw DeskError.legacyNotRetryable(item, blocked.why)
            }
            plan.append((entries[0].ref!, entries.map(\.row.id)))
        }
        let refusals = try plan.compactMap { OperatorAction.legacyRetry.refusal($0.ref.description, try ledger.item($0.ref.description)) }
        guard refusals.isEmpty else { throw DeskError.refused(action: "legacy retry", reasons: refusals) }
        var queued: [ItemRecord] = []
        for (ref, ids) in plan {
            try ledger.retryLegacy(ids, ref: ref.description, actor: actor)
            if let item = try ledger.item(ref.description) { queued.append(item) }
        }
        return queued
    }

    private static func json(_ outcome: ItemOutcome, asked: Bool) -> JSONValue {
        [
            "ref": .string(outcome.ref), "asked": .bool(asked), "state": .string(outcome.state.rawValue),
            "code": outcome.code.map(JSONValue.string) ?? .null, "message": outcome.message.map(JSONValue.string) ?? .null,
        ]
    }
}
