/// One element of an XML document as qbXML and SOAP use it: a name, attributes in the order
/// they were written, child elements, and the element's own text. Mixed content (text between
/// child elements) has no meaning in qbXML, so an element with children keeps no text.
public struct XMLTreeElement: Equatable, Sendable {
    /// One `name="value"` pair; the value is unescaped.
    public struct Attribute: Equatable, Sendable {
        public var name: String
        public var value: String

        /// An attribute with its (unescaped) value.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The element's name as written, prefix included (`soap:Body`).
    public var name: String
    /// The attributes in document order.
    public var attributes: [Attribute]
    /// The child elements in document order.
    public var children: [XMLTreeElement]
    /// The unescaped character data of a leaf element (`""` for an element with children).
    public var text: String
    /// The 1-based line and column where the element's start tag was read (0 when built in code),
    /// so a validator can say where a hand-edited file went wrong without quoting its content.
    public var line: Int
    public var column: Int

    /// An element built in code.
    public init(
        _ name: String, attributes: [Attribute] = [], children: [XMLTreeElement] = [], text: String = "",
        line: Int = 0, column: Int = 0
    ) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
        self.line = line
        self.column = column
    }

    /// A leaf element holding `text`.
    public static func leaf(_ name: String, _ text: String, attributes: [Attribute] = []) -> XMLTreeElement {
        XMLTreeElement(name, attributes: attributes, text: text)
    }

    /// The value of the first attribute called `name`, or nil.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child called `name`, or nil.
    public func child(_ name: String) -> XMLTreeElement? {
        children.first { $0.name == name }
    }

    /// Every child called `name`, in order.
    public func children(named name: String) -> [XMLTreeElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child called `name`, or nil when there is none.
    public func text(of name: String) -> String? {
        child(name)?.text
    }

    /// Follows a path of child names (`["CustomerRef", "ListID"]`) and gives the last one's text.
    public func text(at path: [String]) -> String? {
        var element = self
        for name in path {
            guard let next = element.child(name) else { return nil }
            element = next
        }
        return element.text
    }

    /// Equality of content only: where an element was read does not make it a different element.
    public static func == (lhs: XMLTreeElement, rhs: XMLTreeElement) -> Bool {
        lhs.name == rhs.name && lhs.attributes == rhs.attributes && lhs.text == rhs.text
            && lhs.children == rhs.children
    }
}
