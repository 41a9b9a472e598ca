import Foundation
import XCTest
@testable import QuayCore

/// `watch` opening a long history: the files are read in event time, and
/// with a retention window the boxes that left are archived while the
/// history loads, so the live set never holds the whole history, and the
/// end is the same as reading everything and archiving once.
final class FirstLoadTests: TemporaryDirectoryTestCase {
    func testALongHistoryLoadsWithABoundedLiveSetAndEndsAsOneReadThenArchive() throws {
        let feed = dir.appendingPathComponent("feed").path
        var o = GeneratorOptions()
        o.containers = 3000
        o.days = 30
        o.seed = 11
        o.start = Timestamp.fromDay(Timestamp.daysFromCivil(year: 2026, month: 10, day: 1))
        let summary = try FeedGenerator.generate(o, into: feed)
        XCTAssertGreaterThanOrEqual(summary.files.count, 30, "one file a day")
        // Without the one rule that re-scores a box for what happens to other
        // boxes later (a seizure on a box sharing a party): a box archived
        // while the history loads is then scored as it would be at the end.
        // With it, a box archived early stays archived when a box sharing a
        // party is seized later, as on a console that ran all along.
        var rules = RuleSet.builtIn()
        rules.rules.removeAll { $0.id == "linked-seizure" }

        // One read of everything, then one archive pass at the end.
        let all = try FeedLoader.load([feed], rules: rules)
        var reference = all.0
        let now = reference.clock + 1
        reference.recompute(now: now)
        let everyBox = reference.containers.count
        reference.archive(leftBefore: now + -48)
        reference.recompute(now: now)
        // (Archived visits are remembered for a week: the count of boxes
        // that left is what the live set lost.)
        XCTAssertGreaterThan(everyBox - reference.containers.count, everyBox / 2, "most boxes of a month-old history have left")
        XCTAssertLessThan(reference.archived.count, everyBox - reference.containers.count, "visits that ended over a week before are forgotten")
        XCTAssertEqual(reference.archived.total, everyBox - reference.containers.count, "and still counted")

        let m = LiveModel(rules: rules, source: .follow([feed]), stateDirectory: nil) { _ in }
        m.fixedNow = now
        m.retentionHours = 48
        m.archiveEveryBytes = 64 << 10
        m.parallelDecodeLines = 2  // slices decoded over both cores, as a long history's are
        m.step()  // the first load
        m.step()  // a tick: its archive pass
        let (live, stats) = m.withState { s, st in (s, st) }
        // When an alert was raised is the first event after which the box
        // scored red in the context of the moment it was raised (how many
        // boxes its consignee had by then): a load that publishes as it goes
        // raises some alerts before the whole history is in, as a console
        // running all along would. Everything else must be the same.
        var (a, b) = (StateDigest(live), StateDigest(reference))
        func active(_ s: PortState) -> [String] {
            s.alerts.values.filter(\.active).map { "\($0.container.text) \($0.severity) \($0.score) \($0.reasons.map(\.rule))" }.sorted()
        }
        XCTAssertEqual(active(live), active(reference))
        (a.alerts, b.alerts) = ([], [])
        XCTAssertTrue(a == b, a.difference(b))
        XCTAssertEqual(stats.events, all.1.events)
        XCTAssertEqual(stats.lines, all.1.lines)
        XCTAssertEqual(stats.rejectCounts, all.1.rejectCounts)
        XCTAssertGreaterThan(stats.rejectCounts.values.reduce(0, +), 0, "the generated feed has bad lines")
        // The filters' columns are written once the history is in, for the live set.
        let red = try Query.parse("lane:red or dwell>3d")
        XCTAssertEqual(live.containers.matchingKeys(red, now: now)?.count, live.containers.matching(red, now: now).count)
        XCTAssertNotNil(live.containers.matchingKeys(red, now: now), "the live model keeps columns")
        XCTAssertEqual(live.lateForArchived, 0)
        // Boxes left while the history loaded; without archiving during the
        // load every box of the month would have been live at once.
        let most = m.withState { s, _ in s.containers.count }
        XCTAssertLessThan(m.peakLiveBoxes, everyBox / 2, "peak live set \(m.peakLiveBoxes) of \(everyBox) boxes")
        XCTAssertGreaterThanOrEqual(m.peakLiveBoxes, most)
        print("peak live set while loading: \(m.peakLiveBoxes) boxes of \(everyBox); \(most) at the end")
    }

