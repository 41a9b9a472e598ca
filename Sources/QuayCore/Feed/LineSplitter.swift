#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines. Bytes after the last newline are held
/// until more arrive (a writer caught mid-line never yields half a line).
public struct LineSplitter: Sendable {
    private var carry: [UInt8] = []
    public private(set) var lineNumber = 0
    /// Cap on a held partial line; beyond it the line is consumed and reported as too long.
    public var maxLine = EventDecoder.maxLineBytes
    private var skippingLongLine = false

    public init() {}

    /// A splitter going on from `lineNumber` lines already read (a file
    /// read on from a checkpoint): the next line is `lineNumber + 1`.
    public init(lineNumber: Int) { self.lineNumber = lineNumber }

    public var hasPartialLine: Bool { !carry.isEmpty || skippingLongLine }
    /// Bytes of the partial last line taken in so far.
    public var heldBytes: Int { skippingLongLine ? longLineBytes : carry.count }

    /// Bytes of a partial line kept in memory until its end arrives (never
    /// more than `maxLine`: a longer line is counted, not kept).
    var bufferedBytes: Int { carry.count }

    public enum Piece {
        case line(UnsafeBufferPointer<UInt8>, number: Int)
        case tooLong(number: Int, bytes: Int)
    }

    private var longLineBytes = 0

    /// Feeds `chunk`; calls `body` for each complete line (without `\n`).
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ body: (Piece) -> Void) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var start = 0
        while start < chunk.count {
            let remaining = chunk.count - start
            guard let nl = memchr(base + start, 0x0A, remaining) else {
                // No newline: hold the rest.
                if skippingLongLine {
                    longLineBytes += remaining
                } else if carry.count + remaining > maxLine {
                    skippingLongLine = true
                    longLineBytes = carry.count + remaining
                    carry = []
                } else {
                    carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: remaining))
                }
                return
            }
            let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
            lineNumber += 1
            if skippingLongLine {
                body(.tooLong(number: lineNumber, bytes: longLineBytes + (end - start)))
                skippingLongLine = false
                longLineBytes = 0
            } else if carry.isEmpty {
                body(.line(UnsafeBufferPointer(start: base + start, count: end - start), number: lineNumber))
            } else {
                carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                if carry.count > maxLine {
                    body(.tooLong(number: lineNumber, bytes: carry.count))
                } else {
                    carry.withUnsafeBufferPointer { body(.line($0, number: lineNumber)) }
                }
                carry.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
    }

    /// End of input: a last line without a newline is taken as complete.
    public mutating func finish(_ body: (Piece) -> Void) {
        if skippingLongLine {
            lineNumber += 1
            body(.tooLong(number: lineNumber, bytes: longLineBytes))
        } else if !carry.isEmpty {
            lineNumber += 1
            carry.withUnsafeBufferPointer { body(.line($0, number: lineNumber)) }
        }
        carry = []
        skippingLongLine = false
        longLineBytes = 0
    }
}
