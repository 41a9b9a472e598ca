import Foundation
import XCTest

/// The supervisor workflow in the real binary, in tmux, with a real journal.
final class WorkflowEndToEndTests: XCTestCase {
    let fixture = packageRoot.appendingPathComponent("Tests/QuayUITests/Fixtures/day.jsonl").path
    var dir: URL!
    var roster: String { dir.appendingPathComponent("roster.yaml").path }
    var state: String { dir.appendingPathComponent("state").path }

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.available, "tmux is not installed (.ci/run installs it)")
        dir = try temporaryDirectory()
        try """
        users:
          - {name: sup, role: supervisor}
          - {name: op, role: operator}
        teams:
          - {name: customs-a, officers: [claes]}
        """.write(toFile: roster, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    override class func tearDown() {
        TmuxSession.killServer()
        super.tearDown()
    }

    func dashboard(_ user: String) -> String {
        "\(shq(quaywatchBinary)) demo --preload 1000 \(shq(fixture)) --roster \(shq(roster)) --state \(shq(state)) --user \(user)"
    }

    /// Cases and kg of today's seizures, read off the seizures pane.
    func today(_ screen: String) -> (cases: Int, kg: String)? {
        for line in screen.split(separator: "\n") {
            let cells = line.split(whereSeparator: { $0 == "│" || $0 == " " })
            if let i = cells.firstIndex(of: "today"), i + 2 < cells.count, let cases = Int(cells[i + 1]) {
                return (cases, String(cells[i + 2]))
            }
        }
        return nil
    }

    func testSupervisorAssignsThroughTheFormRecordsASeizureAndTheTalliesMove() throws {
        let t = try TmuxSession(width: 200, height: 60)
        defer { t.kill() }
        try t.run(dashboard("sup") + "; echo EXIT=$?")
        try t.waitFor(text: "sup (supervisor)")
        let first = try t.screen()
        let before = try XCTUnwrap(today(first), first)
        // The top alert is MAEU1234567: assign it through the form.
        try t.keys("i")
        try t.waitFor(text: "Assign inspection: MAEU1234567")
        try t.keys("c", "u", "Tab")
        try t.waitFor(text: "customs-a_")
        try t.keys("Enter")
        try t.waitFor(text: "assigned MAEU1234567 (journal #1)")
        // Record a seizure of 120 kg of cocaine.
        try t.keys("r")
        try t.waitFor(text: "Record inspection result: MAEU1234567")
        try t.keys("s", "Down", "Down", "1", "2", "0", "Enter")
        try t.waitFor(text: "recorded the result for MAEU1234567 (journal #2)")
        let after = try t.waitFor("today's tally to move") { self.today($0)?.cases == before.cases + 1 }
        XCTAssertNotEqual(today(after)?.kg, before.kg, after)
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")

        let trail = try runQuaywatch(["journal", "--state", state])
        XCTAssertEqual(trail.status, 0, trail.stderr)
        XCTAssertTrue(trail.stdout.contains("assign      MAEU1234567 assignee=customs-a"), trail.stdout)
        XCTAssertTrue(trail.stdout.contains("result      MAEU1234567 concealment=rip_on_rip_off drug=cocaine kg=120 outcome=seizure"), trail.stdout)
        let json = try runQuaywatch(["journal", "--state", state, "--format", "json"])
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["action"] as? String }, ["assign", "result"])
        XCTAssertEqual(rows.map { $0["user"] as? String }, ["sup", "sup"])
        let report = try runQuaywatch(["report", fixture, "--state", state, "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let r = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let workflow = try XCTUnwrap(r["workflow"] as? [String: Any], report.stdout)
        XCTAssertEqual(workflow["inspections_done"] as? Int, 1)
        XCTAssertEqual(workflow["journal_entries"] as? Int, 2)
    }

    func testOperatorTryingToAcknowledgeIsRefusedAndNothingIsWritten() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run(dashboard("op") + "; echo EXIT=$?")
        try t.waitFor(text: "1 Alerts")
        try t.keys("a")
        try t.waitFor(text: "acknowledge needs the supervisor role; you are operator")
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
        let trail = try runQuaywatch(["journal", "--state", state])
        XCTAssertTrue(trail.stdout.hasSuffix("0 entries\n"), trail.stdout)
    }

    /// Acknowledge, SIGKILL right after the confirmation shows, restart:
    /// the acknowledgement is there and the database is sound.
    func testAcknowledgementSurvivesSIGKILL() throws {
        let t = try TmuxSession(width: 120, height: 40)
        defer { t.kill() }
        try t.run(dashboard("sup"))
        try t.waitFor(text: "● CRIT MAEU1234567")
        try t.keys("a")
        try t.waitFor(text: "acknowledged MAEU1234567 (journal #1)")
        let killed = killProcesses(mentioning: state)
        XCTAssertEqual(killed, 1, "exactly the dashboard was killed")
        try t.run("stty sane; clear")
        try t.waitFor("the old screen to go") { !$0.contains("1 Alerts") }
        try t.run(dashboard("sup"))
        try t.waitFor(text: "✓ CRIT MAEU1234567")
        try t.keys("q")
        let check = try runQuaywatch(["journal", "--state", state, "--check"])
        XCTAssertEqual(check.stdout, "integrity: ok\n", check.stderr)
        XCTAssertEqual(check.status, 0)
    }

    /// Two consoles on one state directory see each other's actions
    /// without a restart.
    func testTwoConsolesSeeEachOthersActions() throws {
        let a = try TmuxSession(width: 120, height: 40), b = try TmuxSession(width: 120, height: 40)
        defer { a.kill(); b.kill() }
        try a.run(dashboard("sup"))
        try b.run(dashboard("op"))
        try a.waitFor(text: "● CRIT MAEU1234567")
        try b.waitFor(text: "● CRIT MAEU1234567")
        try a.keys("a")
        try a.waitFor(text: "acknowledged MAEU1234567 (journal #1)")
        try b.waitFor(text: "✓ CRIT MAEU1234567", timeout: 10)
        // The operator's note shows in the supervisor's details.
        try b.keys("n")
        try b.waitFor(text: "Add a note: MAEU1234567")
        try b.run("reefer unit screws scratched")
        try b.waitFor(text: "noted MAEU1234567 (journal #2)")
        try a.keys("Enter")
        try a.waitFor(text: "reefer unit screws scratched", timeout: 10)
        try a.keys("q")
        try b.keys("q")
    }

    /// SIGKILLs every process whose command line mentions `text`; returns how many.
    func killProcesses(mentioning text: String) -> Int {
        var killed = 0
        let procs = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for p in procs {
            guard let pid = Int32(p), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(p)/cmdline") else { continue }
            let args = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard args.first?.hasSuffix("quaywatch") == true, args.contains(text) else { continue }
            if kill(pid, SIGKILL) == 0 { killed += 1 }
        }
        return killed
    }
}
