/// Which QuickBooks a pipeline keeps. The edition decides the wire (QuickBooks Online's JSON
/// batch bodies, or QuickBooks Desktop's qbXML message sets), the rules the transform follows
/// (how long a name or a document number may be, how many operations a request holds) and how
/// the load reaches QuickBooks. Everything above the edition speaks the neutral plan.
public enum Edition: String, Sendable, CaseIterable, Codable {
    /// QuickBooks Online: the REST batch API over OAuth.
    case online
    /// QuickBooks Desktop: a company file reached through the Web Connector and qbXML.
    case desktop
}
