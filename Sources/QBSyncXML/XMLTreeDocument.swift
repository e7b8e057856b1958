/// A whole XML document: the processing instructions before the root (`<?qbxml version="13.0"?>`)
/// and the root element. The `<?xml?>` declaration is not kept: the writer always writes
/// `<?xml version="1.0" encoding="utf-8"?>`, which is what the Web Connector expects.
public struct XMLTreeDocument: Equatable, Sendable {
    /// One `<?target data?>` instruction.
    public struct ProcessingInstruction: Equatable, Sendable {
        public var target: String
        public var data: String

        /// An instruction such as `ProcessingInstruction("qbxml", "version=\"13.0\"")`.
        public init(_ target: String, _ data: String) {
            self.target = target
            self.data = data
        }
    }

    /// Instructions that came before the root element, in order.
    public var processingInstructions: [ProcessingInstruction]
    /// The document element.
    public var root: XMLTreeElement

    /// A document with its instructions and root.
    public init(processingInstructions: [ProcessingInstruction] = [], root: XMLTreeElement) {
        self.processingInstructions = processingInstructions
        self.root = root
    }

    /// The data of the first instruction with `target`, or nil (`qbxml` -> `version="13.0"`).
    public func instruction(_ target: String) -> String? {
        processingInstructions.first { $0.target == target }?.data
    }

    /// The value of a pseudo-attribute inside an instruction's data: `version` of
    /// `version="13.0"` is `13.0`. Nil when the instruction or the pseudo-attribute is absent.
    public func instructionValue(_ target: String, _ name: String) -> String? {
        guard let data = instruction(target) else { return nil }
        for quote in ["\"", "'"] {
            let opening = name + "=" + quote
            guard let start = data.range(of: opening) else { continue }
            let rest = data[start.upperBound...]
            guard let end = rest.firstIndex(of: Character(quote)) else { return nil }
            return String(rest[..<end])
        }
        return nil
    }
}
