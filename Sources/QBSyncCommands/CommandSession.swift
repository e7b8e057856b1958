import Foundation
import QBSyncCore

/// The ledgers a command opened, so that when it ends (well or not) each one it changed is
/// copied to `[ledger] backup_dir`: the ledger is the only record of what qbsync posted, and a
/// copy made after every change is what a replaced computer or a failed disk is restored from.
final class CommandSession: @unchecked Sendable {
    @TaskLocal static var current: CommandSession?

    private struct Opened {
        let ledger: Ledger
        let backups: LedgerBackups
        let changesAtStart: Int
    }

    private let lock = NSLock()
    private var opened: [Opened] = []

    /// Remembers `ledger` (opened for `settings`) and how many changes it had when opened.
    static func register(_ ledger: Ledger, settings: PipelineSettings) {
        guard let session = current else { return }
        let start = ledger.changeCount()
        session.lock.withLock {
            guard !session.opened.contains(where: { $0.ledger.url.standardizedFileURL == ledger.url.standardizedFileURL }) else { return }
            session.opened.append(Opened(ledger: ledger, backups: LedgerBackups(settings: settings), changesAtStart: start))
        }
    }

    /// Copies each ledger this command changed, tagged with the command's name. A copy that
    /// fails is reported and does not change the command's exit code: the command's own work
    /// is done and recorded; the next command tries the copy again.
    func finish(command: String, environment: CommandEnvironment) {
        let ledgers = lock.withLock { opened }
        for entry in ledgers where entry.backups.automatic {
            guard entry.ledger.changeCount() != entry.changesAtStart else { continue }
            do {
                try entry.backups.backUp(entry.ledger, reason: command)
            } catch {
                let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                environment.writeError("qbsync: warning: \(message)")
            }
        }
    }
}
