import Foundation

/// How far each followed file was read, kept across runs (`watch --state`):
/// per file its device, inode, the offset of the end of its last complete
/// line and a hash of its first line. A small JSON file, written whole to
/// a temporary name and renamed over the old one, readable by the user alone.
///
/// It says what changed while the console was down. Where reading goes on
/// from after a restart is the model checkpoint's business (ModelCheckpoint:
/// the state with the offsets it was built from, so that resuming at an
/// offset never leaves out the history before it); without a usable one,
/// every file is read from its start (nothing skipped, nothing counted twice).
public struct FeedCheckpoint: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public var path: String
        public var device: UInt64
        public var inode: UInt64
        public var offset: Int64
        /// FNV-1a of the first line (at most 4 KB), in hex.
        public var firstLine: String
    }

    public var version = 1
    /// Sorted by path.
    public var files: [Entry] = []

    public init(files: [Entry] = []) { self.files = files.sorted { $0.path < $1.path } }

    public static let fileName = "feed-state.json"

    /// The checkpoint in `directory`, nil when there is none yet.
    public static func load(directory: String) throws -> FeedCheckpoint? {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let c = try JSONDecoder().decode(FeedCheckpoint.self, from: data)
            guard c.version == 1 else { throw FeedError("\(path): version \(c.version) is not one this version reads") }
            return c
        } catch let e as FeedError {
            throw e
        } catch {
            throw FeedError("\(path): not a feed checkpoint (\(error.localizedDescription)); it will be written anew")
        }
    }

    /// Writes the checkpoint into `directory` (made 0700 when missing) as
    /// a 0600 file: to a temporary name first, then renamed over the old one.
    public func save(directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw FeedError("\(directory): cannot create the state directory: \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        let final = directory + "/" + FeedCheckpoint.fileName
        let temp = final + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FeedError("\(temp): cannot write: \(String(cString: strerror(errno)))") }
        var ok = true
        data.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 { if errno == EINTR { continue }; ok = false; break }
                done += n
            }
        }
        ok = fsync(fd) == 0 && ok
        close(fd)
        guard ok, rename(temp, final) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw FeedError("\(final): cannot write: \(why)")
        }
    }

    public func entry(for path: String) -> Entry? { files.first { $0.path == path } }
}

/// What happened to a file while no console was following it.
public enum WhileDown: Equatable, Sendable, CustomStringConvertible {
    case unchanged
    /// This many bytes were appended.
    case grew(Int64)
    /// Not there last time.
    case new
    /// Another file under the same name (rotated, or deleted and created again).
    case replaced
    /// Same file, shorter than what was read (copytruncate).
    case truncated
    /// Same file, but its first line is not the one read (rewritten in place).
    case rewritten
    /// Was there last time, is not now.
    case gone

    public var description: String {
        switch self {
        case .unchanged: return "unchanged since the last run"
        case .grew(let n): return "grew by \(n) bytes since the last run"
        case .new: return "new since the last run"
        case .replaced: return "replaced since the last run (rotated, or deleted and created again)"
        case .truncated: return "truncated since the last run"
        case .rewritten: return "rewritten since the last run (its first line changed)"
        case .gone: return "gone since the last run"
        }
    }

    /// Compares a file as it was read last time with the file now.
    public static func compare(saved: FeedCheckpoint.Entry?, now: FeedCheckpoint.Entry?) -> WhileDown {
        switch (saved, now) {
        case (nil, nil): return .unchanged
        case (nil, _): return .new
        case (_, nil): return .gone
        case (let s?, let n?):
            if s.device != n.device || s.inode != n.inode { return .replaced }
            if n.offset < s.offset { return .truncated }
            if s.firstLine != n.firstLine { return .rewritten }
            return n.offset > s.offset ? .grew(n.offset - s.offset) : .unchanged
        }
    }
}
