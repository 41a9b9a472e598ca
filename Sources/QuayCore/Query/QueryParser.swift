/// Recursive descent over characters; every error names its column.
struct QueryParser {
    let chars: [Character]
    let lists: [String: [String]]
    var pos = 0
    /// Nesting of groups and negations, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    static let maxDepth = 100

    init(text: String, lists: [String: [String]]) {
        chars = Array(text)
        self.lists = lists
    }

    /// Quoted values with backslash escapes: where each character of the
    /// value stands in the query, so errors inside them point right.
    var escaped: [(start: Int, raw: [Int])] = []

    func fail(_ message: String, at: Int? = nil) -> QueryError {
        var p = at ?? pos
        if let m = escaped.first(where: { p >= $0.start && p < $0.start + $0.raw.count }) { p = m.raw[p - m.start] }
        return QueryError(column: p + 1, message: message)
    }

    mutating func skipSpace() { while pos < chars.count && chars[pos].isWhitespace { pos += 1 } }

    mutating func parseQuery() throws(QueryError) -> Node {
        skipSpace()
        if pos == chars.count { return .all }
        let n = try parseOr()
        skipSpace()
        if pos < chars.count {
            throw fail(chars[pos] == ")" ? "unmatched ')'" : "unexpected '\(chars[pos])'")
        }
        return n
    }

    /// The next bare word (for keywords), without consuming it.
    func peekWord() -> String {
        var i = pos
        var w = ""
        while i < chars.count, !chars[i].isWhitespace, chars[i] != "(", chars[i] != ")" { w.append(chars[i]); i += 1 }
        return w
    }

    mutating func parseOr() throws(QueryError) -> Node {
        var terms = [try parseAnd()]
        while true {
            skipSpace()
            let w = peekWord()
            guard w.lowercased() == "or" || w == "|" || w == "||" else { break }
            let at = pos
            pos += w.count
            skipSpace()
            if pos == chars.count || chars[pos] == ")" { throw fail("'or' needs something after it", at: at) }
            terms.append(try parseAnd())
        }
        return terms.count == 1 ? terms[0] : .or(terms)
    }

    mutating func parseAnd() throws(QueryError) -> Node {
        var terms: [Node] = []
        while true {
            skipSpace()
            if pos == chars.count || chars[pos] == ")" { break }
            let w = peekWord()
            let lw = w.lowercased()
            if lw == "or" || w == "|" || w == "||" { break }
            if lw == "and" || w == "&&" {
                let at = pos
                pos += w.count
                skipSpace()
                if terms.isEmpty || pos == chars.count || chars[pos] == ")" { throw fail("'and' needs something on both sides", at: at) }
                continue
            }
            terms.append(try parseUnary())
        }
        if terms.isEmpty { throw fail(pos == chars.count ? "query ends where a term was expected" : "empty group") }
        return terms.count == 1 ? terms[0] : .and(terms)
    }

