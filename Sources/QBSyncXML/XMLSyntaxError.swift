/// Why an XML text could not be read, and where. The reason never quotes the document: qbXML
/// carries names and amounts, so an error says where to look, never what was there.
public struct XMLSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line of the problem (0 when the parser could not tell).
    public var line: Int
    /// 1-based column of the problem (0 when the parser could not tell).
    public var column: Int
    /// What is wrong, in words that name no content.
    public var reason: String

    /// An error at `line`, `column`.
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}
