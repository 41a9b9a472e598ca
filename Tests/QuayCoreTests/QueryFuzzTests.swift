import Foundation
import XCTest
@testable import QuayCore

/// Generator-driven fuzz tests for the query language (parser, evaluator and
/// `Pattern`). Seeded and reproducible: every failure names the seed, the case
/// and the input. Rerun one with
///
///     QUERY_FUZZ_SEED=<seed> swift test --filter QueryFuzzTests/<test>
///
/// and set QUERY_FUZZ_SCALE=<n> to run n times as many cases (default 1,
/// which keeps the whole class well under 5 s in a debug build).
///
/// Inputs that could crash the process (deep nesting overflowed the stack
/// and an empty `@list` trapped before 8fbf422) are parsed in a child process
/// (the test binary re-run on `testChildProbe`), so a crash fails one test
/// instead of killing the run.
final class QueryFuzzTests: XCTestCase {
    static let seed: UInt64 = {
        if let s = ProcessInfo.processInfo.environment["QUERY_FUZZ_SEED"], let v = UInt64(s) { return v }
        return 20_261_127
    }()

    static let scale: Int = {
        if let s = ProcessInfo.processInfo.environment["QUERY_FUZZ_SCALE"], let v = Int(s), v > 0 { return v }
        return 1
    }()

    /// Lists handed to the parser; every list is non-empty (see
    /// `testEmptyListDoesNotCrash` for the empty case).
    static let lists: [String: [String]] = [
        "risk_ports": ["ECGYE", "PAMIT", "CO*"],
        "cover_hs": ["0803", "2106"],
        "vague_goods": ["FAK", "*general cargo*", "STC"],
        "nums": ["60"],
        "range": ["10..20"],
        "flag": ["yes"],
        "weird": ["12345zz", "1..zz", "..", "", "\"", "漢字"],
    ]
    static let numericLists: [String] = ["nums", "range"]

    // MARK: Reproducibility helpers

    /// One RNG per test, derived from the seed and the test's salt.
    func rng(_ salt: UInt64) -> SeededRandom { SeededRandom(QueryFuzzTests.seed ^ (salt &* 0x9E37_79B9_7F4A_7C15)) }

    var failures = 0
    let maxReportedFailures = 8

    /// Records a failure with the seed, the case and the input (the full
    /// input is also written to a temporary file when it is long).
    func report(_ what: String, input: String, caseIndex: Int, test: String = #function, file: StaticString = #filePath, line: UInt = #line) {
        failures += 1
        guard failures <= maxReportedFailures else { return }
        var shown = String(reflecting: input)
        var saved = ""
        if input.count > 400 {
            shown = String(reflecting: String(input.prefix(400))) + "… (\(input.count) characters)"
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("query-fuzz-\(QueryFuzzTests.seed)-\(caseIndex).txt")
            if (try? input.write(to: url, atomically: true, encoding: .utf8)) != nil { saved = "\n  full input: \(url.path)" }
        }
        let name = test.hasSuffix("()") ? String(test.dropLast(2)) : test
        XCTFail("""
            \(what)
              seed \(QueryFuzzTests.seed), case #\(caseIndex); rerun: QUERY_FUZZ_SEED=\(QueryFuzzTests.seed) swift test --filter QueryFuzzTests/\(name)
              input: \(shown)\(saved)
            """, file: file, line: line)
    }

    func finish(_ test: String = #function) {
        if failures > maxReportedFailures {
            XCTFail("\(test): \(failures) failures in all (first \(maxReportedFailures) shown), seed \(QueryFuzzTests.seed)")
        }
    }

    // MARK: Parse outcomes

    enum Outcome: Equatable {
        case ok(String)
        case error(QueryError)
    }

    static func parse(_ text: String, lists: [String: [String]] = QueryFuzzTests.lists) -> (Outcome, Query?) {
        do {
            let q = try Query.parse(text, lists: lists)
            return (.ok(dump(q.root)), q)
        } catch {
            return (.error(error), nil)
        }
    }

    /// A structural dump of a parsed query, for determinism checks.
    static func dump(_ n: Node) -> String {
        switch n {
        case .all: return "ALL"
        case .and(let xs): return "AND(" + xs.map(dump).joined(separator: ",") + ")"
        case .or(let xs): return "OR(" + xs.map(dump).joined(separator: ",") + ")"
        case .not(let x): return "NOT(" + dump(x) + ")"
        case .text(let p): return "TEXT(\(String(reflecting: p.source)))"
        case .cond(let c):
            let t: String
            switch c.test {
            case .patterns(let ps): t = "~" + ps.map { String(reflecting: $0.source) }.joined(separator: "|")
            case .compare(let op, let v): t = op.rawValue + "\(v)"
            case .range(let a, let b): t = "[\(a),\(b)]"
            case .equals(let vs): t = "=" + vs.map { "\($0)" }.joined(separator: "|")
            case .bool(let b): t = "?\(b)"
            }
            return c.field.name + t
        }
    }

