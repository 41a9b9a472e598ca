import Foundation
import XCTest

/// The real binary in tmux, driven by keys, read from the screen.
final class DashboardTests: XCTestCase {
    let fixture = packageRoot.appendingPathComponent("Tests/QuayUITests/Fixtures/day.jsonl").path

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.available, "tmux is not installed (.ci/run installs it)")
    }

    override class func tearDown() {
        TmuxSession.killServer()
        super.tearDown()
    }

    func assertSaneTerminal(_ t: TmuxSession, file: StaticString = #filePath, line: UInt = #line) throws {
        try t.run("clear; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo")
        // The typed command holds "icanon" too: wait until `clear` has wiped it and the output is there.
        let screen = try t.waitFor("stty output", file: file, line: line) { $0.contains("icanon") && !$0.contains("stty -a") }
        XCTAssertTrue(screen.contains("icanon echo"), "terminal not sane after exit:\n\(screen)", file: file, line: line)
        XCTAssertFalse(screen.contains("-icanon") || screen.contains("-echo "), screen, file: file, line: line)
    }

    func testDashboardDrawsPanesMovesOpensDetailsAndHelpAndQuitsCleanly() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture)); echo EXIT=$?")
        try t.waitFor(text: "1 Alerts")
        let main = try t.screen()
        for text in ["DEMO", "2 Queues", "3 Seizures", "MSCU6639870", "MAEU1234567"] {
            XCTAssertTrue(main.contains(text), "missing \(text):\n\(main)")
        }
        // The top alert is the seal mismatch; Enter opens it.
        try t.keys("Enter")
        try t.waitFor(text: "Timeline (")
        XCTAssertTrue(try t.screen().contains("details (Esc back)"))
        try t.keys("Escape")
        try t.waitFor("details closed") { !$0.contains("Timeline (") && $0.contains("1 Alerts") }
        // Queues: move to the held tab and see the held box.
        try t.keys("2", "l", "l")
        try t.waitFor(text: "SEGU4001004")
        try t.keys("?")
        try t.waitFor(text: "Help - Esc closes")
        try t.keys("Escape")
        try t.waitFor("help closed") { !$0.contains("Help - Esc closes") }
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
        try assertSaneTerminal(t)
    }

    func testResizeRedrawsAndTooSmallSaysSo() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture)); echo EXIT=$?")
        try t.waitFor(text: "3 Seizures")
        try t.resize(80, 24)
        try t.waitFor("80x24 layout") { s in
            let lines = s.split(separator: "\n")
            return s.contains("1 Alerts") && s.contains("3 Seizures") && lines.allSatisfy { $0.count <= 80 }
        }
        try t.resize(40, 10)
        try t.waitFor(text: "terminal too small")
        try t.resize(200, 60)
        try t.waitFor("200x60 layout") { $0.contains("1 Alerts") && $0.contains("Concealment") }
        try t.keys("C-c")
        try t.waitFor(text: "EXIT=")
        try assertSaneTerminal(t)
    }

    func testAppendedEventsShowUpLive() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("live.jsonl")
        try (#"{"id":"l1","ts":"2026-11-26T08:00:00Z","type":"manifest","port":"BEANR","container":"CMAU5123403","bl":"B1","pol":"CNSHA","pod":"BEANR","consignee":"A","seals":[{"no":"S1"}]}"# + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) watch --tick 0.2 \(shq(dir.path)); echo EXIT=$?")
        try t.waitFor(text: "LIVE")
        XCTAssertFalse(try t.screen().contains("CMAU5123403 "), "no alert yet")
        // A gate-out with a foreign seal and no release: automatic red. Written in two pieces, split mid-line.
        let line = #"{"id":"l2","ts":"2026-11-26T09:00:00Z","type":"gate_out","port":"BEANR","container":"CMAU5123403","seal":"S9"}"# + "\n"
        let h = try FileHandle(forWritingTo: file)
        h.seekToEndOfFile()
        h.write(Data(line.utf8.prefix(40)))
        usleep(300_000)
        h.write(Data(line.utf8.dropFirst(40)))
        h.closeFile()
        try t.waitFor("the new alert") { $0.contains("CRIT CMAU5123403") }
        XCTAssertTrue(try t.screen().contains("0 rejected"), "a line split mid-write must not be rejected")
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
    }

    func testSigtermRestoresTheTerminal() throws {
        let t = try TmuxSession(width: 100, height: 30)
        defer { t.kill() }
        let marker = "qw-term-\(getpid())"
        try t.run("(sleep 2; pkill -TERM -f \(marker)) & \(shq(quaywatchBinary)) demo --user \(marker) --preload 1000 \(shq(fixture)); echo EXIT=$?")
        try t.waitFor(text: "1 Alerts")
        try t.waitFor(text: "EXIT=143")
        try assertSaneTerminal(t)
    }

    func testDashboardWithoutATerminalExitsTwoAtOnce() throws {
        let r = try runQuaywatch(["watch", fixture])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("needs a terminal"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }
}

