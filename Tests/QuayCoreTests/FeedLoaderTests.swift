import Foundation
import XCTest
@testable import QuayCore

final class FeedLoaderTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-feed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

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
