import Foundation
import QBSyncXML

/// The sandbox's QuickBooks Desktop with one company file open: answers qbXML 13.0 request
/// message sets as QuickBooks would for everything the pipeline sends, and enforces what
/// QuickBooks enforces (README "The Desktop sandbox's company"). One set runs at a time.
///
/// The company lives in `folder` (JSON files, replaced atomically after every set that changed
/// it), so a run can be inspected afterwards and a restarted sandbox goes on where it stopped;
/// without a folder it lives in memory.
public final class DesktopCompany: DesktopQuickBooks, @unchecked Sendable {
    public let companyFilePath: String
    let lock = NSLock()
    var books: DesktopBooks
    let store: DesktopCompanyStore
    var injected: DesktopFaults
    /// Write requests and write sets seen since start, for the numbered faults.
    var writes = 0
    var writeSets = 0
    /// Query iterators of the open session: what each has still to hand out.
    var iterators: [String: [XMLTreeElement]] = [:]
    var nextIterator = 1

    /// Opens the company kept in `folder`, or creates a new one there.
    public init(
        folder: URL?, companyFilePath: String = #"C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\Clinic.qbw"#,
        faults: DesktopFaults = DesktopFaults()
    ) throws {
        self.companyFilePath = companyFilePath
        store = DesktopCompanyStore(folder: folder)
        injected = faults
        let state = try store.load() ?? DesktopCompanyState.seeded(now: Timestamp.metaData(Date()))
        books = DesktopBooks(state: state)
        try store.save(state)
    }

    /// The faults switched on; a change takes effect with the next call.
    public var faults: DesktopFaults {
        get { locked { injected } }
        set { locked { injected = newValue } }
    }

    /// The company's closing date (`YYYY-MM-DD`): transactions dated on or before it are refused (3171).
    public var closingDate: String? {
        get { locked { books.state.closingDate } }
        set { changeState { $0.closingDate = newValue } }
    }

    /// Whether the company tracks classes (on in the sandbox; a new real company has it off).
    public var isUsingClassTracking: Bool {
        get { locked { books.state.isUsingClassTracking } }
        set { changeState { $0.isUsingClassTracking = newValue } }
    }

    /// Stores a company `DataExt`, as the Web Connector stores `FileID` under the application's
    /// OwnerID on its first connection; it is answered in CompanyQuery.
    public func storeCompanyDataExt(ownerID: String, name: String, value: String) {
        changeState { state in
            state.dataExts.removeAll { $0.ownerID == ownerID && $0.name == name }
            state.dataExts.append(DesktopCompanyState.CompanyDataExt(ownerID: ownerID, name: name, value: value))
        }
    }

    public func openSession(companyFile: String) -> DesktopSessionOpening {
        locked {
            iterators = [:]
            if injected.notRunning {
                return .failed(hresult: "0x80040408", message: "Could not start QuickBooks.")
            }
            guard companyFile.isEmpty || companyFile.lowercased() == companyFilePath.lowercased() else {
                return .failed(
                    hresult: "0x80040408",
                    message: "Could not start QuickBooks: another company file is open than the one the application asked for.")
            }
            return .opened
        }
    }

    public func closeSession() {
        locked { iterators = [:] }
    }

    public func hostCompanyPreferencesResponse() -> String {
        locked { DesktopHostAnswers.response(books.state) }
    }

    public func process(_ request: String) -> DesktopAnswer {
        locked { run(request) }
    }

    /// A copy of the books for tests and inspection.
    var state: DesktopCompanyState { locked { books.state } }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func changeState(_ change: (inout DesktopCompanyState) -> Void) {
        locked {
            change(&books.state)
            try? store.save(books.state)
        }
    }
}

extension DesktopCompany {
    /// Adds a vendor, employee or other name the clinic already keeps in QuickBooks: the
    /// pipeline never sends those, yet their names are taken for customers too (3100).
    public func addOtherName(kind: String, name: String) {
        precondition(["Vendor", "Employee", "OtherName"].contains(kind), "not a name list: \(kind)")
        changeState { state in
            let entry = DesktopListEntry(
                kind: kind, listID: state.newListID(), name: name, parentID: nil, isActive: true,
                editSequence: state.newEditSequence(), timeCreated: Timestamp.metaData(Date()),
                timeModified: Timestamp.metaData(Date()), fields: [])
            state.appendList(entry)
        }
    }

    /// Renames a vendor, employee or other name, as the bookkeeper does in QuickBooks to free
    /// its name for a customer.
    public func renameOtherName(kind: String, from old: String, to new: String) {
        changeState { state in
            guard let index = state.lists.firstIndex(where: { $0.kind == kind && $0.name.lowercased() == old.lowercased() }) else { return }
            state.lists[index].name = new
            state.lists[index].editSequence = state.newEditSequence()
        }
    }
}
