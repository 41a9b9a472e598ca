/// A parse error, with the 1-based column of the problem.
public struct QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: Int
    public let message: String
    public init(column: Int, message: String) { self.column = column; self.message = message }
    public var description: String { "column \(column): \(message)" }
}

/// A compiled query over containers: `origin:EC* reefer:yes risk>=60`,
/// `-status:released`, `(lane:red or scan:anomaly) banana`.
///
/// - juxtaposition (or `and`) is AND, `or` is OR, `-`, `!` or `not` negate,
///   parentheses group; AND binds tighter than OR.
/// - `field:value` matches with `*` and `?` wildcards, case-insensitive;
///   `field:a,b` means a or b; `field:@list` uses a named list.
/// - numbers compare: `risk>=60`, `dwell>3d`, `kg<2t`, `risk:60..80`.
/// - a bare word or "quoted phrase" searches the text fields.
public struct Query: Sendable, CustomStringConvertible {
    public let source: String
    let root: Node

    public static let matchAll = Query(source: "", root: .all)

    public var description: String { source }
    public var isEmpty: Bool { if case .all = root { return true } else { return false } }

    public func matches(_ c: Container, now: Timestamp) -> Bool { root.eval(c, now) }

    /// Fields the query reads, each once, in order of appearance.
    public var fields: [FieldSpec] {
        var seen: [String] = []
        var out: [FieldSpec] = []
        root.visit { cond in
            if !seen.contains(cond.field.name) { seen.append(cond.field.name); out.append(cond.field) }
        }
        return out
    }

    /// Literal fragments of the text the query looks for (not under a
    /// negation), lower-cased, for highlighting matches in rows.
    public var highlightTerms: [String] {
        var out: [String] = []
        func fragments(_ p: Pattern) {
            for part in p.source.lowercased().split(whereSeparator: { $0 == "*" || $0 == "?" }) where part.count >= 2 {
                if !out.contains(String(part)) { out.append(String(part)) }
            }
        }
        func walk(_ n: Node, negated: Bool) {
            switch n {
            case .all: break
            case .and(let xs), .or(let xs): xs.forEach { walk($0, negated: negated) }
            case .not(let x): walk(x, negated: !negated)
            case .text(let p): if !negated { fragments(p) }
            case .cond(let c):
                if !negated, case .patterns(let ps) = c.test { ps.forEach(fragments) }
            }
        }
        walk(root, negated: false)
        return out
    }

    /// The constants a numeric field is compared against (for knowing when
    /// a time-based or count-based condition can change its answer).
    public func thresholds(of field: String) -> [Double] {
        var out: [Double] = []
        root.visit { cond in
            guard cond.field.name == field else { return }
            switch cond.test {
            case .compare(_, let v): out.append(v)
            case .range(let a, let b): out.append(a); out.append(b)
            case .equals(let vs): out.append(contentsOf: vs)
            default: break
            }
        }
        return out
    }

    public static func parse(_ text: String, lists: [String: [String]] = [:]) throws(QueryError) -> Query {
        var p = QueryParser(text: text, lists: lists)
        let node = try p.parseQuery()
        return Query(source: text, root: node)
    }
}

enum CompareOp: String, Sendable {
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "=", ne = "!="

    @inline(__always) func holds(_ d: Double, _ x: Double) -> Bool {
        switch self {
        case .lt: return d < x
        case .le: return d <= x
        case .gt: return d > x
        case .ge: return d >= x
        case .eq: return d == x
        case .ne: return d != x
        }
    }
}

enum Test: Sendable {
    case patterns([Pattern])
    case compare(CompareOp, Double)
    case range(Double, Double)
    case equals([Double])
    case bool(Bool)
}

/// A class: a node matching `.cond` takes one reference, not a copy of the
/// field's name, help, aliases and reader (rules evaluate conditions for
/// every box on every refresh).
final class Condition: Sendable {
    let field: FieldSpec
    let test: Test

    init(field: FieldSpec, test: Test) {
        self.field = field
        self.test = test
    }

    func eval(_ c: Container, _ now: Timestamp) -> Bool {
        let v = field.value(c, now: now)
        switch (test, v) {
        case (.patterns(let ps), .text(let s)):
            guard let s else { return false }
            return Pattern.any(ps, match: s)
        case (.patterns(let ps), .texts(let items)):
            return items.contains { Pattern.any(ps, match: $0) }
        case (.compare(let op, let x), .number(let d)):
            guard let d else { return false }
            return op.holds(d, x)
        case (.range(let a, let b), .number(let d)):
            guard let d else { return false }
            return d >= a && d <= b
        case (.equals(let xs), .number(let d)):
            guard let d else { return false }
            return xs.contains(d)
        case (.bool(let want), .bool(let b)):
            return want == b
        default:
            return false
        }
    }
}

indirect enum Node: Sendable {
    case all
    case and([Node])
    case or([Node])
    case not(Node)
    case cond(Condition)
    case text(Pattern)

    func eval(_ c: Container, _ now: Timestamp) -> Bool {
        switch self {
        case .all: return true
        case .and(let xs):
            for x in xs where !x.eval(c, now) { return false }
            return true
        case .or(let xs):
            for x in xs where x.eval(c, now) { return true }
            return false
        case .not(let x): return !x.eval(c, now)
        case .cond(let cond): return cond.eval(c, now)
        case .text(let p):
            for f in Fields.freeTextFields {
                switch f.value(c, now: now) {
                case .text(let s?): if p.matches(s) { return true }
                case .texts(let items): if items.contains(where: p.matches) { return true }
                default: break
                }
            }
            return false
        }
    }

    func visit(_ body: (Condition) -> Void) {
        switch self {
        case .all, .text: break
        case .and(let xs), .or(let xs): xs.forEach { $0.visit(body) }
        case .not(let x): x.visit(body)
        case .cond(let c): body(c)
        }
    }
}
