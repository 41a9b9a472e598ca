import Foundation
import XCTest
@testable import QuayCore

final class PortStateTests: XCTestCase {
    /// A day with several boxes through every part of the lifecycle.
    static func day() -> FeedBuilder {
        var f = FeedBuilder()
        f.add("vessel_arrival", "2026-11-26T05:00:00Z", ["vessel_imo": "9839430", "vessel_name": "MSC ISABELLA", "from": "ESALG"])
        // A rip-off: cover load, seal swapped, scanned, inspected, seized.
        let a = "MSCU6639870"
        f.add("manifest", "2026-11-23T10:00:00Z", container: a, ["bl": "B1", "pol": "ECGYE", "pod": "BEANR", "goods": "BANANAS", "hs": ["0803"],
              "iso_type": "45R1", "consignee": "Fruit BV", "shipper": "Exportadora", "declared_kg": 21500, "seals": [["no": "S1"]], "vessel_imo": "9839430"])
        f.add("discharge", "2026-11-26T07:00:00Z", container: a, ["vessel_imo": "9839430", "terminal": "K913"])
        f.add("scan_selected", "2026-11-26T07:30:00Z", container: a)
        f.add("scan_result", "2026-11-26T08:00:00Z", container: a, ["result": "anomaly"])
        f.add("inspection_selected", "2026-11-26T08:10:00Z", container: a)
        f.add("seal_check", "2026-11-26T09:00:00Z", container: a, ["seal_seen": "S9", "intact": false])
        f.add("inspection_result", "2026-11-26T10:00:00Z", container: a, ["outcome": "seizure", "team": "CUS-ANR-3"])
        f.add("customs_hold", "2026-11-26T10:05:00Z", container: a, ["reason": "narcotics"])
        f.add("seizure", "2026-11-26T10:30:00Z", container: a, ["case_id": "ANR-1", "drug": "cocaine", "kg": 312.5, "packages": 270,
              "concealment": "rip_on_rip_off", "detection": "risk_profile", "terminal": "K913"])
        // Awaiting scan.
        let b = "CMAU5123403"
        f.add("manifest", "2026-11-23T10:00:00Z", container: b, ["bl": "B2", "pol": "CNSHA", "pod": "BEANR", "consignee": "Fruit BV", "vessel_imo": "9839430"])
        f.add("discharge", "2026-11-26T07:10:00Z", container: b, ["vessel_imo": "9839430"])
        f.add("scan_selected", "2026-11-26T09:00:00Z", container: b)
        // Awaiting inspection after a clear scan.
        let c = "MAEU1234567"
        f.add("manifest", "2026-11-23T10:00:00Z", container: c, ["bl": "B3", "pol": "CNSHA", "pod": "BEANR", "consignee": "Fruit BV"])
        f.add("discharge", "2026-11-26T07:20:00Z", container: c)
        f.add("scan_selected", "2026-11-26T07:40:00Z", container: c)
        f.add("scan_result", "2026-11-26T08:20:00Z", container: c, ["result": "clear"])
        f.add("inspection_selected", "2026-11-26T08:30:00Z", container: c)
        // Held, then a clean inspection.
        let d = "SEGU4001004"
        f.add("manifest", "2026-11-23T10:00:00Z", container: d, ["bl": "B4", "pol": "CNSHA", "pod": "BEANR", "consignee": "Fruit BV"])
        f.add("discharge", "2026-11-26T07:30:00Z", container: d)
        f.add("customs_hold", "2026-11-26T08:00:00Z", container: d, ["reason": "documents"])
        f.add("inspection_selected", "2026-11-26T08:05:00Z", container: d)
        f.add("inspection_result", "2026-11-26T11:00:00Z", container: d, ["outcome": "nothing_found"])
        // Released and gone.
        let e = "CSQU3054383"
        f.add("manifest", "2026-11-23T10:00:00Z", container: e, ["bl": "B5", "pol": "CNSHA", "pod": "BEANR", "consignee": "Fruit BV"])
        f.add("discharge", "2026-11-26T07:40:00Z", container: e)
        f.add("customs_release", "2026-11-26T08:00:00Z", container: e)
        f.add("gate_out", "2026-11-26T12:00:00Z", container: e)
        // Export box: gated in, loaded.
        let g = "TGHU1234567"
        f.add("gate_in", "2026-11-26T06:00:00Z", container: g)
        f.add("manifest", "2026-11-26T06:30:00Z", container: g, ["bl": "B6", "pol": "BEANR", "pod": "USNYC"])
        f.add("load", "2026-11-26T12:00:00Z", container: g)
        return f
    }

