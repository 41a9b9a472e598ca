import Foundation
import XCTest
@testable import QuayCore

/// Everything a PortState shows, to compare two ways of reaching it.
struct StateDigest: Equatable {
    var events: Int
    var duplicates: Int
    var lateForArchived: Int
    var clock: Timestamp
    var boxes: [String: [Event]]
    var scores: [String]
    var aggregates: [String]
    var queues: [String: [String: Timestamp]]
    var seizures: [String: SeizureEntry]
    /// Active alerts (an alert that went inactive before a restart is not kept).
    var alerts: [String]
    var vessels: [String: Vessel]
    var archived: [String]
    var archivedTotal: Int
    var consigneeCounts: [String: Int]
    /// Archived boxes per consignee and when the last left.
    var archivedConsignees: [String]

    init(_ s: PortState) {
        events = s.events
        duplicates = s.duplicates
        lateForArchived = s.lateForArchived
        clock = s.clock
        boxes = Dictionary(uniqueKeysWithValues: s.containers.raw.values.map { ($0.number.text, $0.events) })
        scores = s.containers.raw.values.map(s.containers.fresh).map {
            "\($0.number.text) \($0.score) \($0.status.rawValue) \($0.lane) \($0.consigneeBoxes) \($0.linkedSeizure ?? "-") \($0.risk.hits.map(\.rule))"
        }.sorted()
        let a = s.aggregates
        func counts<K>(_ d: [K: Int]) -> String { d.filter { $0.value != 0 }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ") }
        aggregates = ["\(a.containers)", counts(a.byStatus), counts(a.byPort), counts(a.byLane), counts(a.scanResults), counts(a.inspectionOutcomes)]
        queues = Dictionary(uniqueKeysWithValues: a.queues.map { q in
            ("\(q.key)", Dictionary(uniqueKeysWithValues: q.value.map { ($0.key.text, $0.value) }))
        }.filter { !$0.1.isEmpty })
        seizures = a.seizures
        alerts = s.alerts.values.filter(\.active).map { "\($0.container.text) \($0.severity) \($0.score) \($0.raisedAt) \($0.reasons.map(\.rule))" }.sorted()
        vessels = s.vessels
        archived = s.archived.last.map { "\($0.key.text)@\($0.value)" }.sorted()
        archivedTotal = s.archived.total
        consigneeCounts = s.containers.consigneeCounts
        archivedConsignees = s.archivedConsignees.map { "\($0.key) \($0.value.ends.map(\.ms))" }.sorted()

    }

    /// The first field that differs, for messages.
    func difference(_ o: StateDigest) -> String {
        if boxes != o.boxes {
            let keys = Set(boxes.keys).symmetricDifference(o.boxes.keys)
            if !keys.isEmpty { return "boxes only on one side: \(keys.sorted().prefix(5)) (\(boxes.count) vs \(o.boxes.count))" }
            for (k, v) in boxes where o.boxes[k] != v {
                for (a, b) in zip(v, o.boxes[k]!) where a != b { return "box \(k): \(a) vs \(b)" }
                return "box \(k): \(v.count) vs \(o.boxes[k]!.count) events"
            }
        }
        func check<T: Equatable>(_ name: String, _ a: T, _ b: T) -> String? {
            a == b ? nil : "\(name): \(String("\(a)".prefix(400))) vs \(String("\(b)".prefix(400)))"
        }
        let found = [check("events", events, o.events), check("duplicates", duplicates, o.duplicates),
                     check("lateForArchived", lateForArchived, o.lateForArchived), check("clock", clock, o.clock),
                     check("scores", scores.filter { !o.scores.contains($0) }, o.scores.filter { !scores.contains($0) }),
                     check("aggregates", aggregates, o.aggregates), check("queues", queues, o.queues), check("seizures", seizures, o.seizures),
                     check("alerts", alerts, o.alerts), check("vessels", vessels, o.vessels), check("archived", archived, o.archived), check("archivedTotal", archivedTotal, o.archivedTotal),
                     check("consigneeCounts", consigneeCounts.filter { o.consigneeCounts[$0.key] != $0.value },
                           o.consigneeCounts.filter { consigneeCounts[$0.key] != $0.value }),
                     check("archivedConsignees", archivedConsignees, o.archivedConsignees)].compactMap { $0 }
        if let first = found.first { return first }
        return "no difference"
    }
}

/// A restart from a model checkpoint comes to the same state as reading
/// every line again, and as never having stopped.
final class ModelCheckpointTests: TemporaryDirectoryTestCase {
    let rules = RuleSet.builtIn()

    /// Generated days: the lines of each file, in order.
    func generated(days: Int = 4, containers: Int = 1500, seed: UInt64 = 11) throws -> [(name: String, lines: [String])] {
        let gen = dir.appendingPathComponent("generated").path
        var o = GeneratorOptions()
        o.containers = containers
        o.days = days
        o.seed = seed
        o.invalidRate = 0.005
        o.duplicateRate = 0.01
        let summary = try FeedGenerator.generate(o, into: gen)
        return try summary.files.sorted().map { f in
            let text = try String(contentsOfFile: f, encoding: .utf8)
            return ((f as NSString).lastPathComponent, text.split(separator: "\n").map(String.init))
        }
    }

