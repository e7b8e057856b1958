import Foundation
import Logging
import QBSyncJSON
import Testing
@testable import QBSyncCore

/// The poster's decisions, with a QuickBooks held in memory as the edition: what the ledger
/// already has is not sent, an uncertain outcome is looked up and settled, a refusal fails the
/// operations alone, a shared name is adopted, a passing failure leaves the batch pending.
@Suite(.removesTemporaryFolders)
struct BatchPosterTests {
    static let run = "0007-20261201T020000Z"

    /// A ledger, a run folder and its journal in a fresh workspace, and the poster over `books`.
    struct Setup {
        let ledger: Ledger
        let folder: RunFolder
        let journal: LoadJournal
        let books: MemoryBooks

        init(books: MemoryBooks = MemoryBooks()) throws {
            let workspace = try TestWorkspace.make()
            ledger = try Ledger(url: workspace.appendingPathComponent("ledger.sqlite"))
            folder = RunFolder(workspace: workspace, id: BatchPosterTests.run)
            journal = try LoadJournal(folder: folder)
            self.books = books
        }

        func poster() -> BatchPoster {
            var poster = BatchPoster(
                folder: folder, journal: journal, ledger: ledger, edition: books, logger: Logger(label: "poster-test"),
                runID: BatchPosterTests.run, uncertainAttempts: 4)
            poster.journalState = LoadJournalState(events: journal.events())
            return poster
        }

        /// Posts `operations` as one batch, as the load would.
        func post(_ operations: [PlannedOperation]) async throws -> Int {
            var resolver = PlaceholderResolver(ledger: ledger, edition: books)
            let batch = TransformPlan.Batch(
                file: "batches/0001.json", wave: operations[0].wave,
                operations: operations.enumerated().map { (bId: "b\($0.offset + 1)", operation: $0.element) })
            return try await poster().post(batch, resolver: &resolver)
        }

        /// The last result journaled for each key.
        func results() -> [String: OperationResult] {
            var last: [String: OperationResult] = [:]
            for event in journal.events() {
                for result in (event["results"]?.arrayValue ?? []).compactMap(OperationResult.init(json:)) { last[result.key] = result }
            }
            return last
        }
    }

    static func customer(_ id: Int, name: String) -> PlannedOperation {
        PlannedOperation(
            key: "customer patient:\(id)", ref: "patient:\(id)", entity: "Customer", operation: "create", body: ["name": .string(name)],
            wave: .names, lookup: Lookup(entity: "Customer", field: "name", value: name))
    }

    static func invoice(_ sale: Int, customer: Int) -> PlannedOperation {
        PlannedOperation(
            key: "invoice sale:\(sale) patient", ref: "sale:\(sale)", entity: "Invoice", operation: "create",
            body: ["number": .string("S-\(sale)"), "marker": .string("qbsync sale:\(sale)"), "customer": .string("@customer patient:\(customer)")],
            wave: .documents, lookup: Lookup(entity: "Invoice", field: "number", value: "S-\(sale)"))
    }

    @Test("a create the ledger already holds is not sent again")
    func alreadyInQuickBooks() async throws {
        let setup = try Setup()
        try setup.ledger.saveBooksObject(
            BooksObject(key: "customer patient:1", ref: "patient:1", type: "Customer", remoteID: "M7", edition: .desktop))
        let sent = try await setup.post([Self.customer(1, name: "K7QM-2XH4")])
        #expect(sent == 0)
        #expect(setup.books.deliveries == 0)
        #expect(setup.results()["customer patient:1"]?.status == "already")
        #expect(setup.results()["customer patient:1"]?.qboID == "M7")
    }

    @Test("an answer lost after QuickBooks applied the request is looked up and adopted, never sent twice")
    func uncertainThenSettled() async throws {
        let setup = try Setup()
        setup.books.script = [.appliedThenUncertain]
        let sent = try await setup.post([Self.customer(1, name: "K7QM-2XH4"), Self.customer(2, name: "P3RT-8WN2")])
        #expect(sent == 1)
        #expect(setup.books.deliveries == 1)
        #expect(setup.books.all("Customer").count == 2)
        let results = setup.results()
        #expect(results["customer patient:1"]?.status == "adopted")
        #expect(results["customer patient:2"]?.status == "adopted")
        let object = try #require(try setup.ledger.booksObject("customer patient:2"))
        #expect(object.edition == .desktop)
        #expect(setup.books.all("Customer").map(\.id).contains(object.remoteID))
        let events = setup.journal.events().compactMap { $0["event"]?.stringValue }
        #expect(events == ["intent", "uncertain", "results"])
    }

    @Test("a request lost before QuickBooks applied it is looked up, found missing, and sent again once")
    func uncertainThenResent() async throws {
        let setup = try Setup()
        setup.books.script = [.lostBeforeApplying]
        let sent = try await setup.post([Self.customer(1, name: "K7QM-2XH4")])
        #expect(sent == 2)
        #expect(setup.books.all("Customer").count == 1)
        #expect(setup.results()["customer patient:1"]?.status == "created")
    }

    @Test("an update whose answer was lost settles by its opaque version token having moved")
    func uncertainUpdateSettlesByVersion() async throws {
        let setup = try Setup()
        let id = setup.books.seed("Customer", name: "K7QM-2XH4")
        try setup.ledger.saveBooksObject(
            BooksObject(key: "customer patient:1", ref: "patient:1", type: "Customer", remoteID: id, versionToken: "v1", edition: .desktop))
        setup.books.script = [.appliedThenUncertain]
        let update = PlannedOperation(
            key: "customer patient:1", ref: "patient:1", entity: "Customer", operation: "update",
            body: ["id": "@customer patient:1", "version": "@synctoken customer patient:1", "name": "K7QM-2XH4 (moved)"], wave: .names)
        let sent = try await setup.post([update])
        #expect(sent == 1)
        #expect(setup.books.deliveries == 1)
        #expect(setup.results()["customer patient:1"]?.status == "updated")
        #expect(try setup.ledger.booksObject("customer patient:1")?.versionToken == "v2")
    }

