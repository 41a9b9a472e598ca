// libFuzzer harness for the query language. Compiled by scripts/fuzz/run.sh
// together with Sources/QuayCore (as module QuayCore, so internals are in
// reach); not part of the Swift package.
//
// One input is either
//   - a query (any bytes, decoded as UTF-8 with replacement characters):
//     parse must not crash or hang, must be deterministic, every error column
//     must lie in 1...(characters + 1); a query that parses must keep its
//     source, evaluate on a few containers without crashing, and agree with
//     its grouped and negated forms; or
//   - "PATTERN\u{1}TEXT" (a byte 0x01 anywhere): Pattern(PATTERN).matches(TEXT)
//     must agree with a reference glob over Characters.
//
// QUERY_FUZZ_KNOWN=patterns (or 1) also checks pattern inputs that a known
// Pattern limitation trips: it compares bytes, so '?' and literals disagree
// with a Character-based glob on characters of several scalars (e + U+0301,
// İ lower-cased). Without it those inputs are left alone so a long run can
// look for new bugs.

import Foundation

private let known = ProcessInfo.processInfo.environment["QUERY_FUZZ_KNOWN"] ?? ""
private let knownPatterns = known == "1" || known == "patterns"

private let fuzzRules: RuleSet = {
    if let path = ProcessInfo.processInfo.environment["QUERY_FUZZ_RULES"], let set = try? RuleSet.load(path: path) { return set }
    return RuleSet()
}()

private let fuzzLists: [String: [String]] = {
    var lists = fuzzRules.lists
    lists["one"] = ["60"]
    lists["span"] = ["10..20"]
    lists["flag"] = ["yes"]
    lists["empty"] = []
    lists["odd"] = ["12345zz", "1..zz"]
    lists["zz"] = ["zz"]
    return lists
}()

/// A few boxes from a tiny feed (decoded the way the loader decodes lines).
private let fuzzContainers: [Container] = {
    let lines = [
        #"{"id":"e1","ts":"2026-11-20T10:00:00Z","type":"manifest","port":"BEANR","container":"MSCU6639870","bl":"B1","pol":"ECGYE","pod":"BEANR","transship":["PAMIT"],"goods":"Fresh Bananas","hs":["0803"],"iso_type":"45R1","consignee":"Fruit BV","shipper":"Exportadora Ñandú","declared_kg":21500,"seals":[{"no":"S1"}]}"#,
        #"{"id":"e2","ts":"2026-11-22T10:00:00Z","type":"discharge","port":"BEANR","container":"MSCU6639870","terminal":"K913"}"#,
        #"{"id":"e3","ts":"2026-11-22T11:00:00Z","type":"scan_selected","port":"BEANR","container":"MSCU6639870"}"#,
        #"{"id":"e4","ts":"2026-11-22T12:00:00Z","type":"scan_result","port":"BEANR","container":"MSCU6639870","result":"anomaly"}"#,
        #"{"id":"e5","ts":"2026-11-22T13:00:00Z","type":"seal_check","port":"BEANR","container":"MSCU6639870","seal_seen":"S9","intact":false}"#,
        #"{"id":"e6","ts":"2026-11-20T10:00:00Z","type":"manifest","port":"BEANR","container":"CMAU5123403","bl":"B2","pol":"CNSHA","pod":"BEANR","goods":"FAK","iso_type":"42G1","consignee":"Fruit BV","declared_kg":12000,"payment":"cash"}"#,
        #"{"id":"e7","ts":"2026-11-25T10:00:00Z","type":"discharge","port":"BEANR","container":"CMAU5123403","terminal":"K1742"}"#,
        #"{"id":"e8","ts":"2026-11-25T12:00:00Z","type":"gate_in","port":"BEANR","container":"MAEU1234567","measured_kg":9000}"#,
        #"{"id":"e9","ts":"2026-11-25T13:00:00Z","type":"manifest","port":"BEANR","container":"MAEU1234567","bl":"B3","pol":"BEANR","pod":"USNYC","goods":"Machine parts * 漢字 🚢","declared_kg":8000,"iso_type":"22G1"}"#,
        #"{"id":"e10","ts":"2026-11-25T14:00:00Z","type":"discharge","port":"BEANR","container":"SEGU4001004"}"#,
    ]
    var state = PortState(rules: fuzzRules)
    for (i, line) in lines.enumerated() {
        guard case .success(let d) = EventDecoder().decode(line: line, source: SourceRef(file: "fuzz", line: i + 1)) else {
            fatalError("fuzz feed line \(i + 1) rejected")
        }
        state.apply(d.event)
    }
    let now = Timestamp.fromDay(20_783)  // 2026-11-26
    state.recompute(now: now)
    return state.containers.values.sorted { $0.number < $1.number }
}()

