import Foundation
import XCTest
@testable import QuayCore
@testable import QuayUI

/// The dashboard's filtered Containers pane and `quaywatch export --filter`
/// must pick the same boxes in the same order for any query: one parser,
/// one evaluator, one order. Random feeds, random queries, seeded.
///
/// Each run checks a fixed seed and one fresh seed; a failure names the seed.
/// Reproduce with QUAYWATCH_SEED=<seed> (which replaces the fresh seed).
final class FilterPropertyTests: XCTestCase {
    static let fixedSeed: UInt64 = 20_261_126
    static let queriesPerSeed = 320

    func testDashboardAndExportSelectTheSameBoxesInTheSameOrder() throws {
        let env = ProcessInfo.processInfo.environment["QUAYWATCH_SEED"].flatMap { UInt64($0) }
        let seeds = [Self.fixedSeed, env ?? UInt64.random(in: 1...UInt64(UInt32.max))]
        var fieldsSeen = Set<String>()
        var queries = 0
        for seed in seeds {
            let r = try check(seed: seed, queries: Self.queriesPerSeed)
            fieldsSeen.formUnion(r.fields)
            queries += r.queries
        }
        XCTAssertGreaterThanOrEqual(queries, 2 * Self.queriesPerSeed)
        // The generator reaches every field of the language.
        XCTAssertEqual(Set(Fields.all.map(\.name)).subtracting(fieldsSeen), [], "fields no query used (seeds \(seeds))")
    }

    /// Builds a feed from `seed`, then runs `queries` random queries through
    /// both paths. Returns the fields the queries read.
    func check(seed: UInt64, queries count: Int) throws -> (fields: Set<String>, queries: Int) {
        var rng = PropertyRandom(seed)
        let world = RandomFeed(rng: &rng)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-filter-prop-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("feed.jsonl").path
        try (world.lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let now = world.now
        let (state, stats) = try FeedLoader.load([path], rules: RuleSet.builtIn(), now: now)
        XCTAssertEqual(stats.rejected, 0, "seed \(seed): generated lines rejected: \(stats.rejects.prefix(3).map(\.message))")
        XCTAssertGreaterThan(state.containers.count, 100, "seed \(seed)")
        // The dashboard's model keeps the column store (LiveModel does); the
        // export command's batch load does not: the two paths meet here.
        var live = state
        live.keepColumns()
        let snapshot = Snapshot(state: live, stats: stats, feed: FeedStatus(), now: now, wallNow: now.ms, generation: 1)
        let boxes = Array(state.containers.values)
        var gen = QueryGenerator(boxes: boxes, now: now, lists: state.rules.lists)

        var fields = Set<String>()
        var partial = 0, failures = 0
        for i in 0..<count {
            let text = gen.query(&rng)
            let query: Query
            do { query = try Query.parse(text, lists: state.rules.lists) } catch {
                XCTFail("seed \(seed), query \(i): generated query does not parse: \(error)\n  \(text)")
                failures += 1
                if failures >= 5 { break } else { continue }
            }
            fields.formUnion(query.fields.map(\.name))

            // The dashboard: the Containers pane's rows under this filter.
            let screen = Rows(snapshot, filter: query).containers.map(\.text)
            // The export command: its selection, rendered as JSON, read back.
            let selected = QuayCore.Export.select(state, filter: query, now: now)
            let json = QuayCore.Export.render(selected, alerts: state.alerts, format: .json, now: now)
            guard let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
                XCTFail("seed \(seed), query \(i): export is not a JSON array of objects: \(text)")
                failures += 1
                continue
            }
            let exported = rows.map { $0["container"] as? String ?? "?" }

            if screen != exported {
                let onlyScreen = Set(screen).subtracting(exported).sorted().prefix(5)
                let onlyExport = Set(exported).subtracting(screen).sorted().prefix(5)
                XCTFail("""
                    seed \(seed) (rerun with QUAYWATCH_SEED=\(seed)), query \(i): \(text)
                      dashboard \(screen.count) rows, export \(exported.count) rows; \
                    only on screen: \(Array(onlyScreen)), only in export: \(Array(onlyExport)); \
                    first difference at row \(zip(screen, exported).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(screen.count, exported.count))
                    """)
                failures += 1
            }
            // Both follow the documented order: score descending, then number.
            let scores = rows.map { $0["score"] as? Int ?? -1 }
            for k in rows.indices.dropFirst() where !(scores[k - 1] > scores[k] || (scores[k - 1] == scores[k] && exported[k - 1] < exported[k])) {
                XCTFail("seed \(seed), query \(i): rows \(k - 1) and \(k) out of order (\(exported[k - 1]) \(scores[k - 1]), \(exported[k]) \(scores[k])): \(text)")
                failures += 1
                break
            }
            if !screen.isEmpty && screen.count < boxes.count { partial += 1 }
            if failures >= 5 { break }
        }
        // Most queries should neither match everything nor nothing.
        XCTAssertGreaterThan(partial, count / 4, "seed \(seed): only \(partial) of \(count) queries split the boxes")
        return (fields, count)
    }
}