    /// Parses twice; checks determinism and the error column. Returns the query when it parsed.
    @discardableResult
    func check(_ text: String, caseIndex: Int, lists: [String: [String]] = QueryFuzzTests.lists, mustParse: Bool = false,
               test: String = #function, file: StaticString = #filePath, line: UInt = #line) -> Query? {
        let (a, q) = QueryFuzzTests.parse(text, lists: lists)
        let (b, _) = QueryFuzzTests.parse(text, lists: lists)
        if a != b { report("parse is not deterministic: \(a) then \(b)", input: text, caseIndex: caseIndex, test: test, file: file, line: line) }
        switch a {
        case .ok:
            if q?.source != text { report("query source does not round-trip", input: text, caseIndex: caseIndex, test: test, file: file, line: line) }
        case .error(let e):
            let n = text.count
            if !(1...(n + 1)).contains(e.column) {
                report("error column \(e.column) outside 1...\(n + 1): \(e)", input: text, caseIndex: caseIndex, test: test, file: file, line: line)
            }
            if e.message.isEmpty { report("empty error message", input: text, caseIndex: caseIndex, test: test, file: file, line: line) }
            if mustParse { report("valid query rejected: \(e)", input: text, caseIndex: caseIndex, test: test, file: file, line: line) }
        }
        return q
    }

    // MARK: Generators

    static let punctuation: [String] = ["(", ")", "\"", ":", ",", ".", "@", "*", "?", "-", "!", "<", ">", "=", "|", "&", "\\", "'",
                                        "#", "$", "%", "^", "+", ";", "/", "[", "]", "{", "}", "~", "`", "_"]
    static let spaces: [String] = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{2003}", "\u{2028}"]
    static let tokens: [String] = ["or", "OR", "Or", "and", "AND", "&&", "||", "|", "not", "NOT", "..", "...", ">=", "<=", "!=", "@",
                                   "@risk_ports", "@nums", "@range", "@weird", "@nowhere", "yes", "no", "3d", "10t", "2.5", "-1", "1e9",
                                   "99999999999999999999999", "%", "\\\"", "\"\"", "()", "(", "nothing", "order", "reefer:yes",
                                   "kg:10t..30t", "dwell>3d", "risk:@weird", "kg<@weird", "reefer:@weird", "risk>=60", "goods:\"general cargo\"", "lane:red", "origin:EC*", "-status:released"]
    static let unicode: [String] = ["é", "e\u{301}", "\u{301}", "ñ", "Ñ", "漢", "字", "🚢", "👩‍🚒", "🇧🇪", "🇧", "\u{0}", "\u{200B}",
                                    "\u{FEFF}", "ß", "ẞ", "İ", "½", "٣", "²", "ｏｒ", "\u{7F}", "\u{FFFD}", "a\u{308}\u{308}\u{308}",
                                    "(\u{301}", "\"\u{301}", ":\u{301}", ",\u{301}", "-\u{301}", ".\u{301}", ")\u{301}", "1\u{301}",
                                    "Ⅻ", "\u{1F3FB}", "\u{202E}"]
    static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

    static func soupPiece(_ r: inout SeededRandom) -> String {
        switch Int.random(in: 0..<100, using: &r) {
        case 0..<30: return punctuation.randomElement(using: &r)!
        case 30..<45: return spaces.randomElement(using: &r)!
        case 45..<65: return String(letters.randomElement(using: &r)!)
        case 65..<78: return tokens.randomElement(using: &r)!
        case 78..<88:
            let f = Fields.all.randomElement(using: &r)!
            return (Bool.random(using: &r) ? f.name : (f.aliases.randomElement(using: &r) ?? f.name))
                + [":", ">", ">=", "<", "<=", "=", "!=", "!"].randomElement(using: &r)!
        default: return unicode.randomElement(using: &r)!
        }
    }

    static func soup(_ r: inout SeededRandom, pieces: Int) -> String {
        var s = ""
        for _ in 0..<pieces { s += soupPiece(&r) }
        return s
    }

