import Foundation
import QuayCore
import XCTest

/// `quaywatch replay` writing into a file while a follower reads it.
final class ReplayCommandTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.available, "tmux is not installed (.ci/run installs it)")
        dir = try temporaryDirectory()
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }
    override class func tearDown() {
        TmuxSession.killServer()
        super.tearDown()
    }

    /// The command line typed shows `REPLAY-EXIT=$?-END`; its output shows the status.
    func exited(_ screen: String) -> Bool { screen.range(of: "REPLAY-EXIT=[0-9]+-END", options: .regularExpression) != nil }

    let source = packageRoot.appendingPathComponent("sample-data/events").path

    /// Reads `path` as the live model does, until `done()` holds and nothing more came.
    func follow(_ path: String, until done: () throws -> Bool) throws -> (PortState, IngestStats, polls: Int) {
        let f = FileFollower(path: path)
        var state = PortState(rules: RuleSet.builtIn())
        var stats = IngestStats()
        let decoder = EventDecoder()
        var polls = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let finished = try done()
            let n = (try? f.poll { piece in
                guard let e = FeedLoader.decode(piece, file: path, decoder: decoder, stats: &stats) else { return }
                if state.apply(e) { stats.events += 1 } else { stats.duplicates += 1 }
            }) ?? 0
            polls += 1
            if finished && n == 0 { break }
            if n == 0 { usleep(20_000) }
        }
        return (state, stats, polls)
    }

    func testReplayAtAHighRateWhileAFollowerReadsEndsWithTheTotalsOfABatchRead() throws {
        let out = dir.appendingPathComponent("live.jsonl").path
        let t = try TmuxSession(width: 120, height: 10)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) replay \(shq(source)) --to \(shq(out)) --rate 5000; echo REPLAY-EXIT=$?-END")
        let (state, stats, polls) = try follow(out) { exited(try t.screen()) }
        let screen = try t.screen()
        XCTAssertTrue(screen.contains("REPLAY-EXIT=0-END"), screen)
        XCTAssertTrue(screen.contains("replayed 9513 of 9513 event lines"), screen)
        XCTAssertGreaterThan(polls, 5, "the file was read while it grew")

        let (batchState, batch) = try FeedLoader.load([source], rules: RuleSet.builtIn())
        XCTAssertEqual(stats.events, batch.events)
        XCTAssertEqual(stats.duplicates, batch.duplicates)
        XCTAssertEqual(stats.rejected, 0, "no half line was ever read")
        XCTAssertEqual(state.containers.count, batchState.containers.count)
        var a = state, b = batchState
        a.recompute(now: a.clock)
        b.recompute(now: b.clock)
        // Active alerts: the number ever raised varies between two batch reads of the same files (a container
        // can turn red for a moment depending on the order dirty boxes are re-scored), so it is not compared.
        XCTAssertEqual(a.alerts.values.filter(\.active).count, b.alerts.values.filter(\.active).count)
        XCTAssertEqual(a.containers.values.map(\.score).reduce(0, +), b.containers.values.map(\.score).reduce(0, +))
        XCTAssertEqual(a.aggregates.byPort, b.aggregates.byPort)

        // And the headless commands agree.
        let check = try runQuaywatch(["check", "-q", out])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.hasPrefix("1 file, \(batch.events) events, 0 rejected, \(batch.duplicates) duplicates ignored"), check.stdout)
    }

    func testCtrlCStopsCleanlyWithCompleteLines() throws {
        let out = dir.appendingPathComponent("slow.jsonl").path
        let t = try TmuxSession(width: 120, height: 10)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) replay \(shq(source)) --to \(shq(out)) --rate 100; echo REPLAY-EXIT=$?-END")
        let deadline = Date().addingTimeInterval(20)
        func size() -> Int { ((try? FileManager.default.attributesOfItem(atPath: out))?[.size] as? Int) ?? 0 }
        while Date() < deadline, size() < 4_000 { usleep(20_000) }
        try t.keys("C-c")
        try t.waitFor("replay to exit", exited)
        let screen = try t.screen()
        XCTAssertTrue(screen.contains("REPLAY-EXIT=0-END"), screen)
        XCTAssertTrue(screen.contains("stopped: replayed "), screen)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.hasSuffix("\n"), "the last line is complete")
        let check = try runQuaywatch(["check", "-q", out])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let lines = text.split(separator: "\n").count
        XCTAssertGreaterThan(lines, 5)
        XCTAssertLessThan(lines, 9513, "stopped before the end")
    }

    func testReplayOptionsAreCheckedWithClearErrors() throws {
        let both = try runQuaywatch(["replay", source, "--to", dir.appendingPathComponent("x").path, "--rate", "10", "--speed", "5x"])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("--rate and --speed do not go together"), both.stderr)
        let none = try runQuaywatch(["replay", dir.path + "/*.jsonl", "--to", dir.appendingPathComponent("x").path])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains(dir.path + "/*.jsonl: no file matches this pattern"), none.stderr)
        let speed = try runQuaywatch(["replay", source, "--to", dir.appendingPathComponent("x").path, "--speed", "fast"])
        XCTAssertEqual(speed.status, 2)
    }
}
