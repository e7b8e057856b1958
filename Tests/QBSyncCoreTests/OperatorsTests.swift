import Foundation
import Testing

@testable import QBSyncCore

/// `[sync] operators`: who holds the synchronization privilege.
@Suite(.removesTemporaryFolders)
struct OperatorsTests {
    static func settings(_ sync: String) throws -> PipelineSettings {
        let url = try TestWorkspace.make().appendingPathComponent("p.toml")
        try "name = \"t\"\n\(sync)\n".write(to: url, atomically: true, encoding: .utf8)
        return try PipelineSettings.load(path: url.path, environment: [:])
    }

    @Test func withoutAListAnyoneMayAct() throws {
        let settings = try Self.settings("")
        #expect(settings.operators.isEmpty)
        try Operators.authorize("whoever", to: "retry", in: settings)
        #expect(try Self.settings("[sync]\noperators = []").operators.isEmpty)
    }

    @Test func onlyThePeopleListedMayActWhateverTheCase() throws {
        let settings = try Self.settings("[sync]\noperators = [\"ana\", \"Ben\"]")
        #expect(settings.operators == ["ana", "Ben"])
        try Operators.authorize("ana", to: "retry", in: settings)
        try Operators.authorize("ben", to: "load", in: settings)
        #expect(Operators.isAllowed("ANA", in: settings))
        #expect(!Operators.isAllowed("carol", in: settings))
        do {
            try Operators.authorize("carol", to: "exclude", in: settings)
            Issue.record("carol was let through")
        } catch let error as OperatorError {
            let message = error.errorDescription ?? ""
            #expect(message.hasPrefix("carol may not exclude"))
            #expect(message.contains("[sync] operators"))
            #expect(message.contains("(ana, Ben)"))
            #expect(message.contains("--by NAME"))
        }
    }

    @Test func aListWithAnEmptyOrRepeatedNameIsRefused() throws {
        #expect(throws: PipelineError.self) { try Self.settings("[sync]\noperators = [\"ana\", \" \"]") }
        #expect(throws: PipelineError.self) { try Self.settings("[sync]\noperators = [\"ana\", \"ANA\"]") }
    }
}