    /// A random number (no unit) as text, and its value.
    static func numberText(_ r: inout SeededRandom, nonNegative: Bool = false) -> (String, Double) {
        let whole = Int.random(in: 0...99_999, using: &r)
        var text: String
        switch Int.random(in: 0..<4, using: &r) {
        case 0: text = "\(whole % 10)"
        case 1: text = "\(whole)"
        case 2: text = "\(whole % 1000).\(Int.random(in: 0...99, using: &r))"
        default: text = "\(whole % 100)"
        }
        if !nonNegative, Int.random(in: 0..<8, using: &r) == 0 { text = "-" + text }
        return (text, Double(text)!)
    }

    static func unitSuffix(_ unit: FieldUnit, _ r: inout SeededRandom) -> (String, Double) {
        let options: [(String, Double)]
        switch unit {
        case .plain: options = [("", 1)]
        case .hours: options = [("", 1), ("h", 1), ("H", 1), ("m", 1.0 / 60), ("min", 1.0 / 60), ("MIN", 1.0 / 60), ("d", 24), ("D", 24), ("w", 168)]
        case .kilograms: options = [("", 1), ("kg", 1), ("KG", 1), ("t", 1000), ("T", 1000)]
        case .percent: options = [("", 1), ("%", 1)]
        }
        return options.randomElement(using: &r)!
    }

    static func numberWithUnit(_ unit: FieldUnit, _ r: inout SeededRandom) -> (String, Double) {
        let (n, v) = numberText(&r)
        let (u, scale) = unitSuffix(unit, &r)
        return (n + u, v * scale)
    }

    static func fieldName(_ f: FieldSpec, _ r: inout SeededRandom) -> String {
        let name = (Int.random(in: 0..<3, using: &r) == 0 ? f.aliases.randomElement(using: &r) : nil) ?? f.name
        switch Int.random(in: 0..<6, using: &r) {
        case 0: return name.uppercased()
        case 1: return name.prefix(1).uppercased() + name.dropFirst()
        default: return name
        }
    }

    static let bareTextValues = ["ECGYE", "EC*", "*banana*", "fresh?bananas", "red", "AMBER", "awaiting_scan", "0803", "45R1", "*",
                                 "?", "??*", "a*b*c", "Ñandú", "漢字", "🚢", "K1742", "B1", "cash", "MSCU663987?", "-x", "x-y", "1..2", "!", "a.b"]
    static let phraseValues = ["general cargo", "Fresh Bananas", "a \\\"quoted\\\" word", "(parens) and: colons, commas", "or", "not",
                               "漢字 🚢", "e\u{301}", "", " ", "*", "back\\\\slash"]
    static let freeWords = ["banana", "fruit", "K1742", "MSCU", "ñandú", "漢字", "🚢", "a*b", "x?y", "nothing", "order", "android",
                            "notable", "oregon", "12", "B3", "MACHINE", "e\u{301}t\u{e9}", "#7", "a.b.c", "x..y", "+x", "a!", "under_score"]

    static func textValue(_ r: inout SeededRandom) -> String {
        switch Int.random(in: 0..<10, using: &r) {
        case 0..<6: return bareTextValues.randomElement(using: &r)!
        case 6..<8: return "\"" + phraseValues.randomElement(using: &r)! + "\""
        default: return "@" + ["risk_ports", "cover_hs", "vague_goods", "weird", "flag"].randomElement(using: &r)!
        }
    }

    static func condition(_ r: inout SeededRandom) -> String {
        let f = Fields.all.randomElement(using: &r)!
        let name = fieldName(f, &r)
        switch f.kind {
        case .text, .texts:
            let op = [":", ":", ":", "=", "!="].randomElement(using: &r)!
            let n = Int.random(in: 0..<6, using: &r) == 0 ? Int.random(in: 2...4, using: &r) : 1
            return name + op + (0..<n).map { _ in textValue(&r) }.joined(separator: ",")
        case .bool:
            var v = ["yes", "no", "y", "n", "true", "false", "1", "0", "on", "off"].randomElement(using: &r)!
            if Bool.random(using: &r) { v = v.uppercased() }
            if Int.random(in: 0..<10, using: &r) == 0 { v = "@flag" }
            return name + [":", "="].randomElement(using: &r)! + v
        case .number(let unit):
            let op = [":", "=", ">", ">=", "<", "<=", "!="].randomElement(using: &r)!
            if Int.random(in: 0..<12, using: &r) == 0 {
                return name + op + "@" + (op == ":" || op == "=" ? numericLists.randomElement(using: &r)! : "nums")
            }
            if op == ":" || op == "=" {
                switch Int.random(in: 0..<3, using: &r) {
                case 0:
                    var (a, va) = numberWithUnit(unit, &r)
                    var (b, vb) = numberWithUnit(unit, &r)
                    if va > vb { swap(&a, &b); swap(&va, &vb) }
                    return name + op + a + ".." + b
                case 1:
                    let n = Int.random(in: 2...3, using: &r)
                    return name + op + (0..<n).map { _ in numberWithUnit(unit, &r).0 }.joined(separator: ",")
                default:
                    return name + op + numberWithUnit(unit, &r).0
                }
            }
            return name + op + numberWithUnit(unit, &r).0
        }
    }

