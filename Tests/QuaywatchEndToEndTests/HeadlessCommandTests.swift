import Foundation
import XCTest

/// The headless commands, run as a script would run them.
final class HeadlessCommandTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    let good = #"{"id":"e1","ts":"2026-11-26T08:00:00Z","type":"discharge","port":"BEANR","container":"MSCU6639870","terminal":"K913"}"#
    let badDigit = #"{"id":"e2","ts":"2026-11-26T08:00:00Z","type":"discharge","port":"BEANR","container":"MSCU6639871"}"#

    func write(_ lines: [String], _ name: String = "a.jsonl") throws -> String {
        let p = dir.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// A file name with an escape sequence: `check` names the file without
    /// letting the sequence reach the terminal.
    func testCheckNeverPrintsControlCharactersFromFileNames() throws {
        let path = try write(["{broken"], "evil\u{1b}[2J\u{202e}.jsonl")
        let r = try runQuaywatch(["check", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("evil\u{FFFD}[2J\u{FFFD}.jsonl:1: "), r.stdout)
        XCTAssertFalse(r.stdout.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{202e}" })
        let missing = try runQuaywatch(["check", dir.appendingPathComponent("gone\u{1b}]52;c;x\u{7}.jsonl").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertFalse(missing.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, missing.stderr)
    }

    func testCheckPrintsRejectsAndExitsOne() throws {
        let path = try write([good, badDigit, "{broken"])
        let r = try runQuaywatch(["check", path])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("\(path):2: container MSCU6639871: check digit should be 0, not 1"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\(path):3: invalid JSON at column 2"), r.stdout)
        XCTAssertTrue(r.stdout.contains("1 file, 1 events, 2 rejected (1 container check digit, 1 invalid JSON)"), r.stdout)
    }

    func testCheckOfCleanFilesExitsZero() throws {
        let r = try runQuaywatch(["check", try write([good])])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("1 events, 0 rejected"))
    }

    func testMissingFileIsUsageErrorTwo() throws {
        let r = try runQuaywatch(["check", dir.appendingPathComponent("nope.jsonl").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("nope.jsonl: no such file or directory"), r.stderr)
    }

    func testReportJSONHasTheDocumentedKeys() throws {
        // A state directory without a journal: no workflow figures.
        let empty = try temporaryDirectory().path
        let r = try runQuaywatch(["report", "--format", "json", try write([good, badDigit])], env: ["XDG_STATE_HOME": empty])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(Set(obj.keys), ["at", "ports", "feed", "containers", "queues", "alerts", "seizures", "hit_rates"])
        let feed = obj["feed"] as! [String: Any]
        XCTAssertEqual(feed["rejected"] as? Int, 1)
        XCTAssertEqual((obj["containers"] as! [String: Any])["total"] as? Int, 1)
    }

    func testReportFilterErrorPointsAtTheColumnAndExitsTwo() throws {
        let r = try runQuaywatch(["report", "--filter", "lane:red colour:blue", try write([good])])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("column 10: unknown field 'colour'"), r.stderr)
    }

    func testExplainShowsTimelineAndUnknownBoxExitsOne() throws {
        let path = try write([good])
        let r = try runQuaywatch(["explain", "MSCU6639870", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Timeline (1 events)"), r.stdout)
        XCTAssertEqual(try runQuaywatch(["explain", "CMAU5123403", path]).status, 1)
        let bad = try runQuaywatch(["explain", "MSCU6639871", path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("check digit should be 0"), bad.stderr)
    }

    func testVersionAndHelp() throws {
        XCTAssertEqual(try runQuaywatch(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
        let help = try runQuaywatch(["--help"])
        XCTAssertEqual(help.status, 0)
        for sub in ["report", "check", "explain", "snapshot"] { XCTAssertTrue(help.stdout.contains(sub), sub) }
    }

    func testSnapshotRendersAFrameWithoutATerminal() throws {
        let r = try runQuaywatch(["snapshot", "--size", "100x30", try write([good])])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 31)
        XCTAssertTrue(r.stdout.contains("1 Alerts"))
        XCTAssertFalse(r.stdout.contains("\u{1B}"))
    }
}
