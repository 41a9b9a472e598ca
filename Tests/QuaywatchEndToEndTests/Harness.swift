import Foundation
import XCTest

/// The package root and the built binary.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

var quaywatchBinary: String {
    let candidates = [
        Bundle.main.bundleURL.appendingPathComponent("quaywatch").path,
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("quaywatch").path,
        packageRoot.appendingPathComponent(".build/debug/quaywatch").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the binary to completion with stdin from /dev/null (no terminal).
func runQuaywatch(_ args: [String], cwd: URL = packageRoot, env: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: quaywatchBinary)
    p.arguments = args
    p.currentDirectoryURL = cwd
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try p.run()
    // Read before waiting so a large output cannot block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// A tmux session running a shell, driven like a user would.
final class TmuxSession {
    let name: String
    private(set) var alive = true

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    init(width: Int, height: Int, file: String = #file, line: Int = #line) throws {
        name = "qw-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
        // A plain shell with a known prompt; TERM inside tmux is tmux's own.
        try TmuxSession.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                              "env PS1='$ ' HISTFILE=/dev/null bash --norc --noprofile"])
        try TmuxSession.tmux(["set-option", "-t", name, "status", "off"])
        try TmuxSession.tmux(["set-option", "-t", name, "window-size", "manual"])
        try TmuxSession.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    deinit { kill() }

    func kill() {
        guard alive else { return }
        alive = false
        _ = try? TmuxSession.tmux(["kill-session", "-t", name])
    }

    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux"] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Types a command line and presses Enter.
    func run(_ command: String) throws {
        try TmuxSession.tmux(["send-keys", "-t", name, "-l", command])
        try TmuxSession.tmux(["send-keys", "-t", name, "Enter"])
    }

    /// Sends tmux key names (`j`, `Enter`, `Escape`, `C-c`, `Tab`).
    func keys(_ keys: String...) throws {
        for k in keys { try TmuxSession.tmux(["send-keys", "-t", name, k]) }
    }

    func screen(colours: Bool = false) throws -> String {
        try TmuxSession.tmux(["capture-pane", "-p", "-t", name] + (colours ? ["-e"] : []))
    }

    func resize(_ width: Int, _ height: Int) throws {
        try TmuxSession.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the screen until `predicate` holds; fails with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line,
                 _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            usleep(50_000)
        }
        XCTFail("timed out waiting for \(what); screen was:\n\(last)", file: file, line: line)
        throw XCTSkip("gave up waiting for \(what)")
    }

    func waitFor(text: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        try waitFor("'\(text)'", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }
}

/// Shell-quotes a path for a command line typed into tmux.
func shq(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

func temporaryDirectory() throws -> URL {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("qw-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
    return d
}
