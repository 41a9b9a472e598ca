import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// A query compiled against one `ColumnStore`: patterns on interned columns
/// are matched once per distinct value up front, so a row costs an array
/// read; each chunk is answered as a bitmap (64 rows a word), and `and`,
/// `or` and `not` combine words.
///
/// Same answers as `Query.matches` on every container (the differential
/// test in `ColumnStoreTests` holds it to that).
struct ColumnQuery: Sendable {
    indirect enum Plan: Sendable {
        case constant(Bool)
        case and([Plan])
        case or([Plan])
        case not(Plan)
        /// Row r matches when `accept[ids[r]]`.
        case sym(Int, [Bool])
        /// Any of the row's ids accepted.
        case syms(Int, [Bool])
        case str(Int, [Pattern])
        case strs(Int, [Pattern])
        case num(Int, NumberTest)
        case bool(Int, Bool)
        case dwell(NumberTest, now: Int64)
        /// Box count by consignee key id (NaN: no count).
        case consigneeBoxes(NumberTest, counts: [Double])
    }

    /// A comparison on a number that may be missing (NaN): missing never matches.
    enum NumberTest: Sendable {
        case compare(CompareOp, Double)
        case range(Double, Double)
        case equals([Double])

        @inline(__always) func callAsFunction(_ d: Double) -> Bool {
            if d.isNaN { return false }
            switch self {
            case .compare(let op, let x): return op.holds(d, x)
            case .range(let a, let b): return d >= a && d <= b
            case .equals(let xs): return xs.contains(d)
            }
        }

        init?(_ test: Test) {
            switch test {
            case .compare(let op, let x): self = .compare(op, x)
            case .range(let a, let b): self = .range(a, b)
            case .equals(let xs): self = .equals(xs)
            case .patterns, .bool: return nil
            }
        }
    }

    let plan: Plan

    init(_ query: Query, store: ColumnStore, consigneeCounts: [String: Int], now: Timestamp) {
        var counts: [Double]?
        func boxCounts() -> [Double] {
            if let counts { return counts }
            let c = store.consigneeKeys.values.enumerated().map { i, key in i == 0 ? Double.nan : Double(consigneeCounts[key] ?? 0) }
            counts = c
            return c
        }
        func accept(_ table: SymbolTable, _ patterns: [Pattern]) -> [Bool] {
            let rest = patterns.filter { !TextArena.searchable($0) }
            var a = rest.isEmpty ? [Bool](repeating: false, count: table.values.count)
                : table.folded.enumerated().map { i, v in i != 0 && ColumnQuery.matchFolded(rest, v) }
            for p in patterns where TextArena.searchable(p) {
                table.arena.entries(containing: p.lowered) { a[$0] = true }
            }
            return a
        }
        func leaf(_ fieldIndex: Int, _ test: Test) -> Plan {
            let slot = ColumnStore.layout.slots[fieldIndex]
            switch (slot, test) {
            // A value no box has cannot match: free text over a dozen fields
            // usually leaves one or two to scan.
            case (.sym(let k), .patterns(let ps)):
                let a = accept(store.symbols[k], ps)
                return a.contains(true) ? .sym(k, a) : .constant(false)
            case (.syms(let k), .patterns(let ps)):
                let a = accept(store.multiSymbols[k], ps)
                return a.contains(true) ? .syms(k, a) : .constant(false)
            case (.str(let k), .patterns(let ps)): return .str(k, ps)
            case (.strs(let k), .patterns(let ps)): return .strs(k, ps)
            case (.num(let k), _): return NumberTest(test).map { .num(k, $0) } ?? .constant(false)
            case (.dwell, _): return NumberTest(test).map { .dwell($0, now: now.ms) } ?? .constant(false)
            case (.consigneeBoxes, _): return NumberTest(test).map { .consigneeBoxes($0, counts: boxCounts()) } ?? .constant(false)
            case (.bool(let k), .bool(let want)): return .bool(k, want)
            default: return .constant(false)  // a test that does not fit the field's kind, as in `Condition.eval`
            }
        }
        func compile(_ n: Node) -> Plan {
            switch n {
            case .all: return .constant(true)
            case .and(let xs): return simplified(.and(xs.map(compile)))
            case .or(let xs): return simplified(.or(xs.map(compile)))
            case .not(let x): return simplified(.not(compile(x)))
            case .cond(let c): return leaf(ColumnQuery.fieldIndex[c.field.name]!, c.test)
            case .text(let p):
                return simplified(.or(Fields.all.indices.filter { Fields.all[$0].freeText }.map { leaf($0, .patterns([p])) }))
            }
        }
        /// Folds constants out of `and`, `or` and `not`.
        func simplified(_ p: Plan) -> Plan {
            switch p {
            case .and(let xs):
                if xs.contains(where: { if case .constant(false) = $0 { return true } else { return false } }) { return .constant(false) }
                let rest = xs.filter { if case .constant(true) = $0 { return false } else { return true } }
                return rest.isEmpty ? .constant(true) : rest.count == 1 ? rest[0] : .and(rest)
            case .or(let xs):
                if xs.contains(where: { if case .constant(true) = $0 { return true } else { return false } }) { return .constant(true) }
                let rest = xs.filter { if case .constant(false) = $0 { return false } else { return true } }
                return rest.isEmpty ? .constant(false) : rest.count == 1 ? rest[0] : .or(rest)
            case .not(.constant(let b)): return .constant(!b)
            default: return p
            }
        }
        plan = compile(query.root)
    }

