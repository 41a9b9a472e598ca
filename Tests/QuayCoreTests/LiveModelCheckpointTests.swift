import Foundation
import XCTest
@testable import QuayCore

/// `watch --state`: a console restarted from its model checkpoint reads on
/// from where it stopped and ends where a full read (or never stopping) ends;
/// a checkpoint it cannot use is said so, and everything is read again.
final class LiveModelCheckpointTests: TemporaryDirectoryTestCase {
    let rules = RuleSet.builtIn()
    var feedDir: String { dir.appendingPathComponent("feed").path }
    var stateDir: String { dir.appendingPathComponent("state").path }

    final class Latest: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Snapshot?
        func put(_ s: Snapshot) { lock.lock(); value = s; lock.unlock() }
        var snapshot: Snapshot? { lock.lock(); defer { lock.unlock() }; return value }
    }

    func model(now: Timestamp, rules: RuleSet? = nil, retention: Double? = nil) -> (LiveModel, Latest) {
        let latest = Latest()
        let m = LiveModel(rules: rules ?? self.rules, source: .follow([feedDir]), stateDirectory: stateDir) { latest.put($0) }
        m.fixedNow = now
        m.retentionHours = retention
        return (m, latest)
    }

    /// Generated days, as lines per file name.
    func generated(containers: Int = 800) throws -> [(name: String, lines: [String])] {
        var o = GeneratorOptions()
        o.containers = containers
        o.days = 3
        o.seed = 5
        o.invalidRate = 0.005
        o.duplicateRate = 0.01
        let summary = try FeedGenerator.generate(o, into: dir.appendingPathComponent("generated").path)
        return try summary.files.sorted().map { f in
            ((f as NSString).lastPathComponent, try String(contentsOfFile: f, encoding: .utf8).split(separator: "\n").map(String.init))
        }
    }

    func write(_ name: String, _ lines: some Sequence<String>) throws {
        try FileManager.default.createDirectory(atPath: feedDir, withIntermediateDirectories: true)
        try appendBytes(feedDir + "/" + name, Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    struct Counts: Equatable {
        var events: Int, duplicates: Int, lines: Int, rejects: [String: Int]
        init(_ s: IngestStats) { events = s.events; duplicates = s.duplicates; lines = s.lines; rejects = s.rejectCounts }
    }

    /// What the model holds, recomputed at its clock.
    func digest(_ m: LiveModel) -> (StateDigest, Counts) {
        m.withState { s, stats in (StateDigest(s), Counts(stats)) }
    }

    /// The first run reads half the days and quits (writing its checkpoint);
    /// the rest arrives while it is down.
    func firstRunThenMore(_ days: [(name: String, lines: [String])], now: Timestamp, retention: Double? = nil) throws {
        let half = days[1].lines.count / 2
        try write(days[0].name, days[0].lines)
        try write(days[1].name, days[1].lines[..<half])
        let (first, _) = model(now: now, retention: retention)
        first.step()
        first.step()
        first.stop()
        XCTAssertTrue(FileManager.default.fileExists(atPath: stateDir + "/" + ModelCheckpoint.fileName), "written at quit")
        try write(days[1].name, days[1].lines[half...])
        for d in days[2...] { try write(d.name, d.lines) }
    }

    /// Where a single batch read of every line ends.
    func batch() throws -> (StateDigest, Counts, Timestamp) {
        let (s, stats) = try FeedLoader.load([feedDir], rules: rules)
        return (StateDigest(s), Counts(stats), s.clock)
    }

    func testARestartReadsOnFromTheCheckpointAndEndsWhereAFullReadEnds() throws {
        let days = try generated()
        // The clock the runs keep: the end of the data (a batch read of all of it).
        for d in days { try write(d.name, d.lines) }
        let now = try batch().2
        try FileManager.default.removeItem(atPath: feedDir)

        try firstRunThenMore(days, now: now)
        let (second, latest) = model(now: now)
        second.step()
        let (expected, counts, _) = try batch()
        let (got, gotCounts) = digest(second)
        XCTAssertTrue(got == expected, got.difference(expected))
        XCTAssertEqual(gotCounts, counts, "totals carried over from the first run plus what was read since")
        XCTAssertGreaterThan(counts.duplicates, 5)
        let restart = try XCTUnwrap(latest.snapshot?.feed.restart)
        XCTAssertTrue(restart.contains("state restored from the model checkpoint of "), restart)
        XCTAssertTrue(restart.hasPrefix("since the last run: "), restart)
        let health = try XCTUnwrap(latest.snapshot?.feed.health)
        XCTAssertEqual(health.map(\.events).reduce(0, +), counts.events, "per-file counts carried over too")
        for h in health {
            XCTAssertEqual(h.bytes, try FileManager.default.attributesOfItem(atPath: h.path)[.size] as? Int, h.path)
        }
    }

    /// A restart with nothing new to read still tells the dashboard at once
    /// that the load is over (it shows the whole screen then), not with the
    /// next second's clock tick.
    func testARestartWithNothingNewPublishesTheEndOfTheLoadAtOnce() throws {
        let days = try generated(containers: 300)
        for d in days { try write(d.name, d.lines) }
        let now = try batch().2
        let (first, _) = model(now: now)
        first.step()
        first.stop()
        let (second, latest) = model(now: now)
        second.step()
        let snapshot = try XCTUnwrap(latest.snapshot)
        XCTAssertNil(snapshot.feed.loading, "the last snapshot of the start says the load is over")
        XCTAssertEqual(snapshot.stats.events, try batch().1.events)
        second.stop()
    }

    func testARestartWithRetentionEndsWhereNeverStoppingEnds() throws {
        let days = try generated()
        for d in days { try write(d.name, d.lines) }
        let now = try batch().2
        try FileManager.default.removeItem(atPath: feedDir)

        // Never stopped: the first part, a tick (archiving), the rest.
        let half = days[1].lines.count / 2
        try write(days[0].name, days[0].lines)
        try write(days[1].name, days[1].lines[..<half])
        let (straight, _) = model(now: now, retention: 12)
        straight.step()
        straight.step()
        try write(days[1].name, days[1].lines[half...])
        for d in days[2...] { try write(d.name, d.lines) }
        straight.step()
        let (expected, counts) = digest(straight)
        XCTAssertGreaterThan(expected.archived.count, 5)
        try FileManager.default.removeItem(atPath: feedDir)

        try firstRunThenMore(days, now: now, retention: 12)
        let (second, _) = model(now: now, retention: 12)
        second.step()
        let (got, gotCounts) = digest(second)
        XCTAssertTrue(got == expected, got.difference(expected))
        XCTAssertEqual(gotCounts, counts)
    }

    /// Each way a checkpoint can be unusable: said why, everything read again, same end.
    func testAnUnusableCheckpointIsSaidAndEverythingIsReadAgain() throws {
        let days = try generated(containers: 300)
        for d in days { try write(d.name, d.lines) }
        let now = try batch().2
        try FileManager.default.removeItem(atPath: feedDir)
        try firstRunThenMore(days, now: now)
        let path = stateDir + "/" + ModelCheckpoint.fileName
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        var lines = good.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        XCTAssertTrue(lines.removeLast().isEmpty)
        func joined(_ ls: [Data]) -> Data { ls.reduce(into: Data()) { $0 += $1; $0.append(0x0A) } }
        let header = String(decoding: lines[0], as: UTF8.self)

        var other = rules
        other.redAt += 5
        let cases: [(String, Data, RuleSet?, String)] = [
            ("cut short", good.prefix(good.count * 2 / 3), nil, "cut short after line"),
            ("no end line", joined(Array(lines.dropLast())), nil, "cut short after line"),
            ("a bad line", joined(lines[..<5] + [Data(#"{"id":"x","type":"nonsense"}"#.utf8)] + lines[6...]), nil, ":6: "),
            ("a line too many", joined(lines[..<5] + [lines[5]] + lines[5...]), nil, ":7: "),
            ("other version", joined([Data(header.replacingOccurrences(of: "\"version\":\(ModelCheckpoint.version)", with: #""version":99"#).utf8)] + lines[1...]), nil,
             "version 99 is not one this version reads"),
            ("other rules", good, other, "written under other rules"),
            ("not a checkpoint", Data("hello\n".utf8), nil, "not a model checkpoint header"),
        ]
        let (expected, counts, _) = try batch()
        for (what, data, rules, reason) in cases {
            try data.write(to: URL(fileURLWithPath: path))
            let (m, latest) = model(now: now, rules: rules)
            m.step()
            let restart = latest.snapshot?.feed.restart ?? ""
            XCTAssertTrue(restart.contains("model checkpoint not used ("), "\(what): \(restart)")
            XCTAssertTrue(restart.contains("every file is read again from its start"), "\(what): \(restart)")
            XCTAssertTrue(restart.contains(reason), "\(what): \(restart)")
            guard rules == nil else { continue }
            let (got, gotCounts) = digest(m)
            XCTAssertTrue(got == expected, "\(what): " + got.difference(expected))
            XCTAssertEqual(gotCounts, counts, what)
        }
    }

    /// While the console is down, one file is rotated (a new one under its
    /// name), one truncated and written again, one deleted and written anew
    /// with its old lines and more: no event lost, none counted twice, as if
    /// the console had watched it all happen.
    func testFilesRotatedOrTruncatedWhileDownLoseNothingAndCountNothingTwice() throws {
        let days = try generated(containers: 600)
        XCTAssertGreaterThanOrEqual(days.count, 3)
        let now = Timestamp(ms: Int64(Date().timeIntervalSince1970 * 1000))
        let (a, b, c) = (days[0], days[1], days[2])
        func split(_ d: (name: String, lines: [String])) -> (ArraySlice<String>, ArraySlice<String>) {
            (d.lines[..<(d.lines.count / 2)], d.lines[(d.lines.count / 2)...])
        }
        let names = ["a.jsonl", "b.jsonl", "c.jsonl"]
        func before() throws {
            try write(names[0], split(a).0)
            try write(names[1], split(b).0)
            try write(names[2], split(c).0)
        }
        func whileDown() throws {
            let fm = FileManager.default
            try fm.moveItem(atPath: feedDir + "/a.jsonl", toPath: feedDir + "/a.jsonl.1")
            try write(names[0], split(a).1)
            let bURL = URL(fileURLWithPath: feedDir + "/b.jsonl")
            try FileHandle(forWritingTo: bURL).truncate(atOffset: 0)
            try write(names[1], split(b).1)
            try fm.removeItem(atPath: feedDir + "/c.jsonl")
            try write(names[2], c.lines)
        }

        // Watched all along.
        try before()
        let (straight, _) = model(now: now)
        straight.step()
        try whileDown()
        straight.step()
        let (expected, counts) = digest(straight)
        try FileManager.default.removeItem(atPath: feedDir)

        try before()
        let (first, _) = model(now: now)
        first.step()
        first.stop()
        try whileDown()
        let (second, latest) = model(now: now)
        second.step()
        let (got, gotCounts) = digest(second)
        XCTAssertTrue(got == expected, got.difference(expected))
        XCTAssertEqual(gotCounts.events, counts.events)
        XCTAssertEqual(gotCounts.duplicates, counts.duplicates)
        // Every line there ever was, read once in a batch: the same events.
        let all = dir.appendingPathComponent("all").path
        try FileManager.default.createDirectory(atPath: all, withIntermediateDirectories: true)
        for d in [a, b, c] { try appendBytes(all + "/" + d.name, Array(d.lines.map { $0 + "\n" }.joined().utf8)) }
        XCTAssertEqual(got.events, try FeedLoader.load([all], rules: rules).0.events, "every event once")
        let feed = try XCTUnwrap(latest.snapshot?.feed)
        XCTAssertTrue(feed.restart?.contains("state restored from the model checkpoint") == true, feed.restart ?? "nil")
        func since(_ n: String) -> String? { feed.health.first { $0.path == feedDir + "/" + n }?.sinceLastRun }
        XCTAssertEqual(since("a.jsonl"), WhileDown.replaced.description)
        XCTAssertEqual(since("c.jsonl"), WhileDown.replaced.description)
        XCTAssertTrue(since("b.jsonl") == WhileDown.truncated.description || since("b.jsonl") == WhileDown.rewritten.description,
                      since("b.jsonl") ?? "nil")
    }

    /// A checkpoint that cannot be written is said in the feed overlay, and
    /// one that cannot be read is passed over; the dashboard carries on.
    func testACheckpointThatCannotBeWrittenIsShown() throws {
        try write("a.jsonl", [#"{"id":"a1","ts":"2026-11-26T08:00:00Z","type":"discharge","port":"BEANR","container":"MSCU6639870"}"#])
        // A directory where the file should be: rename cannot replace it.
        try FileManager.default.createDirectory(atPath: stateDir + "/" + ModelCheckpoint.fileName + "/x", withIntermediateDirectories: true)
        let (m, latest) = model(now: Timestamp(ms: 1_764_144_000_000))
        m.step()
        XCTAssertTrue(latest.snapshot?.feed.restart?.contains("model checkpoint not used (") == true, latest.snapshot?.feed.restart ?? "nil")
        XCTAssertEqual(m.withState { _, stats in stats.events }, 1)
        XCTAssertThrowsError(try m.writeModelCheckpoint())
        m.step()
        let problem = latest.snapshot?.feed.stateProblem ?? ""
        XCTAssertTrue(problem.hasPrefix("model checkpoint not written: "), problem)
    }
}
