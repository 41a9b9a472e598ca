#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows one file by name, as `tail -F` does: reads what was appended
/// since the last call and holds a partial last line until its newline
/// arrives. The file stays open between calls, so when it is renamed away
/// (rotation) the rest of the old file is still read before the new file
/// under the same name is started from its beginning; a file that shrinks
/// (copytruncate) is read again from the start.
///
/// A gzip-compressed file (`.gz`) is history: it is read whole, in slices,
/// on first sight and not followed for appends.
public final class FileFollower {
    public private(set) var path: String
    public let isGzip: Bool
    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    private var device: UInt64 = 0
    private var offset: Int64 = 0
    private var splitter = LineSplitter()
    /// What one read takes at most. The buffer is held only while reading:
    /// a followed directory of a year of daily files has a follower for
    /// each, and 1 MB apiece held for good was 366 MB.
    private static let readSize = 1 << 20
    private var gzip: GzipReader?

    /// Bytes taken from disk over every generation of the file (compressed bytes for gzip).
    public private(set) var bytesRead = 0
    /// Times the file was renamed away and a new one took its name.
    public private(set) var rotations = 0
    /// Times the file shrank under us (copytruncate).
    public private(set) var truncations = 0
    /// A gzip file read to its end (or to the error that stopped it).
    public private(set) var gzipDone = false
    private var gzipProblem: String?

    public init(path: String) {
        self.path = path
        isGzip = GzipReader.isGzip(path)
    }

