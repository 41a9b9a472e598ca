/// What the query language reads, one row per container, in columns: a
/// filter then runs over a few flat arrays instead of visiting every box.
///
/// - Text fields with few distinct values (ports, status, parties, ...) are
///   interned: a row holds a small id, and a pattern is matched once per
///   distinct value, not once per box.
/// - Container numbers, bills of lading and seal numbers (nearly one value
///   per box) are kept per row, lower-cased, and matched as bytes.
/// - Numbers are `Double` (NaN for none), flags `Bool`; dwell keeps its
///   start and end, so it is computed for the query's `now`; a consignee's
///   box count is looked up by consignee at query time, as for a box.
///
/// Rows live in chunks of 4,096. A chunk is copied before a write only when
/// a published snapshot still shares it, so a live tick copies the chunks it
/// touches, not the whole store.
///
/// Every value is read through the field's own `FieldSpec` when a container
/// is written, so the columns answer exactly what the row-by-row evaluator
/// answers (`ColumnStoreTests` checks random queries against it).
struct ColumnStore: Sendable {
    static let chunkShift = 12
    static let chunkSize = 1 << chunkShift

    /// Where each field of `Fields.all` lives.
    enum Slot: Sendable {
        case sym(Int), syms(Int), str(Int), strs(Int), num(Int), bool(Int), dwell, consigneeBoxes
    }

    static let layout: (slots: [Slot], sym: Int, syms: Int, str: Int, strs: Int, num: Int, bool: Int) = {
        var counts = (sym: 0, syms: 0, str: 0, strs: 0, num: 0, bool: 0)
        // Nearly one value per box: interning would only add a dictionary.
        let perRow: Set<String> = ["container", "bl", "seals"]
        var slots: [Slot] = []
        for f in Fields.all {
            if f.name == "dwell" { slots.append(.dwell); continue }
            if f.name == "consignee_boxes" { slots.append(.consigneeBoxes); continue }
            switch f.kind {
            case .text where perRow.contains(f.name): slots.append(.str(counts.str)); counts.str += 1
            case .texts where perRow.contains(f.name): slots.append(.strs(counts.strs)); counts.strs += 1
            case .text: slots.append(.sym(counts.sym)); counts.sym += 1
            case .texts: slots.append(.syms(counts.syms)); counts.syms += 1
            case .number: slots.append(.num(counts.num)); counts.num += 1
            case .bool: slots.append(.bool(counts.bool)); counts.bool += 1
            }
        }
        return (slots, counts.sym, counts.syms, counts.str, counts.strs, counts.num, counts.bool)
    }()

    /// Each field's slot and reader, taken out of `FieldSpec` once (copying
    /// a spec per field per write showed up in profiles).
    static let fields: [(Slot, @Sendable (Container, Timestamp) -> FieldValue)] = zip(layout.slots, Fields.all.map(\.read)).map { ($0, $1) }

    /// Kept up to date by `recompute` (see `PortState.keepColumns`).
    var enabled = false
    private(set) var chunks: [ColumnChunk] = []
    /// Rows handed out so far (free ones included).
    private(set) var rowCount = 0
    /// Rows holding a container.
    private(set) var live = 0
    private var free: [Int32] = []
    /// Chunks whose text arenas wait for `sealText`.
    private var textStale = Set<Int>()
    /// Interned values of each `.sym`/`.syms` column (id 0 is "none").
    private(set) var symbols = [SymbolTable](repeating: SymbolTable(), count: layout.sym)
    private(set) var multiSymbols = [SymbolTable](repeating: SymbolTable(), count: layout.syms)
    /// Normalised consignees, for `consignee_boxes`.
    private(set) var consigneeKeys = SymbolTable()

    init() {}

    /// A row for a new container.
    mutating func allocate() -> Int32 {
        live += 1
        if let r = free.popLast() { return r }
        let r = Int32(rowCount)
        if rowCount >> ColumnStore.chunkShift == chunks.count { chunks.append(ColumnChunk()) }
        rowCount += 1
        return r
    }

    /// The container in `row` left the live set.
    mutating func release(_ row: Int32) {
        guard row >= 0 else { return }
        let (ci, ri) = (Int(row) >> ColumnStore.chunkShift, Int(row) & (ColumnStore.chunkSize - 1))
        unique(ci)
        chunks[ci].numbers[ri] = nil
        chunks[ci].packed[ri] = 0
        live -= 1
        free.append(row)
    }