    /// A history opened long after it happened is scored as of the point the
    /// load has reached, not the wall clock: a box whose gate-out is in a
    /// file not read yet was in port two days, not a month, and raises no
    /// alert a console running all along would never have raised.
    func testTheLoadScoresBoxesAsOfWhereItStandsNotTheWallClock() throws {
        let feed = dir.appendingPathComponent("feed")
        try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
        // Cover load from a risk port via a risk hub to a new consignee: 55
        // points, red with 15 more for a dwell over 15 days.
        let box = "MSCU6639870"
        var day1 = FeedBuilder()
        day1.add("manifest", "2026-10-01T10:00:00Z", container: box, ["bl": "B1", "pol": "ECGYE", "transship": ["PAMIT"], "pod": "BEANR",
                 "goods": "BANANAS", "hs": ["0803"], "iso_type": "45R1", "consignee": "Once Only BV", "declared_kg": 21500])
        day1.add("discharge", "2026-10-02T10:00:00Z", container: box, ["terminal": "K913"])
        var day3 = FeedBuilder()
        day3.next = 100
        day3.add("customs_release", "2026-10-04T08:00:00Z", container: box)
        day3.add("gate_out", "2026-10-04T12:00:00Z", container: box, ["terminal": "K913"])
        try write(["2026-10-02": day1, "2026-10-04": day3], to: feed)

        let (s, c) = try loadDays(feed, box: box)
        XCTAssertEqual(c.status, .gatedOut)
        XCTAssertEqual(c.lane, .amber, "two days in port")
        XCTAssertTrue(s.alerts.isEmpty, "alerts raised while loading: \(s.alerts.values.map { "\($0.container) \($0.reasons.map(\.rule))" })")
    }

    /// A file's first lines can belong to the day before (events logged
    /// late). Learning where each file stands must not file them ahead of
    /// the files still behind: a gate-out read before the release that came
    /// hours earlier in another file raised a "moved without release" alert
    /// that no console following the files as they were written would have
    /// raised, and it stayed as an alert that was.
    func testLearningWhereFilesStandFilesNoEventAheadOfTheFilesBehind() throws {
        try lateFirstLines(gzip: false)
    }

    /// The same with each day's file compressed, as a long history usually is.
    func testLearningWhereCompressedFilesStandFilesNoEventAheadOfTheFilesBehind() throws {
        try lateFirstLines(gzip: true)
    }

    private func lateFirstLines(gzip: Bool) throws {
        let feed = dir.appendingPathComponent(gzip ? "feed-gz" : "feed")
        try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
        let box = "MSCU6639870"
        var day1 = FeedBuilder()
        day1.add("manifest", "2026-10-01T10:00:00Z", container: box, ["bl": "B1", "pol": "CNSHA", "pod": "BEANR", "consignee": "Steady Imports"])
        var day2 = FeedBuilder()
        day2.next = 1000
        day2.add("discharge", "2026-10-02T01:00:00Z", container: box, ["terminal": "K913"])
        // Other boxes' lines, so the release is well past the first 4 KB.
        for i in 0..<60 {
            let other = ["CMAU5123403", "MAEU1234567", "SEGU4001004", "CSQU3054383", "TGHU1234567"][i % 5]
            day2.add("manifest", String(format: "2026-10-02T%02d:%02d:00Z", 2 + i / 60, i % 60), container: other,
                     ["bl": "F\(i)", "pol": "CNSHA", "pod": "BEANR", "consignee": "Filler Trading Company Number \(i)", "goods": "FURNITURE AND FITTINGS"])
        }
        day2.add("customs_release", "2026-10-02T20:00:00Z", container: box)
        var day3 = FeedBuilder()
        day3.next = 2000
        day3.add("gate_out", "2026-10-02T23:50:00Z", container: box, ["terminal": "K913"])  // logged late, in the next day's file
        day3.add("manifest", "2026-10-03T08:00:00Z", container: "TRIU8627664", ["bl": "B9", "pol": "CNSHA", "pod": "BEANR", "consignee": "Other"])
        try write(["2026-10-01": day1, "2026-10-02": day2, "2026-10-03": day3], to: feed, gzip: gzip)
        XCTAssertGreaterThan(day2.lines.joined(separator: "\n").utf8.count, 8 << 10)

        let (s, c) = try loadDays(feed, box: box)
        XCTAssertEqual(c.status, .gatedOut)
        XCTAssertFalse(c.facts.movedWithoutRelease)
        XCTAssertTrue(s.alerts.isEmpty, "alerts raised while loading: \(s.alerts.values.map { "\($0.container) \($0.reasons.map(\.rule))" })")
    }

