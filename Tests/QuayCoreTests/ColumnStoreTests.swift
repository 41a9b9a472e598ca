import Foundation
import XCTest
@testable import QuayCore

/// The column store must answer every query exactly as `Query.matches` does
/// box by box: random queries (the query fuzzer's generator) over odd
/// hand-made boxes and a generated feed, then after live changes, with an
/// old snapshot still held, and after boxes were archived.
final class ColumnStoreTests: XCTestCase {
    typealias Row = (number: ContainerNumber, score: Int)

    static func sorted(_ rows: [Row]) -> [String] { rows.map { "\($0.number) \($0.score)" }.sorted() }

    /// Compares both paths for `count` random queries; returns how many
    /// queries matched at least one box (so the test knows it tested something).
    func compare(_ state: PortState, queries count: Int, seed: UInt64, now: Timestamp, file: StaticString = #filePath, line: UInt = #line) -> Int {
        XCTAssertTrue(state.containers.columns.enabled, file: file, line: line)
        XCTAssertEqual(state.containers.columns.live, state.containers.count, "every box has its row", file: file, line: line)
        var r = SeededRandom(seed)
        var nonEmpty = 0
        for i in 0..<count {
            let text = QueryFuzzTests.validQuery(&r, depth: 2)
            guard let q = try? Query.parse(text, lists: QueryFuzzTests.lists) else { continue }
            let columns = ColumnStoreTests.sorted(state.containers.matching(q, now: now))
            let rows = ColumnStoreTests.sorted(state.containers.matchingRows(q, now: now))
            if columns != rows {
                XCTFail("query #\(i) \(String(reflecting: text)): columns \(columns.count) rows, box by box \(rows.count); "
                        + "only in columns: \(Array(Set(columns).subtracting(rows)).sorted().prefix(3)), only box by box: \(Array(Set(rows).subtracting(columns)).sorted().prefix(3))",
                        file: file, line: line)
                return nonEmpty
            }
            // The dashboard's path: sort keys, in the default list order.
            if let keys = state.containers.matchingKeys(q, now: now) {
                let ordered = ContainerNumber.byScoreThenNumber(state.containers.matchingRows(q, now: now))
                XCTAssertEqual(ContainerNumber.sorted(keys: keys), ordered, "query #\(i) \(String(reflecting: text)) as sort keys", file: file, line: line)
            } else {
                XCTFail("scores fit the sort key here", file: file, line: line)
            }
            if !rows.isEmpty { nonEmpty += 1 }
        }
        return nonEmpty
    }

    func testOddBoxesAnswerAsBoxByBox() {
        var f = PortStateTests.day()
        f.add("manifest", "2026-11-20T10:00:00Z", container: "ZIMU1234569", ["bl": "B*1", "pol": "ECGYE", "pod": "BEANR", "goods": "Ñandú * 漢字 🚢 e\u{301}",
              "consignee": "Ñandú BV", "shipper": "a*b?c", "declared_kg": 1, "iso_type": "22G1", "seals": [["no": "SEAL-Ä1", "source": "SHI"]]])
        var state = f.state(now: QueryFuzzTests.now)
        state.keepColumns()
        XCTAssertGreaterThan(compare(state, queries: 1500, seed: 11, now: QueryFuzzTests.now), 100)
    }

    /// Per-row text is searched in one run over each chunk: a word made of
    /// the end of one box's number and the start of the next's matches neither.
    func testTextSearchDoesNotRunAcrossRows() throws {
        let a = ContainerNumber.completing("ABCU123456")!.text, b = ContainerNumber.completing("XYZU654321")!.text
        var f = FeedBuilder()
        f.add("gate_in", "2026-11-20T10:00:00Z", container: a, ["terminal": "K913"])
        f.add("gate_in", "2026-11-20T10:00:00Z", container: b, ["terminal": "K913"])
        var state = f.state()
        state.keepColumns()
        let across = [String(a.suffix(3) + b.prefix(3)), String(b.suffix(3) + a.prefix(3))]
        for word in across + [String(a.suffix(5)), String(b.prefix(5)).lowercased()] {
            let q = try Query.parse(word)
            let expected = [a, b].filter { $0.lowercased().contains(word.lowercased()) }
            XCTAssertEqual(state.containers.matching(q, now: state.clock).map(\.number.text).sorted(), expected, word)
            XCTAssertEqual(state.containers.matchingRows(q, now: state.clock).map(\.number.text).sorted(), expected, word)
        }
    }

