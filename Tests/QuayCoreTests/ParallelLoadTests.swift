import Foundation
import XCTest
@testable import QuayCore

/// Decoding on a second thread must file exactly what a serial read files:
/// the same events, duplicates, rejects (same file:line and reason) and
/// warnings in the same order, the same per-file health, and the same
/// boxes with the same scores.
final class ParallelLoadTests: TemporaryDirectoryTestCase {
    private struct Outcome: Equatable {
        var totals: FeedTotals
        var lines, blankLines, later, bytes: Int
        var rejects: [String]
        var warnings: [String]
        var warningCounts: [String: Int]
        var health: [FileHealth]
        var alerts: [String]
    }

    private func load(_ files: [String], parallel: Bool, batchLines: Int, until: Timestamp? = nil) throws -> Outcome {
        var state = PortState(rules: RuleSet.builtIn())
        var stats = IngestStats()
        for f in files {
            try FeedLoader.load(file: f, into: &state, stats: &stats, until: until, parallel: parallel, batchLines: batchLines)
        }
        state.recompute(now: until ?? state.clock)
        return Outcome(totals: FeedTotals(state, stats), lines: stats.lines, blankLines: stats.blankLines, later: stats.later,
                       bytes: stats.bytes, rejects: stats.rejects.map(\.description), warnings: stats.warnings.map(\.description),
                       warningCounts: stats.warningCounts, health: stats.health,
                       alerts: state.sortedAlerts.map { "\($0.container.text) \($0.score) \($0.raisedAt.ms) \($0.active)" })
    }

    /// A generated feed (with its deliberate bad lines and duplicates) plus
    /// the hostile corpus (invalid UTF-8, NUL, too-long lines, blanks).
    private func feed() throws -> [String] {
        var o = GeneratorOptions()
        o.containers = 1500
        o.days = 2
        o.seed = 11
        _ = try FeedGenerator.generate(o, into: dir.path)
        let hostile = dir.appendingPathComponent("zz-hostile.jsonl")
        try FileManager.default.copyItem(at: HostileCorpusTests.fixtures.appendingPathComponent("hostile.jsonl"), to: hostile)
        return try FeedLoader.expand([dir.path])
    }

    func testParallelLoadFilesExactlyWhatASerialLoadFiles() throws {
        let files = try feed()
        let serial = try load(files, parallel: false, batchLines: 4096)
        XCTAssertGreaterThan(serial.totals.events, 2000)
        XCTAssertGreaterThan(serial.rejects.count, 10)
        XCTAssertGreaterThan(serial.totals.duplicates, 0)
        // Small batches: many hand-overs, a partial batch at each file's end.
        for batch in [1, 7, 64, 4096] {
            let parallel = try load(files, parallel: true, batchLines: batch)
            XCTAssertEqual(parallel, serial, "batches of \(batch) lines")
        }
    }

    func testParallelLoadAsOfAMomentMatchesSerial() throws {
        let files = try feed()
        let (full, _) = try FeedLoader.load(files, rules: RuleSet.builtIn(), parallel: false)
        let until = Timestamp(ms: full.clock.ms - 12 * 3_600_000)
        let serial = try load(files, parallel: false, batchLines: 4096, until: until)
        XCTAssertGreaterThan(serial.later, 0)
        XCTAssertEqual(try load(files, parallel: true, batchLines: 50, until: until), serial)
    }

    func testTheBatchEntryPointDecodesInParallelWithTheSameResult() throws {
        let files = try feed()
        let (s1, t1) = try FeedLoader.load([dir.path], rules: RuleSet.builtIn(), parallel: false)
        let (s2, t2) = try FeedLoader.load([dir.path], rules: RuleSet.builtIn())
        XCTAssertEqual(files.count, t1.files.count)
        XCTAssertEqual(FeedTotals(s2, t2), FeedTotals(s1, t1))
        XCTAssertEqual(t2.rejects.map(\.description), t1.rejects.map(\.description))
    }
}