private let fuzzNow = Timestamp.fromDay(20_783)

private enum Outcome: Equatable {
    case ok(String)
    case error(QueryError)
}

private func dump(_ n: Node) -> String {
    switch n {
    case .all: return "ALL"
    case .and(let xs): return "AND(" + xs.map(dump).joined(separator: ",") + ")"
    case .or(let xs): return "OR(" + xs.map(dump).joined(separator: ",") + ")"
    case .not(let x): return "NOT(" + dump(x) + ")"
    case .text(let p): return "TEXT(\(String(reflecting: p.source)))"
    case .cond(let c):
        switch c.test {
        case .patterns(let ps): return c.field.name + "~" + ps.map { String(reflecting: $0.source) }.joined(separator: "|")
        case .compare(let op, let v): return c.field.name + op.rawValue + "\(v)"
        case .range(let a, let b): return c.field.name + "[\(a),\(b)]"
        case .equals(let vs): return c.field.name + "=" + vs.map { "\($0)" }.joined(separator: "|")
        case .bool(let b): return c.field.name + "?\(b)"
        }
    }
}

private func parse(_ text: String) -> (Outcome, Query?) {
    do {
        let q = try Query.parse(text, lists: fuzzLists)
        return (.ok(dump(q.root)), q)
    } catch {
        return (.error(error), nil)
    }
}

private func die(_ what: String, _ text: String) -> Never {
    fatalError("\(what)\n  input: \(String(reflecting: text))")
}

/// Does the error point at what its message names? `unit 'S'`, `not 'T'`
/// and `unknown field 'N'` must start at the column; an error inside a list
/// value (`in @name: ...`) must point at `@name` and the list must hold the
/// value. (It found wrong columns after backslash escapes and in list values
/// next to other values, fixed in f8b8bcf.)
private func checkColumn(_ e: QueryError, _ chars: [Character], _ text: String) {
    var message = Substring(e.message)
    var list: String?
    if message.hasPrefix("in @"), let colon = message.firstIndex(of: ":") {
        let name = String(message[message.index(message.startIndex, offsetBy: 4)..<colon])
        if !chars[(e.column - 1)...].starts(with: Array("@" + name)) { die("'\(e.message)' does not point at @\(name): column \(e.column)", text) }
        list = name
        message = message[colon...].dropFirst(2)
    }
    var token: Substring?
    if let r = message.range(of: "unit '"), let end = message.range(of: "' does not fit") {
        token = message[r.upperBound..<end.lowerBound]
    } else if let r = message.range(of: ", not '"), message.hasSuffix("'"), r.upperBound < message.endIndex {
        token = message[r.upperBound..<message.index(before: message.endIndex)]
    } else if message.hasPrefix("unknown field '"), let end = message.range(of: "' (fields") {
        token = message[message.index(message.startIndex, offsetBy: 15)..<end.lowerBound]
    }
    guard let token else { return }
    if let list {
        if !(fuzzLists[list] ?? []).contains(where: { $0.contains(token) }) { die("'\(e.message)': @\(list) holds no value with '\(token)'", text) }
    } else {
        // The message quotes a value as read: in quotes, backslash escapes are gone.
        let want = Array(String(token))
        let raw = chars[(e.column - 1)...]
        var unescaped: [Character] = []
        var i = raw.startIndex
        while i < raw.endIndex && unescaped.count < want.count {
            if raw[i] == "\\", i + 1 < raw.endIndex { i += 1 }
            unescaped.append(raw[i]); i += 1
        }
        if !raw.starts(with: want) && !unescaped.starts(with: want) { die("column \(e.column) does not point at '\(token)': \(e)", text) }
    }
}

