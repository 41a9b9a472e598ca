import Foundation
import XCTest
@testable import QuayCore
@testable import QuayUI

/// The feed health overlay (key f) and the stale header.
final class FeedOverlayTests: XCTestCase {
    /// The fixture day, followed live, with one file in each state.
    func liveFrame(width: Int, height: Int, keys: String = "f", staleFor seconds: Int64 = 3) throws -> (ScreenBuffer, AppState) {
        var (_, app) = try frame(width: width, height: height)
        var s = app.snapshot!
        let wall = s.wallNow
        func file(_ path: String, _ state: FileHealth.State, bytes: Int, events: Int, ago: Int64?, last: String?) -> FileHealth {
            var h = FileHealth(path: path)
            h.state = state
            h.bytes = bytes
            h.events = events
            h.lastArrivalWall = ago.map { wall - $0 * 1000 }
            h.lastEventTime = last.flatMap { try? Timestamp.parse($0).get() }
            return h
        }
        var today = file("/srv/feed/events/2026-11-26.jsonl", .following, bytes: 466_000, events: 2_049, ago: seconds, last: "2026-11-26T09:59:12Z")
        today.duplicates = 10
        today.rejectCounts = ["invalid JSON": 1, "container check digit": 1]
        today.recentRejects = ["/srv/feed/events/2026-11-26.jsonl:396: invalid JSON at column 109: unterminated string",
                               "/srv/feed/events/2026-11-26.jsonl:930: container MOLU3324877: check digit should be 9, not 7"]
        today.sinceLastRun = "grew by 10240 bytes since the last run"
        var gone = file("/srv/feed/events/k869-manual.jsonl", .gone, bytes: 1_520, events: 5, ago: 4_000, last: "2026-11-26T08:30:00Z")
        gone.problem = "gone (rotated or deleted); waiting for it to come back"
        var broken = file("/srv/feed/archive/2026-10.jsonl.gz", .gzipIncomplete, bytes: 2_400_000, events: 51_200, ago: 7_000, last: "2026-10-31T23:58:00Z")
        broken.problem = "gzip data ends early (truncated, or still being written): unexpected end of file"
        s.feed.health = [
            file("/srv/feed/archive/2026-09.jsonl.gz", .gzipDone, bytes: 3_100_000, events: 64_000, ago: 7_100, last: "2026-09-30T23:59:00Z"),
            broken,
            today,
            file("/srv/feed/events/k913.jsonl", .rotated, bytes: 12_400, events: 31, ago: 20, last: "2026-11-26T09:58:40Z"),
            gone,
        ]
        s.feed.fileErrors = ["/srv/feed/events/k869-manual.jsonl": gone.problem!, "/mnt/k1742/*.jsonl": "no file matches this pattern"]
        s.feed.restart = "since the last run: 1 grew (+10240 bytes), 1 new, 3 unchanged; every file is read again from its start"
        s.feed.lastArrivalWall = wall - seconds * 1000
        s.feed.staleAfter = 120
        _ = update(&app, .snapshot(s))
        for k in try KeySequence.parse(keys) { _ = update(&app, .key(k)) }
        return (view(app), app)
    }

    func testFeedOverlay80x24() throws { try assertGolden(try liveFrame(width: 80, height: 24).0, "feed-80x24") }
    func testFeedOverlay200x60() throws { try assertGolden(try liveFrame(width: 200, height: 60).0, "feed-200x60") }

    /// The overlay counts every visit archived, also those retention no
    /// longer remembers (a week after they ended).
    func testTheOverlayCountsEveryBoxArchived() throws {
        var (_, app) = try liveFrame(width: 120, height: 40, keys: "")
        var s = app.snapshot!
        XCTAssertEqual(s.state.archived.count, 0)
        s.state.archived.total = 12_345  // archived long ago: none remembered (RetentionTests)
        _ = update(&app, .snapshot(s))
        _ = update(&app, .key(.char("f")))
        XCTAssertTrue(view(app).text.contains("12,345 boxes archived"), view(app).text)
    }

    func testFTogglesTheOverlayAndHelpListsIt() throws {
        var (_, app) = try liveFrame(width: 120, height: 40, keys: "")
        XCTAssertNil(app.overlay)
        _ = update(&app, .key(.char("f")))
        XCTAssertEqual(app.overlay, .feed(scroll: 0))
        _ = update(&app, .key(.char("j")))
        XCTAssertEqual(app.overlay, .feed(scroll: 1))
        _ = update(&app, .key(.char("f")))
        XCTAssertNil(app.overlay)
        _ = update(&app, .key(.char("f")))
        _ = update(&app, .key(.escape))
        XCTAssertNil(app.overlay)
        _ = update(&app, .key(.char("?")))
        XCTAssertTrue(view(app).text.contains("f               feed health"), view(app).text)
    }

    func testStaleShowsSecondsInTheWarningColour() throws {
        let (buf, _) = try liveFrame(width: 120, height: 40, keys: "", staleFor: 130)
        let header = buf.line(0)
        XCTAssertTrue(header.contains(" STALE 130 s "), header)
        let x = header.distance(from: header.startIndex, to: header.range(of: "STALE")!.lowerBound)
        XCTAssertEqual(buf[x, 0].style.role, .warning)
        let (fresh, _) = try liveFrame(width: 120, height: 40, keys: "", staleFor: 119)
        XCTAssertTrue(fresh.line(0).contains(" LIVE "), fresh.line(0))
    }

    func testTextFromFilesNeverReachesTheScreenAsControlCharacters() throws {
        var (_, app) = try liveFrame(width: 160, height: 40, keys: "")
        var s = app.snapshot!
        let evil = "/tmp/x\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}gpj.jsonl"
        var h = FileHealth(path: evil)
        h.rejectCounts = ["invalid JSON": 1]
        h.recentRejects = [evil + ":1: invalid JSON \u{1B}[31mred\u{9B}"]
        h.problem = "bad\u{0}\u{1B}c"
        s.feed.health = [h]
        s.feed.fileErrors = [evil + "/\u{1B}[H": "no such file\u{1B}[2J"]
        _ = update(&app, .snapshot(s))
        _ = update(&app, .key(.char("f")))
        let buf = view(app)
        let text = buf.text
        XCTAssertTrue(text.contains("owned"), text)
        XCTAssertTrue(text.contains(":1: invalid JSON"), text)
        for y in 0..<buf.height {
            for x in 0..<buf.width {
                for scalar in buf[x, y].text.unicodeScalars {
                    XCTAssertFalse(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{202E}",
                                   "control U+\(String(scalar.value, radix: 16)) at \(x),\(y)")
                }
            }
        }
    }
}