// MARK: - Random numbers

/// SplitMix64: small, fast, and the same on every platform.
fileprivate struct PropertyRandom: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
}

// MARK: - Random feed

/// Random boxes as event lines: owner codes with valid check digits, random
/// lifecycles, LOCODEs from a small set, cover loads, hostile text, weights,
/// seals that match or not, seizures that link parties.
fileprivate struct RandomFeed {
    var lines: [String] = []
    let base: Timestamp = {
        guard case .success(let t) = Timestamp.parse("2026-11-24T00:00:00Z") else { preconditionFailure() }
        return t
    }()
    var now: Timestamp { base + 72 }
    private var nextID = 1

    static let locodes = ["ECGYE", "ECPBO", "COCTG", "BRSSZ", "PAMIT", "DOCAU", "CRMOB", "PECLL", "CNSHA", "HKHKG", "USNYC", "ESALG", "NLRTM", "MAPTM"]
    static let hubs = ["PAMIT", "DOCAU", "CRMOB", "COCTG", "ESALG", "MAPTM"]
    static let goods = ["FRESH BANANAS", "Bananas, fresh (Cavendish)", "GREEN COFFEE BEANS", "FROZEN SHRIMP", "general cargo",
                        "FAK", "said to contain machinery", "STC 20 pallets", "PLASTIC TOYS", "CERAMIC TILES", "Café crème",
                        "=HYPERLINK(\"http://x\",\"click\")", "+SUM(1;2)", "-frozen fish", "@import", "\"quoted\" goods",
                        "FRESH AVOCADOS", "mixed goods, various", "Pineapples 100%"]
    static let hs = ["0803", "080390", "0804", "0805", "0901", "030617", "9503", "6907", "8471"]
    static let parties = ["Exportadora del Pacifico SA", "Fresh Fruit Trading BV", "Quick Import Holding Ltd", "Smith, Jones & \"Partners\"",
                          "=cmd|' /C calc'!A0", "Café Crème SARL", "O'Brien (Antwerp) NV", "Ñandú Export Panamá", "Alfa Sourcing SARL",
                          "Schelde Foods Europe s.r.o.", "Hacienda Limón EIRL", "Pacific Foods Inc."]
    static let iso = ["45R1", "22G1", "42G1", "45G1", "22R1", "L5R1", "22U1"]
    static let terminals = ["K913", "K1742", "K730", "K869", "DPW-DGD"]
    static let teams = ["CUS-ANR-1", "CUS-ANR-2", "DOG-UNIT", "K9 team"]

    init(rng: inout PropertyRandom) {
        // Vessels: valid IMO numbers, one without a name.
        var vessels: [String] = []
        for (i, name) in ["MSC RAYA", "MAERSK ATLANTA II", "Ever Given, Jr.", nil].enumerated() {
            let imo = IMONumber.completing(rng.int(100_000...999_999))
            precondition(IMONumber.verify(imo) == .valid)
            vessels.append(imo)
            var fields: [String: Any] = ["vessel_imo": imo, "voyage": "V\(i)"]
            if let name { fields["vessel_name"] = name }
            if rng.chance(0.9) { add("vessel_arrival", at: base + Double(rng.int(24...60)), fields) }
        }
        let owners = (0..<14).map { _ in String((0..<3).map { _ in Character(Unicode.Scalar(UInt8(65 + Int.random(in: 0..<26, using: &rng)))) }) }
        var numbers = Set<String>()
        while numbers.count < 160 {
            let prefix = rng.pick(owners) + rng.pick(["U", "U", "U", "J", "Z"]) + String(format: "%06d", rng.int(0...999_999))
            guard let n = ContainerNumber.completing(prefix) else { continue }
            numbers.insert(n.text)
        }
        for box in numbers.sorted() { addBox(box, vessels: vessels, rng: &rng) }
        // Out of order, as feeds are: the state must not care.
        lines.shuffle(using: &rng)
    }

    mutating func add(_ type: String, at ts: Timestamp, container: String? = nil, _ fields: [String: Any] = [:]) {
        var obj: [String: Any] = ["id": "p-\(nextID)", "ts": ts.description, "type": type, "port": "BEANR"]
        nextID += 1
        if let container { obj["container"] = container }
        for (k, v) in fields { obj[k] = v }
        let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
    }

    mutating func addBox(_ box: String, vessels: [String], rng: inout PropertyRandom) {
        var declaredSeals: [String] = []
        if rng.chance(0.85) {
            var m: [String: Any] = ["bl": "BL\(rng.int(100_000...999_999))", "pol": rng.pick(Self.locodes), "pod": rng.chance(0.85) ? "BEANR" : "NLRTM"]
            if rng.chance(0.9) { m["shipper"] = rng.pick(Self.parties) }
            if rng.chance(0.9) { m["consignee"] = rng.pick(Self.parties) }
            if rng.chance(0.9) { m["goods"] = rng.pick(Self.goods) }
            if rng.chance(0.8) { m["hs"] = (0..<rng.int(1...2)).map { _ in rng.pick(Self.hs) } }
            if rng.chance(0.9) { m["declared_kg"] = Double(rng.int(1500...30000)) + (rng.chance(0.3) ? 0.5 : 0) }
            if rng.chance(0.9) { m["iso_type"] = rng.pick(Self.iso) }
            if rng.chance(0.4) { m["transship"] = (0..<rng.int(1...2)).map { _ in rng.pick(Self.hubs) } }
            if rng.chance(0.7) {
                declaredSeals = (0..<rng.int(1...2)).map { _ in "ML-\(rng.int(1_000_000...9_999_999))" }
                m["seals"] = declaredSeals.map { ["no": $0, "source": rng.pick(["CAR", "SHI", "CUS"])] }
            }
            if rng.chance(0.7) { m["payment"] = rng.pick(["prepaid", "collect", "cash", "third_party"]) }
            if rng.chance(0.7) { m["vessel_imo"] = rng.pick(vessels) }
            add("manifest", at: base + Double(rng.int(0...40)), container: box, m)
            if rng.chance(0.15) {
                var a: [String: Any] = ["amends": true]
                if rng.chance(0.5) { a["consignee"] = rng.pick(Self.parties) } else { a["goods"] = rng.pick(Self.goods) }
                add("manifest", at: base + Double(rng.int(30...70)), container: box, a)
            }
        }
        // A random lifecycle: any events, in a random order, over the window.
        var t = base + Double(rng.int(36...60)) + Double(rng.int(0...59)) / 60
        let steps = rng.int(0...7)
        let terminal = rng.pick(Self.terminals)
        for _ in 0..<steps {
            t = t + Double(rng.int(5...240)) / 60
            guard t <= now else { break }
            let seal = declaredSeals.isEmpty || rng.chance(0.15) ? "XX-\(rng.int(100...999))" : rng.pick(declaredSeals)
            var f: [String: Any] = rng.chance(0.8) ? ["terminal": terminal] : [:]
            let type = rng.pick(["discharge", "discharge", "gate_in", "gate_out", "load", "scan_selected", "scan_result", "inspection_selected",
                                 "seal_check", "inspection_result", "customs_release", "customs_release", "customs_hold", "seizure"])
            switch type {
            case "discharge", "load": if rng.chance(0.7) { f["vessel_imo"] = rng.pick(vessels) }
            case "gate_in", "gate_out":
                if rng.chance(0.6) { f["seal"] = seal }
                if rng.chance(0.5) { f["measured_kg"] = Double(rng.int(1500...32000)) }
            case "scan_result": f["result"] = rng.pick(["clear", "clear", "anomaly", "inconclusive"])
            case "seal_check":
                f["seal_seen"] = seal
                f["intact"] = rng.chance(0.8)
            case "inspection_result":
                f["outcome"] = rng.pick(["nothing_found", "discrepancy", "seizure"])
                if rng.chance(0.8) { f["team"] = rng.pick(Self.teams) }
            case "customs_hold": f["reason"] = rng.pick(["narcotics suspected", "documents, missing", "=risk"])
            case "seizure":
                guard rng.chance(0.3) else { continue }
                f["case_id"] = "ANR-2026-\(rng.int(1000...9999))"
                f["drug"] = rng.pick(["cocaine", "cocaine", "cannabis", "heroin", "synthetic", "other"])
                f["kg"] = Double(rng.int(1...800)) + 0.5
                f["concealment"] = rng.pick(["rip_on_rip_off", "cover_load", "structure", "inside_goods"])
                f["detection"] = rng.pick(["risk_profile", "scan", "dog", "tip_off"])
            default: break
            }
            add(type, at: t, container: box, f)
        }
    }
}

