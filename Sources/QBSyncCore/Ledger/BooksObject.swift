/// What QuickBooks holds for one object qbsync manages, keyed by a stable key such as
/// `customer patient:12`, `item generic:hearing_aid` or `invoice sale:1042 payer:3`: the
/// ledger's map of QuickBooks objects (`books_objects`), the same for every edition.
public struct BooksObject: Sendable, Equatable {
    public var key: String
    /// The OMS item it belongs to (`patient:12`, `sale:1042`, `location:2`...).
    public var ref: String
    /// The kind of object in QuickBooks (`Customer`, `Invoice`...).
    public var type: String
    /// QuickBooks's id for it: Online's `Id`, Desktop's `ListID` or `TxnID`.
    public var remoteID: String
    /// The version an update must name: Online's `SyncToken`, Desktop's `EditSequence`.
    public var versionToken: String?
    /// Which QuickBooks holds it.
    public var edition: Edition
    public var docNumber: String?
    public var name: String?
    public var totalCents: Int?
    public var active: Bool
    public var runID: String?
    /// The SHA-256 of the body last posted for it (ids and version tokens left out), so a record
    /// whose outgoing fields did not change is not posted again.
    public var fingerprint: String?

    public init(
        key: String, ref: String, type: String, remoteID: String, versionToken: String? = nil, edition: Edition = .online,
        docNumber: String? = nil, name: String? = nil, totalCents: Int? = nil, active: Bool = true, runID: String? = nil,
        fingerprint: String? = nil
    ) {
        self.key = key
        self.ref = ref
        self.type = type
        self.remoteID = remoteID
        self.versionToken = versionToken
        self.edition = edition
        self.docNumber = docNumber
        self.name = name
        self.totalCents = totalCents
        self.active = active
        self.runID = runID
        self.fingerprint = fingerprint
    }
}

/// The names the map had when it only knew QuickBooks Online, kept while the transform and the
/// review move to the neutral ones (`BooksObject`, `booksObject(_:)`).
public typealias QBOObject = BooksObject

extension BooksObject {
    /// An object of QuickBooks Online, in the old words.
    public init(
        key: String, ref: String, qboType: String, qboID: String, syncToken: String? = nil, docNumber: String? = nil,
        name: String? = nil, totalCents: Int? = nil, active: Bool = true, runID: String? = nil, fingerprint: String? = nil
    ) {
        self.init(
            key: key, ref: ref, type: qboType, remoteID: qboID, versionToken: syncToken, edition: .online, docNumber: docNumber,
            name: name, totalCents: totalCents, active: active, runID: runID, fingerprint: fingerprint)
    }

    /// `type`, in the old words.
    public var qboType: String {
        get { type }
        set { type = newValue }
    }

    /// `remoteID`, in the old words.
    public var qboID: String {
        get { remoteID }
        set { remoteID = newValue }
    }

    /// `versionToken`, in the old words.
    public var syncToken: String? {
        get { versionToken }
        set { versionToken = newValue }
    }
}

extension Ledger {
    /// `booksObject(_:)`, in the old words.
    public func qboObject(_ key: String) throws -> BooksObject? { try booksObject(key) }

    /// `booksObjects(ref:)`, in the old words.
    public func qboObjects(ref: String) throws -> [BooksObject] { try booksObjects(ref: ref) }

    /// `saveBooksObject(_:)`, in the old words.
    public func saveQBOObject(_ object: BooksObject) throws { try saveBooksObject(object) }
}
