/// Word-at-a-time checks for the parts of JSON strings that need no attention from the parser or the writer.
enum PlainASCII {
    /// Whether none of the eight bytes at `pointer` is below 0x20, a quote, a backslash or non-ASCII: bytes a
    /// string can hold as they are, whether read or written.
    ///
    /// When every byte is ASCII, subtracting 0x20 from each (or 1 from each after an xor with '"' or '\\', which
    /// zeroes those bytes) borrows into a byte's top bit only where that byte is below 0x20 (or was the quote or
    /// backslash); the top bits of the word itself are the non-ASCII bytes.
    static func isPlain(_ pointer: UnsafeRawPointer) -> Bool {
        let word = pointer.loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
        let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
        let borrows = (word &- ones &* 0x20) | (quotes &- ones) | (backslashes &- ones)
        return (borrows | word) & (ones &* 0x80) == 0
    }
}
