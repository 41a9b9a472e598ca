import Foundation
import XCTest
@testable import QuayCore

/// The live model following paths, ticked by hand (no timer, no sleeps).
final class LiveModelTests: TemporaryDirectoryTestCase {

    /// The latest snapshot the model published.
    final class Latest: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Snapshot?
        func put(_ s: Snapshot) { lock.lock(); value = s; lock.unlock() }
        var snapshot: Snapshot? { lock.lock(); defer { lock.unlock() }; return value }
    }

    func model(_ paths: [String], state: String? = nil) -> (LiveModel, Latest) {
        let latest = Latest()
        return (LiveModel(rules: RuleSet.builtIn(), source: .follow(paths), stateDirectory: state) { latest.put($0) }, latest)
    }

    func line(_ id: String, _ box: String = "MSCU6639870") -> String {
        #"{"id":"\#(id)","ts":"2026-11-26T08:00:00Z","type":"discharge","port":"BEANR","container":"\#(box)","terminal":"K913"}"# + "\n"
    }

    func events(_ m: LiveModel) -> Int { m.withState { _, stats in stats.events } }

    func testNewFilesInAFollowedDirectoryOrMatchingAFollowedPatternArePickedUp() throws {
        let plain = dir.appendingPathComponent("plain")
        let patterned = dir.appendingPathComponent("patterned")
        for d in [plain, patterned] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
        try line("p1").write(to: plain.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try line("q1").write(to: patterned.appendingPathComponent("k913-a.jsonl"), atomically: true, encoding: .utf8)
        let (m, latest) = model([plain.path, patterned.path + "/k913-*.jsonl"])
        m.step()
        XCTAssertEqual(events(m), 2)
        try line("p2").write(to: plain.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        try line("q2").write(to: patterned.appendingPathComponent("k913-b.jsonl"), atomically: true, encoding: .utf8)
        try line("q3").write(to: patterned.appendingPathComponent("k869-c.jsonl"), atomically: true, encoding: .utf8)
        m.step()
        XCTAssertEqual(events(m), 4, "b.jsonl and k913-b.jsonl are new; k869-c.jsonl does not match the pattern")
        let names = latest.snapshot!.feed.health.map { ($0.path as NSString).lastPathComponent }
        XCTAssertEqual(names, ["a.jsonl", "b.jsonl", "k913-a.jsonl", "k913-b.jsonl"])
        XCTAssertEqual(latest.snapshot!.feed.health.map(\.events), [1, 1, 1, 1])
    }

    func testHealthShowsEachFilesStateCountsAndLastRejectsSanitised() throws {
        // A hostile file name: the reject lines carry it, so they must come out clean.
        let hostile = dir.appendingPathComponent("evil\u{1B}[2J\u{07}.jsonl")
        try (line("h1") + "{broken\n" + line("h1")).write(to: hostile, atomically: true, encoding: .utf8)
        let rotating = dir.appendingPathComponent("rot.jsonl")
        try line("r1", "MAEU1234567").write(to: rotating, atomically: true, encoding: .utf8)
        let doomed = dir.appendingPathComponent("doomed.jsonl")
        try line("d1", "CMAU5123403").write(to: doomed, atomically: true, encoding: .utf8)
        let (m, latest) = model([dir.path])
        m.step()
        func health(_ url: URL) -> FileHealth? { latest.snapshot?.feed.health.first { $0.path == url.path } }
        let h = try XCTUnwrap(health(hostile))
        XCTAssertEqual(h.state, .following)
        XCTAssertEqual(h.events, 1)
        XCTAssertEqual(h.duplicates, 1)
        XCTAssertEqual(h.rejectCounts, ["invalid JSON": 1])
        XCTAssertEqual(h.recentRejects.count, 1)
        XCTAssertTrue(h.recentRejects[0].hasSuffix(".jsonl:2: invalid JSON at column 2: expected a key in quotes"), h.recentRejects[0])
        XCTAssertFalse(h.recentRejects[0].unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "no control character")
        XCTAssertEqual(h.bytes, try FileManager.default.attributesOfItem(atPath: hostile.path)[.size] as? Int)
        XCTAssertEqual(h.lastEventTime?.description, "2026-11-26T08:00:00Z")
        XCTAssertNotNil(h.lastArrivalWall)

        try FileManager.default.moveItem(at: rotating, to: dir.appendingPathComponent("rot.jsonl.1"))
        try line("r2", "MAEU1234567").write(to: rotating, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: doomed)
        m.step()
        XCTAssertEqual(health(rotating)?.state, .rotated)
        XCTAssertEqual(health(rotating)?.events, 2)
        XCTAssertEqual(health(doomed)?.state, .gone, "a file that went away stays listed, as gone")
        XCTAssertEqual(latest.snapshot?.feed.fileErrors[doomed.path], "gone (rotated or deleted); waiting for it to come back")
        try line("d2", "CMAU5123403").write(to: doomed, atomically: true, encoding: .utf8)
        m.step()
        XCTAssertEqual(health(doomed)?.state, .following, "back, and read from its start")
        XCTAssertEqual(health(doomed)?.events, 2)
        XCTAssertNil(latest.snapshot?.feed.fileErrors[doomed.path])
        XCTAssertEqual(events(m), 5)
    }

    /// Two files whose names differ only in how é is encoded.
    func twoSpellings() throws -> (nfc: URL, nfd: URL) {
        let nfc = dir.appendingPathComponent("caf\u{E9}.jsonl")
        let nfd = dir.appendingPathComponent("cafe\u{301}.jsonl")
        try line("n1").write(to: nfc, atomically: true, encoding: .utf8)
        try line("n2", "MAEU1234567").write(to: nfd, atomically: true, encoding: .utf8)
        let listed = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        try XCTSkipUnless(listed.count == 2, "this file system stores the two names as one")
        return (nfc, nfd)
    }

    /// The error naming the file not followed, spelt so the two names can
    /// be told apart on screen.
    func clash(_ s: Snapshot?) -> (key: String, problem: String)? {
        s?.feed.fileErrors.first { $0.key.hasSuffix(" (not followed)") }.map { ($0.key, $0.value) }
    }

    /// The model follows one and says that the other is not followed,
    /// naming both, until one is renamed.
    func testAFileNamedLikeAnotherButForItsEncodingIsReportedNotDropped() throws {
        let (_, nfd) = try twoSpellings()
        let (m, latest) = model([dir.path])
        m.step()
        XCTAssertEqual(events(m), 1)
        let (key, problem) = try XCTUnwrap(clash(latest.snapshot))
        XCTAssertEqual(Set([key, problem].map { $0.contains("/caf\\u{E9}.jsonl") }), [true, false], "\(key): \(problem)")
        XCTAssertTrue(key.contains("/cafe\\u{301}.jsonl") || problem.contains("/cafe\\u{301}.jsonl"), "\(key): \(problem)")
        XCTAssertTrue(problem.hasSuffix("only in how its letters are encoded; rename one"), problem)
        m.step()
        XCTAssertNotNil(clash(latest.snapshot), "still said after the followed file's next read")
        try FileManager.default.moveItem(at: nfd, to: dir.appendingPathComponent("cafe2.jsonl"))
        m.step()
        XCTAssertEqual(events(m), 2, "renamed, it is followed")
        XCTAssertNil(clash(latest.snapshot))
        XCTAssertEqual(latest.snapshot?.feed.fileErrors, [:])
    }

    /// Both names given as paths: the one not followed is still named (its
    /// error is not the followed file's, which each good read clears).
    func testBothSpellingsGivenAsPathsAreReportedNotDropped() throws {
        let (nfc, nfd) = try twoSpellings()
        let (m, latest) = model([nfc.path, nfd.path])
        m.step()
        m.step()
        XCTAssertEqual(events(m), 1)
        let (key, _) = try XCTUnwrap(clash(latest.snapshot))
        XCTAssertTrue(key.hasPrefix(LiveModel.spelt(nfd.path)), key)
    }

    /// The followed one is deleted and the other grows: the other is read,
    /// from its start, and no error is left behind.
    func testWhenTheFollowedSpellingGoesTheOtherIsRead() throws {
        let (nfc, nfd) = try twoSpellings()
        let (m, latest) = model([dir.path])
        m.step()
        let followedNFC = try XCTUnwrap(latest.snapshot?.feed.health.first).path.utf8.elementsEqual(nfc.path.utf8)
        let (gone, other) = followedNFC ? (nfc, nfd) : (nfd, nfc)
        try FileManager.default.removeItem(at: gone)
        let handle = try FileHandle(forWritingTo: other)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line("n3", "MAEU1234567").utf8))
        try handle.close()
        for _ in 0..<3 { m.step() }
        XCTAssertEqual(events(m), 3, "n1 from the file gone, n2 and n3 from the other")
        XCTAssertEqual(latest.snapshot?.feed.fileErrors, [:])
        let h = try XCTUnwrap(latest.snapshot?.feed.health.first)
        XCTAssertTrue(h.path.utf8.elementsEqual(other.path.utf8), h.path)
        XCTAssertEqual(latest.snapshot?.feed.health.count, 1)
    }

    /// One file error replaced by another (the count unchanged, no line
    /// read) is published on the next tick, not a second later.
    func testAFileErrorReplacedByAnotherIsPublishedAtOnce() throws {
        // Three spellings of one text: ẹ then the acute, e then the dot then
        // the acute, e then the acute then the dot.
        let a = dir.appendingPathComponent("\u{1EB9}\u{301}.jsonl")
        let b = dir.appendingPathComponent("e\u{323}\u{301}.jsonl")
        let c = dir.appendingPathComponent("e\u{301}\u{323}.jsonl")
        XCTAssertEqual(b.lastPathComponent, c.lastPathComponent)
        try line("a1").write(to: a, atomically: true, encoding: .utf8)
        let (m, latest) = model([dir.path])
        m.step()
        try line("b1", "MAEU1234567").write(to: b, atomically: true, encoding: .utf8)
        try XCTSkipUnless(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 2, "one name on this file system")
        m.step()
        let first = try XCTUnwrap(clash(latest.snapshot)).key
        XCTAssertTrue(first.hasPrefix(LiveModel.spelt(b.path)), first)
        try FileManager.default.moveItem(at: b, to: c)
        m.step()
        let second = try XCTUnwrap(clash(latest.snapshot)).key
        XCTAssertTrue(second.hasPrefix(LiveModel.spelt(c.path)), second)
        XCTAssertEqual(events(m), 1)
    }

    func testAFileRotatedIntoAFollowedNameIsNotReadTwice() throws {
        let live = dir.appendingPathComponent("live.jsonl")
        try (line("a1") + line("a2", "MAEU1234567")).write(to: live, atomically: true, encoding: .utf8)
        let (m, latest) = model([dir.path + "/*.jsonl*"])
        m.step()
        XCTAssertEqual(events(m), 2)
        // Renamed to a name the pattern also matches, a new file under the old name.
        try FileManager.default.moveItem(at: live, to: dir.appendingPathComponent("live.jsonl.1"))
        try line("b1", "CMAU5123403").write(to: live, atomically: true, encoding: .utf8)
        m.step()
        XCTAssertEqual(m.withState { _, stats in [stats.events, stats.duplicates] }, [3, 0])
        let health = latest.snapshot!.feed.health
        XCTAssertEqual(health.map { ($0.path as NSString).lastPathComponent }, ["live.jsonl", "live.jsonl.1"])
        XCTAssertEqual(health.map(\.events), [1, 2], "the renamed file keeps its counts under its new name")

        // Renamed away out of sight first, then into a followed name: read on from where it was let go of.
        try FileManager.default.moveItem(at: live, to: dir.appendingPathComponent("live.old"))
        try line("c1", "SEGU4001004").write(to: live, atomically: true, encoding: .utf8)
        m.step()
        XCTAssertEqual(events(m), 4)
        let old = dir.appendingPathComponent("live.old").path
        try appendBytes(old, Array(line("b2", "CMAU5123403").utf8))
        try FileManager.default.moveItem(atPath: old, toPath: dir.appendingPathComponent("live-2.jsonl").path)
        m.step()
        XCTAssertEqual(m.withState { _, stats in [stats.events, stats.duplicates] }, [5, 0], "b2 read once, b1 not again")
    }

    func testARestartSaysWhatChangedWhileDownAndStillCountsEveryEventOnce() throws {
        let eventsDir = dir.appendingPathComponent("events")
        try FileManager.default.createDirectory(at: eventsDir, withIntermediateDirectories: true)
        let state = dir.appendingPathComponent("state").path
        func url(_ n: String) -> URL { eventsDir.appendingPathComponent(n) }
        try (line("a1") + line("a2", "MAEU1234567")).write(to: url("a.jsonl"), atomically: true, encoding: .utf8)
        try line("b1", "CMAU5123403").write(to: url("b.jsonl"), atomically: true, encoding: .utf8)
        try line("c1", "SEGU4001004").write(to: url("c.jsonl"), atomically: true, encoding: .utf8)
        try line("d1", "CSQU3054383").write(to: url("d.jsonl"), atomically: true, encoding: .utf8)
        do {
            let (first, latest) = model([eventsDir.path], state: state)
            first.step()
            first.step()
            XCTAssertEqual(events(first), 5)
            XCTAssertEqual(latest.snapshot?.feed.restart, "no checkpoint from an earlier run in \(state); one is kept from now on")
            let saved = try XCTUnwrap(try FeedCheckpoint.load(directory: state))
            XCTAssertEqual(saved.files.map { ($0.path as NSString).lastPathComponent }, ["a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl"])
            XCTAssertEqual(saved.entry(for: url("a.jsonl").path), FileFollower.entry(of: url("a.jsonl").path))
        }
        // While down: a grows, b goes, c is rotated, e is new, d stays.
        try appendBytes(url("a.jsonl").path, Array(line("a3", "MSCU6639870").utf8))
        try FileManager.default.removeItem(at: url("b.jsonl"))
        try FileManager.default.moveItem(at: url("c.jsonl"), to: url("c.jsonl.1"))
        try line("c2", "SEGU4001004").write(to: url("c.jsonl"), atomically: true, encoding: .utf8)
        try line("e1", "MSCU6639870").write(to: url("e.jsonl"), atomically: true, encoding: .utf8)

        let (second, latest) = model([eventsDir.path], state: state)
        second.step()
        let feed = try XCTUnwrap(latest.snapshot?.feed)
        func since(_ n: String) -> String? { feed.health.first { $0.path == url(n).path }?.sinceLastRun }
        XCTAssertEqual(since("a.jsonl"), "grew by \(line("a3").utf8.count) bytes since the last run")
        XCTAssertEqual(since("c.jsonl"), "replaced since the last run (rotated, or deleted and created again)")
        XCTAssertEqual(since("e.jsonl"), "new since the last run")
        XCTAssertNil(since("d.jsonl"))
        XCTAssertEqual(feed.restart, "since the last run: 1 grew (+\(line("a3").utf8.count) bytes), 1 new, 1 replaced, 1 gone, 1 unchanged; every file is read again from its start")
        // Rebuilt from the start: every event that is in the files now, each once.
        let batch = try FeedLoader.load([eventsDir.path], rules: RuleSet.builtIn()).1
        XCTAssertEqual(second.withState { _, stats in [stats.events, stats.duplicates] }, [batch.events, batch.duplicates])
        XCTAssertEqual(batch.events, 6, "a1-a3, c2, d1, e1")
        let saved = try XCTUnwrap(try FeedCheckpoint.load(directory: state))
        XCTAssertEqual(saved.files.map { ($0.path as NSString).lastPathComponent }, ["a.jsonl", "c.jsonl", "d.jsonl", "e.jsonl"])
    }
}
