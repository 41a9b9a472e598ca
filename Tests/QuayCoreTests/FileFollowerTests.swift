import Foundation
import XCTest
@testable import QuayCore

final class FileFollowerTests: TemporaryDirectoryTestCase {

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

/// Following a file through what writers and log rotation do to it ends
/// with the same totals as one batch read of the same lines.
extension FileFollowerTests {
    func testPiecesSplitMidLineAndMidUTF8ArriveWhole() throws {
        // Lines with multi-byte characters (names with accents, CJK), fed a byte at a time.
        let all = try sampleLines()
        let wide = all.filter { $0.utf8.count != $0.count }.prefix(25)
        XCTAssertGreaterThan(wide.count, 5, "the sample day has non-ASCII names")
        let text = Array((wide.joined(separator: "\n") + "\n").utf8)
        let p = dir.appendingPathComponent("live.jsonl").path
        let f = FileFollower(path: p)
        var feed = FollowedFeed()
        var midSequenceSplits = 0
        for (i, byte) in text.enumerated() {
            try appendBytes(p, [byte])
            if i + 1 < text.count, text[i + 1] & 0xC0 == 0x80 { midSequenceSplits += 1 }  // cut inside a character
            try feed.poll(f)
        }
        XCTAssertGreaterThan(midSequenceSplits, 10)
        XCTAssertEqual(feed.lines, Array(wide), "every line whole, byte for byte, once")
        XCTAssertEqual(feed.stats.rejected, 0, "a line caught mid-write is never a reject")
        let batch = dir.appendingPathComponent("batch.jsonl").path
        try appendBytes(batch, text)
        XCTAssertEqual(feed.totals, try FeedTotals.batch([batch]))
    }

    func testRotateCopytruncateAndDeleteRecreateLoseNothingAndCountNothingTwice() throws {
        let all = try sampleLines()
        let batch = dir.appendingPathComponent("batch.jsonl").path
        try appendBytes(batch, Array((all.joined(separator: "\n") + "\n").utf8))
        let expected = try FeedTotals.batch([batch])
        XCTAssertGreaterThan(expected.rejectCounts.values.reduce(0, +), 0, "the sample has bad lines")
        XCTAssertGreaterThan(expected.duplicates, 0, "the sample has duplicates")

        let p = dir.appendingPathComponent("live.jsonl").path
        let f = FileFollower(path: p)
        var feed = FollowedFeed()
        var rng = SeededRandom(6)
        let q = all.count / 4
        func bytes(_ lines: ArraySlice<String>) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }
        /// Appends in pieces of random size (cutting lines anywhere), polling between.
        func write(_ b: [UInt8], to path: String) throws {
            var i = 0
            while i < b.count {
                let n = min(b.count - i, Int.random(in: 1...9000, using: &rng))
                try appendBytes(path, b[i..<(i + n)])
                i += n
                try feed.poll(f)
            }
        }
        try write(bytes(all[0..<q]), to: p)

        // Rotation: the writer is mid-line when the file is renamed, finishes
        // the line in the old file, then starts a new file under the name.
        let second = bytes(all[q..<(2 * q)])
        let cut = second.count / 2
        try appendBytes(p, second[0..<cut])
        try FileManager.default.moveItem(atPath: p, toPath: p + ".1")
        let lineEnd = second[cut...].firstIndex(of: 0x0A)! + 1
        try appendBytes(p + ".1", second[cut..<lineEnd])
        try write(Array(second[lineEnd...]), to: p)
        XCTAssertEqual(f.rotations, 1)

        // copytruncate: the file is copied away and cut to nothing in place.
        try feed.poll(f)
        try FileManager.default.copyItem(atPath: p, toPath: p + ".2")
        XCTAssertEqual(truncate(p, 0), 0)
        let third = bytes(all[(2 * q)..<(3 * q)])
        try appendBytes(p, third[0..<100])
        try feed.poll(f)
        XCTAssertEqual(f.truncations, 1)
        try write(Array(third[100...]), to: p)

        // Deleted, then created again.
        try FileManager.default.removeItem(atPath: p)
        XCTAssertThrowsError(try feed.poll(f)) { XCTAssertEqual($0 as? FileFollower.ReadError, .gone) }
        try write(bytes(all[(3 * q)...]), to: p)

        XCTAssertEqual(feed.totals, expected)
        XCTAssertEqual(feed.stats.lines, all.count)
    }

    func testADirectoryWhereTheFileWasIsUnreadableNotFatal() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "1\n".write(toFile: p, atomically: false, encoding: .utf8)
        let f = FileFollower(path: p)
        XCTAssertEqual(try lines(f), ["1"])
        try FileManager.default.removeItem(atPath: p)
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: false)
        XCTAssertThrowsError(try lines(f)) { e in
            guard case .unreadable(let why) = e as? FileFollower.ReadError else { return XCTFail("\(e)") }
            XCTAssertEqual(why, String(cString: strerror(EISDIR)))
        }
        try FileManager.default.removeItem(atPath: p)
        try "2\n".write(toFile: p, atomically: false, encoding: .utf8)
        XCTAssertEqual(try lines(f), ["2"])
    }
}

extension FileFollowerTests {
    func testAReleasedFileIsResumedOnlyWhenItsFirstLineIsTheSame() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "one\ntwo\n".write(toFile: p, atomically: false, encoding: .utf8)
        let id = try XCTUnwrap(FileFollower.Identity.of(p))
        let head = try XCTUnwrap(FileFollower.entry(of: p))
        let same = FileFollower(path: p)
        same.resumeAt = [id: .init(offset: 4, firstLineHash: UInt64(head.firstLine, radix: 16)!)]
        XCTAssertEqual(try lines(same), ["two"], "read on from where it was let go of")
        // The same inode with another first line (a new file that reused it) is read from its start.
        let other = FileFollower(path: p)
        other.resumeAt = [id: .init(offset: 4, firstLineHash: 12345)]
        XCTAssertEqual(try lines(other), ["one", "two"])
    }
}

extension FileFollowerTests {
    func testACopytruncateRefilledPastTheOldOffsetBeforeThePollIsStillSeen() throws {
        let p = dir.appendingPathComponent("a.jsonl").path
        try "1\n2\n3\n".write(toFile: p, atomically: false, encoding: .utf8)
        let f = FileFollower(path: p)
        XCTAssertEqual(try lines(f), ["1", "2", "3"])
        try append(p, "4\n")
        XCTAssertEqual(try lines(f), ["4"])
        // Cut to nothing and written again, longer than before, between two polls.
        XCTAssertEqual(truncate(p, 0), 0)
        try append(p, "5\n6\n7\n8\n9\n")
        XCTAssertEqual(try lines(f), ["5", "6", "7", "8", "9"], "the size alone never shrank under our offset")
        XCTAssertEqual(f.truncations, 1)
    }
}
