#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows one file: reads what was appended since the last call, holds a
/// partial last line until its newline arrives, starts over when the file
/// shrinks (truncation) or is replaced (new inode).
final class FileFollower {
    let path: String
    private var offset: Int64 = 0
    private var inode: UInt64 = 0
    private var splitter = LineSplitter()
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    init(path: String) { self.path = path }

    enum ReadError: Error { case message(String) }

    /// Calls `body` for each complete new line; returns bytes read.
    func poll(maxBytes: Int = 64 << 20, _ body: (LineSplitter.Piece) -> Void) throws(ReadError) -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .message(String(cString: strerror(errno))) }
        if UInt64(st.st_ino) != inode || Int64(st.st_size) < offset {
            // New file under this name, or truncated: read it from the start.
            inode = UInt64(st.st_ino)
            offset = 0
            splitter = LineSplitter()
        }
        guard Int64(st.st_size) > offset else { return 0 }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .message(String(cString: strerror(errno))) }
        defer { close(fd) }
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
