/// Lists the attribute names of every start tag of a document in the order they are written,
/// which `XMLParser` loses by handing attributes over as a dictionary. It only needs to be
/// right for documents the parser accepts, since the parser checks well-formedness itself.
enum StartTagScanner {
    /// One list per start tag (empty-element tags included), in document order.
    static func attributeNames(in bytes: [UInt8]) -> [[String]] {
        var tags: [[String]] = []
        var index = 0
        let count = bytes.count
        func starts(_ text: String, at position: Int) -> Bool {
            let marker = Array(text.utf8)
            guard position + marker.count <= count else { return false }
            return Array(bytes[position..<(position + marker.count)]) == marker
        }
        func skip(past terminator: String, from position: Int) -> Int {
            let first = terminator.utf8.first!
            var cursor = position
            while cursor < count, !(bytes[cursor] == first && starts(terminator, at: cursor)) { cursor += 1 }
            return min(count, cursor + terminator.utf8.count)
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if starts("<!--", at: index) {
                index = skip(past: "-->", from: index + 4)
            } else if starts("<![CDATA[", at: index) {
                index = skip(past: "]]>", from: index + 9)
            } else if starts("<?", at: index) {
                index = skip(past: "?>", from: index + 2)
            } else if starts("<!", at: index) || starts("</", at: index) {
                index = skip(past: ">", from: index + 2)
            } else {
                var names: [String] = []
                index += 1
                while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"),
                    bytes[index] != UInt8(ascii: "/")
                { index += 1 }
                while index < count {
                    while index < count, isSpace(bytes[index]) { index += 1 }
                    guard index < count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else {
                        break
                    }
                    let nameStart = index
                    while index < count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "=") { index += 1 }
                    names.append(String(decoding: bytes[nameStart..<index], as: UTF8.self))
                    while index < count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "'") {
                        index += 1
                    }
                    guard index < count else { break }
                    let quote = bytes[index]
                    index += 1
                    while index < count, bytes[index] != quote { index += 1 }
                    index += 1
                }
                index = skip(past: ">", from: index)
                tags.append(names)
            }
        }
        return tags
    }
}