    /// Which file on disk: device and inode.
    public struct Identity: Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
        /// The file `path` names now, nil when it names none.
        public static func of(_ path: String) -> Identity? {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
            return Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        }
    }

    /// The file held open, nil before the first read and while gone.
    public var identity: Identity? { fd >= 0 ? Identity(device: device, inode: inode) : nil }

    /// The file was renamed to `newPath` (rotation into a name that is also
    /// followed): keep reading it, with its offset and any held partial line, under that name.
    public func renamed(to newPath: String) {
        path = newPath
    }

    /// How far a file was read: where to go on from, and a hash of its
    /// first line so that a new file that happens to reuse the inode is
    /// not mistaken for it.
    public struct Mark: Sendable, Equatable {
        public var offset: Int64
        public var firstLineHash: UInt64
        /// Complete lines before `offset`, when known.
        public var lines = 0
    }

    /// Where a rotated-away file was let go of, so that a follower of its
    /// new name starts there instead of reading it again.
    public private(set) var released: (identity: Identity, mark: Mark)?

    /// Files let go of elsewhere: opening one of them (same identity, same
    /// first line) starts where it was let go of.
    public var resumeAt: [Identity: Mark] = [:]

    /// Where this file stands for a checkpoint: its identity, the end of
    /// its last complete line, its first line's hash. Nil while nothing is
    /// open (and for a gzip file until it is read through without error).
    public var checkpoint: FeedCheckpoint.Entry? {
        if isGzip { return gzipDone && gzipProblem == nil ? FileFollower.entry(of: path) : nil }
        guard fd >= 0 else { return nil }
        return FeedCheckpoint.Entry(path: path, device: device, inode: inode, offset: offset - Int64(splitter.heldBytes),
                                    firstLine: String(openFileHash, radix: 16))
    }

    /// Complete lines read from the open file (up to `checkpoint`'s offset).
    public var linesRead: Int { splitter.lineNumber }

    /// The file `path` names now as a checkpoint entry read to its end; nil when there is none.
    public static func entry(of path: String) -> FeedCheckpoint.Entry? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT != S_IFDIR else { return nil }
        return FeedCheckpoint.Entry(path: path, device: UInt64(st.st_dev), inode: UInt64(st.st_ino), offset: Int64(st.st_size),
                                    firstLine: String(firstLineHash(fd), radix: 16))
    }

    /// FNV-1a of the file's first line (at most its first 4 KB).
    static func firstLineHash(_ fd: Int32) -> UInt64 { head(fd).hash }

    /// The first line's hash, and whether it is final (the line is complete, or 4 KB long).
    static func head(_ fd: Int32) -> (hash: UInt64, final: Bool) {
        var head = [UInt8](repeating: 0, count: 4096)
        let n = max(0, head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) })
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in head.prefix(n) {
            if b == 0x0A { return (h, true) }
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
        }
        return (h, n == head.count)
    }

    /// The open file's first-line hash, kept once the line is complete.
    private var headHash: UInt64?

    /// False when the open file's first line is no longer the one read
    /// (checked when it has grown, once its first line was complete).
    private func sameFirstLine() -> Bool {
        guard offset > 0 else { return true }
        guard let known = headHash else {
            _ = openFileHash
            return true
        }
        return FileFollower.head(fd).hash == known
    }

    private var openFileHash: UInt64 {
        if let headHash { return headHash }
        let (hash, final) = FileFollower.head(fd)
        if final { headHash = hash }
        return hash
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    public enum ReadError: Error, Equatable, CustomStringConvertible {
        /// The name leads nowhere (rotated away, deleted, directory unmounted); retried.
        case gone
        /// The file is there but cannot be read; the reason.
        case unreadable(String)
        /// A gzip file whose data stops mid-way (cut short, or still being
        /// written): what came before is in, the rest is read if it grows.
        case incomplete(String)

        public var description: String {
            switch self {
            case .gone: return "gone (rotated or deleted); waiting for it to come back"
            case .unreadable(let why), .incomplete(let why): return why
            }
        }
    }

    /// Calls `body` for each complete new line; returns the bytes of text
    /// handled (decompressed bytes for gzip), 0 when there was nothing new.
    public func poll(maxBytes: Int = 64 << 20, _ body: (LineSplitter.Piece) -> Void) throws(ReadError) -> Int {
        if isGzip { return try pollGzip(maxBytes: maxBytes, body) }
        var total = 0
        if fd >= 0 {
            var own = stat()
            if fstat(fd, &own) == 0, Int64(own.st_size) < offset || (Int64(own.st_size) > offset && !sameFirstLine()) {
                // Truncated in place (shorter now, or cut and written past where we
                // were before we looked: its first line changed): start over,
                // dropping any held partial line.
                offset = 0
                splitter = LineSplitter()
                headHash = nil
                truncations += 1
            }
            total += try drain(maxBytes: maxBytes, body)
            if total >= maxBytes { return total }
            var named = stat()
            let exists = stat(path, &named) == 0
            if exists && UInt64(named.st_ino) == inode && UInt64(named.st_dev) == device { return total }
            // Renamed or deleted: the old file is drained; finish its last line and let go of it.
            splitter.finish(body)
            // Renamed away (not deleted): its new name may be followed too.
            if exists {
                released = (Identity(device: device, inode: inode),
                            Mark(offset: offset, firstLineHash: FileFollower.firstLineHash(fd), lines: splitter.lineNumber))
            }
            close(fd)
            fd = -1
            if !exists { throw .gone }
            rotations += 1
        }
        let newFD = open(path, O_RDONLY | O_CLOEXEC)
        guard newFD >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .gone }
            throw .unreadable(String(cString: strerror(errno)))
        }
        var st = stat()
        _ = fstat(newFD, &st)
        if st.st_mode & S_IFMT == S_IFDIR {
            close(newFD)
            throw .unreadable(String(cString: strerror(EISDIR)))
        }
        fd = newFD
        inode = UInt64(st.st_ino)
        device = UInt64(st.st_dev)
        offset = 0
        headHash = nil
        splitter = LineSplitter()
        if let mark = resumeAt[Identity(device: device, inode: inode)], mark.firstLineHash == FileFollower.firstLineHash(newFD),
           Int64(st.st_size) >= mark.offset {
            offset = mark.offset
            splitter = LineSplitter(lineNumber: mark.lines)
        }
        total += try drain(maxBytes: maxBytes - total, body)
        return total
    }

    private func drain(maxBytes: Int, _ body: (LineSplitter.Piece) -> Void) throws(ReadError) -> Int {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: FileFollower.readSize)
        defer { buffer.deallocate() }
        var total = 0
        while total < maxBytes {
            let n = pread(fd, buffer.baseAddress, min(buffer.count, maxBytes - total), off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            offset += Int64(n)
            total += n
            bytesRead += n
            splitter.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), body)
        }
        return total
    }

    /// Reads a slice of a gzip file; at its end, the last line is complete
    /// and the file is done. Data that stops mid-way is waited for (the file
    /// may still be being written); corrupt data ends it (what was read stays
    /// read, so starting over could only count it twice).
    private func pollGzip(maxBytes: Int, _ body: (LineSplitter.Piece) -> Void) throws(ReadError) -> Int {
        if gzipDone {
            if let gzipProblem { throw .unreadable(gzipProblem) }
            return 0
        }
        if gzip == nil {
            // Read to its end before (a checkpoint says so), and not changed since: done.
            if let entry = FileFollower.entry(of: path), let mark = resumeAt[Identity(device: entry.device, inode: entry.inode)],
               mark.offset == entry.offset, String(mark.firstLineHash, radix: 16) == entry.firstLine {
                gzipDone = true
                return 0
            }
            do { gzip = try GzipReader(path: path) } catch {
                if access(path, F_OK) != 0 { throw .gone }
                throw .unreadable(error.description)
            }
        }
        guard let reader = gzip else { return 0 }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: FileFollower.readSize)
        defer { buffer.deallocate() }
        var total = 0
        while total < maxBytes {
            let n: Int
            let room = UnsafeMutableBufferPointer(rebasing: buffer[0..<min(buffer.count, maxBytes - total)])
            do { n = try reader.read(into: room) } catch {
                bytesRead = reader.compressedOffset
                // Cut short: keep the reader and the half line held, and go on if the file grows.
                if reader.endedEarly { throw .incomplete(error.description) }
                // The half line before a corrupt stretch is not an event: drop it.
                splitter = LineSplitter()
                bytesRead = reader.compressedOffset
                gzip = nil
                gzipDone = true
                gzipProblem = error.description
                throw .unreadable(error.description)
            }
            bytesRead = reader.compressedOffset
            if n == 0 {
                splitter.finish(body)
                gzip = nil
                gzipDone = true
                break
            }
            total += n
            splitter.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), body)
        }
        return total
    }
}