    private mutating func unique(_ ci: Int) {
        if !isKnownUniquelyReferenced(&chunks[ci]) { chunks[ci] = chunks[ci].copy() }
    }

    /// Writes what the query language reads of `c` into its row.
    mutating func write(_ c: Container) {
        guard c.row >= 0 else { return }
        let (ci, ri) = (Int(c.row) >> ColumnStore.chunkShift, Int(c.row) & (ColumnStore.chunkSize - 1))
        unique(ci)
        let chunk = chunks[ci]
        chunk.numbers[ri] = c.number
        chunk.packed[ri] = c.number.packed
        chunk.scores[ri] = Int32(clamping: c.score)
        let never = Timestamp(ms: 0)  // only dwell reads `now`, and it is kept as start and end
        let fields = ColumnStore.fields
        for (slot, read) in fields {
            switch slot {
            case .dwell:
                chunk.dwellStart[ri] = c.facts.dwellStart?.ms ?? ColumnChunk.none
                chunk.dwellEnd[ri] = c.facts.dwellEnd?.ms ?? ColumnChunk.none
            case .consigneeBoxes:
                chunk.hasConsignee[ri] = c.facts.manifest.consignee != nil
                chunk.consigneeKey[ri] = consigneeKeys.intern(c.consigneeKey)
            case .sym(let k):
                guard case .text(let s) = read(c, never) else { preconditionFailure("field kind") }
                // A box written again mostly keeps its values: compare before hashing.
                let old = chunk.sym[k][ri]
                if old != 0, let s, symbols[k].values[Int(old)] == s { continue }
                chunk.sym[k][ri] = symbols[k].intern(s)
            case .syms(let k):
                guard case .texts(let items) = read(c, never) else { preconditionFailure("field kind") }
                if items.count <= 2 {
                    let a = items.isEmpty ? 0 : UInt64(multiSymbols[k].intern(items[0]))
                    let b = items.count < 2 ? 0 : UInt64(multiSymbols[k].intern(items[1]))
                    chunk.syms[k][ri] = a | b << 32
                    if !chunk.symsMore[k][ri].isEmpty { chunk.symsMore[k][ri] = [] }
                } else {
                    chunk.syms[k][ri] = ColumnChunk.more
                    chunk.symsMore[k][ri] = items.map { multiSymbols[k].intern($0) }
                }
            case .str(let k):
                guard case .text(let s) = read(c, never) else { preconditionFailure("field kind") }
                let v = s.map(Pattern.fold)
                if chunk.str[k][ri] != v { chunk.str[k][ri] = v; textStale.insert(ci) }
            case .strs(let k):
                guard case .texts(let items) = read(c, never) else { preconditionFailure("field kind") }
                let v = items.map(Pattern.fold)
                if chunk.strs[k][ri] != v { chunk.strs[k][ri] = v; textStale.insert(ci) }
            case .num(let k):
                guard case .number(let d) = read(c, never) else { preconditionFailure("field kind") }
                chunk.num[k][ri] = d ?? .nan
            case .bool(let k):
                guard case .bool(let b) = read(c, never) else { preconditionFailure("field kind") }
                chunk.bool[k][ri] = b
            }
        }
    }

    /// Values interned in every table together.
    var internedCount: Int {
        symbols.reduce(0) { $0 + $1.values.count } + multiSymbols.reduce(0) { $0 + $1.values.count } + consigneeKeys.values.count
    }

    /// Past this many interned values, `compactSymbolsIfSparse` drops those
    /// no live row holds (then at twice what it kept).
    var compactAt = 1 << 16

    /// The interned tables follow the live rows, not every value ever
    /// written: a consignee, shipper or goods text seen once stays interned
    /// after its box left, and half the boxes of a port have a consignee of
    /// their own. Amortised (see `compactAt`).
    mutating func compactSymbolsIfSparse() {
        guard internedCount > compactAt else { return }
        compactSymbols()
        compactAt = max(1 << 16, 2 * internedCount)
    }

