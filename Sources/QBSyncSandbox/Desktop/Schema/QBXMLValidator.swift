import QBSyncXML

/// Why the request processor refused a whole message set (hresult 0x80040400): where, never what.
struct QBXMLSchemaViolation: Error, Equatable {
    var line: Int
    var reason: String
}

/// A string longer than its field allows: the request that holds it answers 3070.
struct QBXMLLengthOverrun: Equatable {
    var field: String
    var limit: Int
}

/// Checks a request's elements against its content model, as QuickBooks's parser does before
/// any request of the set runs: order, presence, names, attributes and value forms.
enum QBXMLValidator {
    /// Validates `element`'s children against `model`; gives the over-long strings found.
    static func validate(
        _ element: XMLTreeElement, against model: [QBXMLParticle]
    ) throws -> [QBXMLLengthOverrun] {
        var overruns: [QBXMLLengthOverrun] = []
        var index = 0
        try match(model, element.children, &index, parent: element, overruns: &overruns)
        if index < element.children.count {
            let stray = element.children[index]
            throw QBXMLSchemaViolation(
                line: stray.line, reason: "element <\(stray.name)> is unknown or out of place in <\(element.name)>")
        }
        return overruns
    }

    private static func match(
        _ sequence: [QBXMLParticle], _ children: [XMLTreeElement], _ index: inout Int, parent: XMLTreeElement,
        overruns: inout [QBXMLLengthOverrun]
    ) throws {
        for particle in sequence {
            var count = 0
            while index < children.count, particle.firstNames.contains(children[index].name) {
                switch particle {
                case .element(_, _, let content, let attributes):
                    try check(children[index], content: content, attributes: attributes, overruns: &overruns)
                    index += 1
                case .choice(let alternatives, _):
                    let name = children[index].name
                    guard let alternative = alternatives.first(where: { QBXMLParticle.firstNames($0).contains(name) })
                    else { break }
                    try match(alternative, children, &index, parent: parent, overruns: &overruns)
                }
                count += 1
                if !particle.occurs.isRepeatable { break }
            }
            if count == 0, particle.occurs.isRequired {
                if case .choice(let alternatives, _) = particle, alternatives.contains(where: QBXMLParticle.isNullable) {
                    continue
                }
                let expected = particle.firstNames.sorted().joined(separator: " or ")
                let line = index < children.count ? children[index].line : parent.line
                throw QBXMLSchemaViolation(line: line, reason: "<\(parent.name)> lacks <\(expected)> here")
            }
        }
    }

    private static func check(
        _ element: XMLTreeElement, content: QBXMLContent, attributes: [String], overruns: inout [QBXMLLengthOverrun]
    ) throws {
        for attribute in element.attributes where !attributes.contains(attribute.name) {
            throw QBXMLSchemaViolation(
                line: element.line, reason: "attribute \(attribute.name) is not allowed on <\(element.name)>")
        }
        switch content {
        case .opaque:
            return
        case .sequence(let model):
            guard element.text.isEmpty else {
                throw QBXMLSchemaViolation(line: element.line, reason: "<\(element.name)> holds text instead of elements")
            }
            overruns += try validate(element, against: model)
        case .value(let type):
            guard element.children.isEmpty else {
                throw QBXMLSchemaViolation(line: element.line, reason: "<\(element.name)> holds elements instead of a value")
            }
            // An element naming a macro is empty; an empty string clears a field in a Mod.
            if element.attribute("useMacro") != nil && element.text.isEmpty { return }
            if let limit = type.maximumLength {
                if element.text.count > limit { overruns.append(QBXMLLengthOverrun(field: element.name, limit: limit)) }
                return
            }
            guard type.accepts(element.text) else {
                throw QBXMLSchemaViolation(line: element.line, reason: "<\(element.name)> does not hold a valid value")
            }
        }
    }
}