    static let fieldIndex: [String: Int] = Dictionary(uniqueKeysWithValues: Fields.all.enumerated().map { ($0.element.name, $0.offset) })

    /// Numbers and scores of the matching rows, chunks spread over the cores.
    func run(_ store: ColumnStore) -> [(number: ContainerNumber, score: Int)] {
        let parts = each(store) { chunk, bits -> [(number: ContainerNumber, score: Int)] in
            var out: [(number: ContainerNumber, score: Int)] = []
            out.reserveCapacity(bits.reduce(0) { $0 + $1.nonzeroBitCount })
            let numbers = chunk.numbers, scores = chunk.scores
            ColumnQuery.forEachRow(bits) { r in
                if let number = numbers[r] { out.append((number, Int(scores[r]))) }
            }
            return out
        }
        var out: [(number: ContainerNumber, score: Int)] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { out.append(contentsOf: p) }
        return out
    }

    /// The matching rows as list sort keys (`ContainerNumber.sortKey`):
    /// 8 bytes a box instead of a number and a score. Nil when a score does
    /// not fit the key (the caller takes `run`).
    func runKeys(_ store: ColumnStore) -> [UInt64]? {
        var fits = true
        let keys = each(store) { chunk, bits -> [UInt64]? in
            var out: [UInt64] = []
            out.reserveCapacity(bits.reduce(0) { $0 + $1.nonzeroBitCount })
            let packed = chunk.packed, scores = chunk.scores
            var ok = true
            ColumnQuery.forEachRow(bits) { r in
                let p = packed[r]
                guard p != 0 else { return }  // a free row
                guard let key = ContainerNumber.sortKey(packed: p, score: Int(scores[r])) else { ok = false; return }
                out.append(key)
            }
            return ok ? out : nil
        }
        var out: [UInt64] = []
        out.reserveCapacity(keys.reduce(0) { $0 + ($1?.count ?? 0) })
        for k in keys { if let k { out.append(contentsOf: k) } else { fits = false } }
        return fits ? out : nil
    }

