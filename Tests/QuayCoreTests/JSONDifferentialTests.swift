import Foundation
import XCTest
@testable import QuayCore

/// The line parser (JSONParser) against Foundation's JSONSerialization on
/// generated event lines, every line of the hostile corpus, and a few
/// thousand seeded mutations of both: the same lines accepted, the same
/// values (numbers as Double, strings scalar for scalar, objects as
/// dictionaries).
///
/// Where they differ on purpose, the difference is named and checked exactly
/// (see `Difference`); nothing is skipped. Measured on Linux (Swift 6.3
/// corelibs Foundation):
/// - duplicate keys: Foundation keeps the last value; the parser refuses the
///   line, pointing at the second key. Keys are compared as Swift strings, so
///   canonically equivalent keys (NFC and NFD "é") are duplicates for both:
///   Foundation's dictionary merges them too.
/// - nesting: the parser refuses more than 64 levels; Foundation takes up
///   to 512.
/// - a trailing comma (`[1,]`, `{"a":1,}`): Foundation takes it; RFC 8259
///   and the parser do not.
/// - a UTF-8 BOM before the value: Foundation skips it; the parser refuses
///   it (EventDecoder strips it before parsing, so a feed line may have one).
/// - numbers with more digits than a UInt64 (or a long fraction): Foundation
///   goes through NSDecimalNumber, whose doubleValue can be off by a few
///   units in the last place (1 followed by 150 zeros gives
///   1.0000000000000005e+150); the parser rounds correctly. Such numbers are
///   compared to a relative 1e-14.
/// - encoding: Foundation reads a document whose first bytes include a zero
///   byte as UTF-16 or UTF-32 (`30 00` is "0" in UTF-16LE); the feed is UTF-8
///   and the parser refuses the NUL. Checked by decoding the bytes the way
///   Foundation guesses and comparing again.
final class JSONDifferentialTests: XCTestCase {
    enum Difference: String, CaseIterable {
        case duplicateKey = "duplicate key"
        case nesting = "nesting over 64"
        case trailingComma = "trailing comma"
        case byteOrderMark = "byte order mark"
        case otherEncoding = "UTF-16 or UTF-32"
    }

    struct Tally {
        var agreeAccept = 0
        var agreeReject = 0
        var known: [Difference: Int] = [:]
        var total: Int { agreeAccept + agreeReject + known.values.reduce(0, +) }
    }

    static func ours(_ bytes: [UInt8]) -> Result<JSONValue, JSONError> {
        bytes.withUnsafeBufferPointer { buf in Result { () throws(JSONError) -> JSONValue in try JSONParser.parse(buf) } }
    }