    /// The arena finds exactly the entries a plain substring test finds,
    /// empty entries and repeated hits included, and its byte-pair filter
    /// never hides one.
    func testTextArenaFindsWhatContainsFinds() {
        var r = SeededRandom(3)
        let alphabet: [String] = ["a", "b", "n", "ab", "ba", "na", "ñ", "漢", "🚢", "0", "1", " "]
        for round in 0..<200 {
            var arena = TextArena()
            var texts: [[UInt8]] = []
            for _ in 0..<Int.random(in: 0...40, using: &r) {
                let t = Array((0..<Int.random(in: 0...6, using: &r)).map { _ in alphabet.randomElement(using: &r)! }.joined().utf8)
                texts.append(t)
                arena.append(t)
            }
            XCTAssertEqual(arena.count, texts.count)
            let needle = Array((0..<Int.random(in: 1...3, using: &r)).map { _ in alphabet.randomElement(using: &r)! }.joined().utf8)
            var got: [Int] = []
            arena.entries(containing: needle) { got.append($0) }
            let want = texts.indices.filter { i in
                texts[i].count >= needle.count && (0...(texts[i].count - needle.count)).contains { texts[i][$0..<($0 + needle.count)].elementsEqual(needle) }
            }
            XCTAssertEqual(got, want, "round \(round): \(String(decoding: needle, as: UTF8.self)) in \(texts.map { String(decoding: $0, as: UTF8.self) })")
        }
    }

    func testGeneratedFeedLiveChangesSnapshotsAndArchive() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-columns-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = GeneratorOptions()
        options.containers = 600
        options.days = 3
        options.seed = 5
        _ = try FeedGenerator.generate(options, into: dir)
        var (state, _) = try FeedLoader.load([dir], rules: RuleSet.builtIn())
        XCTAssertEqual(state.containers.columns.rowCount, 0, "a batch load keeps no columns unless asked")
        state.keepColumns()
        XCTAssertGreaterThan(state.containers.count, 550)
        let now = state.clock
        XCTAssertGreaterThan(compare(state, queries: 300, seed: 21, now: now), 100)
        // Dwell is read for the query's clock, not the clock the row was written at.
        XCTAssertGreaterThan(compare(state, queries: 200, seed: 22, now: now + 96), 50)

        // A snapshot is held while the model changes: holds, a consignee
        // growing past the rule's threshold, new boxes.
        let held = state
        let before = ColumnStoreTests.sorted(held.containers.matching(try Query.parse("held:yes or consignee_boxes>=1"), now: now))
        let boxes = Array(state.containers.keys.sorted().prefix(40))
        var t = now.ms
        for (i, n) in boxes.enumerated() {
            t += 1000
            state.apply(Event(id: "col-hold-\(i)", ts: Timestamp(ms: t), type: .customsHold, port: "BEANR", container: n, terminal: nil,
                              body: .customsHold(reason: "test")))
        }
        var g = FeedBuilder()
        for i in 0..<30 {
            let number = ContainerNumber.completing(String(format: "TSTU%06d", i))!.text
            g.add("manifest", "2026-11-27T10:00:00Z", container: number, ["bl": "NEW\(i)", "pol": "ECGYE", "pod": "BEANR", "consignee": "Columns BV",
                  "goods": "BANANAS", "declared_kg": 20000, "iso_type": "45R1"], id: "col-new-\(i)")
        }
        for e in g.events() { state.apply(e) }
        state.recompute(now: Timestamp(ms: t))
        XCTAssertEqual(ColumnStoreTests.sorted(held.containers.matching(try Query.parse("held:yes or consignee_boxes>=1"), now: now)), before,
                       "the held snapshot still answers as it did")
        XCTAssertGreaterThan(compare(held, queries: 200, seed: 23, now: now), 50)
        XCTAssertGreaterThan(compare(state, queries: 300, seed: 24, now: Timestamp(ms: t)), 100)
        XCTAssertEqual(state.containers.matching(try Query.parse("consignee:\"Columns BV\" consignee_boxes:30"), now: Timestamp(ms: t)).count, 30)

        // Archive frees rows; new boxes reuse them.
        let gone = state.archive(leftBefore: Timestamp(ms: t + 1))
        XCTAssertGreaterThan(gone, 0)
        XCTAssertGreaterThan(compare(state, queries: 200, seed: 25, now: Timestamp(ms: t)), 60)
        var h = FeedBuilder()
        for i in 0..<20 {
            let number = ContainerNumber.completing(String(format: "RUSU%06d", i))!.text
            h.add("gate_in", "2026-11-28T10:00:00Z", container: number, ["terminal": "K913"], id: "col-reuse-\(i)")
        }
        for e in h.events() { state.apply(e) }
        state.recompute(now: Timestamp(ms: t + 2))
        XCTAssertLessThan(state.containers.columns.rowCount, state.containers.count + gone, "archived rows were reused")
        XCTAssertEqual(state.containers.matching(try Query.parse("container:RUSU*"), now: Timestamp(ms: t + 2)).count, 20)
        XCTAssertGreaterThan(compare(state, queries: 200, seed: 26, now: Timestamp(ms: t + 2)), 60)