// MARK: - Random queries

/// Random queries from a small grammar: conditions on every field with
/// values drawn from the data (exact, wildcards, lists, named lists, numbers
/// with units and ranges, yes/no), free text, negation, and/or, parentheses.
fileprivate struct QueryGenerator {
    /// Values each field takes in the data.
    var texts: [String: [String]] = [:]
    var numbers: [String: [Double]] = [:]
    var freeText: [String] = []
    let lists: [String]

    init(boxes: [Container], now: Timestamp, lists: [String: [String]]) {
        self.lists = lists.keys.sorted()
        for f in Fields.all {
            for c in boxes {
                switch f.value(c, now: now) {
                case .text(let s?): texts[f.name, default: []].append(s)
                case .texts(let items): texts[f.name, default: []].append(contentsOf: items)
                case .number(let d?): numbers[f.name, default: []].append(d)
                default: break
                }
            }
        }
        freeText = Fields.all.filter(\.freeText).flatMap { texts[$0.name] ?? [] }
    }

    mutating func query(_ rng: inout PropertyRandom) -> String { expr(&rng, depth: 0) }

    func expr(_ rng: inout PropertyRandom, depth: Int) -> String {
        let alternatives = rng.chance(0.35) ? rng.int(2...3) : 1
        var parts: [String] = []
        for _ in 0..<alternatives {
            let n = rng.int(1...(depth == 0 ? 3 : 2))
            var conj = ""
            for k in 0..<n {
                if k > 0 { conj += rng.pick([" ", " ", "  ", " and ", " AND ", " && "]) }
                conj += term(&rng, depth: depth)
            }
            parts.append(conj)
        }
        var out = parts[0]
        for p in parts.dropFirst() { out += rng.pick([" or ", " OR ", " | ", " || "]) + p }
        return out
    }

    func term(_ rng: inout PropertyRandom, depth: Int) -> String {
        let r = Double.random(in: 0..<1, using: &rng)
        if depth < 2 && r < 0.12 { return "(" + rng.pick(["", " "]) + expr(&rng, depth: depth + 1) + rng.pick(["", " "]) + ")" }
        if r < 0.27 { return rng.pick(["-", "!", "not ", "NOT "]) + term(&rng, depth: depth + 1) }
        if r < 0.38 { return freeTextTerm(&rng) }
        return condition(&rng)
    }

    func freeTextTerm(_ rng: inout PropertyRandom) -> String {
        if freeText.isEmpty || rng.chance(0.08) { return rng.pick(["zzqx", "nothing_here", "Q9Q9"]) }
        let value = rng.pick(freeText)
        if rng.chance(0.4) {
            // A quoted phrase: any run of the value, quotes escaped.
            let chars = Array(value)
            let a = rng.int(0...(chars.count - 1)), b = rng.int(a...(chars.count - 1))
            return quote(String(chars[a...b]))
        }
        // A bare word: an alphanumeric piece, maybe with a wildcard.
        let words = value.split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { !["or", "and", "not"].contains($0.lowercased()) }
        guard var w = words.isEmpty ? nil : rng.pick(words) else { return "zzqx" }
        if w.count > 3 && rng.chance(0.3) { w = String(w.prefix(rng.int(2...(w.count - 1)))) }
        if rng.chance(0.15) { w = wildcard(w, &rng) }
        return rng.chance(0.5) ? w.lowercased() : w
    }

    func name(_ f: FieldSpec, _ rng: inout PropertyRandom) -> String {
        let n = rng.pick([f.name, f.name] + f.aliases)
        return rng.chance(0.1) ? n.uppercased() : n
    }

    func condition(_ rng: inout PropertyRandom) -> String {
        let f = rng.pick(Fields.all)
        let field = name(f, &rng)
        switch f.kind {
        case .bool:
            return field + rng.pick([":", ":", "="]) + rng.pick(["yes", "no", "true", "false", "1", "0", "y", "n", "on", "off", "YES"])
        case .text, .texts:
            let op = rng.pick([":", ":", ":", "=", "!="])
            var values: [String] = []
            for _ in 0..<(rng.chance(0.25) ? rng.int(2...3) : 1) { values.append(textValue(f, &rng)) }
            return field + op + values.joined(separator: ",")
        case .number(let unit):
            return field + numberTest(f, unit, &rng)
        }
    }

    func textValue(_ f: FieldSpec, _ rng: inout PropertyRandom) -> String {
        if !lists.isEmpty && rng.chance(0.08) { return "@" + rng.pick(lists) }
        guard let pool = texts[f.name], !pool.isEmpty, !rng.chance(0.08) else { return rng.pick(["zzqx", "-", "BEANR", "red", "none"]) }
        var v = rng.pick(pool)
        switch rng.int(0...9) {
        case 0...4: break                                            // exact
        case 5: v = String(v.prefix(rng.int(0...v.count))) + "*"     // prefix
        case 6: v = "*" + String(v.suffix(rng.int(0...v.count)))     // suffix
        case 7:
            let chars = Array(v)
            let a = rng.int(0...chars.count), b = rng.int(a...chars.count)
            v = "*" + String(chars[a..<b]) + "*"                       // contains
        default: v = wildcard(v, &rng)                                // glob
        }
        if rng.chance(0.3) { v = rng.chance(0.5) ? v.lowercased() : v.uppercased() }
        return plain(v) && !v.hasPrefix("@") && !v.isEmpty ? v : quote(v)
    }

    /// Replaces a character or two with `?` or inserts a `*`.
    func wildcard(_ v: String, _ rng: inout PropertyRandom) -> String {
        var chars = Array(v)
        guard !chars.isEmpty else { return "*" }
        for _ in 0..<rng.int(1...2) {
            let i = rng.int(0...(chars.count - 1))
            if rng.chance(0.6) { chars[i] = "?" } else { chars.insert("*", at: i) }
        }
        return String(chars)
    }

    /// Safe to write unquoted as a field value.
    func plain(_ v: String) -> Bool {
        v.allSatisfy { ($0.isLetter || $0.isNumber || "*?_-.;/&'%+=!@".contains($0)) && $0 != "\"" }
    }

    func quote(_ v: String) -> String {
        "\"" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    func numberTest(_ f: FieldSpec, _ unit: FieldUnit, _ rng: inout PropertyRandom) -> String {
        let pool = numbers[f.name] ?? []
        func draw() -> Double {
            if pool.isEmpty || rng.chance(0.15) { return Double(rng.int(-5...30_000)) / Double(rng.pick([1, 10, 100])) }
            let v = rng.pick(pool)
            return rng.chance(0.7) ? v : v + Double(rng.int(-20...20)) / 4
        }
        let (suffix, scale) = units(unit, &rng)
        func write(_ x: Double) -> String {
            let y = x / scale
            return (y == y.rounded() && abs(y) < 1e12 ? String(Int64(y)) : String(format: "%.4f", y)) + suffix
        }
        switch rng.int(0...9) {
        case 0...5:
            return rng.pick([">", ">=", "<", "<=", "=", "!="]) + write(draw())
        case 6, 7:
            let a = draw(), b = draw()
            return ":" + write(min(a, b)) + ".." + write(max(a, b))
        default:
            return rng.pick([":", "="]) + (0..<rng.int(1...3)).map { _ in write(draw()) }.joined(separator: ",")
        }
    }

    /// A suffix the field accepts and what it multiplies by.
    func units(_ unit: FieldUnit, _ rng: inout PropertyRandom) -> (String, Double) {
        switch unit {
        case .plain: return ("", 1)
        case .hours: return rng.pick([("", 1), ("h", 1), ("m", 1.0 / 60), ("d", 24), ("w", 168)])
        case .kilograms: return rng.pick([("", 1), ("kg", 1), ("t", 1000)])
        case .percent: return rng.pick([("", 1), ("%", 1)])
        }
    }
}