    static func theirs(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    /// Why `ours` and `theirs` differ in value, or nil when they agree.
    static func mismatch(_ ours: JSONValue, _ theirs: Any, at path: String = "$") -> String? {
        switch (ours, theirs) {
        case (.null, is NSNull): return nil
        case let (.bool(b), n as NSNumber) where isBoolean(n): return b == n.boolValue ? nil : "\(path): \(b) vs \(n.boolValue)"
        case let (.number(d), n as NSNumber) where !isBoolean(n):
            let t = n.doubleValue
            if d == t { return nil }
            if n is NSDecimalNumber, abs(d - t) <= 1e-14 * abs(d) { return nil }
            return "\(path): \(d) vs \(t) (\(type(of: n)))"
        case let (.string(s), t as String):
            return s.unicodeScalars.elementsEqual(t.unicodeScalars) ? nil : "\(path): \(String(reflecting: s)) vs \(String(reflecting: t))"
        case let (.array(xs), ts as [Any]):
            guard xs.count == ts.count else { return "\(path): \(xs.count) items vs \(ts.count)" }
            for (i, (x, t)) in zip(xs, ts).enumerated() {
                if let m = mismatch(x, t, at: "\(path)[\(i)]") { return m }
            }
            return nil
        case let (.object(pairs), dict as [String: Any]):
            guard pairs.count == dict.count else { return "\(path): \(pairs.count) keys vs \(dict.count)" }
            for (k, v) in pairs.map({ ($0.key, $0.value) }) {
                guard let entry = dict.first(where: { $0.key == k }), entry.key.unicodeScalars.elementsEqual(k.unicodeScalars) else {
                    return "\(path): key \(String(reflecting: k)) missing"
                }
                if let m = mismatch(v, entry.value, at: "\(path).\(k)") { return m }
            }
            return nil
        default:
            return "\(path): \(ours) vs \(theirs) (\(type(of: theirs)))"
        }
    }

    static func isBoolean(_ n: NSNumber) -> Bool {
        String(describing: type(of: n)).contains("Boolean") || String(cString: n.objCType) == "c"
    }

    static func depth(_ any: Any) -> Int {
        if let a = any as? [Any] { return 1 + (a.map(depth).max() ?? 0) }
        if let d = any as? [String: Any] { return 1 + (d.values.map(depth).max() ?? 0) }
        return 0
    }

    /// Compares the two parsers on `bytes`: agreement, or one of the known
    /// differences shown to be exactly that. Returns a failure message otherwise.
    static func compare(_ bytes: [UInt8], into tally: inout Tally) -> String? {
        let mine = ours(bytes)
        let foundation = theirs(bytes)
        switch (mine, foundation) {
        case (.success(let v), let t?):
            if let m = mismatch(v, t) { return "values differ: \(m)" }
            tally.agreeAccept += 1
            return nil
        case (.failure(let e), nil):
            if !(1...(bytes.count + 1)).contains(e.column) { return "error column \(e.column) outside 1...\(bytes.count + 1): \(e)" }
            tally.agreeReject += 1
            return nil
        case (.success(let v), nil):
            return "the parser accepts (\(v)), JSONSerialization refuses"
        case (.failure(let e), let t?):
            guard let difference = explain(e, bytes, t) else {
                return "JSONSerialization accepts, the parser refuses: \(e)"
            }
            tally.known[difference, default: 0] += 1
            return nil
        }
    }

    /// Which documented difference makes the parser refuse what Foundation
    /// took, checked on the input itself; nil if none does.
    static func explain(_ e: JSONError, _ bytes: [UInt8], _ theirs: Any) -> Difference? {
        let at = e.column - 1
        if e.message.hasPrefix("duplicate key \""), at < bytes.count, bytes[at] == UInt8(ascii: "\"") {
            // The column is the second key: read that key and every key of
            // the same object before it, and find one equal to it.
            guard let key = readString(bytes, at) else { return nil }
            return earlierKeys(bytes, before: at).contains(key) ? .duplicateKey : nil
        }
        if e.message == "nested deeper than \(JSONParser.maxDepth) levels" {
            return depth(theirs) > JSONParser.maxDepth ? .nesting : nil
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), at == 0 {
            // Without the BOM the two agree (or differ only in another known way).
            var tally = Tally()
            return compare(Array(bytes.dropFirst(3)), into: &tally) == nil ? .byteOrderMark : nil
        }
        if let encoding = guessedEncoding(bytes) {
            guard let text = String(data: Data(bytes), encoding: encoding) else { return nil }
            var tally = Tally()
            return compare(Array(text.utf8), into: &tally) == nil && tally.agreeAccept + tally.known.count > 0 ? .otherEncoding : nil
        }
        if e.message == "expected a key in quotes" || e.message == "unexpected character ']'", at < bytes.count,
           bytes[at] == UInt8(ascii: "}") || bytes[at] == UInt8(ascii: "]") {
            var i = at - 1
            while i >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i -= 1 }
            guard i >= 0, bytes[i] == UInt8(ascii: ",") else { return nil }
            // Without that comma the two agree (or differ only in known ways).
            var without = bytes
            without.remove(at: i)
            var tally = Tally()
            return compare(without, into: &tally) == nil && tally.agreeAccept + tally.known.count > 0 ? .trailingComma : nil
        }
        return nil
    }

    /// The encoding Foundation takes a document without a BOM to be in, from
    /// where its first zero bytes are (RFC 4627, section 3); nil for UTF-8.
    static func guessedEncoding(_ b: [UInt8]) -> String.Encoding? {
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0 { return .utf32BigEndian }
        if b.count >= 4, b[1] == 0, b[2] == 0, b[3] == 0 { return .utf32LittleEndian }
        if b.count >= 2, b[0] == 0 { return .utf16BigEndian }
        if b.count >= 2, b[1] == 0 { return .utf16LittleEndian }
        return nil
    }

    /// The JSON string starting at the quote at `at`, decoded by the parser.
    static func readString(_ bytes: [UInt8], _ at: Int) -> String? {
        var i = at + 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
        guard i < bytes.count, case .success(.string(let s)) = ours(Array(bytes[at...i])) else { return nil }
        return s
    }

