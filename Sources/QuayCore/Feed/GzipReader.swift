#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Reads a gzip-compressed file (`.jsonl.gz` history) through the system
/// zlib, a slice at a time, so a year of history never sits in memory
/// whole. Files of several gzip members (`cat a.gz b.gz`) read as one.
final class GzipReader {
    let path: String
    private var file: gzFile?
    private var sawData = false
    /// The last read found the data cut short; reading again later goes on where it stopped.
    private(set) var endedEarly = false

    /// Opens `path`. Errors carry the reason only; callers name the file.
    init(path: String) throws(FeedError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FeedError("cannot open: \(String(cString: strerror(errno)))") }
        guard let f = gzdopen(fd, "rb") else {
            close(fd)
            throw FeedError("cannot open: out of memory")
        }
        gzbuffer(f, 256 << 10)
        file = f
    }

    deinit { if let file { gzclose(file) } }

    /// Bytes of the compressed file consumed so far.
    var compressedOffset: Int {
        guard let file else { return 0 }
        return max(0, Int(gzoffset(file)))
    }

    /// Decompresses into `buffer`; returns the bytes written, 0 at the end.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws(FeedError) -> Int {
        guard let file, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        endedEarly = false
        let n = Int(gzread(file, base, UInt32(min(buffer.count, Int(Int32.max)))))
        if n > 0 {
            if !sawData {
                sawData = true
                // zlib passes a file without a gzip header through unchanged; a .gz that is not gzip is an error.
                if gzdirect(file) == 1 { throw FeedError("not gzip-compressed data") }
            }
            return n
        }
        var code: Int32 = 0
        var message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        // zlib names the file it was given, here "<fd:N>": the caller names it better.
        if message.hasPrefix("<fd:"), let colon = message.range(of: ">: ") { message = String(message[colon.upperBound...]) }
        switch code {
        case Z_OK: return 0
        case Z_BUF_ERROR:
            // The data stops mid-stream: cut short, or still being written.
            // Clear the condition so that a later read goes on from here if the file grows.
            endedEarly = true
            gzclearerr(file)
            throw FeedError("gzip data ends early (truncated, or still being written): \(message)")
        case Z_ERRNO: throw FeedError("read failed: \(String(cString: strerror(errno)))")
        default: throw FeedError("corrupt gzip data: \(message)")
        }
    }

    static func isGzip(_ path: String) -> Bool { path.hasSuffix(".gz") }
}