    /// One line with a time far ahead (a bad clock, a sentinel date) does
    /// not decide where its file stands: the file is read in its place, so
    /// its events for a box that left the day before are filed before an
    /// archive pass takes the box (read last, they were dropped as late
    /// events for an archived box).
    func testOneFarFutureLineDoesNotPutItsFileLast() throws {
        for gzip in [false, true] {
            let feed = dir.appendingPathComponent(gzip ? "future-gz" : "future")
            try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
            let box = "MSCU6639870"
            let day1 = leavesOnTheFirst(box)
            var day2 = FeedBuilder()
            day2.next = 1000
            day2.add("gate_in", "2099-01-01T00:00:00Z", container: "CMAU5123403", ["terminal": "K913"])  // the bad clock
            day2.add("seal_check", "2026-10-02T05:00:00Z", container: box, ["seal_seen": "X1", "intact": true])
            for h in 6..<12 {
                day2.add("gate_in", String(format: "2026-10-02T%02d:00:00Z", h), container: ["MAEU1234567", "SEGU4001004", "CSQU3054383"][h % 3], ["terminal": "K913"])
            }
            var day3 = FeedBuilder()
            day3.next = 2000
            for h in 0..<6 {
                day3.add("gate_in", String(format: "2026-10-04T%02d:00:00Z", h * 4), container: ["TGHU1234567", "TRIU8627664"][h % 2], ["terminal": "K913"])
            }
            try write(["2026-10-01": day1, "2026-10-02": day2, "2026-10-03": day3], to: feed, gzip: gzip)
            let m = LiveModel(rules: RuleSet.builtIn(), source: .follow([feed.path]), stateDirectory: nil) { _ in }
            m.fixedNow = ts("2026-11-10T00:00:00Z")
            m.retentionHours = 24
            m.archiveEveryBytes = 1
            m.step()
            let (s, stats) = m.withState { s, st in (s, st) }
            XCTAssertEqual(s.lateForArchived, 0, "the seal check was filed before its box was archived\(gzip ? " (gzip)" : "")")
            XCTAssertEqual(stats.events, day1.lines.count + day2.lines.count + day3.lines.count)
        }
    }

    /// The same with the bad line inside a file read in slices: where the
    /// file stands stays the median of its last events, so it is not put
    /// off until every other file is read.
    func testOneFarFutureLineInsideAFileDoesNotPutItLast() throws {
        let feed = dir.appendingPathComponent("future-inside")
        try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
        let box = "MSCU6639870", others = ["MAEU1234567", "SEGU4001004", "CSQU3054383"]
        let day1 = leavesOnTheFirst(box)
        var day2 = FeedBuilder()
        day2.next = 1000
        for m in 0..<30 { day2.add("gate_in", String(format: "2026-10-02T01:%02d:00Z", m), container: others[m % 3], ["terminal": "K913"]) }
        day2.add("gate_in", "2099-01-01T00:00:00Z", container: "CMAU5123403", ["terminal": "K913"])  // the bad clock
        for m in 0..<30 { day2.add("gate_in", String(format: "2026-10-02T02:%02d:00Z", m), container: others[m % 3], ["terminal": "K913"]) }
        day2.add("seal_check", "2026-10-02T05:00:00Z", container: box, ["seal_seen": "X1", "intact": true])
        var day3 = FeedBuilder()
        day3.next = 2000
        for h in 0..<6 { day3.add("gate_in", String(format: "2026-10-04T%02d:00:00Z", h * 4), container: ["TGHU1234567", "TRIU8627664"][h % 2], ["terminal": "K913"]) }
        try write(["2026-10-01": day1, "2026-10-02": day2, "2026-10-03": day3], to: feed)
        let published = Published()
        let m = LiveModel(rules: RuleSet.builtIn(), source: .follow([feed.path]), stateDirectory: nil) { published.add($0) }
        m.fixedNow = ts("2026-11-10T00:00:00Z")
        m.retentionHours = 24
        m.archiveEveryBytes = 1
        m.loadSliceBytes = 1_000  // a few lines a slice
        m.step()
        let (s, stats) = m.withState { s, st in (s, st) }
        XCTAssertEqual(s.lateForArchived, 0, "the seal check was filed before its box was archived")
        XCTAssertEqual(stats.events, day1.lines.count + day2.lines.count + day3.lines.count)
        let health = try XCTUnwrap(published.all.last?.feed.health.first { $0.path.hasSuffix("2026-10-02.jsonl") })
        XCTAssertEqual(health.lastEventTime, ts("2099-01-01T00:00:00Z"), "the overlay still shows the latest time the file holds")
    }