    func fingerprint(_ s: PortState) -> String {
        let boxes = s.containers.values.sorted { $0.number < $1.number }.map { c in
            "\(c.number) \(c.status) \(c.score) \(c.lane) \(c.risk.hits.map(\.rule)) \(c.consigneeBoxes) \(c.linkedSeizure ?? "-") \(c.events.map(\.id))"
        }
        let alerts = s.sortedAlerts.map { "\($0.id) \($0.severity) \($0.score) \($0.raisedAt) \($0.active)" }
        let r = Report(state: s, stats: IngestStats(), now: s.clock)
        return (boxes + alerts + [r.json()]).joined(separator: "\n")
    }

    /// A box's contents live in one shared box: a copy (a snapshot the
    /// dashboard holds) must not see writes to the original, in place or
    /// through the table, nor the original see writes to the copy.
    func testCopiesDoNotShareWrites() {
        var s = PortStateTests.day().state()
        let held = s
        let before = fingerprint(held)
        var more = FeedBuilder()
        more.add("customs_release", "2026-11-26T13:00:00Z", container: "CMAU5123403", id: "x1")
        more.add("manifest", "2026-11-26T13:05:00Z", container: "TGHU1234567", ["amends": true, "shipper": "Exportadora", "goods": "GENERAL CARGO"], id: "x2")
        for e in more.events() { s.apply(e) }
        s.recompute(now: ts("2026-11-26T13:10:00Z"))
        XCTAssertEqual(fingerprint(held), before)
        XCTAssertNotEqual(fingerprint(s), before)
        XCTAssertEqual(s.container(box("TGHU1234567"))?.linkedSeizure, "ANR-1", "the amended shipper is a party of the seized box")
        XCTAssertNil(held.container(box("TGHU1234567"))?.linkedSeizure)

        var c = s.container(box("CMAU5123403"))!
        let original = c
        c.facts.held = true
        c.risk.score = 999
        c.events.removeAll()
        XCTAssertFalse(original.facts.held)
        XCTAssertNotEqual(original.risk.score, 999)
        XCTAssertFalse(original.events.isEmpty)
        XCTAssertEqual(s.container(box("CMAU5123403"))?.events.count, original.events.count)
    }

    /// Shipper and consignee are one set of parties: the same name twice is
    /// one party, and swapping them changes nothing.
    func testPartyKeysCompareAsASet() {
        typealias P = PortState.PartyKeys
        XCTAssertEqual(P("a", "b"), P("b", "a"))
        XCTAssertEqual(P("a", "a"), P("a", nil))
        XCTAssertEqual(P("a", "a"), P(nil, "a"))
        XCTAssertEqual(P(nil, nil).keys, [])
        XCTAssertEqual(P("a", "a").keys, ["a"])
        XCTAssertNotEqual(P("a", "b"), P("a", nil))
        XCTAssertNotEqual(P("a", nil), P("b", nil))
        XCTAssertNotEqual(P("a", "b"), P("a", "c"))
        XCTAssertNotEqual(P(nil, nil), P("a", nil))
    }

    func testStateIsTheSameWhateverTheOrder() {
        let f = PortStateTests.day()
        let reference = fingerprint(f.state())
        var rng = SeededRandom(42)
        for _ in 0..<25 {
            let order = Array(f.lines.indices).shuffled(using: &rng)
            XCTAssertEqual(fingerprint(f.state(order: order)), reference)
        }
    }