    static func primary(_ r: inout SeededRandom, depth: Int) -> String {
        switch Int.random(in: 0..<10, using: &r) {
        case 0 where depth > 0:
            let open = ["(", "( ", "(\t"].randomElement(using: &r)!
            let close = [")", " )"].randomElement(using: &r)!
            return open + validQuery(&r, depth: depth - 1) + close
        case 1: return freeWords.randomElement(using: &r)!
        case 2: return "\"" + phraseValues.filter { !$0.isEmpty }.randomElement(using: &r)! + "\""
        default: return condition(&r)
        }
    }

    static func unary(_ r: inout SeededRandom, depth: Int) -> String {
        switch Int.random(in: 0..<10, using: &r) {
        case 0: return "-" + primary(&r, depth: depth)
        case 1: return "!" + primary(&r, depth: depth)
        case 2: return ["not ", "NOT ", "not  "].randomElement(using: &r)! + primary(&r, depth: depth)
        case 3: return "not(" + validQuery(&r, depth: max(depth - 1, 0)) + ")"
        default: return primary(&r, depth: depth)
        }
    }

    static func andExpr(_ r: inout SeededRandom, depth: Int) -> String {
        var s = unary(&r, depth: depth)
        for _ in 0..<Int.random(in: 0...2, using: &r) {
            s += [" ", " ", "  ", "\t", " and ", " AND ", " && "].randomElement(using: &r)! + unary(&r, depth: depth)
        }
        return s
    }

    static func validQuery(_ r: inout SeededRandom, depth: Int) -> String {
        var s = andExpr(&r, depth: depth)
        for _ in 0..<(Int.random(in: 0..<3, using: &r) == 0 ? Int.random(in: 1...2, using: &r) : 0) {
            s += [" or ", " OR ", " | ", " || ", "  or\t"].randomElement(using: &r)! + andExpr(&r, depth: depth)
        }
        return s
    }

    static func mutate(_ text: String, _ r: inout SeededRandom) -> String {
        var chars = Array(text)
        switch Int.random(in: 0..<3, using: &r) {
        case 0:
            if !chars.isEmpty { chars.remove(at: Int.random(in: 0..<chars.count, using: &r)) }
        case 1:
            chars.insert(contentsOf: Array(soupPiece(&r)), at: Int.random(in: 0...chars.count, using: &r))
        default:
            if !chars.isEmpty {
                let i = Int.random(in: 0..<chars.count, using: &r)
                chars.insert(chars[i], at: i)
            }
        }
        return String(chars)
    }

    // MARK: 1. Character soup

    func testSoupNeverCrashesAndColumnsAreInRange() {
        var r = rng(1)
        var index = 0
        for _ in 0..<(3000 * QueryFuzzTests.scale) {
            let pieces = Int.random(in: 0..<100, using: &r) < 70 ? Int.random(in: 0...12, using: &r) : Int.random(in: 13...60, using: &r)
            check(QueryFuzzTests.soup(&r, pieces: pieces), caseIndex: index)
            index += 1
        }
        // Long inputs, up to 10k characters.
        for _ in 0..<(30 * QueryFuzzTests.scale) {
            var s = QueryFuzzTests.soup(&r, pieces: Int.random(in: 300...4000, using: &r))
            if s.count > 10_000 { s = String(s.prefix(10_000)) }
            check(s, caseIndex: index)
            index += 1
        }
        // Long inputs built mostly from valid terms, so the parser gets far.
        for _ in 0..<(30 * QueryFuzzTests.scale) {
            var s = ""
            while s.count < 9_000 { s += QueryFuzzTests.validQuery(&r, depth: 2) + " " }
            if Bool.random(using: &r) { s = QueryFuzzTests.mutate(s, &r) }
            check(String(s.prefix(10_000)), caseIndex: index)
            index += 1
        }
        finish()
    }