        // The interned values of archived boxes are dropped and every row
        // renumbered; a snapshot taken before keeps its own.
        let beforeCompaction = state
        let answers = ColumnStoreTests.sorted(beforeCompaction.containers.matching(try Query.parse("consignee:*a* or goods:*an*"), now: Timestamp(ms: t + 2)))
        let interned = state.containers.columns.internedCount
        state.containers.columns.compactSymbols()
        XCTAssertLessThan(state.containers.columns.internedCount, interned, "values only archived boxes held are gone")
        let distinctConsignees = Set(state.containers.raw.values.compactMap(\.facts.manifest.consignee)).count
        XCTAssertEqual(state.containers.columns.symbols[ColumnStoreTests.slot("consignee")].values.count, distinctConsignees + 1,
                       "the consignee column holds the live boxes' consignees (and none)")
        XCTAssertGreaterThan(compare(state, queries: 300, seed: 27, now: Timestamp(ms: t + 2)), 100)
        XCTAssertGreaterThan(compare(beforeCompaction, queries: 200, seed: 27, now: Timestamp(ms: t + 2)), 60)
        XCTAssertEqual(ColumnStoreTests.sorted(beforeCompaction.containers.matching(try Query.parse("consignee:*a* or goods:*an*"), now: Timestamp(ms: t + 2))), answers)
        // Rows written after it (a freed row reused, a box rewritten) read right.
        let gone2 = state.archive(leftBefore: Timestamp(ms: t + 2))
        var k = FeedBuilder()
        for i in 0..<20 {
            let number = ContainerNumber.completing(String(format: "CPTU%06d", i))!.text
            k.add("manifest", "2026-11-28T11:00:00Z", container: number, ["bl": "CP\(i)", "pol": "DEHAM", "pod": "BEANR", "consignee": "After Compaction BV",
                  "goods": "MACHINE PARTS FOR COMPACTION", "hs": ["8409", "8410", "8411"], "iso_type": "22G1"], id: "col-compact-\(i)")
        }
        for e in k.events() { state.apply(e) }
        state.recompute(now: Timestamp(ms: t + 3))
        state.containers.columns.compactSymbols()
        XCTAssertEqual(state.containers.matching(try Query.parse("consignee:\"After Compaction BV\" hs:8411"), now: Timestamp(ms: t + 3)).count, 20)
        XCTAssertGreaterThan(compare(state, queries: 300, seed: 28, now: Timestamp(ms: t + 3)), 100, "after \(gone2) more archived")

        // Those boxes leave; the archive pass that takes them compacts, once
        // the tables pass their threshold.
        let left = max(Timestamp(ms: t + 4), ts("2026-11-28T12:00:00Z"))
        for (i, e) in k.events().enumerated() {
            for (j, type) in [EventType.discharge, .customsRelease, .gateOut].enumerated() {
                let body: EventBody = type == .discharge ? .discharge(vesselIMO: nil) : type == .customsRelease ? .customsRelease(ref: nil)
                    : .gateOut(seal: nil, measuredKg: nil, releaseRef: nil)
                state.apply(Event(id: "col-left-\(i)-\(j)", ts: Timestamp(ms: left.ms + Int64(j)), type: type, port: "BEANR", container: e.container,
                                  terminal: "K913", body: body))
            }
        }
        state.recompute(now: left + 1)
        state.containers.columns.compactAt = 0
        let interned2 = state.containers.columns.internedCount
        XCTAssertGreaterThanOrEqual(state.archive(leftBefore: left + 1), 20)
        XCTAssertEqual(state.containers.columns.compactAt, 1 << 16, "it compacted, and the next time is further off")
        XCTAssertLessThan(state.containers.columns.internedCount, interned2, "the consignee and goods only those boxes had are gone")
        XCTAssertEqual(state.containers.matching(try Query.parse("consignee:\"After Compaction BV\""), now: left + 1).count, 0)
        XCTAssertGreaterThan(compare(state, queries: 200, seed: 29, now: left + 1), 50)
    }

    /// The `.sym` column of a field.
    static func slot(_ name: String) -> Int {
        guard let i = Fields.all.firstIndex(where: { $0.name == name }), case .sym(let k) = ColumnStore.layout.slots[i] else { fatalError("\(name) is not a .sym column") }
        return k
    }
}