    /// The generated sample days (consignee counts near the one-off
    /// threshold, linked seizures): alerts ever raised, active or not, are
    /// the same whatever the order boxes are re-scored in.
    func testAlertsOnTheSampleDaysDoNotDependOnOrder() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sample-data/events").path
        let decoder = EventDecoder()
        var events: [Event] = []
        var stats = IngestStats()
        for file in try FeedLoader.expand([dir]) {
            try FeedLoader.readLines(of: file, stats: &stats) { piece, stats in
                if let e = FeedLoader.decode(piece, file: file, decoder: decoder, stats: &stats) { events.append(e) }
            }
        }
        XCTAssertGreaterThan(events.count, 5000)
        var rng = SeededRandom(11)
        var reference: String?
        for _ in 0..<3 {
            var s = PortState(rules: RuleSet.builtIn())
            for e in events.shuffled(using: &rng) { s.apply(e) }
            s.recompute(now: s.clock)
            let print = fingerprint(s)
            if let reference { XCTAssertEqual(print, reference) } else { reference = print }
        }
        // A recompute over most of the table takes its boxes in the table's
        // order, a small one in the set's: recomputing after every few
        // hundred events (small sets) leaves every box and every active
        // alert as one batch (all boxes) does. (Alerts raised on the way
        // and cleared since stay listed, inactive: a live feed's history.)
        var batch = PortState(rules: RuleSet.builtIn())
        var stepped = PortState(rules: RuleSet.builtIn())
        for (i, e) in events.shuffled(using: &rng).enumerated() {
            batch.apply(e)
            stepped.apply(e)
            if i % 300 == 299 { stepped.recompute(now: stepped.clock) }
        }
        XCTAssertGreaterThan(batch.recompute(now: batch.clock).count, 4096)
        stepped.recompute(now: stepped.clock)
        func settled(_ s: PortState) -> [String] {
            let boxes = fingerprint(s).split(separator: "\n").prefix(s.containers.count).map(String.init)
            return boxes + s.sortedAlerts.filter(\.active).map { "\($0.id) \($0.severity) \($0.score) \($0.reasons.map(\.rule))" }.sorted()
        }
        XCTAssertEqual(settled(stepped), settled(batch))
    }

    func testIncrementalRecomputeEqualsBatch() {
        // Recomputing after every event (a live feed) ends where one batch ends.
        let f = PortStateTests.day()
        var rng = SeededRandom(7)
        let evs = f.events()
        let order = Array(evs.indices).shuffled(using: &rng)
        var live = PortState(rules: RuleSet.builtIn())
        for i in order {
            live.apply(evs[i])
            live.recompute(now: live.clock)
        }
        let batch = f.state()
        XCTAssertEqual(live.containers.count, batch.containers.count)
        for (n, c) in batch.containers {
            let l = live.containers[n]!
            XCTAssertEqual(l.status, c.status, n.text)
            XCTAssertEqual(l.risk, c.risk, n.text)
            XCTAssertEqual(l.consigneeBoxes, c.consigneeBoxes, n.text)
        }
        XCTAssertEqual(Report(state: live, stats: IngestStats(), now: live.clock).json(),
                       Report(state: batch, stats: IngestStats(), now: batch.clock).json())
    }

    func testDuplicatesAreIgnoredAndCounted() {
        var f = PortStateTests.day()
        let copy = f.lines[3]
        f.lines.append(copy)
        f.lines.append(f.lines[5])
        let s = f.state()
        XCTAssertEqual(s.duplicates, 2)
        XCTAssertEqual(s.events, f.lines.count - 2)
        XCTAssertEqual(fingerprint(s), fingerprint(PortStateTests.day().state()))
    }

    func testStatusesQueuesAndTalliesMatchHandCounts() {
        let s = PortStateTests.day().state()
        let status = Dictionary(uniqueKeysWithValues: s.containers.values.map { ($0.number.text, $0.status) })
        XCTAssertEqual(status, ["MSCU6639870": .seized, "CMAU5123403": .awaitingScan, "MAEU1234567": .awaitingInspection,
                                "SEGU4001004": .held, "CSQU3054383": .gatedOut, "TGHU1234567": .onVessel])
        let r = Report(state: s, stats: IngestStats(), now: ts("2026-11-26T12:00:00Z"))
        XCTAssertEqual(r.containers.total, 6)
        XCTAssertEqual(r.containers.byStatus["seized"], 1)
        XCTAssertEqual(r.containers.byStatus["released"], 0)
        XCTAssertEqual(r.queues["awaiting_scan"]?.length, 1)
        XCTAssertEqual(r.queues["awaiting_scan"]?.oldestContainer, "CMAU5123403")
        XCTAssertEqual(r.queues["awaiting_scan"]?.oldestHours, 3)
        XCTAssertEqual(r.queues["awaiting_inspection"]?.length, 1)
        XCTAssertEqual(r.queues["awaiting_inspection"]?.oldestHours, 3.5)
        XCTAssertEqual(r.queues["held"]?.length, 1)
        XCTAssertEqual(r.queues["held"]?.oldestHours, 4)
        XCTAssertEqual(r.hitRates.scans, 2)
        XCTAssertEqual(r.hitRates.scanAnomalies, 1)
        XCTAssertEqual(r.hitRates.scanHitRate, 0.5)
        XCTAssertEqual(r.hitRates.inspections, 2)
        XCTAssertEqual(r.hitRates.inspectionHits, 1)
        XCTAssertEqual(r.seizures.windows["today"]?.total, Report.Tally(cases: 1, kg: 312.5))
        XCTAssertEqual(r.seizures.windows["today"]?.byDrug["cocaine"], Report.Tally(cases: 1, kg: 312.5))
        XCTAssertEqual(r.seizures.windows["ytd"]?.total.cases, 1)
        XCTAssertEqual(r.seizures.byOriginCountry, ["EC": Report.Tally(cases: 1, kg: 312.5)])
        XCTAssertEqual(r.seizures.byConcealment, ["rip_on_rip_off": Report.Tally(cases: 1, kg: 312.5)])
        XCTAssertEqual(r.seizures.byTerminal, ["K913": Report.Tally(cases: 1, kg: 312.5)])
        XCTAssertEqual(r.seizures.perDay.last?.kg, 312.5)
        XCTAssertEqual(r.seizures.perDay.count, 30)
        XCTAssertEqual(r.alerts.total, 1)
        XCTAssertEqual(s.sortedAlerts.first?.container.text, "MSCU6639870")
        XCTAssertEqual(s.sortedAlerts.first?.severity, .critical)
    }

    func testSeizureWindowsMoveWithTime() {
        let s = PortStateTests.day().state()
        let later = Report(state: s, stats: IngestStats(), now: ts("2026-12-05T12:00:00Z"))
        XCTAssertEqual(later.seizures.windows["today"]?.total.cases, 0)
        XCTAssertEqual(later.seizures.windows["7d"]?.total.cases, 0)
        XCTAssertEqual(later.seizures.windows["30d"]?.total.cases, 1)
        let nextYear = Report(state: s, stats: IngestStats(), now: ts("2027-01-02T12:00:00Z"))
        XCTAssertEqual(nextYear.seizures.windows["ytd"]?.total.cases, 0)
        XCTAssertEqual(nextYear.seizures.windows["30d"]?.total.cases, 0, "37 days later")
        let edge = Report(state: s, stats: IngestStats(), now: ts("2026-12-25T23:00:00Z"))
        XCTAssertEqual(edge.seizures.windows["30d"]?.total.cases, 1, "day 30 still counts")
        XCTAssertEqual(edge.seizures.perDay.first?.kg, 312.5)
    }

    func testAlertRaisedAtIsWhenTheHistoryFirstScoredRed() {
        let s = PortStateTests.day().state()
        // Cover load (20) + risk origin (15) = amber; the anomaly (+40) at 08:00 makes it red.
        XCTAssertEqual(s.alerts[ContainerNumber(stringLiteral: "MSCU6639870")]?.raisedAt, ts("2026-11-26T08:00:00Z"))
    }

    func testFilteredReportCountsOnlyMatchingBoxes() throws {
        let s = PortStateTests.day().state()
        let r = Report(state: s, stats: IngestStats(), now: s.clock, filter: try Query.parse("status:held,awaiting_scan"))
        XCTAssertEqual(r.containers.matching, 2)
        XCTAssertEqual(r.containers.total, 6)
        XCTAssertEqual(r.queues["held"]?.length, 1)
        XCTAssertEqual(r.queues["awaiting_inspection"]?.length, 0)
        XCTAssertEqual(r.seizures.windows["today"]?.total.cases, 0)
    }

    func testDwellTimerRescoresWithoutNewEvents() {
        var f = FeedBuilder()
        f.add("manifest", "2026-11-01T10:00:00Z", container: "MSCU6639870", ["bl": "B", "pol": "CNSHA", "pod": "BEANR", "consignee": "A"])
        f.add("manifest", "2026-11-01T10:00:00Z", container: "CMAU5123403", ["bl": "B", "pol": "CNSHA", "pod": "BEANR", "consignee": "A"])
        f.add("discharge", "2026-11-02T10:00:00Z", container: "MSCU6639870")
        var s = PortState(rules: RuleSet.builtIn())
        for e in f.events() { s.apply(e) }
        s.recompute(now: ts("2026-11-10T00:00:00Z"))
        let n = ContainerNumber(stringLiteral: "MSCU6639870")
        XCTAssertEqual(s.container(n)?.risk.hits.map(\.rule), [])
        let changed = s.recompute(now: ts("2026-11-18T00:00:00Z"))
        XCTAssertEqual(changed, [n])
        XCTAssertEqual(s.container(n)?.risk.hits.map(\.rule), ["long-dwell"])
    }

    func testConsigneeCountsFollowLateArrivals() {
        var f = FeedBuilder()
        f.add("manifest", "2026-11-01T10:00:00Z", container: "MSCU6639870", ["bl": "B", "pol": "CNSHA", "pod": "BEANR", "consignee": "New Co"])
        var s = PortState(rules: RuleSet.builtIn())
        for e in f.events() { s.apply(e) }
        s.recompute(now: s.clock)
        let n = ContainerNumber(stringLiteral: "MSCU6639870")
        XCTAssertEqual(s.container(n)?.risk.hits.map(\.rule), ["new-consignee"])
        var g = FeedBuilder()
        g.add("manifest", "2026-11-01T11:00:00Z", container: "CMAU5123403", ["bl": "B", "pol": "CNSHA", "pod": "BEANR", "consignee": "NEW CO"], id: "other")
        for e in g.events() { s.apply(e) }
        s.recompute(now: s.clock)
        XCTAssertEqual(s.container(n)?.consigneeBoxes, 2)
        XCTAssertEqual(s.container(n)?.risk.hits.map(\.rule), [])
    }

    func testStateAsOfAMomentLeavesLaterEventsOut() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-at-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try (PortStateTests.day().lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("d.jsonl"), atomically: true, encoding: .utf8)
        let (s, stats) = try FeedLoader.load([dir.path], rules: RuleSet.builtIn(), now: ts("2026-11-26T08:05:00Z"))
        let a = s.container(ContainerNumber(stringLiteral: "MSCU6639870"))!
        XCTAssertEqual(a.status, .scanned, "inspection selected at 08:10 is not in yet")
        XCTAssertEqual(stats.events + stats.later, PortStateTests.day().lines.count)
        XCTAssertGreaterThan(stats.later, 0)
        let r = Report(state: s, stats: stats, now: ts("2026-11-26T08:05:00Z"))
        XCTAssertEqual(r.queues["awaiting_scan"]?.oldestContainer, "MAEU1234567", "selected 07:40, result at 08:20")
        XCTAssertEqual(r.queues["held"]?.length, 1)
        XCTAssertEqual(r.feed.later, stats.later)
    }

    /// An alert is raised at the moment the box turned red, whenever its
    /// history is read: the event that did it, the dwell threshold crossed
    /// between events, or the seizure on another box that links it.
    /// A box with a history of thousands of events (a sender repeating a
    /// line) still gets the moment it turned red, in a time that grows
    /// about linearly with its history: the facts after each event are one
    /// fold step each, and a history over `raisedAtScanLimit` events is
    /// searched by halving. (Folding every prefix took 1.7 s for 5,000
    /// events, and grew with the square.)
    func testALongHistoryStillGetsTheMomentItTurnedRed() throws {
        for (n, turns) in [(PortState.raisedAtScanLimit - 10, 700), (PortState.raisedAtScanLimit * 3, 2_100), (2 * PortState.raisedAtScanLimit, 1)] {
            var f = FeedBuilder()
            f.add("manifest", "2026-11-01T00:00:00Z", container: "MSCU6639870", ["bl": "B1", "pol": "DEHAM", "pod": "BEANR", "consignee": "Sole BV",
                  "goods": "MACHINE PARTS", "seals": [["no": "S1"]]])
            f.add("discharge", "2026-11-01T01:00:00Z", container: "MSCU6639870")
            var turned: Timestamp?
            for i in 0..<n {
                let at = ts("2026-11-01T02:00:00Z") + Double(i) / 3600
                let text = at.description
                f.add("seal_check", text, container: "MSCU6639870", ["seal_seen": i >= turns ? "S9" : "S1", "intact": true])
                if i == turns { turned = at }
            }
            let s = f.state(now: ts("2026-11-02T00:00:00Z"))
            let alert = try XCTUnwrap(s.alerts[box("MSCU6639870")], "\(n) events")
            XCTAssertEqual(alert.raisedAt, try XCTUnwrap(turned), "\(n) events, red from seal check \(turns)")
        }
    }

    func testAnAlertCarriesTheMomentTheBoxTurnedRed() {
        var f = FeedBuilder()
        // Red at the gate-out (seal swapped).
        f.add("manifest", "2026-11-01T10:00:00Z", container: "MSCU6639870", ["bl": "B1", "pol": "CNSHA", "pod": "BEANR", "consignee": "Sole BV",
              "seals": [["no": "S1"]]])
        f.add("discharge", "2026-11-02T10:00:00Z", container: "MSCU6639870")
        f.add("gate_out", "2026-11-03T10:00:00Z", container: "MSCU6639870", ["seal": "S2"])
        // 55 points from its manifest; red once its dwell passes 15 days.
        f.add("manifest", "2026-11-01T10:00:00Z", container: "CMAU5123403", ["bl": "B2", "pol": "ECGYE", "transship": ["PAMIT"], "pod": "BEANR",
              "goods": "BANANAS", "hs": ["0803"], "iso_type": "45R1", "consignee": "Lone Trader BV"])
        f.add("discharge", "2026-11-02T10:00:00Z", container: "CMAU5123403")
        // 25 points, 65 once a box of the same consignee is seized.
        f.add("manifest", "2026-11-01T10:00:00Z", container: "MAEU1234567", ["bl": "B3", "pol": "ECGYE", "transship": ["PAMIT"], "pod": "BEANR",
              "consignee": "Shared Imports"])
        f.add("discharge", "2026-11-02T10:00:00Z", container: "MAEU1234567")
        f.add("manifest", "2026-11-01T10:00:00Z", container: "SEGU4001004", ["bl": "B4", "pol": "CNSHA", "pod": "BEANR", "consignee": "Shared Imports"])
        f.add("discharge", "2026-11-02T11:00:00Z", container: "SEGU4001004")
        f.add("seizure", "2026-11-05T09:00:00Z", container: "SEGU4001004", ["case_id": "ANR-9", "drug": "cocaine", "kg": 40, "packages": 36,
              "concealment": "structure", "detection": "scan", "terminal": "K913"])
        var s = PortState(rules: RuleSet.builtIn())
        for e in f.events() { s.apply(e) }
        // Read a month after it all happened, in one go.
        s.recompute(now: ts("2026-12-20T00:00:00Z"))
        func raised(_ n: String) -> String { s.alerts[ContainerNumber(stringLiteral: n)].map { "\($0.raisedAt)" } ?? "no alert" }
        XCTAssertEqual(raised("MSCU6639870"), "2026-11-03T10:00:00Z", "the gate-out with another seal")
        XCTAssertEqual(s.container(ContainerNumber(stringLiteral: "CMAU5123403"))?.risk.hits.map(\.rule).contains("long-dwell"), true)
        XCTAssertEqual(raised("CMAU5123403"), "2026-11-17T10:00:00.001Z", "15 days after discharge")
        XCTAssertEqual(s.container(ContainerNumber(stringLiteral: "MAEU1234567"))?.linkedSeizure, "ANR-9")
        XCTAssertEqual(raised("MAEU1234567"), "2026-11-05T09:00:00Z", "when the linked box was seized")
        XCTAssertEqual(raised("SEGU4001004"), "2026-11-05T09:00:00Z")

        // Scored as of a moment before the event that made it red (a slice
        // of a history read ahead of the point the load is scored at).
        var early = PortState(rules: RuleSet.builtIn())
        for e in f.events() { early.apply(e) }
        early.recompute(now: ts("2026-11-02T12:00:00Z"))
        XCTAssertEqual(early.alerts[ContainerNumber(stringLiteral: "MSCU6639870")].map { "\($0.raisedAt)" }, "2026-11-03T10:00:00Z")
    }

    /// A party's name or a list of HS codes repeated on many boxes is held once (one allocation,
    /// not one a box), and so is its normalised key.
    func testRepeatedTextIsHeldOnce() throws {
        var f = FeedBuilder()
        for (i, n) in ["MSCU6639870", "CMAU5123403"].enumerated() {
            f.add("manifest", "2026-11-01T10:00:00Z", container: n, ["bl": "B\(i)", "pol": "CNSHA", "pod": "BEANR",
                  "consignee": "Golden Products Trading BVBA", "shipper": "Procesadora El Oro SA", "goods": "FRESH AVOCADOS AND LIMES",
                  "hs": ["080440", "080550"]])
        }
        var s = PortState(rules: RuleSet.builtIn())
        for e in f.events() { s.apply(e) }
        s.recompute(now: s.clock)
        let a = try XCTUnwrap(s.container(ContainerNumber(stringLiteral: "MSCU6639870")))
        let b = try XCTUnwrap(s.container(ContainerNumber(stringLiteral: "CMAU5123403")))
        func storage(_ t: String?) -> UnsafeRawPointer? {
            t?.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        }
        for (x, y) in [(a.facts.manifest.consignee, b.facts.manifest.consignee), (a.facts.manifest.shipper, b.facts.manifest.shipper),
                       (a.facts.manifest.goods, b.facts.manifest.goods), (a.consigneeKey, b.consigneeKey), (a.shipperKey, b.shipperKey)] {
            XCTAssertEqual(x, y)
            XCTAssertNotNil(storage(x))
            XCTAssertEqual(storage(x), storage(y), "\(x ?? "-") held twice")
        }
        XCTAssertEqual(a.consigneeKey, "goldenproductstradingbvba")
        func list(_ c: Container) -> UnsafeRawPointer? { c.facts.manifest.hs?.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        XCTAssertNotNil(list(a))
        XCTAssertEqual(list(a), list(b), "one list of HS codes for both")
        // The facts and the event that filed the manifest hold one copy of it.
        guard case .manifest(let filed) = a.events[0].body else { return XCTFail("a manifest first") }
        XCTAssertTrue(a.facts.manifest.sharesCopy(with: filed))
    }

    /// A manifest decoded for a state arrives with its text already the
    /// state's copies (pooled on the decoding thread, so applying it hashes
    /// nothing); a manifest written to after pooling is pooled again when
    /// applied.
    func testManifestsArePooledWhereTheyAreDecoded() throws {
        var f = FeedBuilder()
        for (i, n) in ["MSCU6639870", "CMAU5123403"].enumerated() {
            f.add("manifest", "2026-11-01T10:00:00Z", container: n, ["bl": "B\(i)", "pol": "CNSHA", "pod": "BEANR",
                  "consignee": "Golden Products Trading BVBA", "shipper": "Procesadora El Oro SA", "hs": ["080440"]])
        }
        var s = PortState(rules: RuleSet.builtIn())
        let decoder = EventDecoder(pool: s.textPool)
        let manifests: [Manifest] = try f.lines.map { line in
            guard case .success(let d) = decoder.decode(line: line), case .manifest(let m) = d.event.body else {
                throw XCTSkip("manifest line not decoded")
            }
            return m
        }
        func storage(_ t: String?) -> UnsafeRawPointer? {
            t?.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        }
        XCTAssertTrue(manifests.allSatisfy(\.isPooled))
        XCTAssertEqual(storage(manifests[0].consignee), storage(manifests[1].consignee), "one copy of the consignee")
        XCTAssertEqual(s.textPool.texts, ["Golden Products Trading BVBA", "Procesadora El Oro SA", "goldenproductstradingbvba",
                                          "procesadoraelorosa"], "the parties and their keys, worked out as decoded")
        // Applying a pooled manifest leaves it as it is: the event's copy is the facts' copy.
        guard case .success(let d) = decoder.decode(line: f.lines[0]) else { return XCTFail("decoded above") }
        s.apply(d.event)
        guard case .manifest(let filed) = s.container(box("MSCU6639870"))?.events.first?.body else { return XCTFail("filed") }
        guard case .manifest(let decoded) = d.event.body else { return XCTFail("a manifest") }
        XCTAssertTrue(filed.sharesCopy(with: decoded))
        // A write clears the mark; applying pools the new text.
        var amended = manifests[1]
        amended.goods = "FRESH AVOCADOS AND LIMES, GRADE A"
        XCTAssertFalse(amended.isPooled)
        XCTAssertTrue(manifests[1].isPooled, "the copy it was taken from keeps its mark")
        var e = d.event
        e.body = .manifest(amended)
        guard case .manifest(let repooled) = s.sharingText(e).body else { return XCTFail("a manifest") }
        XCTAssertTrue(repooled.isPooled)
        XCTAssertTrue(s.textPool.texts.contains("FRESH AVOCADOS AND LIMES, GRADE A"))
    }

    /// Lines decoded in runs on several threads have their manifests pooled
    /// a run at a time: the same events as line by line, every manifest
    /// pooled, one copy of a party's name across runs, the manifests
    /// written in place (the line kept no copy).
    func testManifestsDecodedInRunsArePooledAsLineByLine() throws {
        var f = FeedBuilder()
        for i in 0..<40 {
            let n = try XCTUnwrap(ContainerNumber.completing("MSCU\(100_000 + i)")).text
            f.add("manifest", "2026-11-01T10:00:00Z", container: n, ["bl": "B\(i)", "pol": "CNSHA", "pod": "BEANR", "goods": "FROZEN SHRIMPS IN CARTONS",
                  "consignee": i % 2 == 0 ? "Golden Products Trading BVBA" : "Consignee Number \(i) Ltd", "shipper": "Procesadora El Oro SA", "hs": ["030617"]])
            f.add("discharge", "2026-11-02T10:00:00Z", container: n, ["vessel_imo": "9839430"])
        }
        var batch = LineBatch()
        for (i, line) in f.lines.enumerated() {
            var copy = line
            copy.withUTF8 { batch.add(.line($0, number: i + 1)) }
        }
        let pool = TextPool()
        let runs = batch.decode(file: "t.jsonl", decoder: EventDecoder(pool: pool), parts: 4)
        let plain = EventDecoder()
        var manifests: [Manifest] = []
        for (i, outcome) in runs.enumerated() {
            guard case .event(let e, _) = outcome, case .success(let d) = plain.decode(line: f.lines[i], source: SourceRef(file: "t.jsonl", line: i + 1)) else {
                return XCTFail("line \(i + 1)")
            }
            XCTAssertEqual(e, d.event, "line \(i + 1)")
            if case .manifest(let m) = e.body { manifests.append(m) }
        }
        XCTAssertEqual(manifests.count, 40)
        XCTAssertTrue(manifests.allSatisfy(\.isPooled))
        func storage(_ t: String?) -> UnsafeRawPointer? {
            t?.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        }
        XCTAssertEqual(Set(manifests.map { storage($0.shipper) }).count, 1, "one copy of the shipper across the runs")
        XCTAssertEqual(Set(manifests.map { storage($0.goods) }).count, 1)
        XCTAssertEqual(Set(manifests.filter { $0.consignee == "Golden Products Trading BVBA" }.map { storage($0.consignee) }).count, 1)
        XCTAssertEqual(pool.partyKey("Consignee Number 7 Ltd"), "consigneenumber7ltd", "keys worked out for new names")
        XCTAssertEqual(pool.texts.count, 2 + 20 + 2 + 20 + 1, "parties, their keys and the goods, once each")
    }

    /// What every box and event holds stays small (the sizes the state's
    /// memory was measured with, BENCHMARKS.md "The state's size, again").
    func testTheStateStaysCompact() {
        XCTAssertLessThanOrEqual(MemoryLayout<Event>.stride, 128)
        XCTAssertEqual(MemoryLayout<SourceRef>.size, 8)
        XCTAssertLessThanOrEqual(MemoryLayout<ContainerFacts>.size, 236)
        XCTAssertEqual(MemoryLayout<Manifest>.size, 8)
        var m = Manifest()
        m.consignee = "A"
        let copy = m
        XCTAssertTrue(copy.sharesCopy(with: m))
        m.consignee = "B"
        XCTAssertFalse(copy.sharesCopy(with: m), "a write to a shared manifest copies it")
        XCTAssertEqual(copy.consignee, "A")
        XCTAssertEqual(m.consignee, "B")
        XCTAssertNotEqual(copy, m)
        var same = Manifest()
        same.consignee = "A"
        XCTAssertEqual(same, copy, "equal by content, not by copy")
    }

    /// The tables of shared text follow the live set: an archive pass past
    /// their limit keeps only what live boxes hold.
    func testSharedTextFollowsTheLiveSet() {
        var f = FeedBuilder()
        for (i, n) in ["MSCU6639870", "CMAU5123403", "MAEU1234567"].enumerated() {
            f.add("manifest", "2026-11-01T10:00:00Z", container: n, ["bl": "B\(i)", "pol": "CNSHA", "pod": "BEANR", "hs": ["080\(i)"],
                  "consignee": "One-off Consignee Number \(i)", "shipper": "Shipper Of Box Number \(i)"])
            f.add("discharge", "2026-11-02T10:00:00Z", container: n)
        }
        f.add("customs_release", "2026-11-03T09:00:00Z", container: "MSCU6639870")
        f.add("gate_out", "2026-11-03T10:00:00Z", container: "MSCU6639870")
        f.add("customs_release", "2026-11-03T09:00:00Z", container: "CMAU5123403")
        f.add("gate_out", "2026-11-03T10:00:00Z", container: "CMAU5123403")
        var s = PortState(rules: RuleSet.builtIn())
        for e in f.events() { s.apply(e) }
        s.recompute(now: ts("2026-11-10T00:00:00Z"))
        XCTAssertEqual(s.textPool.texts.count, 12, "3 boxes: consignee, shipper and their keys")
        XCTAssertEqual(s.textPool.codeLists.count, 3)
        s.sharedRebuildAt = 0
        s.archive(leftBefore: ts("2026-11-05T00:00:00Z"))
        XCTAssertEqual(s.containers.count, 1)
        XCTAssertEqual(s.textPool.texts, ["One-off Consignee Number 2", "Shipper Of Box Number 2", "oneoffconsigneenumber2", "shipperofboxnumber2"])
        XCTAssertEqual(Array(s.textPool.codeLists), [["0802"]])
        XCTAssertEqual(s.textPool.count, 7, "and the live box's two parties' keys")
        XCTAssertEqual(s.sharedRebuildAt, 1 << 16)
    }
}

