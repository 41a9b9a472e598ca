#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import Foundation

/// A pseudo terminal standing in for the real one, so the real drawing
/// path (Terminal.open, present, curses) runs headless: benchmarks and
/// tests. `attach()` puts the pty on standard input and output (the
/// originals are kept and put back by `detach()`); everything written to
/// it is read on a background thread and kept, so a caller can count the
/// bytes one present() wrote.
///
/// ```
/// let pty = try PseudoTerminal(width: 200, height: 60)
/// try pty.attach()                  // stdin/stdout are the pty now
/// let term = try Terminal.open()
/// term.present(frame, palette: p)
/// let bytes = pty.drain()           // what that frame wrote
/// term.restore(); pty.finish()
/// ```
public final class PseudoTerminal: @unchecked Sendable {
    private let master: Int32
    private let slave: Int32
    private var saved: (input: Int32, output: Int32)?
    private let lock = NSCondition()
    private var received: [UInt8] = []
    private var closed = false
    private var marks = 0
    private var reader: Thread?
    private var isFinished = false

    /// Opens a pty of `width` x `height` cells.
    public init(width: Int, height: Int) throws {
        var m: Int32 = -1, s: Int32 = -1
        guard qw_openpty(&m, &s, Int32(width), Int32(height)) == 0 else {
            throw TerminalError(.notATerminal, "cannot open a pseudo terminal: \(String(cString: strerror(errno)))")
        }
        master = m
        slave = s
        let t = Thread { [self] in readLoop() }
        t.name = "quaywatch.pty"
        reader = t
        t.start()
    }

    deinit { finish() }

    /// Detaches, closes the pty and stops the reader. Call when done: the
    /// reader thread keeps the pty alive until then.
    public func finish() {
        detach()
        lock.lock()
        let open = !isFinished
        isFinished = true
        lock.unlock()
        guard open else { return }
        close(slave)   // the reader's read() now fails (EIO): it stops
        lock.lock()
        while !closed { lock.wait() }
        lock.unlock()
        close(master)
    }

    /// Makes the pty the process's standard input and output (stdio's
    /// buffer is flushed first). Until `detach()`, print() goes to the pty.
    public func attach() throws {
        guard saved == nil else { return }
        fflush(nil)
        let input = dup(0), output = dup(1)
        guard input >= 0, output >= 0, dup2(slave, 0) >= 0, dup2(slave, 1) >= 0 else {
            throw TerminalError(.notATerminal, "cannot attach the pseudo terminal: \(String(cString: strerror(errno)))")
        }
        saved = (input, output)
    }

    /// Puts the original standard input and output back.
    public func detach() {
        guard let s = saved else { return }
        fflush(nil)
        _ = dup2(s.input, 0)
        _ = dup2(s.output, 1)
        close(s.input)
        close(s.output)
        saved = nil
    }

    /// Every byte written to the pty since the last drain(), waiting until
    /// all of it has come through: a marker is written after it and
    /// everything up to the marker is returned (the marker is not).
    public func drain() -> [UInt8] {
        lock.lock()
        marks += 1
        let marker = Array("\u{1}QWMARK\(marks)\u{2}".utf8)
        lock.unlock()
        var off = 0
        while off < marker.count {
            let r = marker[off...].withUnsafeBufferPointer { write(slave, $0.baseAddress, $0.count) }
            if r > 0 { off += r } else if errno != EINTR { break }
        }
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let end = PseudoTerminal.find(marker, in: received) {
                let out = Array(received[..<end])
                received.removeSubrange(..<(end + marker.count))
                return out
            }
            if closed { let out = received; received = []; return out }
            lock.wait()
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = hay.count - needle.count
        // The marker is the last thing written: search from the end.
        while i >= 0 {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i -= 1
        }
        return nil
    }

    private func readLoop() {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            lock.lock()
            if n > 0 { received.append(contentsOf: chunk[..<n]) } else { closed = true }
            lock.broadcast()
            lock.unlock()
            if n <= 0 { return }
        }
    }
}
