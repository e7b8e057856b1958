/// What the Web Connector service is set up with: who may call it, which company file it asks
/// for, and how it tells whether another qbsync process holds the load.
public struct WebConnectorSettings: Sendable {
    /// The user name the `.qwc` names (`QBSYNC_QBWC_USER`, default `qbsync`).
    public var userName: String
    /// The password typed into the Web Connector (`QBSYNC_QBWC_PASSWORD`). Only compared, in
    /// constant time; never logged, written or put in any answer.
    public var password: String
    /// What `authenticate` answers as the company file (`QBSYNC_QBD_COMPANY_FILE`; `""`: the
    /// file open in QuickBooks).
    public var companyFile: String
    /// What `serverVersion` answers (shown under the Web Connector's More Information).
    public var serverVersion: String
    /// Whether another process holds the load lock now: `authenticate` answers `busy` then.
    public var loadLockHeldElsewhere: @Sendable () -> Bool
    /// Judges the first call's host, company and preferences answer.
    public var companyCheck: any CompanyCheck
    /// How long a `sendRequestXML` or `receiveResponseXML` answer is held while the load
    /// prepares its next set. Well under the Web Connector's own HTTP timeout (not documented
    /// by Intuit: a minute and more is reported), and long enough for a load that keeps up.
    public var answerHold: Duration = .seconds(20)

    /// Settings with the given credentials; by default the lock is never held elsewhere.
    public init(
        userName: String, password: String, companyFile: String = "", serverVersion: String = "qbsync",
        companyCheck: any CompanyCheck, loadLockHeldElsewhere: @escaping @Sendable () -> Bool = { false }
    ) {
        self.userName = userName
        self.password = password
        self.companyFile = companyFile
        self.serverVersion = serverVersion
        self.companyCheck = companyCheck
        self.loadLockHeldElsewhere = loadLockHeldElsewhere
    }
}

/// Comparison whose time does not depend on where two secrets first differ, so a caller cannot
/// find the password a character at a time by timing `authenticate`.
enum ConstantTime {
    /// Whether `given` equals `expected`; always walks the whole of `given`.
    static func equals(_ given: String, _ expected: String) -> Bool {
        let lhs = Array(given.utf8)
        let rhs = Array(expected.utf8)
        var difference = UInt64(truncatingIfNeeded: lhs.count ^ rhs.count)
        for index in 0..<lhs.count {
            let other = rhs.isEmpty ? 0 : rhs[index % rhs.count]
            difference |= UInt64(lhs[index] ^ other)
        }
        return difference == 0 && !rhs.isEmpty
    }
}
