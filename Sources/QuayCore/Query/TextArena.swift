#if canImport(Glibc)
import Glibc
#endif

/// Many short texts end to end, each ended by a NUL, for substring search:
/// one `memchr`/`memcmp` run over all of them instead of one call per text,
/// and a bitmap of the byte pairs present, so a word with a pair no text
/// has is answered without reading any text (a box number never holds
/// "banana"). Entry i is `bytes[bounds[i] ..< bounds[i + 1]]`.
struct TextArena: Sendable {
    private(set) var bytes: [UInt8] = []
    private(set) var bounds: [UInt32] = [0]
    /// One bit per byte pair (65,536 bits).
    private var pairs = [UInt64](repeating: 0, count: 1024)

    var count: Int { bounds.count - 1 }

    mutating func append<C: Collection<UInt8>>(_ text: C) {
        var previous: UInt8 = 0
        for b in text {
            let pair = Int(previous) << 8 | Int(b)
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
            previous = b
        }
        bytes.append(contentsOf: text)
        bytes.append(0)
        bounds.append(UInt32(bytes.count))
    }

    /// Calls `body` once for each entry holding `needle` (not empty, no NUL), in order.
    func entries(containing needle: [UInt8], _ body: (Int) -> Void) {
        for (a, b) in zip(needle, needle.dropFirst()) {
            let pair = Int(a) << 8 | Int(b)
            if pairs[pair >> 6] & (1 << UInt64(pair & 63)) == 0 { return }
        }
        bytes.withUnsafeBufferPointer { hay in
            bounds.withUnsafeBufferPointer { b in
                needle.withUnsafeBufferPointer { needle in
                    var from = 0
                    while let at = TextArena.find(needle, in: hay, from: from) {
                        // The entry holding `at`: the last i with b[i] <= at (every entry has at least its NUL).
                        var lo = 0, hi = b.count - 2
                        while lo < hi {
                            let mid = (lo + hi + 1) >> 1
                            if Int(b[mid]) <= at { lo = mid } else { hi = mid - 1 }
                        }
                        body(lo)
                        from = Int(b[lo + 1])
                    }
                }
            }
        }
    }

    /// First position at or after `from` where `needle` (not empty) starts.
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = hay.baseAddress else { return nil }
        let first = Int32(needle[0])
        var i = from
        while hay.count - i >= needle.count {
            guard let p = memchr(base + i, first, hay.count - i - needle.count + 1) else { return nil }
            let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// Whether `p` can be answered by `entries(containing:)`.
    static func searchable(_ p: Pattern) -> Bool { p.kind == .contains && !p.lowered.isEmpty && !p.lowered.contains(0) }
}
