import CZlib
import Foundation
import XCTest
@testable import QuayCore

/// Gzip-compressed history files, written with the system zlib.
final class GzipFeedTests: TemporaryDirectoryTestCase {

    func sampleText() throws -> (String, String) {
        let all = try sampleLines()
        let half = all.count / 2
        return (all[..<half].joined(separator: "\n") + "\n", all[half...].joined(separator: "\n") + "\n")
    }

    func testAGzipFileReadsLikeThePlainOne() throws {
        let (a, b) = try sampleText()
        let plain = dir.appendingPathComponent("day.jsonl").path
        try (a + b).write(toFile: plain, atomically: false, encoding: .utf8)
        let gz = dir.appendingPathComponent("history").appendingPathExtension("jsonl.gz").path
        try gzip([a, b], to: gz)
        let compressed = try FileManager.default.attributesOfItem(atPath: gz)[.size] as! Int
        XCTAssertLessThan(compressed, (a + b).utf8.count / 3, "really compressed")
        let expected = try FeedTotals.batch([plain])
        XCTAssertGreaterThan(expected.events, 5000)
        XCTAssertEqual(try FeedTotals.batch([gz]), expected)
        let (_, stats) = try FeedLoader.load([gz], rules: RuleSet.builtIn())
        XCTAssertEqual(stats.bytes, compressed, "bytes read from disk")
    }

    func testTheFollowerReadsGzipWholeInSlicesAndDoesNotFollowIt() throws {
        let (a, b) = try sampleText()
        let gz = dir.appendingPathComponent("old.jsonl.gz").path
        try gzip([a, b], to: gz)
        let f = FileFollower(path: gz)
        var feed = FollowedFeed()
        var slices = 0
        while try feed.poll(f, maxBytes: 256 << 10) > 0 { slices += 1 }
        XCTAssertGreaterThan(slices, 3, "read in slices, not all at once")
        XCTAssertTrue(f.gzipDone)
        XCTAssertEqual(f.bytesRead, try FileManager.default.attributesOfItem(atPath: gz)[.size] as! Int)
        let plain = dir.appendingPathComponent("plain.jsonl").path
        try (a + b).write(toFile: plain, atomically: false, encoding: .utf8)
        let expected = try FeedTotals.batch([plain])
        XCTAssertEqual(feed.totals, expected)
        // History is not followed: a member appended later is not read.
        try gzip([a, b, a], to: gz)
        XCTAssertEqual(try feed.poll(f), 0)
        XCTAssertEqual(feed.totals, expected)
    }

    func testATruncatedGzipKeepsWhatCameBeforeAndSaysWhy() throws {
        let (a, b) = try sampleText()
        let gz = dir.appendingPathComponent("cut.jsonl.gz").path
        try gzip([a + b], to: gz)
        let size = try FileManager.default.attributesOfItem(atPath: gz)[.size] as! Int
        XCTAssertEqual(truncate(gz, off_t(size - 2000)), 0)
        XCTAssertThrowsError(try FeedLoader.load([gz], rules: RuleSet.builtIn())) { e in
            XCTAssertEqual("\(e)", "\(gz): gzip data ends early (truncated, or still being written): unexpected end of file")
        }
        let f = FileFollower(path: gz)
        var feed = FollowedFeed()
        XCTAssertThrowsError(try feed.poll(f)) { e in
            XCTAssertTrue("\(e)".hasPrefix("gzip data ends early"), "\(e)")
        }
        XCTAssertGreaterThan(feed.stats.events, 1000, "the lines before the break are in")
        XCTAssertFalse(f.gzipDone, "waiting for the rest")
        XCTAssertEqual(feed.stats.rejectCounts["invalid JSON"] ?? 0, try FeedTotals.batch([writePlain(a + b)]).rejectCounts["invalid JSON"] ?? 0,
                       "the half line at the break is held, not a reject")
        let events = feed.stats.events
        XCTAssertThrowsError(try feed.poll(f), "the problem stays shown") { e in
            XCTAssertEqual(e as? FileFollower.ReadError, .incomplete("gzip data ends early (truncated, or still being written): unexpected end of file"))
        }
        XCTAssertEqual(feed.stats.events, events, "and nothing is read twice")
    }

    func testAGzipFileStillBeingWrittenIsReadOnAsItGrows() throws {
        let (a, b) = try sampleText()
        let whole = dir.appendingPathComponent("whole.jsonl.gz").path
        try gzip([a + b], to: whole)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: whole)))
        let growing = dir.appendingPathComponent("growing.jsonl.gz").path
        let f = FileFollower(path: growing)
        var feed = FollowedFeed()
        // The compressor's output lands in three pieces, cut anywhere.
        let cuts = [0, bytes.count / 3, bytes.count * 2 / 3 + 7, bytes.count]
        for i in 0..<3 {
            try appendBytes(growing, bytes[cuts[i]..<cuts[i + 1]])
            if i < 2 {
                XCTAssertThrowsError(try feed.poll(f)) { e in
                    guard case .incomplete = e as? FileFollower.ReadError else { return XCTFail("\(e)") }
                }
                XCTAssertFalse(f.gzipDone)
            } else {
                while try feed.poll(f) > 0 {}
            }
        }
        XCTAssertTrue(f.gzipDone)
        XCTAssertEqual(feed.totals, try FeedTotals.batch([try writePlain(a + b)]))
        XCTAssertEqual(feed.stats.rejected, try FeedTotals.batch([try writePlain(a + b)]).rejectCounts.values.reduce(0, +),
                       "no line was cut at a piece boundary")
    }

    func writePlain(_ text: String) throws -> String {
        let p = dir.appendingPathComponent("plain-\(UUID().uuidString).jsonl").path
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    func testAFileNamedGzThatIsNotGzipIsAnError() throws {
        let p = dir.appendingPathComponent("fake.jsonl.gz").path
        try "{\"id\":\"x\"}\n".write(toFile: p, atomically: false, encoding: .utf8)
        XCTAssertThrowsError(try FeedLoader.load([p], rules: RuleSet.builtIn())) { e in
            XCTAssertEqual("\(e)", "\(p): not gzip-compressed data")
        }
    }
}
