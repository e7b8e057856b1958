/// Where the writer puts bytes: an `[UInt8]` for a single quoted string, a `ByteSink` for whole documents.
protocol JSONByteOutput {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: JSONByteOutput where Element == UInt8 {
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A growable byte buffer written through a pointer. The writer appends a few bytes at a time (a quote, a colon, an
/// indentation), and on an `[UInt8]` every one of those calls checks that the array is uniquely referenced; here an
/// append is a capacity check and a store. Only `withSink` makes one, and frees it when the writing is done.
struct ByteSink: JSONByteOutput {
    private var start: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    private init(capacity: Int) {
        self.capacity = max(capacity, 16)
        start = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    /// Runs `body` on an empty sink, then appends what it wrote to `out` in one copy.
    static func withSink(appendingTo out: inout [UInt8], capacity: Int = 4096, _ body: (inout ByteSink) -> Void) {
        var sink = ByteSink(capacity: capacity)
        defer { sink.start.deallocate() }
        body(&sink)
        out.append(contentsOf: UnsafeBufferPointer(start: sink.start, count: sink.count))
    }

    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        (start + count).initialize(to: byte)
        count += 1
    }

    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (start + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// `byte` `times` times, for indentation.
    mutating func append(_ byte: UInt8, times: Int) {
        guard times > 0 else { return }
        if count + times > capacity { grow(toHold: count + times) }
        (start + count).initialize(repeating: byte, count: times)
        count += times
    }

    private mutating func grow(toHold needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.initialize(from: start, count: count)
        start.deallocate()
        start = newStart
        capacity = newCapacity
    }
}
