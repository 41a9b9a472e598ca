import Foundation
import XCTest
@testable import QuayCore

final class ReplayPlanTests: TemporaryDirectoryTestCase {
    func write(_ name: String, _ lines: [String]) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func event(_ id: String, _ time: String) -> String {
        #"{"id":"\#(id)","ts":"2026-11-26T\#(time)Z","type":"discharge","port":"BEANR","container":"MSCU6639870"}"#
    }

    func plan() throws -> ReplayPlan {
        _ = try write("a.jsonl", [event("a1", "08:00:00"), event("a2", "08:10:00"), "{broken", event("a3", "08:01:00")])
        _ = try write("b.jsonl", [event("b1", "08:00:00"), event("b2", "08:05:00")])
        return try ReplayPlan.load([dir.path])
    }

    func testSourcesMergeInEventTimeOrderAndRejectsStayOut() throws {
        let p = try plan()
        let ids = (0..<p.count).map { String(decoding: p.line($0), as: UTF8.self).dropFirst(7).prefix(2) }
        XCTAssertEqual(ids, ["a1", "b1", "a3", "b2", "a2"], "by time; equal times keep file order")
        XCTAssertEqual(String(decoding: p.line(0), as: UTF8.self), event("a1", "08:00:00"), "lines go out as they were")
        XCTAssertEqual(String(decoding: p.text(of: 1..<3), as: UTF8.self), event("b1", "08:00:00") + "\n" + event("a3", "08:01:00") + "\n")
        XCTAssertTrue(p.text(of: 2..<2).isEmpty)
        XCTAssertEqual(p.stats.rejectCounts, ["invalid JSON": 1])
    }

    func testSpeedDividesTheOriginalGaps() throws {
        let p = try plan()
        let pace = ReplayPlan.Pace.speed(60)
        // 08:00, 08:00, 08:01, 08:05, 08:10 at 60x: 0 s, 0 s, 1 s, 5 s, 10 s.
        XCTAssertEqual((0..<p.count).map { p.dueSeconds($0, pace: pace) }, [0, 0, 1, 5, 10])
        XCTAssertEqual([0, 0.99, 1, 4.9, 9.99, 10, 99].map { p.due(after: $0, pace: pace) }, [2, 2, 3, 3, 4, 5, 5])
    }

    func testRateIgnoresTimesAndFromStartsTheClockThere() throws {
        let p = try plan()
        XCTAssertEqual((0..<p.count).map { p.dueSeconds($0, pace: .rate(2)) }, [0, 0.5, 1, 1.5, 2])
        let from = try Timestamp.parse("2026-11-26T08:04:00Z").get()
        // Before 08:04 at once; then 08:05 one minute in, 08:10 six minutes in, at 60x: 1 s and 6 s.
        XCTAssertEqual((0..<p.count).map { p.dueSeconds($0, pace: .speed(60), from: from) }, [0, 0, 0, 1, 6])
        XCTAssertEqual((0..<p.count).map { p.dueSeconds($0, pace: .rate(10), from: from) }, [0, 0, 0, 0, 0.1])
        XCTAssertEqual(p.due(after: 0, pace: .speed(60), from: from), 3)
    }
}
