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
final class FileFollower {
    let path: String
    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    private var offset: Int64 = 0
    private var splitter = LineSplitter()
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    init(path: String) { self.path = path }
    deinit { if fd >= 0 { close(fd) } }

    enum ReadError: Error { case message(String) }

    /// Calls `body` for each complete new line; returns bytes read.
    func poll(maxBytes: Int = 64 << 20, _ body: (LineSplitter.Piece) -> Void) throws(ReadError) -> Int {
        var total = 0
        if fd >= 0 {
            var own = stat()
            if fstat(fd, &own) == 0, Int64(own.st_size) < offset {
                // Truncated in place: start over, dropping any held partial line.
                offset = 0
                splitter = LineSplitter()
            }
            total += try drain(maxBytes: maxBytes, body)
            if total >= maxBytes { return total }
            var named = stat()
            let exists = stat(path, &named) == 0
            if exists && UInt64(named.st_ino) == inode { return total }
            // Renamed or deleted: the old file is drained; finish its last line and let go of it.
            splitter.finish(body)
            close(fd)
            fd = -1
            if !exists { throw .message("gone (rotated or deleted); waiting for it to come back") }
        }
        let newFD = open(path, O_RDONLY | O_CLOEXEC)
        guard newFD >= 0 else { throw .message(String(cString: strerror(errno))) }
        var st = stat()
        _ = fstat(newFD, &st)
        fd = newFD
        inode = UInt64(st.st_ino)
        offset = 0
        splitter = LineSplitter()
        total += try drain(maxBytes: maxBytes - total, body)
        return total
    }

    private func drain(maxBytes: Int, _ body: (LineSplitter.Piece) -> Void) throws(ReadError) -> Int {
        var total = 0
        while total < maxBytes {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .message(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            offset += Int64(n)
            total += n
            buffer.withUnsafeBufferPointer { splitter.feed(UnsafeBufferPointer(rebasing: $0[0..<n]), body) }
        }
        return total
    }
}