    /// Nesting the parser survives in-process (deeper nesting is tested in a
    /// child process: see testDeepNestingInChildProcess).
    func testModerateNesting() {
        var r = rng(2)
        var index = 0
        for _ in 0..<(200 * QueryFuzzTests.scale) {
            let depth = Int.random(in: 1...150, using: &r)
            var s = ""
            for _ in 0..<depth { s += ["(", "-(", "!(", "not (", "( ", "(a ", "(x or ", "not ", "-"].randomElement(using: &r)! }
            s += Bool.random(using: &r) ? QueryFuzzTests.condition(&r) : QueryFuzzTests.soup(&r, pieces: 3)
            let closes = Int.random(in: 0..<4, using: &r) == 0 ? Int.random(in: 0...(depth + 2), using: &r) : depth
            s += String(repeating: ")", count: closes)
            let q = check(s, caseIndex: index)
            if let q { for c in QueryFuzzTests.containers { _ = q.matches(c, now: QueryFuzzTests.now) } }
            index += 1
        }
        finish()
    }

    // MARK: 2. Valid queries and their mutations

    func testValidQueriesParseAndMutationsFailCleanly() {
        var r = rng(3)
        var index = 0
        for _ in 0..<(1200 * QueryFuzzTests.scale) {
            let q = QueryFuzzTests.validQuery(&r, depth: 3)
            check(q, caseIndex: index, mustParse: true)
            index += 1
            for _ in 0..<5 {
                var m = q
                for _ in 0..<Int.random(in: 1...3, using: &r) { m = QueryFuzzTests.mutate(m, &r) }
                check(m, caseIndex: index)
                index += 1
            }
        }
        finish()
    }

    /// Generated ranges parse to the values they were built from.
    func testRangesAndUnitsParseToTheirValues() {
        var r = rng(4)
        let numeric = Fields.all.filter { if case .number = $0.kind { return true } else { return false } }
        for index in 0..<(1000 * QueryFuzzTests.scale) {
            let f = numeric.randomElement(using: &r)!
            guard case .number(let unit) = f.kind else { continue }
            var (a, va) = QueryFuzzTests.numberWithUnit(unit, &r)
            var (b, vb) = QueryFuzzTests.numberWithUnit(unit, &r)
            if va > vb { swap(&a, &b); swap(&va, &vb) }
            let text = "\(f.name):\(a)..\(b)"
            guard let q = check(text, caseIndex: index, mustParse: true) else { continue }
            guard case .cond(let c) = q.root, case .range(let lo, let hi) = c.test else {
                report("not a range: \(QueryFuzzTests.dump(q.root))", input: text, caseIndex: index); continue
            }
            if abs(lo - va) > 1e-9 * max(1, abs(va)) || abs(hi - vb) > 1e-9 * max(1, abs(vb)) {
                report("range parsed as \(lo)..\(hi), expected \(va)..\(vb)", input: text, caseIndex: index)
            }
            let swapped = "\(f.name):\(b)..\(a)"
            if va < vb, case (.ok, _) = QueryFuzzTests.parse(swapped) {
                report("an empty range was accepted", input: swapped, caseIndex: index)
            }
        }
        finish()
    }

    // MARK: 3. Pattern against a reference glob

    /// Reference glob over Characters: `*` any run, `?` one Character.
    static func referenceGlob(_ p: [Character], _ pi: Int, _ t: [Character], _ ti: Int) -> Bool {
        if pi == p.count { return ti == t.count }
        if p[pi] == "*" {
            return referenceGlob(p, pi + 1, t, ti) || (ti < t.count && referenceGlob(p, pi, t, ti + 1))
        }
        guard ti < t.count else { return false }
        return (p[pi] == "?" || p[pi] == t[ti]) && referenceGlob(p, pi + 1, t, ti + 1)
    }

    static func referenceMatches(_ pattern: String, _ text: String) -> Bool {
        referenceGlob(Array(pattern.lowercased()), 0, Array(text.lowercased()), 0)
    }

