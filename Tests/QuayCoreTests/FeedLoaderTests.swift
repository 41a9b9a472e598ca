import Foundation
import XCTest
@testable import QuayCore

final class FeedLoaderTests: TemporaryDirectoryTestCase {
    func testBadLinesAreReportedAndValidNeighboursKept() throws {
        var f = PortStateTests.day()
        var lines = f.lines
        lines.insert("{not json", at: 3)
        lines.insert(#"{"id":"bad1","ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639871"}"#, at: 7)
        lines.insert("", at: 9)
        lines.insert(String(repeating: "x", count: 2_000_000), at: 12)
        let path = dir.appendingPathComponent("day.jsonl").path
        // CRLF endings and no final newline.
        try Data(lines.joined(separator: "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        let (state, stats) = try FeedLoader.load([dir.path], rules: RuleSet.builtIn())
        XCTAssertEqual(stats.events, f.lines.count)
        XCTAssertEqual(stats.rejected, 3)
        XCTAssertEqual(stats.rejectCounts, ["invalid JSON": 1, "container check digit": 1, "line too long": 1])
        XCTAssertEqual(stats.rejects.map { $0.source!.line }, [4, 8, 13])
        XCTAssertEqual(stats.rejects[1].description, "\(path):8: container MSCU6639871: check digit should be 0, not 1")
        XCTAssertEqual(stats.blankLines, 1)
        f.lines = lines
        XCTAssertEqual(state.containers.count, 6)
    }

    /// One line dated decades on (a bad clock, a sentinel date) does not
    /// become the feed's clock: the sample days are scored as of their own
    /// end, as without the line, which stays filed, with a warning naming it.
    func testOneFarFutureLineDoesNotMoveTheClock() throws {
        let sample = packageRoot.appendingPathComponent("sample-data/events")
        let (plain, _) = try FeedLoader.load([sample.path], rules: RuleSet.builtIn())
        let copy = dir.appendingPathComponent("events")
        try FileManager.default.copyItem(at: sample, to: copy)
        let day = copy.appendingPathComponent("2026-11-26.jsonl")
        let lines = try String(contentsOf: day, encoding: .utf8).split(separator: "\n").count
        let bogus = #"{"id":"bogus-1","ts":"2099-01-01T00:00:00Z","type":"gate_in","port":"BEANR","container":"MSCU6639870","terminal":"K913"}"#
        let handle = try FileHandle(forWritingTo: day)
        try handle.seekToEnd()
        let vessel = #"{"id":"bogus-2","ts":"2099-01-02T00:00:00Z","type":"vessel_arrival","port":"BEANR","vessel_imo":"9074729"}"#
        try handle.write(contentsOf: Data((bogus + "\n" + vessel + "\n").utf8))
        try handle.close()

        let (state, stats) = try FeedLoader.load([copy.path], rules: RuleSet.builtIn())
        XCTAssertEqual(state.clock, plain.clock)
        XCTAssertEqual(state.events, plain.events + 2, "the lines are filed")
        XCTAssertEqual(state.aggregates.byLane, plain.aggregates.byLane, "no box scored as of 2099")
        XCTAssertEqual(stats.warningCounts["far-future time"], 2)
        XCTAssertTrue(stats.warnings.contains { $0.kind == "far-future time" && $0.message.contains("vessel IMO 9074729") })
        let w = try XCTUnwrap(stats.warnings.first { $0.kind == "far-future time" })
        XCTAssertEqual(w.source, SourceRef(file: day.path, line: lines + 1))
        XCTAssertTrue(w.message.contains("2099-01-01T00:00:00Z"), w.message)

        // Without such a line the clock is the latest event time.
        XCTAssertEqual(plain.clock, plain.containers.raw.values.flatMap { $0.events.map(\.ts) }.max())
    }

    /// Two file names that are equal as Unicode strings but differ in
    /// bytes (é precomposed, and e with a combining accent) are two files:
    /// a reject from the second names the second, not the first.
    func testCanonicallyEqualFileNamesKeepTheirOwnBytes() throws {
        let nfc = dir.appendingPathComponent("caf\u{E9}.jsonl").path
        let nfd = dir.appendingPathComponent("cafe\u{301}.jsonl").path
        XCTAssertEqual(nfc, nfd, "Swift compares them as equal")
        XCTAssertNotEqual(Array(nfc.utf8), Array(nfd.utf8))
        XCTAssertEqual(Array(SourceRef(file: nfc, line: 1).file.utf8), Array(nfc.utf8))
        XCTAssertEqual(Array(SourceRef(file: nfd, line: 1).file.utf8), Array(nfd.utf8))
        XCTAssertNotEqual(SourceRef.File(nfc), SourceRef.File(nfd))

        var state = PortState(rules: RuleSet.builtIn())
        var stats = IngestStats()
        for path in [nfc, nfd] {
            try Data("{not json\n".utf8).write(to: URL(fileURLWithPath: path))
            try FeedLoader.load(file: path, into: &state, stats: &stats, parallel: false)
            XCTAssertEqual(Array(try XCTUnwrap(stats.lastReject?.source).file.utf8), Array(path.utf8))
        }
        XCTAssertEqual(stats.rejected, 2)
        XCTAssertEqual(Set(stats.rejects.map { Array($0.source!.file.utf8) }), [Array(nfc.utf8), Array(nfd.utf8)])
    }

    func testLineSplitterHoldsAPartialLineUntilItCompletes() {
        var s = LineSplitter()
        var got: [String] = []
        func feed(_ text: [UInt8]) {
            text.withUnsafeBufferPointer { buf in
                s.feed(buf) { piece in
                    if case .line(let b, let n) = piece { got.append("\(n):" + String(decoding: b, as: UTF8.self)) }
                }
            }
        }
        let all = Array("ab\ncé\nde".utf8)
        // Split inside the two-byte é.
        feed(Array(all[0..<5]))
        XCTAssertEqual(got, ["1:ab"])
        XCTAssertTrue(s.hasPartialLine)
        feed(Array(all[5...]))
        XCTAssertEqual(got, ["1:ab", "2:cé"])
        s.finish { piece in if case .line(let b, let n) = piece { got.append("\(n):" + String(decoding: b, as: UTF8.self)) } }
        XCTAssertEqual(got, ["1:ab", "2:cé", "3:de"])
    }

    func testMissingPathIsAClearError() {
        XCTAssertThrowsError(try FeedLoader.expand([dir.path + "/nope"])) { e in
            XCTAssertEqual("\(e)", dir.path + "/nope: no such file or directory")
        }
    }

    func testDirectoryFilesAreReadInNameOrder() throws {
        for name in ["b.jsonl", "a.jsonl", "notes.txt"] {
            try Data().write(to: dir.appendingPathComponent(name))
        }
        XCTAssertEqual(try FeedLoader.expand([dir.path]).map { ($0 as NSString).lastPathComponent }, ["a.jsonl", "b.jsonl"])
    }
}

extension FeedLoaderTests {
    func touch(_ names: String...) throws {
        for n in names {
            let url = dir.appendingPathComponent(n)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data().write(to: url)
        }
    }

    func testDirectoriesHoldGzipHistoryToo() throws {
        try touch("b.jsonl", "a.jsonl.gz", "c.jsonl.1", "d.jsonl.1.gz", ".hidden.jsonl")
        XCTAssertEqual(try FeedLoader.expand([dir.path]).map { ($0 as NSString).lastPathComponent }, ["a.jsonl.gz", "b.jsonl"])
    }

    func testGlobPatternsExpandAndAPatternThatMatchesNothingIsAnErrorNamingIt() throws {
        try touch("2026-11-25.jsonl", "2026-11-26.jsonl", "2026-10-01.jsonl.gz", "k869/x.jsonl", "k913/y.jsonl", "k913/z.txt")
        let d = dir.path
        XCTAssertEqual(try FeedLoader.expand([d + "/2026-11-*.jsonl"]), [d + "/2026-11-25.jsonl", d + "/2026-11-26.jsonl"])
        XCTAssertEqual(try FeedLoader.expand([d + "/*.jsonl.gz"]), [d + "/2026-10-01.jsonl.gz"])
        // A pattern that matches directories follows the event files in them.
        XCTAssertEqual(try FeedLoader.expand([d + "/k[0-9]*"]), [d + "/k869/x.jsonl", d + "/k913/y.jsonl"])
        XCTAssertThrowsError(try FeedLoader.expand([d + "/2025-*.jsonl"])) { e in
            XCTAssertEqual("\(e)", d + "/2025-*.jsonl: no file matches this pattern")
        }
    }

    func testANameThatExistsIsTakenAsItIsEvenWithPatternCharacters() throws {
        try touch("odd[1].jsonl", "odd1.jsonl")
        XCTAssertEqual(try FeedLoader.expand([dir.path + "/odd[1].jsonl"]), [dir.path + "/odd[1].jsonl"])
    }
}