    /// Keys of the object that encloses `position`, before it.
    static func earlierKeys(_ bytes: [UInt8], before position: Int) -> [String] {
        // One entry per open object or array: its keys so far, and whether a key comes next.
        var open: [(isObject: Bool, keys: [String], keyNext: Bool)] = []
        var i = 0
        while i < position {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let start = i
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                if let top = open.last, top.isObject, top.keyNext, let key = readString(bytes, start) {
                    open[open.count - 1].keys.append(key)
                    open[open.count - 1].keyNext = false
                }
            case UInt8(ascii: "{"): open.append((true, [], true))
            case UInt8(ascii: "["): open.append((false, [], false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !open.isEmpty { open.removeLast() }
            case UInt8(ascii: ","): if let top = open.last, top.isObject { open[open.count - 1].keyNext = true }
            default: break
            }
            i += 1
        }
        return open.last?.keys ?? []
    }

    // MARK: - Inputs

    static func generatedLines() throws -> [[UInt8]] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var o = GeneratorOptions()
        o.containers = 300
        o.seed = 77
        o.invalidRate = 0.01
        o.manifestHistory = true
        let summary = try FeedGenerator.generate(o, into: dir.path)
        var lines: [[UInt8]] = []
        for f in summary.files {
            let data = try Data(contentsOf: URL(fileURLWithPath: f))
            lines += data.split(separator: 0x0A).map(Array.init)
        }
        return lines
    }