    /// Drops every interned value no live row holds and renumbers the rest
    /// in every row. Chunks a snapshot shares are copied first, so the
    /// snapshot keeps its tables and ids.
    mutating func compactSymbols() {
        var usedSym = symbols.map { [Bool](repeating: false, count: $0.values.count) }
        var usedMulti = multiSymbols.map { [Bool](repeating: false, count: $0.values.count) }
        var usedKeys = [Bool](repeating: false, count: consigneeKeys.values.count)
        func rows(_ ci: Int) -> Range<Int> { 0..<min(ColumnStore.chunkSize, rowCount - ci * ColumnStore.chunkSize) }
        for ci in chunks.indices {
            let chunk = chunks[ci]
            for ri in rows(ci) where chunk.packed[ri] != 0 {
                for k in usedSym.indices { usedSym[k][Int(chunk.sym[k][ri])] = true }
                for k in usedMulti.indices {
                    let v = chunk.syms[k][ri]
                    if v == ColumnChunk.more {
                        for id in chunk.symsMore[k][ri] { usedMulti[k][Int(id)] = true }
                    } else {
                        usedMulti[k][Int(v & 0xFFFF_FFFF)] = true
                        usedMulti[k][Int(v >> 32)] = true
                    }
                }
                usedKeys[Int(chunk.consigneeKey[ri])] = true
            }
        }
        let sym = zip(symbols, usedSym).map { $0.keeping($1) }
        let multi = zip(multiSymbols, usedMulti).map { $0.keeping($1) }
        let keys = consigneeKeys.keeping(usedKeys)
        for ci in chunks.indices {
            unique(ci)
            let chunk = chunks[ci]
            // A free row holds no ids (its next box is written from scratch).
            for ri in rows(ci) {
                let live = chunk.packed[ri] != 0
                for k in sym.indices { chunk.sym[k][ri] = live ? sym[k].ids[Int(chunk.sym[k][ri])] : 0 }
                for k in multi.indices {
                    let v = chunk.syms[k][ri]
                    if !live {
                        chunk.syms[k][ri] = 0
                        if !chunk.symsMore[k][ri].isEmpty { chunk.symsMore[k][ri] = [] }
                    } else if v == ColumnChunk.more {
                        chunk.symsMore[k][ri] = chunk.symsMore[k][ri].map { multi[k].ids[Int($0)] }
                    } else {
                        chunk.syms[k][ri] = UInt64(multi[k].ids[Int(v & 0xFFFF_FFFF)]) | UInt64(multi[k].ids[Int(v >> 32)]) << 32
                    }
                }
                chunk.consigneeKey[ri] = live ? keys.ids[Int(chunk.consigneeKey[ri])] : 0
            }
        }
        symbols = sym.map(\.table)
        multiSymbols = multi.map(\.table)
        consigneeKeys = keys.table
    }

    /// Rebuilds the text arenas of chunks whose per-row text changed
    /// (`PortState.recompute` calls it once at the end of a pass).
    mutating func sealText() {
        for ci in textStale.sorted() {
            unique(ci)
            chunks[ci].buildArenas(rows: min(ColumnStore.chunkSize, rowCount - ci * ColumnStore.chunkSize))
        }
        textStale = []
    }
}

/// Distinct values of one text column; id 0 stands for "no value".
struct SymbolTable: Sendable {
    private var ids: [String: UInt32] = [:]
    private(set) var values: [String] = [""]
    /// The values as patterns compare them (`Pattern.fold`).
    private(set) var folded: [String] = [""]
    /// The folded values again, for substring search (entry = id).
    private(set) var arena: TextArena = {
        var a = TextArena()
        a.append([])
        return a
    }()

    mutating func intern(_ s: String?) -> UInt32 {
        guard let s else { return 0 }
        if let id = ids[s] { return id }
        return add(s, folded: Pattern.fold(s))
    }

    private mutating func add(_ s: String, folded f: String) -> UInt32 {
        let id = UInt32(values.count)
        values.append(s)
        folded.append(f)
        arena.append(f.utf8)
        ids[s] = id
        return id
    }

    /// A table of the values `used` marks (by id), and each old id's new id
    /// (0 for a value dropped).
    func keeping(_ used: [Bool]) -> (table: SymbolTable, ids: [UInt32]) {
        var table = SymbolTable()
        var map = [UInt32](repeating: 0, count: values.count)
        for id in 1..<values.count where used[id] { map[id] = table.add(values[id], folded: folded[id]) }
        return (table, map)
    }
}