extension DashboardTests {
    func testCtrlZSuspendsAndFgResumes() throws {
        let t = try TmuxSession(width: 100, height: 30)
        defer { t.kill() }
        // No "; echo" list here: bash would run the echo as soon as the job stops.
        try t.run("\(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture))")
        try t.waitFor(text: "1 Alerts")
        try t.keys("C-z")
        try t.waitFor(text: "Stopped")
        try t.run("fg")
        try t.waitFor("the dashboard back") { $0.contains("1 Alerts") && !$0.contains("Stopped") }
        try t.keys("2")
        try t.waitFor(text: "Scan 1")
        try t.keys("q")
        try t.waitFor("the shell back") { $0.contains("$ ") && !$0.contains("1 Alerts") }
        try t.run("echo EXIT=$?")
        try t.waitFor(text: "EXIT=0")
        try assertSaneTerminal(t)
    }
}

extension DashboardTests {
    func testFilterNarrowsAsYouTypeAndAnErrorKeepsTheView() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run("\(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture)); echo EXIT=$?")
        try t.waitFor(text: "1 Alerts")
        try t.keys("4", "/")
        try t.waitFor(text: "of 7")
        for ch in "reefer:yes" { try t.keys(String(ch)) }
        try t.waitFor(text: "3 of 7")
        try t.keys("Space", "(")
        try t.waitFor(text: "'(' is never closed")
        XCTAssertTrue(try t.screen().contains("3 of 7"), "the last good filter stays applied")
        try t.keys("BSpace", "BSpace", "Enter")
        try t.waitFor(text: "filter: reefer:yes")
        try t.keys("\\")
        try t.waitFor(text: "filter: -")
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
    }
}

extension DashboardTests {
    func testFilterHistoryAndSavedFiltersSurviveARestart() throws {
        let home = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let env = "XDG_STATE_HOME=\(shq(home.appendingPathComponent("state").path)) XDG_CONFIG_HOME=\(shq(home.appendingPathComponent("config").path))"
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        let command = "\(env) \(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture)); echo EXIT=$?"
        try t.run(command)
        try t.waitFor(text: "1 Alerts")
        try t.keys("/")
        for ch in "lane:red" { try t.keys(String(ch)) }
        try t.keys("Enter")
        try t.waitFor(text: "filter: lane:red")
        try t.keys("/", "C-u")
        for ch in ":save reds" { try t.keys(String(ch)) }
        try t.keys("Enter")
        try t.waitFor(text: "saved filter 'reds'")
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
        try t.run("clear; " + command)
        try t.waitFor(text: "1 Alerts")
        try t.keys("/", "Up")
        try t.waitFor(text: "/ lane:red")
        try t.keys("Escape", "F")
        try t.waitFor(text: "reds")
        try t.keys("Escape", "q")
        try t.waitFor(text: "EXIT=0")
        let history = try String(contentsOf: home.appendingPathComponent("state/quaywatch/filter-history"), encoding: .utf8)
        XCTAssertEqual(history, "lane:red\n")
        let attrs = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent("state/quaywatch").path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o700)
    }
}

extension DashboardTests {
    func testSortMarkAllMatchesAndExportWritesExactlyThoseRows() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("red.csv").path
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run("XDG_STATE_HOME=\(shq(dir.path)) \(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture)); echo EXIT=$?")
        try t.waitFor(text: "1 Alerts")
        try t.keys("4", "s")
        try t.waitFor(text: "CONTAINER▲")
        try t.keys("/")
        for ch in "lane:red" { try t.keys(String(ch)) }
        try t.keys("Enter", "*")
        try t.waitFor(text: "4 marked")
        try t.keys("/", "C-u")
        for ch in ":export \(out)" { try t.keys(String(ch)) }
        try t.keys("Enter")
        try t.waitFor(text: "exported 4 rows")
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let lines = csv.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.count, 5, csv)
        let boxes = lines.dropFirst().map { String($0.prefix(11)) }
        XCTAssertEqual(boxes, ["CSQU3054383", "MAEU1234567", "MSCU6639870", "TGHU1234567"], "the red boxes, in the on-screen (container) order")
    }
}