    /// A feed running weeks behind the clock (a replay, a backlog): the
    /// archive's windows follow the clock, and a new box's lines, older than
    /// those windows, are still filed. A late line for an archived visit
    /// the archive remembers is counted once, as late, not as a duplicate.
    func testAFeedBehindTheClockKeepsItsNewBoxesAndLateLinesAreLate() throws {
        let feed = dir.appendingPathComponent("behind")
        try FileManager.default.createDirectory(at: feed, withIntermediateDirectories: true)
        var recent = FeedBuilder()
        recent.next = 500
        for (i, e) in leavesOnTheFirst("TGHU1234567").lines.enumerated() {
            recent.lines.append(e.replacingOccurrences(of: "2026-10-01", with: "2026-11-05").replacingOccurrences(of: "t-0000\(i + 1)", with: "r-\(i)"))
        }
        try write(["2026-10-01": leavesOnTheFirst("MSCU6639870"), "2026-11-05": recent], to: feed)
        let m = LiveModel(rules: RuleSet.builtIn(), source: .follow([feed.path]), stateDirectory: nil) { _ in }
        m.fixedNow = ts("2026-11-10T00:00:00Z")
        m.retentionHours = 48
        m.archiveEveryBytes = 1
        m.step()  // the load
        m.step()  // a tick: its archive pass (by the clock: both boxes left)
        XCTAssertEqual(m.withState { s, _ in s.containers.count }, 0)
        var more = FeedBuilder()
        more.next = 900
        more.add("manifest", "2026-10-21T08:00:00Z", container: "CMAU5123403", ["bl": "B-NEW", "pol": "CNSHA", "pod": "BEANR"])
        more.add("discharge", "2026-10-22T08:00:00Z", container: "CMAU5123403", ["terminal": "K913"])
        more.add("seal_check", "2026-11-05T23:00:00Z", container: "TGHU1234567", ["seal_seen": "X1", "intact": true])  // an hour after it left
        let file = try FileHandle(forWritingTo: feed.appendingPathComponent("2026-11-05.jsonl"))
        try file.seekToEnd()
        try file.write(contentsOf: Data((more.lines.joined(separator: "\n") + "\n").utf8))
        try file.close()
        m.step()  // a tick
        let (s, stats) = m.withState { s, st in (s, st) }
        XCTAssertEqual(s.container(QuayCoreTests.box("CMAU5123403"))?.status, .discharged, "the new box is filed")
        XCTAssertEqual(s.lateForArchived, 1, "the seal check is late for the archived visit")
        XCTAssertEqual(stats.duplicates, 0, "late, not a duplicate")
        XCTAssertEqual(stats.events, 4 + 4 + 2)
    }

    /// A box's visit on 1 October 2026: it leaves at 22:00.
    private func leavesOnTheFirst(_ box: String) -> FeedBuilder {
        var day = FeedBuilder()
        day.add("manifest", "2026-10-01T06:00:00Z", container: box, ["bl": "B1", "pol": "DEHAM", "pod": "BEANR", "consignee": "Steady Imports"])
        day.add("discharge", "2026-10-01T08:00:00Z", container: box, ["terminal": "K913"])
        day.add("customs_release", "2026-10-01T12:00:00Z", container: box)
        day.add("gate_out", "2026-10-01T22:00:00Z", container: box, ["terminal": "K913"])
        return day
    }

    /// One file a day, named by the day.
    private func write(_ days: [String: FeedBuilder], to feed: URL, gzip: Bool = false) throws {
        for (day, f) in days {
            let text = f.lines.joined(separator: "\n") + "\n"
            if gzip {
                try self.gzip([text], to: feed.appendingPathComponent(day + ".jsonl.gz").path)
            } else {
                try text.write(to: feed.appendingPathComponent(day + ".jsonl"), atomically: true, encoding: .utf8)
            }
        }
    }

    /// `watch` opening the days weeks after, with a recompute after every
    /// slice it reads: the state, and the box asked for.
    private func loadDays(_ feed: URL, box: String) throws -> (PortState, Container) {
        let published = Published()
        let m = LiveModel(rules: RuleSet.builtIn(), source: .follow([feed.path]), stateDirectory: nil) { published.add($0) }
        m.fixedNow = ts("2026-11-10T00:00:00Z")
        m.retentionHours = 24 * 60
        m.archiveEveryBytes = 1
        m.step()
        // While loading, the panes show the state as of the load point, and
        // an action taken meanwhile is dated by the clock.
        let loading = published.all.filter { $0.feed.loading != nil }
        XCTAssertFalse(loading.isEmpty, "published while loading")
        for p in loading {
            XCTAssertLessThan(p.now, ts("2026-10-05T00:00:00Z"))
            XCTAssertEqual(p.actionsNow, ts("2026-11-10T00:00:00Z"))
        }
        let s = m.withState { s, _ in s }
        return (s, try XCTUnwrap(s.container(ContainerNumber(stringLiteral: box))))
    }

    /// Snapshots a model published, kept from its queue.
    private final class Published: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [Snapshot] = []
        func add(_ s: Snapshot) { lock.withLock { list.append(s) } }
        var all: [Snapshot] { lock.withLock { list } }
    }
}

