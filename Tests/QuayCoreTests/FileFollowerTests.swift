import Foundation
import XCTest
@testable import QuayCore

final class FileFollowerTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-follow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func lines(_ f: FileFollower) throws -> [String] {
        var out: [String] = []
        _ = try f.poll { if case .line(let b, _) = $0 { out.append(String(decoding: b, as: UTF8.self)) } }
        return out
    }

    func append(_ path: String, _ text: String) throws {
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        h.closeFile()
    }

    func testAppendsArriveOnceAndAPartialLineWaits() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "one\ntw".write(toFile: p, atomically: false, encoding: .utf8)
        let f = FileFollower(path: p)
        XCTAssertEqual(try lines(f), ["one"])
        XCTAssertEqual(try lines(f), [])
        try append(p, "o\nthree\n")
        XCTAssertEqual(try lines(f), ["two", "three"])
    }

    func testRotationReadsTheRestOfTheOldFileThenTheNewOne() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "1\n2\n".write(toFile: p, atomically: false, encoding: .utf8)
        let f = FileFollower(path: p)
        XCTAssertEqual(try lines(f), ["1", "2"])
        // The writer appends, the file is renamed away, the writer finishes its line, a new file appears.
        try append(p, "3\n4")
        try FileManager.default.moveItem(atPath: p, toPath: p + ".1")
        try append(p + ".1", "\n")
        try "5\n".write(toFile: p, atomically: false, encoding: .utf8)
        XCTAssertEqual(try lines(f), ["3", "4", "5"], "nothing lost, nothing twice")
        try append(p, "6\n")
        XCTAssertEqual(try lines(f), ["6"])
    }

    func testCopytruncateStartsOver() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "1\n2\n3\n".write(toFile: p, atomically: false, encoding: .utf8)
        let f = FileFollower(path: p)
        XCTAssertEqual(try lines(f), ["1", "2", "3"])
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: p))
        h.truncateFile(atOffset: 0)
        h.closeFile()
        try append(p, "4\n")
        XCTAssertEqual(try lines(f), ["4"])
    }

    func testADeletedFileIsReportedAndPickedUpWhenItReturns() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "1\n".write(toFile: p, atomically: false, encoding: .utf8)
        let f = FileFollower(path: p)
        XCTAssertEqual(try lines(f), ["1"])
        try FileManager.default.removeItem(atPath: p)
        XCTAssertThrowsError(try lines(f))
        XCTAssertThrowsError(try lines(f))
        try "2\n".write(toFile: p, atomically: false, encoding: .utf8)
        XCTAssertEqual(try lines(f), ["2"])
    }
}
