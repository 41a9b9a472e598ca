import CZlib
import Foundation
import XCTest
@testable import QuayCore

/// A test case with a fresh directory of its own, removed afterwards.
class TemporaryDirectoryTestCase: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-\(type(of: self))-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Writes `members` as consecutive gzip members of one file (what `cat a.gz b.gz` makes).
    func gzip(_ members: [String], to path: String) throws {
        for (i, text) in members.enumerated() {
            guard let g = gzopen(path, i == 0 ? "wb" : "ab") else { throw FeedError("gzopen \(path)") }
            let bytes = Array(text.utf8)
            let n = bytes.withUnsafeBytes { gzwrite(g, $0.baseAddress, UInt32($0.count)) }
            XCTAssertEqual(Int(n), bytes.count)
            XCTAssertEqual(gzclose(g), Z_OK)
        }
    }
}

/// What reading some events came to, to compare two ways of reading the
/// same lines (followed in pieces, gzip, batch).
struct FeedTotals: Equatable, CustomStringConvertible {
    var events: Int
    var duplicates: Int
    var rejectCounts: [String: Int]
    /// Every container with its score and status.
    var boxes: [String]

    init(_ state: PortState, _ stats: IngestStats) {
        var s = state
        s.recompute(now: s.clock)
        events = stats.events
        duplicates = stats.duplicates
        rejectCounts = stats.rejectCounts
        boxes = s.containers.values.map { "\($0.number.text) \($0.score) \($0.status.rawValue)" }.sorted()
    }

    var description: String {
        "\(events) events, \(duplicates) duplicates, rejects \(rejectCounts), \(boxes.count) containers"
    }

    /// A single batch read of `paths`.
    static func batch(_ paths: [String]) throws -> FeedTotals {
        let (state, stats) = try FeedLoader.load(paths, rules: RuleSet.builtIn())
        return FeedTotals(state, stats)
    }
}

/// Applies what followers read the way the live model does.
struct FollowedFeed {
    var state = PortState(rules: RuleSet.builtIn())
    var stats = IngestStats()
    let decoder = EventDecoder()
    /// Every line read, as text.
    var lines: [String] = []

    @discardableResult
    mutating func poll(_ f: FileFollower, maxBytes: Int = 64 << 20) throws -> Int {
        try f.poll(maxBytes: maxBytes) { piece in
            if case .line(let b, _) = piece { lines.append(String(decoding: b, as: UTF8.self)) }
            guard let e = FeedLoader.decode(piece, file: f.path, decoder: decoder, stats: &stats) else { return }
            if state.apply(e) { stats.events += 1 } else { stats.duplicates += 1 }
        }
    }

    var totals: FeedTotals { FeedTotals(state, stats) }
}

/// The sample day's lines (good, bad and duplicate), in file order.
func sampleLines() throws -> [String] {
    let files = try FeedLoader.expand([packageRoot.appendingPathComponent("sample-data/events").path])
    return try files.flatMap { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        .filter { !$0.isEmpty }
}

/// Appends bytes to a file, creating it when missing.
func appendBytes(_ path: String, _ bytes: some Collection<UInt8>) throws {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
    guard fd >= 0 else { throw FeedError("\(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    let data = Array(bytes)
    var done = 0
    while done < data.count {
        let n = data[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { throw FeedError("\(path): write failed") }
        done += n
    }
}