    mutating func parseUnary() throws(QueryError) -> Node {
        skipSpace()
        let at = pos
        depth += 1
        defer { depth -= 1 }
        if depth > QueryParser.maxDepth { throw fail("nested deeper than \(QueryParser.maxDepth) levels", at: at) }
        if pos < chars.count, chars[pos] == "-" || chars[pos] == "!" {
            pos += 1
            if pos == chars.count || chars[pos].isWhitespace || chars[pos] == ")" {
                throw fail("'\(chars[at])' must be followed by a term", at: at)
            }
            return .not(try parseUnary())
        }
        if peekWord().lowercased() == "not" {
            pos += 3
            skipSpace()
            if pos == chars.count || chars[pos] == ")" { throw fail("'not' needs a term after it", at: at) }
            return .not(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(QueryError) -> Node {
        let at = pos
        if chars[pos] == "(" {
            pos += 1
            skipSpace()
            if pos == chars.count { throw fail("'(' is never closed", at: at) }
            if chars[pos] == ")" { throw fail("empty parentheses", at: at) }
            let n = try parseOr()
            skipSpace()
            guard pos < chars.count, chars[pos] == ")" else { throw fail("'(' is never closed", at: at) }
            pos += 1
            return n
        }
        // A field name followed by an operator?
        var i = pos
        while i < chars.count, chars[i].isLetter || chars[i] == "_" { i += 1 }
        if i > pos, i < chars.count, let (op, len) = operatorAt(i) {
            let name = String(chars[pos..<i])
            guard let field = Fields.named(name) else {
                throw fail("unknown field '\(name)' (fields: \(Fields.names.joined(separator: ", ")))", at: at)
            }
            pos = i + len
            return try parseCondition(field: field, op: op, opAt: i)
        }
        // Free text: a word or a quoted phrase.
        if chars[pos] == "\"" {
            let phrase = try readQuoted()
            if phrase.isEmpty { throw fail("empty phrase", at: at) }
            return .text(Pattern("*" + phrase + "*"))
        }
        var w = ""
        while pos < chars.count, !chars[pos].isWhitespace, chars[pos] != "(", chars[pos] != ")" {
            if chars[pos] == "\"" { throw fail("quote inside a word", at: pos) }
            w.append(chars[pos]); pos += 1
        }
        return .text(Pattern("*" + w + "*"))
    }

    func operatorAt(_ i: Int) -> (String, Int)? {
        let c = chars[i]
        let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
        switch c {
        case ":": return (":", 1)
        case ">", "<": return next == "=" ? (String(c) + "=", 2) : (String(c), 1)
        case "=": return ("=", 1)
        case "!": return next == "=" ? ("!=", 2) : nil
        default: return nil
        }
    }

    mutating func readQuoted() throws(QueryError) -> String {
        let at = pos
        pos += 1
        var s = ""
        var raw: [Int] = []
        var hadEscape = false
        while pos < chars.count, chars[pos] != "\"" {
            if chars[pos] == "\\", pos + 1 < chars.count { pos += 1; hadEscape = true }
            s.append(chars[pos]); raw.append(pos); pos += 1
        }
        guard pos < chars.count else { throw fail("quote is never closed", at: at) }
        pos += 1
        if hadEscape { escaped.append((start: at + 1, raw: raw)) }
        return s
    }

    /// Values after the operator: comma-separated, quoted or bare.
    mutating func readValues() throws(QueryError) -> [(String, Int, Bool)] {
        var out: [(String, Int, Bool)] = []
        while true {
            let at = pos
            if pos < chars.count, chars[pos] == "\"" {
                // Columns inside a quoted value count from its first character.
                out.append((try readQuoted(), at + 1, true))
            } else {
                var w = ""
                while pos < chars.count, !chars[pos].isWhitespace, chars[pos] != ",", chars[pos] != ")", chars[pos] != "(" {
                    w.append(chars[pos]); pos += 1
                }
                if w.isEmpty { throw fail("value expected", at: at) }
                out.append((w, at, false))
            }
            if pos < chars.count, chars[pos] == "," { pos += 1; continue }
            return out
        }
    }

    /// A value after an operator: its text, where it starts, whether it was
    /// quoted, and the list it came from (errors in it then point at the '@').
    struct Value {
        var text: String
        var at: Int
        var quoted: Bool
        var list: String?
    }

    mutating func parseCondition(field: FieldSpec, op: String, opAt: Int) throws(QueryError) -> Node {
        if pos == chars.count || chars[pos].isWhitespace || chars[pos] == ")" {
            throw fail("value expected after '\(field.name)\(op)'")
        }
        var values: [Value] = []
        for (v, at, quoted) in try readValues() {
            if !quoted, v.hasPrefix("@") {
                let name = String(v.dropFirst())
                guard let list = lists[name] else {
                    let known = lists.keys.sorted()
                    throw fail("unknown list '@\(name)'" + (known.isEmpty ? "" : " (lists: \(known.map { "@" + $0 }.joined(separator: ", ")))"), at: at)
                }
                guard !list.isEmpty else { throw fail("list '@\(name)' is empty", at: at) }
                values += list.map { Value(text: $0, at: at, quoted: true, list: name) }
            } else {
                values.append(Value(text: v, at: at, quoted: quoted, list: nil))
            }
        }
        return try condition(field: field, op: op, opAt: opAt, values: values)
    }

    /// An error about `v`, `offset` characters into it (at its '@' for a list value).
    func fail(_ message: String, in v: Value, offset: Int = 0) -> QueryError {
        if let list = v.list { return fail("in @\(list): " + message, at: v.at) }
        return fail(message, at: v.at + offset)
    }

    func condition(field: FieldSpec, op: String, opAt: Int, values: [Value]) throws(QueryError) -> Node {
        switch field.kind {
        case .text, .texts:
            guard op == ":" || op == "=" || op == "!=" else {
                throw fail("'\(field.name)' is text: use \(field.name):value, not '\(op)'", at: opAt)
            }
            let test = Test.patterns(values.map { Pattern($0.text) })
            let node = Node.cond(Condition(field: field, test: test))
            return op == "!=" ? .not(node) : node
        case .bool:
            guard op == ":" || op == "=" else { throw fail("'\(field.name)' is yes/no: use \(field.name):yes or \(field.name):no", at: opAt) }
            guard values.count == 1 else { throw fail("'\(field.name)' takes one value, yes or no", in: values[1]) }
            switch values[0].text.lowercased() {
            case "yes", "y", "true", "1", "on": return .cond(Condition(field: field, test: .bool(true)))
            case "no", "n", "false", "0", "off": return .cond(Condition(field: field, test: .bool(false)))
            default: throw fail("'\(field.name)' is yes/no, not '\(values[0].text)'", in: values[0])
            }
        case .number(let unit):
            if op == ":" || op == "=" {
                if values.count == 1, let r = values[0].text.firstRange(of: "..") {
                    let v = values[0]
                    let a = String(v.text[..<r.lowerBound]), b = String(v.text[r.upperBound...])
                    let lo = try number(a, unit: unit, field: field, in: v)
                    let hi = try number(b, unit: unit, field: field, in: v, offset: a.count + 2)
                    guard lo <= hi else { throw fail("range \(a)..\(b) is empty", in: v) }
                    return .cond(Condition(field: field, test: .range(lo, hi)))
                }
                var nums: [Double] = []
                for v in values { nums.append(try number(v.text, unit: unit, field: field, in: v)) }
                return .cond(Condition(field: field, test: .equals(nums)))
            }
            guard values.count == 1 else { throw fail("'\(op)' takes one value", in: values[1]) }
            let x = try number(values[0].text, unit: unit, field: field, in: values[0])
            return .cond(Condition(field: field, test: .compare(CompareOp(rawValue: op)!, x)))
        }
    }

    /// `text` (which starts `offset` characters into the value `v`) as a number in the field's unit.
    func number(_ text: String, unit: FieldUnit, field: FieldSpec, in v: Value, offset: Int = 0) throws(QueryError) -> Double {
        var digits = ""
        var suffix = ""
        for ch in text {
            if suffix.isEmpty && (ch.isNumber || ch == "." || (digits.isEmpty && (ch == "-" || ch == "+"))) { digits.append(ch) } else { suffix.append(ch) }
        }
        guard let n = Double(digits) else { throw fail("'\(field.name)' needs a number, not '\(text)'", in: v, offset: offset) }
        guard let scale = unit.scale(for: suffix) else {
            throw fail("unit '\(suffix)' does not fit '\(field.name)' (units: \(unit.suffixes))", in: v, offset: offset + digits.count)
        }
        return n * scale
    }
}