    func testPatternAgreesWithReferenceGlob() {
        var r = rng(5)
        let patternAlphabet: [String] = ["a", "b", "c", "A", "B", "*", "*", "*", "?", "?", "é", "É", "ñ", "ß", "漢", "ü", "Ü", ".", " "]
        let textAlphabet: [String] = ["a", "b", "c", "A", "B", "C", "a", "b", "é", "É", "ñ", "Ñ", "ß", "漢", "ü", " ", ".", "*", "?"]
        for index in 0..<(20_000 * QueryFuzzTests.scale) {
            let p = (0..<Int.random(in: 0...7, using: &r)).map { _ in patternAlphabet.randomElement(using: &r)! }.joined()
            let t = (0..<Int.random(in: 0...9, using: &r)).map { _ in textAlphabet.randomElement(using: &r)! }.joined()
            let want = QueryFuzzTests.referenceMatches(p, t)
            let got = Pattern(p).matches(t)
            if got != want {
                report("Pattern(\(String(reflecting: p))).matches(\(String(reflecting: t))) is \(got), reference glob says \(want)",
                       input: p + "  ~  " + t, caseIndex: index)
            }
        }
        finish()
    }

    /// Found by testPatternAgreesWithReferenceGlob (fixed in 8fbf422): a `*`
    /// in the text was consumed as if it were the pattern's literal `*`, so
    /// the star never became a backtrack point.
    func testPatternStarInTextRegression() {
        XCTAssertTrue(Pattern("*a").matches("*ba"), "Pattern(\"*a\") should match \"*ba\"")
        XCTAssertTrue(Pattern("?*c").matches("a*bc"), "Pattern(\"?*c\") should match \"a*bc\"")
        XCTAssertTrue(Pattern("x*y*z").matches("x*a*z*y*z"), "Pattern(\"x*y*z\") should match \"x*a*z*y*z\"")
    }

    // MARK: 4. Evaluation

    static let now = ts("2026-11-26T12:00:00Z")

    static let containers: [Container] = {
        var f = PortStateTests.day()
        f.add("manifest", "2026-11-20T10:00:00Z", container: "ZIMU1234569", ["bl": "B*1", "pol": "ECGYE", "pod": "BEANR", "goods": "Ñandú * 漢字 🚢 e\u{301}",
              "consignee": "Ñandú BV", "shipper": "a*b?c", "declared_kg": 1, "iso_type": "22G1"])
        let a = f.state(now: now).containers.values.sorted { $0.number < $1.number }
        let b = QueryTests.state.containers.values.sorted { $0.number < $1.number }
        return a + b
    }()

    func testEvaluationNeverCrashesAndIsConsistent() {
        var r = rng(6)
        let cs = QueryFuzzTests.containers
        XCTAssertGreaterThanOrEqual(cs.count, 6)
        var index = 0
        for _ in 0..<(300 * QueryFuzzTests.scale) {
            let text = Bool.random(using: &r) ? QueryFuzzTests.validQuery(&r, depth: 3)
                : QueryFuzzTests.mutate(QueryFuzzTests.validQuery(&r, depth: 2), &r)
            defer { index += 1 }
            guard let q = check(text, caseIndex: index) else { continue }
            _ = q.fields
            if q.isEmpty { continue }  // "()" is an error, so the variants below do not apply
            for f in Fields.all { _ = q.thresholds(of: f.name) }
            let base = cs.map { q.matches($0, now: QueryFuzzTests.now) }
            // Metamorphic checks: grouping, negation and idempotence.
            let variants: [([String], ([Bool]) -> [Bool])] = [
                (["(", text, ")"], { $0 }),
                (["-(", text, ")"], { $0.map(!) }),
                (["not (", text, ")"], { $0.map(!) }),
                (["(", text, ") or (", text, ")"], { $0 }),
                (["(", text, ") (", text, ")"], { $0 }),
                (["(", text, ") or -(", text, ")"], { $0.map { _ in true } }),
            ]
            for (parts, expected) in variants {
                let v = parts.joined()
                // A leading combining mark would join the '(' into one Character: not a group then.
                guard v.count == parts.map(\.count).reduce(0, +) else { continue }
                guard let vq = check(v, caseIndex: index, mustParse: true) else { continue }
                let got = cs.map { vq.matches($0, now: QueryFuzzTests.now) }
                if got != expected(base) { report("\(v) gives \(got), expected \(expected(base))", input: text, caseIndex: index) }
            }
        }
        finish()
    }

    // MARK: 5. Known bugs (regression tests expecting the correct behaviour)