    @Test("a request QuickBooks refused fails its operations alone, with QuickBooks's code, and records nothing")
    func refused() async throws {
        let setup = try Setup()
        setup.books.script = [.refused]
        let sent = try await setup.post([Self.customer(1, name: "K7QM-2XH4")])
        #expect(sent == 0)
        let result = try #require(setup.results()["customer patient:1"])
        #expect(result.status == "failed")
        #expect(result.code == "2020")
        #expect(try setup.ledger.booksObject("customer patient:1") == nil)
        let events = setup.journal.events().compactMap { $0["event"]?.stringValue }
        #expect(events.contains("not-applied"))
    }

    @Test("a shared name QuickBooks already holds is adopted without a request")
    func adoptable() async throws {
        let setup = try Setup()
        let id = setup.books.seed("Class", name: "Downtown")
        let operation = PlannedOperation(
            key: "class location:1", ref: "location:1", entity: "Class", operation: "create", body: ["name": "Downtown"], wave: .setup,
            lookup: Lookup(entity: "Class", field: "name", value: "downtown"), adoptExisting: true)
        let sent = try await setup.post([operation])
        #expect(sent == 0)
        #expect(setup.books.deliveries == 0)
        #expect(setup.results()["class location:1"]?.status == "adopted")
        #expect(try setup.ledger.booksObject("class location:1")?.remoteID == id)
    }

    @Test("somebody else's document with the same number is not adopted: it lacks our marker")
    func notOursIsNotAdopted() async throws {
        let setup = try Setup()
        try setup.ledger.saveBooksObject(BooksObject(key: "customer patient:1", ref: "patient:1", type: "Customer", remoteID: "M1"))
        _ = setup.books.seed("Invoice", number: "S-1042", marker: "typed by the bookkeeper")
        setup.books.script = [.lostBeforeApplying]
        _ = try await setup.post([Self.invoice(1042, customer: 1)])
        #expect(setup.results()["invoice sale:1042 patient"]?.status == "created")
        #expect(setup.books.all("Invoice").count == 2)
    }

    @Test("a request that keeps failing for a passing reason stops the load, names the run, and stays pending")
    func pendingRetryLater() async throws {
        let setup = try Setup()
        setup.books.script = [.gaveUp]
        await #expect {
            _ = try await setup.post([Self.customer(1, name: "K7QM-2XH4")])
        } throws: { error in
            guard let error = error as? LoadError, case .gaveUp = error else { return false }
            return error.errorDescription?.contains("qbsync load --run \(Self.run)") == true && error.exitStatus == .itemsFailed
        }
        #expect(setup.results()["customer patient:1"] == nil)
        #expect(setup.books.all("Customer").isEmpty)
        // Run again once QuickBooks answers: posted once.
        let sent = try await setup.post([Self.customer(1, name: "K7QM-2XH4")])
        #expect(sent == 1)
        #expect(setup.books.all("Customer").count == 1)
        #expect(setup.results()["customer patient:1"]?.status == "created")
    }

    @Test("a login needed stops the load blocked (exit 3), naming the run to load again")
    func loginNeeded() async throws {
        let setup = try Setup()
        setup.books.script = [.loginNeeded]
        await #expect {
            _ = try await setup.post([Self.customer(1, name: "K7QM-2XH4")])
        } throws: { error in
            guard let error = error as? LoadError, case .authorizationNeeded = error else { return false }
            return error.exitStatus == .blocked && error.errorDescription?.contains("qbsync load --run \(Self.run)") == true
        }
        #expect(setup.books.all("Customer").isEmpty)
    }

    @Test("a restart after a crash with the request in flight settles from the journal before sending")
    func restartAfterCrashInFlight() async throws {
        let setup = try Setup()
        // What a process that died between the send and the answer leaves: the intent alone.
        let operation = Self.customer(1, name: "K7QM-2XH4")
        _ = setup.books.seed("Customer", name: "K7QM-2XH4")
        try setup.journal.append([
            "event": "intent", "batch": "batches/0001.json", "request_id": "r1", "attempt": 1, "bIds": ["b1"],
            "operations": [.string(OperationResult.operationID(operation))], "sync_tokens": [:],
        ])
        let sent = try await setup.post([operation])
        #expect(sent == 0)
        #expect(setup.books.deliveries == 0)
        #expect(setup.results()["customer patient:1"]?.status == "adopted")
    }

    @Test("operations QuickBooks did not run (a set stopped early) are sent again in a new request, each posted once")
    func notRunAreSentAgain() async throws {
        let setup = try Setup()
        setup.books.script = [.runsFirstOnly]
        let operations = [Self.customer(1, name: "K7QM-2XH4"), Self.customer(2, name: "P3RT-8WN2"), Self.customer(3, name: "ZX4B-77QA")]
        let sent = try await setup.post(operations)
        #expect(sent == 2)
        #expect(setup.books.all("Customer").count == 3)
        let results = setup.results()
        #expect(["customer patient:1", "customer patient:2", "customer patient:3"].allSatisfy { results[$0]?.status == "created" })
        let requests = try FileManager.default.contentsOfDirectory(atPath: setup.folder.file(.load, "requests").path).sorted()
        #expect(requests == ["0001-a1.memory", "0001-a2.memory"])
    }
}
