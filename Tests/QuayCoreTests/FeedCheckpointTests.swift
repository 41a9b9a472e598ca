import Foundation
import XCTest
@testable import QuayCore

final class FeedCheckpointTests: TemporaryDirectoryTestCase {
    func file(_ name: String, _ text: String) throws -> String {
        let p = dir.appendingPathComponent(name).path
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    func testSavedAtomicallyPrivateAndReadBack() throws {
        let state = dir.appendingPathComponent("state/quaywatch").path
        let a = try file("a.jsonl", "one\ntwo\n")
        let c = FeedCheckpoint(files: [FileFollower.entry(of: a)!])
        try c.save(directory: state)
        try c.save(directory: state)
        XCTAssertEqual(try FeedCheckpoint.load(directory: state), c)
        let fm = FileManager.default
        XCTAssertEqual(try fm.attributesOfItem(atPath: state)[.posixPermissions] as? Int, 0o700)
        XCTAssertEqual(try fm.attributesOfItem(atPath: state + "/feed-state.json")[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: state), ["feed-state.json"], "no temporary file left behind")
        XCTAssertNil(try FeedCheckpoint.load(directory: dir.appendingPathComponent("none").path))
        try "{\"version\": 1, \"files\": 7}".write(toFile: state + "/feed-state.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try FeedCheckpoint.load(directory: state)) { e in
            XCTAssertTrue("\(e)".hasPrefix(state + "/feed-state.json: not a feed checkpoint"), "\(e)")
        }
    }

    func testWhatChangedWhileDown() throws {
        let grew = try file("grew.jsonl", "1\n2\n")
        let same = try file("same.jsonl", "1\n")
        let cut = try file("cut.jsonl", "1\n2\n3\n")
        let rewritten = try file("rewritten.jsonl", "first\n")
        let replaced = try file("replaced.jsonl", "1\n")
        let gone = try file("gone.jsonl", "1\n")
        let before = FeedCheckpoint(files: [grew, same, cut, rewritten, replaced, gone].map { FileFollower.entry(of: $0)! })

        try appendBytes(grew, Array("3\n".utf8))
        XCTAssertEqual(truncate(cut, 2), 0)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: rewritten))
        h.write(Data("other\nlonger\n".utf8))
        h.closeFile()
        try FileManager.default.moveItem(atPath: replaced, toPath: replaced + ".1")
        _ = try file("replaced.jsonl", "1\n2\n")
        try FileManager.default.removeItem(atPath: gone)
        let new = try file("new.jsonl", "1\n")

        func change(_ p: String) -> WhileDown { WhileDown.compare(saved: before.entry(for: p), now: FileFollower.entry(of: p)) }
        XCTAssertEqual(change(grew), .grew(2))
        XCTAssertEqual(change(same), .unchanged)
        XCTAssertEqual(change(cut), .truncated)
        XCTAssertEqual(change(rewritten), .rewritten)
        XCTAssertEqual(change(replaced), .replaced)
        XCTAssertEqual(change(gone), .gone)
        XCTAssertEqual(change(new), .new)
    }

    func testTheOffsetStopsAtTheLastCompleteLine() throws {
        let p = try file("a.jsonl", "one\ntwo\nthr")
        let f = FileFollower(path: p)
        _ = try f.poll { _ in }
        XCTAssertEqual(f.checkpoint?.offset, 8, "the held 'thr' is not counted as read")
        try appendBytes(p, Array("ee\n".utf8))
        _ = try f.poll { _ in }
        XCTAssertEqual(f.checkpoint?.offset, 14)
        XCTAssertEqual(f.checkpoint, FileFollower.entry(of: p))
    }
}