    /// A value taken from a `@list` is reported at the `@` of that list,
    /// never past the end of the input nor inside another value. (Before
    /// 8fbf422 the column ran past the end; since, the first list is named
    /// whichever list failed, and an offset inside the list item that lands on
    /// an inline value is taken for an inline error.)
    func testListValueErrorsPointAtTheList() {
        let lists = ["l": ["12345zz"], "r": ["1..zz"], "s": ["1..2x"], "a": ["1"], "b": ["zz"], "long": ["1234567x"], "y": ["yes"], "n": ["no"]]
        let cases: [(String, Int, String?)] = [
            ("risk:@l", 6, "@l"), ("risk>@l", 6, "@l"), ("risk:@r", 6, "@r"), ("risk:@s", 6, "@s"), ("kg<@l", 4, "@l"),
            ("risk:5,@b", 8, "@b"), ("risk:@b,5", 6, "@b"),
            // The failing value is in the second list: point at it, name it.
            ("risk:@a,@b", 9, "@b"),
            // The error column computed inside the list item falls inside the
            // inline value 99999; it must still point at the '@'.
            ("risk:@long,99999", 6, "@long"),
            // Like `reefer:yes,no` (column of the second value).
            ("reefer:@y,@n", 11, nil),
        ]
        for (q, column, list) in cases {
            do {
                _ = try Query.parse(q, lists: lists)
                XCTFail("\(q) should not parse")
            } catch {
                XCTAssertLessThanOrEqual(error.column, q.count + 1, "\(q): column \(error.column) is past the end: \(error)")
                XCTAssertEqual(error.column, column, "\(q): \(error)")
                if let list { XCTAssertTrue(error.message.contains(list), "\(q): the message should name \(list): \(error)") }
            }
        }
    }

