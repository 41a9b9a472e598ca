import Foundation
import QuayCore
import XCTest

/// The dashboard following a feed that grows under it, in tmux.
final class FeedDashboardTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.available, "tmux is not installed (.ci/run installs it)")
    }

    override class func tearDown() {
        TmuxSession.killServer()
        super.tearDown()
    }

    /// `1,234,567`, as the header shows counts.
    func grouped(_ n: Int) -> String { n.formatted(.number.locale(Locale(identifier: "en_US"))) }

    func testTheDashboardKeepsUpWithAReplayShowsFeedHealthAndSaysWhatChangedAcrossARestart() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let events = dir.appendingPathComponent("events")
        let state = dir.appendingPathComponent("state").path
        try FileManager.default.createDirectory(at: events, withIntermediateDirectories: true)
        // History as gzip (made with /bin/gzip), the rest replayed live.
        let sample = packageRoot.appendingPathComponent("sample-data/events")
        let history = events.appendingPathComponent("2026-11-20.jsonl.gz").path
        let gz = try spawnAndWait(["/bin/sh", "-c", "gzip -c \(shq(sample.appendingPathComponent("2026-11-20.jsonl").path)) > \(shq(history))"])
        XCTAssertEqual(gz.status, 0, gz.stderr)
        let live = events.appendingPathComponent("live.jsonl").path

        let dash = try TmuxSession(width: 120, height: 40)
        defer { dash.kill() }
        // A quoted pattern: the dashboard matches it itself, every tick.
        let watch = "\(shq(quaywatchBinary)) watch --tick 0.1 --state \(shq(state)) \(shq(events.path + "/*.jsonl*")); echo EXIT=$?"
        try dash.run(watch)
        try dash.waitFor(text: "LIVE")
        let feeder = try TmuxSession(width: 120, height: 10)
        defer { feeder.kill() }
        try feeder.run("\(shq(quaywatchBinary)) replay \(shq(sample.appendingPathComponent("2026-11-2[1-6]*.jsonl").path)) --to \(shq(live)) --rate 3000; echo REPLAY-EXIT=$?-END")
        try feeder.waitFor("the replay to finish", timeout: 60) { $0.range(of: "REPLAY-EXIT=[0-9]+-END", options: .regularExpression) != nil }
        let fed = try feeder.screen()
        XCTAssertTrue(fed.contains("REPLAY-EXIT=0-END"), fed)

        let (_, batch) = try FeedLoader.load([events.path], rules: RuleSet.builtIn())
        XCTAssertGreaterThan(batch.events, 5000)
        try dash.waitFor(text: " \(grouped(batch.events)) events ", timeout: 30)

        try dash.keys("f")
        let overlay = try dash.waitFor("the feed overlay") { $0.contains("Feed health") && $0.contains("live.jsonl") }
        XCTAssertTrue(overlay.contains("2026-11-20.jsonl.gz") && overlay.contains("gzip, done"), overlay)
        XCTAssertTrue(overlay.range(of: "live\\.jsonl +following", options: .regularExpression) != nil, overlay)
        XCTAssertTrue(overlay.contains("no checkpoint from an earlier run"), overlay)
        try dash.keys("q")
        try dash.waitFor(text: "EXIT=0")

        // While down, the live file grows; the restart says so and counts every event once.
        let more = #"{"id":"after-restart","ts":"2026-11-27T00:10:00Z","type":"discharge","port":"BEANR","container":"MSCU6639870","terminal":"K913"}"# + "\n"
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: live))
        h.seekToEndOfFile()
        h.write(Data(more.utf8))
        h.closeFile()
        try dash.run("clear; " + watch)
        try dash.waitFor(text: " \(grouped(batch.events + 1)) events ", timeout: 30)
        try dash.keys("f")
        // The summary line and the file's row: a capture can land between
        // the overlay's first lines and its rows being written.
        let again = try dash.waitFor("the restart summary and the file's row") {
            $0.contains("since the last run:") && $0.contains("bytes since the last run")
        }
        XCTAssertTrue(again.contains("since the last run: 1 grew (+\(more.utf8.count) bytes), 1 unchanged"), again)
        XCTAssertTrue(again.contains("grew by \(more.utf8.count) bytes since the last run"), again)
        try dash.keys("q")
        try dash.waitFor(text: "EXIT=0")
    }

    func testTheHeaderSaysStaleWhenNoEventCameForTheConfiguredTime() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("quiet.jsonl").path
        try (#"{"id":"q1","ts":"2026-11-26T08:00:00Z","type":"discharge","port":"BEANR","container":"MSCU6639870","terminal":"K913"}"# + "\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let t = try TmuxSession(width: 100, height: 30)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) watch --no-state --stale 1 \(shq(file)); echo EXIT=$?")
        try t.waitFor(text: " LIVE ")
        let stale = try t.waitFor("the stale badge") { $0.range(of: " STALE [0-9]+ s ", options: .regularExpression) != nil }
        XCTAssertFalse(stale.contains(" LIVE "), stale)
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
    }
}