private func checkQuery(_ text: String) {
    let (a, query) = parse(text)
    let (b, _) = parse(text)
    if a != b { die("parse is not deterministic: \(a) then \(b)", text) }
    guard let query else {
        if case .error(let e) = a {
            let chars = Array(text)
            if !(1...(chars.count + 1)).contains(e.column) { die("error column \(e.column) outside 1...\(chars.count + 1): \(e)", text) }
            if e.message.isEmpty { die("empty error message", text) }
            checkColumn(e, chars, text)
        }
        return
    }
    if query.source != text { die("source does not round-trip", text) }
    _ = query.fields
    _ = query.thresholds(of: "dwell")
    let base = fuzzContainers.map { query.matches($0, now: fuzzNow) }
    if query.isEmpty { return }
    let n = text.count
    for (variant, negated) in [("(" + text + ")", false), ("-(" + text + ")", true)] {
        // A leading combining mark would join the '(' (and a trailing
        // prepended mark the ')') into one Character: not a group then.
        let chars = Array(variant)
        guard chars.count == n + (negated ? 3 : 2), chars.last == ")", chars[negated ? 1 : 0] == "(" else { continue }
        let (outcome, parsed) = parse(variant)
        if case .error(let e) = outcome, e.message.hasPrefix("nested deeper") { continue }  // one level more
        guard let v = parsed else { die("\(variant) does not parse although the query does: \(outcome)", text) }
        let got = fuzzContainers.map { v.matches($0, now: fuzzNow) }
        if got != (negated ? base.map(!) : base) { die("\(variant) gives \(got), the query gives \(base)", text) }
    }
}

/// Reference glob over Characters, by dynamic programming. Characters compare
/// by their scalars (what a byte matcher can do), or with
/// QUERY_FUZZ_KNOWN=patterns by Swift's canonical equivalence.
private func referenceGlob(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern.lowercased()), t = Array(text.lowercased())
    func same(_ a: Character, _ b: Character) -> Bool {
        knownPatterns ? a == b : a.unicodeScalars.elementsEqual(b.unicodeScalars)
    }
    // m[j]: p[..<i] matches t[..<j]
    var m = [Bool](repeating: false, count: t.count + 1)
    m[0] = true
    for pc in p {
        var next = [Bool](repeating: false, count: t.count + 1)
        if pc == "*" {
            var any = false
            for j in 0...t.count { any = any || m[j]; next[j] = any }
        } else {
            for j in 0..<t.count where m[j] && (pc == "?" || same(pc, t[j])) { next[j + 1] = true }
        }
        m = next
    }
    return m[t.count]
}

private func checkPattern(_ pattern: String, _ text: String) {
    guard pattern.count <= 64, text.count <= 256 else { return }
    if !knownPatterns {
        // Known: '?' and literals compare bytes, not Characters.
        let multi: (Character) -> Bool = { $0.unicodeScalars.count > 1 }
        if pattern.lowercased().contains(where: multi) || text.lowercased().contains(where: multi) { return }
    }
    let want = referenceGlob(pattern, text)
    let got = Pattern(pattern).matches(text)
    if got != want { die("Pattern(\(String(reflecting: pattern))).matches(\(String(reflecting: text))) is \(got), the reference says \(want)", pattern + "\u{1}" + text) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else {
        checkQuery("")
        return 0
    }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let sep = bytes.firstIndex(of: 1) {
        let pattern = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<sep]), as: UTF8.self)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[(sep + 1)...]), as: UTF8.self)
        checkPattern(pattern, text)
        return 0
    }
    checkQuery(String(decoding: bytes, as: UTF8.self))
    return 0
}