    var feedDir: String { dir.appendingPathComponent("feed").path }
    var stateDir: String { dir.appendingPathComponent("state").path }

    func write(_ name: String, _ lines: some Sequence<String>) throws {
        try FileManager.default.createDirectory(atPath: feedDir, withIntermediateDirectories: true)
        try appendBytes(feedDir + "/" + name, Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// One console run: followers over the feed directory's files.
    struct Run {
        var feed = FollowedFeed()
        var followers: [String: FileFollower] = [:]
        var resumeAt: [FileFollower.Identity: FileFollower.Mark] = [:]

        mutating func poll(_ dir: String) throws {
            for f in try FeedLoader.expand([dir]) {
                let follower = followers[f] ?? FileFollower(path: f)
                follower.resumeAt = resumeAt
                followers[f] = follower
                try feed.poll(follower)
            }
        }

        var entries: [FeedCheckpoint.Entry] { followers.values.compactMap(\.checkpoint) }
        var lines: [String: Int] { Dictionary(uniqueKeysWithValues: followers.map { ($0.key, $0.value.linesRead) }) }

        /// A run that starts from the checkpoint in `stateDir`.
        static func restored(_ stateDir: String, rules: RuleSet) throws -> Run {
            guard let (state, header) = try ModelCheckpoint.load(directory: stateDir, rules: rules) else { throw FeedError("no checkpoint") }
            var run = Run()
            run.feed.state = state
            run.resumeAt = ModelCheckpoint.resumeMarks(header)
            return run
        }
    }

    /// Days 1-2 and half of day 3 are read, a checkpoint written; while the
    /// console is down the rest of day 3 is appended and day 4 arrives. With
    /// `retention`, boxes gone a day before the checkpoint are archived first.
    func restart(retention: Bool) throws -> (restored: PortState, uninterrupted: PortState, batch: PortState) {
        let days = try generated()
        XCTAssertGreaterThanOrEqual(days.count, 4, days.map(\.name).description)
        let half = days[2].lines.count / 2
        /// Lines there before the checkpoint, and lines that came while the console was down.
        func before() throws {
            try write(days[0].name, days[0].lines)
            try write(days[1].name, days[1].lines)
            try write(days[2].name, days[2].lines[..<half])
        }
        func whileDown() throws {
            try write(days[2].name, days[2].lines[half...])
            for d in days[3...] { try write(d.name, d.lines) }
        }
        let downLines = days[2].lines.count - half + days[3...].map(\.lines.count).reduce(0, +)
        try before()
        try whileDown()
        let (batch, _) = try FeedLoader.load([feedDir], rules: rules)
        let now = batch.clock
        try FileManager.default.removeItem(atPath: feedDir)
        try before()

        var first = Run()
        try first.poll(feedDir)
        first.feed.state.recompute(now: now)
        if retention {
            XCTAssertGreaterThan(first.feed.state.archive(leftBefore: first.feed.state.clock + -24), 10)
            first.feed.state.recompute(now: now)
        }
        try ModelCheckpoint.write(first.feed.state, feed: first.entries, feedLines: first.lines, totals: nil, directory: stateDir, wallNow: now)
        let attrs = try FileManager.default.attributesOfItem(atPath: stateDir + "/" + ModelCheckpoint.fileName)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        try whileDown()

        var second = try Run.restored(stateDir, rules: rules)
        try second.poll(feedDir)
        second.feed.state.recompute(now: now)
        XCTAssertEqual(second.feed.stats.lines, downLines,
                          "only what came while the console was down is read")

        // The same steps without stopping.
        try FileManager.default.removeItem(atPath: feedDir)
        try before()
        var straight = Run()
        try straight.poll(feedDir)
        straight.feed.state.recompute(now: now)
        if retention {
            straight.feed.state.archive(leftBefore: straight.feed.state.clock + -24)
            straight.feed.state.recompute(now: now)
        }
        try whileDown()
        try straight.poll(feedDir)
        straight.feed.state.recompute(now: now)
        return (second.feed.state, straight.feed.state, batch)
    }

    /// Where a file stands (the median of its last event times) is kept
    /// with its counts, so a restarted load orders files as the run before
    /// did, a far-off line or not.
    func testAFilesPositionSurvivesTheCheckpoint() throws {
        var h = FileHealth(path: "/feed/2026-10-02.jsonl")
        for m in 0..<20 { h.took(ts("2026-10-02T01:00:00Z") + Double(m) / 60) }
        h.took(ts("2099-01-01T00:00:00Z"))
        h.took(ts("2026-10-02T02:00:00Z"))
        XCTAssertEqual(h.lastEventTime, ts("2099-01-01T00:00:00Z"))
        XCTAssertEqual(h.position, ts("2026-10-02T01:14:00Z"), "the median of the last 15: 01:07-01:19, 02:00 and 2099")
        let data = try JSONEncoder().encode(ModelCheckpoint.FeedTotals.File(h))
        let back = try JSONDecoder().decode(ModelCheckpoint.FeedTotals.File.self, from: data).health
        XCTAssertEqual(back.position, h.position)
        XCTAssertEqual(back.lastEventTime, h.lastEventTime)
        // Read on after the restart: the oldest times make way first, as
        // they would have without it.
        var (a, b) = (h, back)
        for m in 0..<8 {
            a.took(ts("2026-10-02T03:00:00Z") + Double(m) / 60)
            b.took(ts("2026-10-02T03:00:00Z") + Double(m) / 60)
        }
        XCTAssertEqual(b.recentTimes.ordered, a.recentTimes.ordered)
        XCTAssertEqual(b.position, a.position)
    }

    func testARestartFromTheCheckpointEqualsReadingEverythingAgain() throws {
        let (restored, straight, batch) = try restart(retention: false)
        let r = StateDigest(restored), s = StateDigest(straight), b = StateDigest(batch)
        // Decoded in small batches (lines spread over the cores differently): the same state.
        var small = try XCTUnwrap(try ModelCheckpoint.load(directory: stateDir, rules: rules, batch: 7)).state
        var large = try XCTUnwrap(try ModelCheckpoint.load(directory: stateDir, rules: rules)).state
        small.recompute(now: batch.clock)
        large.recompute(now: batch.clock)
        XCTAssertTrue(StateDigest(small) == StateDigest(large), StateDigest(small).difference(StateDigest(large)))
        // Pooled as they were read back, a run of lines at a time.
        for state in [small, large] {
            let manifests = state.containers.raw.values.flatMap { $0.events.compactMap { e -> Manifest? in
                if case .manifest(let m) = e.body { return m } else { return nil }
            } }
            XCTAssertGreaterThan(manifests.count, 100)
            XCTAssertTrue(manifests.allSatisfy(\.isPooled))
            XCTAssertTrue(manifests.allSatisfy { m in [m.shipper, m.consignee].allSatisfy { $0 == nil || state.textPool.partyKey($0) != nil } })
        }
        XCTAssertGreaterThan(batch.events, 2000)
        XCTAssertGreaterThan(batch.duplicates, 10)
        XCTAssertFalse(b.alerts.isEmpty)
        XCTAssertTrue(r == b, r.difference(b))
        XCTAssertTrue(r == s, r.difference(s))
    }

    func testARestartWithArchivedBoxesEqualsNeverHavingStopped() throws {
        let (restored, straight, batch) = try restart(retention: true)
        let r = StateDigest(restored), s = StateDigest(straight)
        XCTAssertFalse(r.archived.isEmpty)
        XCTAssertFalse(r.archivedConsignees.isEmpty, "archived boxes' consignees are restored")
        XCTAssertTrue(r == s, r.difference(s))
        XCTAssertEqual(restored.aggregates.scanResults.values.reduce(0, +), batch.aggregates.scanResults.values.reduce(0, +),
                       "archived boxes' scans still count")
    }

    /// Events the workflow journal added are not in the checkpoint: the
    /// journal, replayed at start, adds them again, counted once.
    func testJournalEventsComeBackWithTheJournalNotTwice() throws {
        let days = try generated(days: 2, containers: 300)
        for d in days { try write(d.name, d.lines) }
        var (state, _) = try FeedLoader.load([feedDir], rules: rules)
        let now = state.clock
        let box = try XCTUnwrap(state.containers.raw.values.first { $0.events.count > 2 }).number
        let stranger = try ContainerNumber(validating: "MSCU6639870")
        XCTAssertNil(state.container(stranger))
        let journal = [
            JournalEntry(id: 1, time: now, user: "ana", role: .supervisor, action: .result, target: box,
                         payload: ["outcome": "seizure", "drug": "cocaine", "kg": "12"]),
            JournalEntry(id: 2, time: now, user: "ana", role: .supervisor, action: .release, target: stranger, payload: [:]),
        ]
        for e in journal { XCTAssertGreaterThan(state.apply(journal: e), 0) }
        state.recompute(now: now)
        try ModelCheckpoint.write(state, feed: [], feedLines: [:], totals: nil, directory: stateDir, wallNow: now)

        var restored = try XCTUnwrap(try ModelCheckpoint.load(directory: stateDir, rules: rules)).state
        restored.recompute(now: now)
        XCTAssertNil(restored.container(stranger), "a box with only journal events comes back with the journal")
        for e in journal { XCTAssertGreaterThan(restored.apply(journal: e), 0) }
        restored.recompute(now: now)
        let r = StateDigest(restored), o = StateDigest(state)
        XCTAssertTrue(r == o, r.difference(o))
    }
}
