/// A parsed JSON value. Objects keep their keys in order as pairs: event
/// objects are small (a dozen keys), so a linear lookup beats hashing, and
/// duplicate keys can be refused.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x == y
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        // By index: only keys are read until one matches (a loop over the
        // pairs copied each value out, a retain and a release for each
        // string, array or object passed over).
        for i in pairs.indices where pairs[i].key == key { return pairs[i].value }
        return nil
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based byte column in the line.
    public let column: Int
    public let message: String
    public var description: String {
        if message.hasPrefix("invalid UTF-8") { return "\(message) at byte column \(column)" }
        return "invalid JSON at column \(column): \(message)"
    }
}

/// One key of an object and its value. A struct, not a tuple: an array of
/// tuples is destroyed through the runtime's generic tuple code, element
/// by element (callgrind of `report`: the parsed lines' destruction cost
/// about as much as building them).
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) { self.key = key; self.value = value }
}

/// An RFC 8259 parser over the bytes of one line.
public struct JSONParser {
    public static let maxDepth = 64
    /// Objects with up to this many keys find duplicates by a linear search.
    static let linearKeys = 32

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.pos < bytes.count { throw p.error("unexpected text after the value") }
        return v
    }

    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var copy = text
        let result = copy.withUTF8 { buf in Result { () throws(JSONError) -> JSONValue in try parse(buf) } }
        return try result.get()
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    /// Whether the last string read was its bytes as they stand: no
    /// escapes, all ASCII (then two such strings are equal exactly when
    /// their bytes are).
    private var lastStringPlain = false

    func error(_ message: String, at: Int? = nil) -> JSONError {
        JSONError(column: (at ?? pos) + 1, message: message)
    }

    @inline(__always) mutating func skipSpace() {
        while pos < bytes.count {
            let b = bytes[pos]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { pos += 1 } else { break }
        }
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        guard pos < bytes.count else { throw error("unexpected end of line") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character \(describe(bytes[pos]))")
        }
    }

    func describe(_ b: UInt8) -> String {
        // A single quote goes in double quotes: "'" reads better than '''.
        if b == UInt8(ascii: "'") { return "\"'\"" }
        return b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let start = pos
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for c in w {
            guard pos < bytes.count, bytes[pos] == c else { throw error("invalid literal", at: start) }
            pos += 1
        }
    }

    mutating func object(depth: Int) throws(JSONError) -> JSONValue {
        if depth > JSONParser.maxDepth { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
        pos += 1
        var pairs: [JSONMember] = []
        // An event line has about a dozen keys: one allocation, not one per doubling.
        pairs.reserveCapacity(16)
        // Past a few dozen keys a linear search per key turns quadratic (a
        // 1 MB line holds 90,000 keys): keys are then also kept in a set.
        var keys: Set<String> = []
        var plainKeys: [Range<Int>?] = []
        plainKeys.reserveCapacity(16)
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(pairs) }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let keyStart = pos
            let key = try string()
            // The key's bytes between its quotes when plain (nearly every
            // key): compared byte to byte, where `String ==` was a call per
            // pair of keys (7 % of decoding, `perf` of `report`).
            let plain = lastStringPlain ? keyStart + 1..<pos - 1 : nil
            let duplicate: Bool
            if pairs.count < JSONParser.linearKeys {
                duplicate = pairs.indices.contains { j in
                    if let plain, let other = plainKeys[j] { return sameBytes(plain, other) }
                    return pairs[j].key == key
                }
                plainKeys.append(plain)
            } else {
                if keys.isEmpty { keys = Set(pairs.map(\.key)) }
                duplicate = !keys.insert(key).inserted
            }
            if duplicate {
                throw error("duplicate key \"\(Sanitizer.clean(key, limit: 40))\"", at: keyStart)
            }
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw error("expected ':' after key") }
            pos += 1
            skipSpace()
            let v = try value(depth: depth)
            pairs.append(JSONMember(key, v))
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of line: expected ',' or '}'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(pairs) }
            throw error("expected ',' or '}'")
        }
    }

    private func sameBytes(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            if bytes[i] != bytes[j] { return false }
            i += 1; j += 1
        }
        return true
    }

    mutating func array(depth: Int) throws(JSONError) -> JSONValue {
        if depth > JSONParser.maxDepth { throw error("nested deeper than \(JSONParser.maxDepth) levels") }
        pos += 1
        var items: [JSONValue] = []
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth))
            skipSpace()
            guard pos < bytes.count else { throw error("unexpected end of line: expected ',' or ']'") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    mutating func number() throws(JSONError) -> Double {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, bytes[pos].isASCIIDigit else { throw error("invalid number", at: start) }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < bytes.count && bytes[pos].isASCIIDigit { throw error("leading zero in number", at: start) }
        } else {
            while pos < bytes.count && bytes[pos].isASCIIDigit { pos += 1 }
        }
        if pos < bytes.count && bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.count, bytes[pos].isASCIIDigit else { throw error("digit expected after '.'") }
            while pos < bytes.count && bytes[pos].isASCIIDigit { pos += 1 }
        }
        if pos < bytes.count && (bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < bytes.count && (bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < bytes.count, bytes[pos].isASCIIDigit else { throw error("digit expected in exponent") }
            while pos < bytes.count && bytes[pos].isASCIIDigit { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        guard let d = Double(text), d.isFinite else { throw error("number out of range", at: start) }
        return d
    }

    mutating func string() throws(JSONError) -> String {
        let open = pos
        pos += 1
        let start = pos
        var plain = true  // no escapes, all ASCII
        lastStringPlain = false
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                if plain {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                    pos += 1
                    lastStringPlain = true
                    return s
                }
                break
            }
            if b < 0x20 { throw error("control character in string (must be escaped)") }
            if b == UInt8(ascii: "\\") || b >= 0x80 { plain = false; break }
            pos += 1
        }
        if pos >= bytes.count { throw error("unterminated string", at: open) }
        // Slow path: escapes or non-ASCII.
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw error("invalid UTF-8 in string", at: open)
                }
                return s
            }
            if b < 0x20 { throw error("control character in string (must be escaped)") }
            if b == UInt8(ascii: "\\") {
                pos += 1
                guard pos < bytes.count else { break }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar <= 0xDBFF {
                        guard pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                            throw error("lone surrogate in \\u escape")
                        }
                        pos += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low <= 0xDFFF else { throw error("lone surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                        throw error("lone surrogate in \\u escape")
                    }
                    appendUTF8(Unicode.Scalar(scalar)!, to: &out)
                default:
                    throw error(e >= 0x21 && e < 0x7F ? "invalid escape \\\(Character(Unicode.Scalar(e)))"
                                                      : "invalid escape: backslash before \(describe(e))", at: pos - 2)
                }
                continue
            }
            if b >= 0x80 {
                // Checked here, so a reject names the byte that is wrong.
                guard let n = utf8SequenceLength(at: pos) else { throw error("invalid UTF-8 in string") }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[pos..<(pos + n)]))
                pos += n
                continue
            }
            out.append(b)
            pos += 1
        }
        throw error("unterminated string", at: open)
    }

    /// The length of the well-formed UTF-8 sequence starting at `i`
    /// (Unicode Table 3-7: no overlong forms, no surrogates, nothing past
    /// U+10FFFF), or nil when the bytes there are not one.
    func utf8SequenceLength(at i: Int) -> Int? {
        let b0 = bytes[i]
        let n: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF  // range of the second byte
        switch b0 {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; hi = 0x9F
        case 0xF0: n = 4; lo = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; hi = 0x8F
        default: return nil
        }
        guard i + n <= bytes.count, bytes[i + 1] >= lo, bytes[i + 1] <= hi else { return nil }
        for k in 2..<n where bytes[i + k] < 0x80 || bytes[i + k] > 0xBF { return nil }
        return n
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 55)
            default: throw error("bad hex digit in \\u escape")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }
}

@inline(__always)
func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
    UTF8.encode(s) { out.append($0) }
}
