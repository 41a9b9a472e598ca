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

/// Runs `argv` to completion with stdin from /dev/null and stdout/stderr
/// into files, waiting with `waitpid`.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended from a
/// socket the child inherits, so a child that leaves a daemon behind (the
/// first `tmux` call starts the tmux server) is never seen to exit and
/// `waitUntilExit` blocks forever. Every descriptor above 2 is closed in the
/// child, so no daemon can hold a pipe of the test run open either.
func spawnAndWait(_ argv: [String], cwd: URL? = nil, env: [String: String]? = nil) throws -> RunResult {
    let dir = FileManager.default.temporaryDirectory
    let tag = "qw-spawn-\(getpid())-\(UUID().uuidString.prefix(8))"
    let outPath = dir.appendingPathComponent(tag + ".out").path
    let errPath = dir.appendingPathComponent(tag + ".err").path
    defer { unlink(outPath); unlink(errPath) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    GlibcSpawn.closeFrom(&actions, 3)
    if let cwd { GlibcSpawn.chdir(&actions, cwd.path) }

    let environment = env ?? ProcessInfo.processInfo.environment
    let envStrings = environment.map { "\($0.key)=\($0.value)" }
    var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    var cEnv: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) }; for p in cEnv { free(p) } }

    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, &cArgs, &cEnv)
    guard rc == 0 else {
        throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot start \(argv[0]): \(String(cString: strerror(rc)))"])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
    let exited = status & 0x7f == 0
    let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
    let err = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
    return RunResult(status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34) and
/// `..._addchdir_np` (2.29) are GNU extensions the Glibc module does not
/// import; they are looked up by name.
enum GlibcSpawn {
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    typealias ChDir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    static func symbol<T>(_ name: String, as: T.Type) -> T {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("glibc lacks \(name)") }
        return unsafeBitCast(sym, to: T.self)
    }

    static func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32) {
        _ = symbol("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self)(actions, fd)
    }

    static func chdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) {
        _ = path.withCString { symbol("posix_spawn_file_actions_addchdir_np", as: ChDir.self)(actions, $0) }
    }
}

/// State and configuration directories of the binaries the tests run, so
/// no test reads or writes the user's own (journal, feed checkpoint,
/// filter history, roster).
let isolatedHome: [String: String] = {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("qw-e2e-home-\(getpid())").path
    return ["XDG_STATE_HOME": base + "/state", "XDG_CONFIG_HOME": base + "/config"]
}()

/// Runs the binary to completion with stdin from /dev/null (no terminal).
func runQuaywatch(_ args: [String], cwd: URL = packageRoot, env: [String: String] = [:]) throws -> RunResult {
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in isolatedHome { environment[k] = v }
    for (k, v) in env { environment[k] = v }
    return try spawnAndWait([quaywatchBinary] + args, cwd: cwd, env: environment)
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
                              "env PS1='$ ' HISTFILE=/dev/null " + isolatedHome.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
                              + " bash --norc --noprofile"])
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

    /// One tmux server per test process, on its own socket, so the tests
    /// neither touch a user's sessions nor depend on a server being up.
    static let socket = "qw-e2e-\(getpid())"

    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        // A UTF-8 locale whatever the caller's (CI may have none): without
        // it tmux shows every non-ASCII cell as '?'.
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env["LANG"] = "C.UTF-8"
        let r = try spawnAndWait(["tmux", "-u", "-L", socket] + args, env: env)
        if r.status != 0 && args.first != "kill-session" && args.first != "kill-server" {
            throw NSError(domain: "tmux", code: Int(r.status),
                          userInfo: [NSLocalizedDescriptionKey: "tmux \(args.joined(separator: " ")): \(r.stderr)"])
        }
        return r.stdout
    }

    /// Ends the test process's tmux server (class tear-down).
    static func killServer() { _ = try? tmux(["kill-server"]) }

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