    /// Numbers in quotes: the column of a bad unit or range end counts the
    /// opening quote (fixed in 8fbf422) and any backslash escapes before it.
    func testQuotedNumberErrorColumns() {
        func col(_ q: String) -> Int? {
            do { _ = try Query.parse(q); return nil } catch { return error.column }
        }
        XCTAssertEqual(col("kg:5x"), 5)           // unquoted: right
        XCTAssertEqual(col("kg:\"5x\""), 6)       // the x
        XCTAssertEqual(col("risk:1..x"), 9)       // unquoted: right
        XCTAssertEqual(col("risk:\"1..x\""), 10)  // the x
        XCTAssertEqual(col(#"kg:"\5x""#), 7)      // the x, after an escaped 5
    }

    /// A negation needs a term: `-`, `!` or `not` right before `)` is an
    /// error at the negation (as `- lane:red` is), not the negation of an
    /// empty word (which matches every box, so `(a not)` matched nothing).
    func testNegationBeforeCloseParenIsAnError() {
        for (q, column) in [("(-)", 2), ("(!)", 2), ("(not)", 2), ("(a not)", 4), ("(lane:red -)", 11), ("(x not )", 4)] {
            do {
                let parsed = try Query.parse(q)
                XCTFail("\(q) should not parse; it parsed as \(QueryFuzzTests.dump(parsed.root))")
            } catch {
                XCTAssertEqual(error.column, column, "\(q): \(error)")
            }
        }
    }

    // MARK: 6. Child processes: deep nesting and crashers

    /// The cases run in a child process, each parsing (and evaluating) one input.
    static let childCases: [String: (String, [String: [String]])] = [
        "nest1000": (String(repeating: "(", count: 1000) + "lane:red" + String(repeating: ")", count: 1000), [:]),
        "nest5000": (String(repeating: "(", count: 5000) + "lane:red" + String(repeating: ")", count: 5000), [:]),
        "open5000": (String(repeating: "(", count: 5000), [:]),
        "neg5000": (String(repeating: "-", count: 5000) + "x", [:]),
        "neg10000": (String(repeating: "-", count: 9999) + "x", [:]),
        "not2500": (String(repeating: "not ", count: 2500) + "x", [:]),
        "mixed10000": (String(repeating: "-(", count: 3333) + "x" + String(repeating: ")", count: 3333), [:]),
        "emptyListBool": ("reefer:@empty", ["empty": []]),
        "emptyListCompare": ("risk>@empty", ["empty": []]),
        "emptyListEquals": ("risk:@empty", ["empty": []]),
        "emptyListText": ("origin:@empty", ["empty": []]),
    ]

    /// Runs one child case when QUERY_FUZZ_CHILD names it (or `paren:N`,
    /// `neg:N` for N levels of nesting); otherwise does nothing. Prints the
    /// stage reached, so a crash shows whether parsing, evaluating or freeing
    /// the query overflowed.
    func testChildProbe() {
        guard let name = ProcessInfo.processInfo.environment["QUERY_FUZZ_CHILD"] else { return }
        let text: String, lists: [String: [String]]
        if let c = QueryFuzzTests.childCases[name] {
            (text, lists) = c
        } else if name.hasPrefix("paren:"), let n = Int(name.dropFirst(6)) {
            (text, lists) = (String(repeating: "(", count: n) + "x" + String(repeating: ")", count: n), [:])
        } else if name.hasPrefix("neg:"), let n = Int(name.dropFirst(4)) {
            (text, lists) = (String(repeating: "-", count: n) + "x", [:])
        } else {
            return
        }
        func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        var line: String
        do {
            let q = try Query.parse(text, lists: lists)
            say("STAGE parsed")
            for c in QueryFuzzTests.containers { _ = q.matches(c, now: QueryFuzzTests.now) }
            _ = q.fields
            say("STAGE evaluated")
            line = "RESULT ok"
        } catch {
            line = "RESULT error \(error.column) \(error.message)"
        }
        say("STAGE freed")
        say(line)
    }

    struct ChildRun {
        var exitedNormally: Bool
        var status: Int32
        var output: String
    }

    func runChild(_ name: String, timeout: TimeInterval = 60) throws -> ChildRun {
        let filter = "QuayCoreTests.QueryFuzzTests/testChildProbe"
        let p = Process()
        #if os(Linux)
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = [filter]
        #else
        p.executableURL = URL(fileURLWithPath: "/usr/bin/xcrun")
        p.arguments = ["xctest", "-XCTest", filter, Bundle(for: QueryFuzzTests.self).bundlePath]
        #endif
        var env = ProcessInfo.processInfo.environment
        env["QUERY_FUZZ_CHILD"] = name
        env["SWIFT_BACKTRACE"] = "enable=no"
        p.environment = env
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("query-fuzz-child-\(getpid())-\(name).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        defer { try? handle.close(); try? FileManager.default.removeItem(at: out) }
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { p.terminate(); p.waitUntilExit() }
        let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
        return ChildRun(exitedNormally: p.terminationReason == .exit, status: p.terminationStatus, output: text)
    }

    func childResult(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        guard ProcessInfo.processInfo.environment["QUERY_FUZZ_CHILD"] == nil else { throw XCTSkip("inside a child process") }
        let run = try runChild(name)
        let result = run.output.split(separator: "\n").first { $0.hasPrefix("RESULT ") }.map(String.init)
        if !run.exitedNormally || run.status != 0 || result == nil {
            let input = QueryFuzzTests.childCases[name]!.0
            let shown = input.count > 60 ? String(reflecting: String(input.prefix(30))) + "…(\(input.count) chars)" : String(reflecting: input)
            let lines = run.output.split(separator: "\n")
            let tail = (lines.filter { $0.contains("Fatal error") || $0.contains("overflow") } + lines.suffix(3)).joined(separator: "\n")
            XCTFail("child case \(name) (\(shown)) \(run.exitedNormally ? "exited with status" : "was killed by signal") \(run.status)\n\(tail)",
                    file: file, line: line)
            return nil
        }
        return result
    }

    /// Deep nesting must neither crash nor hang: the query either parses and
    /// evaluates, or fails with a clean error (a nesting limit, say) whose
    /// column is inside the input.
    func testDeepNestingInChildProcess() throws {
        for name in ["nest1000", "nest5000", "open5000", "neg5000", "neg10000", "not2500", "mixed10000"] {
            guard let result = try childResult(name) else { continue }
            if result == "RESULT ok" { continue }
            let parts = result.split(separator: " ", maxSplits: 3)
            let count = QueryFuzzTests.childCases[name]!.0.count
            if parts.count < 4 || parts[1] != "error" || !(1...(count + 1)).contains(Int(parts[2]) ?? 0) {
                XCTFail("child case \(name): \(result)")
            }
        }
    }

    /// A `@list` that is empty: compare and yes/no conditions indexed
    /// `values[1]` after the expansion and trapped (fixed in 8fbf422).
    /// Expected: an error at the `@`.
    func testEmptyListDoesNotCrash() throws {
        if let r = try childResult("emptyListBool") { XCTAssertTrue(r.hasPrefix("RESULT error 8 "), r) }
        if let r = try childResult("emptyListCompare") { XCTAssertTrue(r.hasPrefix("RESULT error 6 "), r) }
        // An empty list with ':' on number and text fields matches nothing; parsing must at least not crash.
        XCTAssertNotNil(try childResult("emptyListEquals"))
        XCTAssertNotNil(try childResult("emptyListText"))
    }
}