/// 4,096 rows of every column. Written only while uniquely referenced
/// (`ColumnStore.unique` copies a shared chunk first), so a chunk a snapshot
/// can see never changes under it. For the same reason no two accesses to a
/// column can overlap with a write, so the columns skip the run-time
/// exclusivity check (it was 14 % of writing a row).
final class ColumnChunk: @unchecked Sendable {
    static let none = Int64.min

    @exclusivity(unchecked) var numbers: [ContainerNumber?]
    /// `ContainerNumber.packed` of each row, 0 for a free row (no number packs to 0).
    @exclusivity(unchecked) var packed: [UInt64]
    @exclusivity(unchecked) var scores: [Int32]
    @exclusivity(unchecked) var sym: [[UInt32]]
    /// Up to two ids inline (low and high half, 0 = none), else `more`
    /// and the ids in `symsMore`: no array per box for most boxes.
    @exclusivity(unchecked) var syms: [[UInt64]]
    @exclusivity(unchecked) var symsMore: [[[UInt32]]]
    static let more = UInt64.max
    @exclusivity(unchecked) var str: [[String?]]
    @exclusivity(unchecked) var strs: [[[String]]]
    @exclusivity(unchecked) var num: [[Double]]
    @exclusivity(unchecked) var bool: [[Bool]]
    @exclusivity(unchecked) var dwellStart: [Int64]
    @exclusivity(unchecked) var dwellEnd: [Int64]
    @exclusivity(unchecked) var hasConsignee: [Bool]
    @exclusivity(unchecked) var consigneeKey: [UInt32]
    /// Each per-row text column (`str` then `strs`) as one arena, a row's
    /// values joined by NUL: entry r is row r (`buildArenas`).
    @exclusivity(unchecked) var arenas: [TextArena]

    init() {
        let n = ColumnStore.chunkSize
        let l = ColumnStore.layout
        numbers = Array(repeating: nil, count: n)
        packed = Array(repeating: 0, count: n)
        scores = Array(repeating: 0, count: n)
        sym = Array(repeating: Array(repeating: 0, count: n), count: l.sym)
        syms = Array(repeating: Array(repeating: 0, count: n), count: l.syms)
        symsMore = Array(repeating: Array(repeating: [], count: n), count: l.syms)
        str = Array(repeating: Array(repeating: nil, count: n), count: l.str)
        strs = Array(repeating: Array(repeating: [], count: n), count: l.strs)
        num = Array(repeating: Array(repeating: .nan, count: n), count: l.num)
        bool = Array(repeating: Array(repeating: false, count: n), count: l.bool)
        dwellStart = Array(repeating: ColumnChunk.none, count: n)
        dwellEnd = Array(repeating: ColumnChunk.none, count: n)
        hasConsignee = Array(repeating: false, count: n)
        consigneeKey = Array(repeating: 0, count: n)
        arenas = Array(repeating: TextArena(), count: l.str + l.strs)
    }

    func buildArenas(rows n: Int) {
        let l = ColumnStore.layout
        for k in 0..<(l.str + l.strs) {
            var arena = TextArena()
            var joined: [UInt8] = []
            for r in 0..<n {
                if k < l.str {
                    arena.append(str[k][r]?.utf8 ?? "".utf8)
                } else {
                    joined.removeAll(keepingCapacity: true)
                    for (i, item) in strs[k - l.str][r].enumerated() {
                        if i > 0 { joined.append(0) }
                        joined.append(contentsOf: item.utf8)
                    }
                    arena.append(joined)
                }
            }
            arenas[k] = arena
        }
    }

    private init(copying o: ColumnChunk) {
        numbers = o.numbers; packed = o.packed; scores = o.scores; sym = o.sym; syms = o.syms; symsMore = o.symsMore; str = o.str; strs = o.strs
        num = o.num; bool = o.bool; dwellStart = o.dwellStart; dwellEnd = o.dwellEnd
        hasConsignee = o.hasConsignee; consigneeKey = o.consigneeKey; arenas = o.arenas
    }

    func copy() -> ColumnChunk { ColumnChunk(copying: self) }
}
