/// A case-insensitive glob: `*` any run, `?` one character; anchored at
/// both ends. Literal and prefix patterns take fast paths.
public struct Pattern: Sendable, Equatable, CustomStringConvertible {
    public let source: String
    let lowered: [UInt8]
    let kind: Kind

    enum Kind: Equatable { case exact, prefix, contains, glob }

    public init(_ source: String) {
        self.source = source
        let low = Array(source.lowercased().utf8)
        let stars = low.filter { $0 == UInt8(ascii: "*") }.count
        let hasQ = low.contains(UInt8(ascii: "?"))
        if stars == 0 && !hasQ {
            kind = .exact; lowered = low
        } else if !hasQ && stars == 1 && low.last == UInt8(ascii: "*") {
            kind = .prefix; lowered = Array(low.dropLast())
        } else if !hasQ && stars == 2 && low.first == UInt8(ascii: "*") && low.last == UInt8(ascii: "*") && low.count >= 2 {
            kind = .contains; lowered = Array(low.dropFirst().dropLast())
        } else {
            kind = .glob; lowered = low
        }
    }

    public var description: String { source }

    public func matches(_ text: String) -> Bool {
        Pattern.withFolded(text) { match($0) }
    }

    /// Whether any of `patterns` matches `text`, folding the text once (a
    /// list such as `origin:@risk_ports` is many patterns against one value).
    static func any(_ patterns: [Pattern], match text: String) -> Bool {
        withFolded(text) { bytes in patterns.contains { $0.match(bytes) } }
    }

    /// Calls `body` with the bytes of `fold(s)`: short ASCII text (LOCODEs,
    /// goods, codes: what rules test on every box) is folded on the stack
    /// instead of into a new string.
    static func withFolded<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var s = s
        return s.withUTF8 { raw in
            guard raw.count <= 256, !raw.contains(where: { $0 >= 0x80 }) else {
                var t = fold(String(decoding: raw, as: UTF8.self))
                return t.withUTF8(body)
            }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, raw.count)) { buf in
                body(UnsafeBufferPointer(rebasing: buf[0..<lowerASCII(raw, into: buf)]))
            }
        }
    }

    /// Text as patterns compare it: lower-cased, which allocates only when
    /// the text has capitals or non-ASCII (the column store keeps text folded).
    static func fold(_ s: String) -> String {
        var upper = false
        for b in s.utf8 {
            if b >= 0x80 { return s.lowercased() }
            if b >= 0x41 && b <= 0x5A { upper = true }
        }
        // ASCII with capitals (codes, numbers, names): lower-cased byte by byte.
        guard upper else { return s }
        var s = s
        return s.withUTF8 { raw in String(unsafeUninitializedCapacity: raw.count) { lowerASCII(raw, into: $0) } }
    }

    /// ASCII bytes with A-Z lowered, into `out` (as long at least); returns the count.
    private static func lowerASCII(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        for (i, b) in raw.enumerated() { out[i] = b >= 0x41 && b <= 0x5A ? b + 32 : b }
        return raw.count
    }

    func match(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        switch kind {
        case .exact: return t.count == lowered.count && t.elementsEqual(lowered)
        case .prefix: return t.count >= lowered.count && t.prefix(lowered.count).elementsEqual(lowered)
        case .contains: return Pattern.find(lowered, in: t)
        case .glob: return Pattern.glob(lowered, t)
        }
    }

    static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        if needle.isEmpty { return true }
        return needle.withUnsafeBufferPointer { TextArena.find($0, in: hay, from: 0) } != nil
    }

    /// Iterative glob with single backtrack point (linear for `*`).
    static func glob(_ p: [UInt8], _ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var pi = 0, ti = 0
        var starP = -1, starT = 0
        while ti < t.count {
            if pi < p.count && p[pi] == UInt8(ascii: "*") {
                // A star in the pattern is always a wildcard, even against a literal '*' in the text.
                starP = pi; starT = ti; pi += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "?") && !isContinuation(t[ti]) {
                ti += 1
                while ti < t.count && isContinuation(t[ti]) { ti += 1 }
                pi += 1
            } else if pi < p.count && p[pi] != UInt8(ascii: "?") && p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if starP >= 0 {
                pi = starP + 1
                starT += 1
                while starT < t.count && isContinuation(t[starT]) { starT += 1 }
                ti = starT
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
}