    /// `body` on each chunk with its bitmap, chunks spread over the cores;
    /// results in chunk order.
    func each<T: Sendable>(_ store: ColumnStore, _ body: @escaping @Sendable (ColumnChunk, [UInt64]) -> T) -> [T] {
        let chunks = store.chunks
        let rowCount = store.rowCount
        var parts = [T?](repeating: nil, count: chunks.count)
        parts.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let sink = out.baseAddress!
            let work: @Sendable (Int) -> Void = { ci in
                let n = min(ColumnStore.chunkSize, rowCount - ci * ColumnStore.chunkSize)
                sink[ci] = body(chunks[ci], self.bits(self.plan, chunks[ci], n))
            }
            if chunks.count >= 8 {
                DispatchQueue.concurrentPerform(iterations: chunks.count, execute: work)
            } else {
                for ci in chunks.indices { work(ci) }
            }
        }
        return parts.map { $0! }
    }

    @inline(__always) static func forEachRow(_ bits: [UInt64], _ body: (Int) -> Void) {
        for (w, word) in bits.enumerated() where word != 0 {
            var m = word
            while m != 0 {
                body(w << 6 + m.trailingZeroBitCount)
                m &= m - 1
            }
        }
    }

    /// One bit per row of the chunk (the first `n` rows).
    func bits(_ p: Plan, _ c: ColumnChunk, _ n: Int) -> [UInt64] {
        let words = (n + 63) >> 6
        func fill(_ test: (Int) -> Bool) -> [UInt64] {
            var out = [UInt64](repeating: 0, count: words)
            for r in 0..<n where test(r) { out[r >> 6] |= 1 << UInt64(r & 63) }
            return out
        }
        switch p {
        case .constant(let b):
            return b ? ColumnQuery.ones(n) : [UInt64](repeating: 0, count: words)
        case .and(let xs):
            var acc = ColumnQuery.ones(n)
            for x in xs {
                let b = bits(x, c, n)
                var any: UInt64 = 0
                for i in 0..<words { acc[i] &= b[i]; any |= acc[i] }
                if any == 0 { break }
            }
            return acc
        case .or(let xs):
            var acc = [UInt64](repeating: 0, count: words)
            for x in xs {
                let b = bits(x, c, n)
                for i in 0..<words { acc[i] |= b[i] }
            }
            return acc
        case .not(let x):
            var b = bits(x, c, n)
            let mask = ColumnQuery.ones(n)
            for i in 0..<words { b[i] = ~b[i] & mask[i] }
            return b
        // Columns are read through local copies: a class property read in
        // the loop would pay an exclusivity check per row.
        case .sym(let k, let accept):
            let ids = c.sym[k]
            return ids.withUnsafeBufferPointer { ids in
                accept.withUnsafeBufferPointer { a in fill { r in a[Int(ids[r])] } }
            }
        case .syms(let k, let accept):
            let inline = c.syms[k], more = c.symsMore[k]
            return inline.withUnsafeBufferPointer { v in
                accept.withUnsafeBufferPointer { a in
                    fill { r in
                        let ids = v[r]
                        if ids == ColumnChunk.more { return more[r].contains { a[Int($0)] } }
                        return a[Int(ids & 0xFFFF_FFFF)] || a[Int(ids >> 32)]
                    }
                }
            }
        case .str(let k, let ps):
            let texts = c.str[k]
            return ColumnQuery.searchText(ps, arena: c.arenas[k], words: words) { ps in
                fill { r in
                    guard let s = texts[r] else { return false }
                    return ColumnQuery.matchFolded(ps, s)
                }
            }
        case .strs(let k, let ps):
            let lists = c.strs[k]
            return ColumnQuery.searchText(ps, arena: c.arenas[ColumnStore.layout.str + k], words: words) { ps in
                fill { r in lists[r].contains { ColumnQuery.matchFolded(ps, $0) } }
            }
        case .num(let k, let t):
            let values = c.num[k]
            return values.withUnsafeBufferPointer { v in fill { r in t(v[r]) } }
        case .bool(let k, let want):
            let values = c.bool[k]
            return values.withUnsafeBufferPointer { v in fill { r in v[r] == want } }
        case .dwell(let t, let now):
            let starts = c.dwellStart, ends = c.dwellEnd
            return fill { r in
                let start = starts[r]
                if start == ColumnChunk.none { return false }
                let end = ends[r]
                return t(ContainerFacts.dwellHours(start: Timestamp(ms: start), end: end == ColumnChunk.none ? nil : Timestamp(ms: end),
                                                   now: Timestamp(ms: now)))
            }
        case .consigneeBoxes(let t, let counts):
            let has = c.hasConsignee, keys = c.consigneeKey
            return fill { r in has[r] && t(keys[r] == 0 ? 0 : counts[Int(keys[r])]) }
        }
    }

    /// Substring patterns (`*word*`, what free text becomes) are found in
    /// the chunk's arena of the column, each hit mapped to its row; other
    /// patterns go row by row through `perRow`.
    static func searchText(_ ps: [Pattern], arena: TextArena, words: Int, perRow: ([Pattern]) -> [UInt64]) -> [UInt64] {
        let rest = ps.filter { !TextArena.searchable($0) }
        var out = rest.isEmpty ? [UInt64](repeating: 0, count: words) : perRow(rest)
        for p in ps where TextArena.searchable(p) {
            arena.entries(containing: p.lowered) { r in out[r >> 6] |= 1 << UInt64(r & 63) }
        }
        return out
    }

    static func ones(_ n: Int) -> [UInt64] {
        var out = [UInt64](repeating: ~0, count: (n + 63) >> 6)
        if n & 63 != 0 { out[out.count - 1] = (1 << UInt64(n & 63)) - 1 }
        return out
    }

    /// `Pattern.matches` on text already folded by `Pattern.fold`.
    @inline(__always) static func matchFolded(_ ps: [Pattern], _ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in ps.contains { $0.match(b) } }
    }
}