    static func corpusLines() throws -> [[UInt8]] {
        let data = try Data(contentsOf: HostileCorpusTests.fixtures.appendingPathComponent("hostile.jsonl"))
        return data.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    static let insertions: [[UInt8]] = [
        [0x22], [0x5C], [0x5B], [0x5D], [0x7B], [0x7D], [0x2C], [0x3A], [0x80], [0xC3], [0xE2, 0x80], [0xFF], [0xED, 0xA0, 0x80],
        Array(#"\u"#.utf8), Array(#"\ud83d"#.utf8), Array("\"a\":1,".utf8), Array("-0".utf8), Array("e999".utf8), [0x00], [0x0D], [0x20],
    ]

    static func mutate(_ line: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = line
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = b.isEmpty ? 0 : Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !b.isEmpty: b[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !b.isEmpty: b[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: b.removeSubrange(at...)
            case 3 where !b.isEmpty: b.remove(at: at)
            case 4 where !b.isEmpty:
                let end = min(b.count, at + Int.random(in: 1...16, using: &rng))
                b.insert(contentsOf: b[at..<end], at: at)
            default: b.insert(contentsOf: insertions.randomElement(using: &rng)!, at: at)
            }
        }
        return b
    }

    // MARK: - Tests

    func testGeneratedLinesAgree() throws {
        var tally = Tally()
        let lines = try Self.generatedLines()
        XCTAssertGreaterThan(lines.count, 500)
        for line in lines {
            if let m = Self.compare(line, into: &tally) { XCTFail("\(m)\n  line: \(String(decoding: line, as: UTF8.self))") }
        }
        // The generator's deliberately broken lines are JSON too, mostly.
        XCTAssertGreaterThan(tally.agreeAccept, 500)
        XCTAssertEqual(tally.total, lines.count)
    }

    func testCorpusLinesAgreeOrDifferAsDocumented() throws {
        var tally = Tally()
        var big: [[UInt8]] = [
            Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8),
            Array((String(repeating: #"{"a":"#, count: 300) + "1" + String(repeating: "}", count: 300)).utf8),
        ]
        big.append(Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8))
        for line in try Self.corpusLines() + big {
            if let m = Self.compare(line, into: &tally) { XCTFail("\(m)\n  line: \(String(reflecting: String(decoding: line, as: UTF8.self)))") }
        }
        // Corpus lines 1 and 7 (BOM), 10 (trailing comma), 44-46 and 172 (duplicate keys), 47 (66 levels),
        // and the 300 and 100 levels above.
        XCTAssertEqual(tally.known, [.byteOrderMark: 2, .trailingComma: 1, .duplicateKey: 4, .nesting: 3], "\(tally.known.map { "\($0.key.rawValue): \($0.value)" })")
        XCTAssertGreaterThan(tally.agreeReject, 30)
        XCTAssertGreaterThan(tally.agreeAccept, 50)
    }

    func testMutatedLinesAgreeOrDifferAsDocumented() throws {
        var rng = SeededRandom(UInt64(ProcessInfo.processInfo.environment["JSON_DIFF_SEED"] ?? "") ?? 8259)
        let sources = try Self.generatedLines().prefix(300) + Self.corpusLines().filter { $0.count < 4096 }
        var tally = Tally()
        var failures = 0
        for _ in 0..<10_000 {
            let line = Self.mutate(sources.randomElement(using: &rng)!, &rng)
            if let m = Self.compare(line, into: &tally) {
                failures += 1
                if failures <= 10 { XCTFail("\(m)\n  line: \(String(reflecting: String(decoding: line, as: UTF8.self)))") }
            }
        }
        XCTAssertEqual(failures, 0)
        // Mutations must exercise both sides, not only break every line.
        XCTAssertGreaterThan(tally.agreeAccept, 1000)
        XCTAssertGreaterThan(tally.agreeReject, 3000)
        print("JSON differential, 10,000 mutated lines: \(tally.agreeAccept) accepted by both, \(tally.agreeReject) refused by both, known differences: \(tally.known.map { "\($0.key.rawValue) \($0.value)" }.sorted())")
    }

    /// Each documented difference, on its smallest input.
    func testKnownDifferencesExactly() throws {
        func check(_ text: String, ours message: String, column: Int, theirs expected: JSONValue, _ difference: Difference) {
            let bytes = Array(text.utf8)
            guard case .failure(let e) = Self.ours(bytes) else { return XCTFail("the parser accepts \(text)") }
            XCTAssertEqual(e.message, message, text)
            XCTAssertEqual(e.column, column, text)
            guard let t = Self.theirs(bytes) else { return XCTFail("JSONSerialization refuses \(text)") }
            XCTAssertNil(Self.mismatch(expected, t), text)
            var tally = Tally()
            XCTAssertNil(Self.compare(bytes, into: &tally), text)
            XCTAssertEqual(tally.known, [difference: 1], text)
        }
        check(#"{"a":1,"a":2}"#, ours: "duplicate key \"a\"", column: 8, theirs: .object([JSONMember("a", .number(2))]), .duplicateKey)
        check(#"{"x":{"k":1,"y":[{"k":2}],"k":3}}"#, ours: "duplicate key \"k\"", column: 27,
              theirs: .object([JSONMember("x", .object([JSONMember("k", .number(3)), JSONMember("y", .array([.object([JSONMember("k", .number(2))])]))]))]), .duplicateKey)
        check("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}", ours: "duplicate key \"cafe\u{301}\"", column: 12,
              theirs: .object([JSONMember("caf\u{E9}", .number(2))]), .duplicateKey)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        var nested = JSONValue.array([])
        for _ in 0..<64 { nested = .array([nested]) }
        check(deep, ours: "nested deeper than 64 levels", column: 65, theirs: nested, .nesting)
        check("[1,]", ours: "unexpected character ']'", column: 4, theirs: .array([.number(1)]), .trailingComma)
        check("{\"a\":1 , }", ours: "expected a key in quotes", column: 10, theirs: .object([JSONMember("a", .number(1))]), .trailingComma)
        check("\u{FEFF}{}", ours: "unexpected character byte 0xEF", column: 1, theirs: .object([]), .byteOrderMark)
        check("0\u{0}", ours: "unexpected text after the value", column: 2, theirs: .number(0), .otherEncoding)
        check("[\u{0}1\u{0}]\u{0}", ours: "unexpected character byte 0x0", column: 2, theirs: .array([.number(1)]), .otherEncoding)

        // Not differences: both refuse lone surrogates, 1e400 and raw controls; both take 64 levels.
        for text in [#""\ud83d""#, #""\ude00""#, #"[1e400]"#, "[\"\u{1}\"]", #"{"a":1"#] {
            var tally = Tally()
            XCTAssertNil(Self.compare(Array(text.utf8), into: &tally), text)
            XCTAssertEqual(tally.agreeReject, 1, text)
        }
        // NSDecimalNumber: within 1e-14, not equal.
        let long = "1" + String(repeating: "0", count: 150)
        guard case .success(.number(let d)) = Self.ours(Array(long.utf8)), let t = Self.theirs(Array(long.utf8)) as? NSNumber else {
            return XCTFail("1e150 written out")
        }
        XCTAssertEqual(d, 1e150)
        XCTAssertTrue(t is NSDecimalNumber)
        XCTAssertNil(Self.mismatch(.number(d), t))
    }
}
