import ArgumentParser
import Foundation
import QuayCore
import QuayTerminal
import QuayUI

/// The latest value from another thread (a snapshot from the model queue,
/// lists built off the main thread), taken by the main thread; putting one
/// wakes the main loop through a pipe.
final class Mailbox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: Value?
    private let wakeWrite: Int32

    init(wakeWrite: Int32) { self.wakeWrite = wakeWrite }

    func put(_ v: Value) {
        lock.lock()
        latest = v
        lock.unlock()
        var b: UInt8 = 1
        _ = write(wakeWrite, &b, 1)
    }

    func take() -> Value? {
        lock.lock()
        defer { lock.unlock() }
        let v = latest
        latest = nil
        return v
    }
}

/// Builds the dashboard's lists off the main thread, newest request only:
/// a request that a newer one overtook while it waited is skipped.
final class RowsBuilder: @unchecked Sendable {
    private let queue = DispatchQueue(label: "quaywatch.rows")
    private let lock = NSLock()
    private var newest = 0
    let results: Mailbox<(Rows, RowsRequest)>

    init(wakeWrite: Int32) { results = Mailbox(wakeWrite: wakeWrite) }

    func request(_ r: RowsRequest) {
        lock.lock()
        newest += 1
        let ticket = newest
        lock.unlock()
        queue.async { [self] in
            lock.lock()
            let current = ticket == newest
            lock.unlock()
            guard current else { return }
            results.put((r.build(), r))
        }
    }
}

/// Options for the full-screen dashboard.
struct DashboardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme: default, light, high-contrast, mono, or one in $XDG_CONFIG_HOME/quaywatch/themes.", valueName: "name"))
    var theme: String?

    @Option(help: ArgumentHelp("Model tick in seconds.", valueName: "seconds"))
    var tick: Double = 0.25

    @Option(name: [.customLong("stale"), .customLong("stale-after")],
            help: ArgumentHelp("Seconds without a new event before the header shows the feed as stale (live mode).", valueName: "seconds"))
    var staleAfter: Double = 120

    @Option(help: ArgumentHelp("Operator name shown in the status bar (default: login name).", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("Minutes after which an unacknowledged alert is flagged as past its SLA.", valueName: "minutes"))
    var sla: Double = 15

    @Option(help: ArgumentHelp("Hours a box stays in the live set after it left the port (gated out or loaded) when following files; 0 keeps every box. Boxes with an active alert or a seizure stay.", valueName: "hours"))
    var retention: Double = 48

    /// Where to write the time from start to the first full frame (benchmarks).
    @Option(help: .hidden)
    var startupLog: String?

    func validate() throws {
        guard tick >= 0.02, tick <= 60 else { throw ValidationError("--tick must be between 0.02 and 60 seconds") }
        guard sla > 0 else { throw ValidationError("--sla must be a positive number of minutes") }
        guard retention >= 0 else { throw ValidationError("--retention must be 0 (keep every box) or a number of hours") }
        guard staleAfter > 0 else { throw ValidationError("--stale must be a positive number of seconds") }
    }
}

/// Runs the dashboard until the user quits. Only this thread calls curses.
enum DashboardRunner {
    /// `stateDirectory`: where the feed checkpoint goes (nil: none).
    static func run(source: LiveModel.Source, rules: RuleSet, options: DashboardOptions, stateOptions: StateOptions,
                    stateDirectory: String? = nil, checkpointEvery: Double = 300) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw CommandFailure(message: "the dashboard needs a terminal on stdin and stdout; for scripts use 'quaywatch report' or 'quaywatch snapshot'", code: 2)
        }
        StartupLog.mark("arguments")
        let themes = Themes.available()
        var themeIndex = 0
        if let name = options.theme {
            guard let i = themes.firstIndex(where: { $0.name == name }) else {
                throw CommandFailure(message: "no theme named '\(name)' (themes: \(themes.map(\.name).joined(separator: ", ")))", code: 2)
            }
            themeIndex = i
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CommandFailure(message: "cannot create a pipe: \(String(cString: strerror(errno)))", code: 2) }
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
        let mailbox = Mailbox<Snapshot>(wakeWrite: fds[1])
        let rowsBuilder = RowsBuilder(wakeWrite: fds[1])
        let model = LiveModel(rules: rules, source: source, tick: options.tick, staleAfter: options.staleAfter,
                              stateDirectory: stateDirectory) { mailbox.put($0) }
        let isDemo: Bool
        if case .demo = source { isDemo = true } else { isDemo = false }
        let roster = try stateOptions.loadRoster(demo: isDemo)
        // The demo replays sample data: its actions go to a journal of its
        // own unless --state names one.
        var scratch: String?
        let journalDir: String
        if let dir = stateOptions.state {
            journalDir = (dir as NSString).expandingTildeInPath
        } else if isDemo {
            scratch = NSTemporaryDirectory() + "quaywatch-demo-\(getpid())"
            journalDir = scratch!
        } else {
            journalDir = Locations.stateDirectory
        }
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        let journal = try stateOptions.openJournal(directory: journalDir)
        model.journal = { after in (try? journal.entries(after: after)) ?? [] }
        if !isDemo { model.retentionHours = options.retention }
        model.checkpointEvery = checkpointEvery
        // The history loads on the model queue while this thread opens the terminal.
        model.start()
        defer { model.stop() }

        let term: Terminal
        do { term = try Terminal.open() } catch {
            throw CommandFailure(message: "cannot start the terminal: \(error)", code: 2)
        }
        Terminal.installSignalHandlers()
        defer { term.restore() }
        StartupLog.mark("terminal")
        let noColor = Theme.noColorRequested(environment: ProcessInfo.processInfo.environment)
        func palette() -> Palette { themes[themeIndex].palette(colors: term.colors, noColor: noColor) }
        var currentPalette = palette()

        var app = AppState()
        app.themeCount = themes.count
        app.themeIndex = themeIndex
        app.user = options.user ?? loginName()
        app.roster = roster
        app.userRole = roster.role(of: app.user)
        app.slaMinutes = options.sla
        app.filterHistory = FilterStore.history()
        app.savedFilters = FilterStore.savedFilters()
        app.buildRowsInBackground = true
        _ = update(&app, .resize(width: term.size.width, height: term.size.height))

        var pfd = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)]
        var dirty = true
        var drain = [UInt8](repeating: 0, count: 64)
        var startupLog = options.startupLog
        var rowsPending = false
        while true {
            if dirty {
                term.present(view(app), palette: currentPalette)
                dirty = false
                // The first frame with the loaded history and its lists.
                if let path = startupLog, let s = app.snapshot, s.feed.loading == nil, !rowsPending {
                    StartupLog.write(to: path)
                    startupLog = nil
                }
            }
            _ = poll(&pfd, 2, 1000)
            // The terminal went away (hang-up without SIGHUP): stop, do not spin.
            if pfd[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }
            if pfd[1].revents != 0 { while read(fds[0], &drain, drain.count) > 0 {} }
            var effects: [Effect] = []
            if let snap = mailbox.take() {
                if startupLog != nil && app.snapshot == nil { StartupLog.mark("first snapshot") }
                effects += update(&app, .snapshot(snap))
                dirty = true
            }
            if let (rows, request) = rowsBuilder.results.take() {
                effects += update(&app, .rows(rows, request))
                rowsPending = false
                dirty = true
            }
            if term.needsRedraw {
                term.invalidate()
                _ = update(&app, .resize(width: term.size.width, height: term.size.height))
                dirty = true
            }
            while let key = term.readKey() {
                dirty = true
                if key == .resize {
                    term.invalidate()
                    _ = update(&app, .resize(width: term.size.width, height: term.size.height))
                    continue
                }
                effects += update(&app, .key(key))
            }
            for effect in effects {
                switch effect {
                case .quit: return
                case .setTheme(let i):
                    themeIndex = i
                    currentPalette = palette()
                    app.status = "theme: \(themes[i].name)"
                case .saveHistory(let lines):
                    if let problem = FilterStore.saveHistory(lines) { app.status = problem }
                case .saveFilter(let f):
                    if let problem = FilterStore.save(f) { app.status = problem }
                case .export(let path, let boxes):
                    app.status = exportRows(boxes, to: path, snapshot: app.snapshot)
                case .journal(let requests):
                    app.status = journalActions(requests, journal: journal, user: app.user, role: app.userRole, modelTime: app.snapshot?.actionsNow)
                    model.refreshJournal()
                case .buildRows(let request):
                    rowsBuilder.request(request)
                    rowsPending = true
                }
            }
        }
    }
}

/// Follow event files live.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the dashboard on event files, following them as they grow.",
        discussion: """
            New lines appended and new *.jsonl files appearing in a followed directory are picked up every tick; \
            rotated and truncated files are followed on. *.jsonl.gz files are read whole as history. \
            A quoted glob pattern ('events/*.jsonl') is matched again every tick. Press f for the feed's health.
            """)

    @Argument(help: ArgumentHelp("Event files, directories or quoted glob patterns to follow.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Keep no checkpoint (the model's state and how far each file was read, kept in the --state directory; see docs/feed.md).")
    var noState = false

    @Option(help: ArgumentHelp("Time between model checkpoints (300, 90s, 5m, 1h; 0: only when quitting).", valueName: "duration"))
    var checkpointEvery = "5m"

    @OptionGroup var feed: FeedOptions
    @OptionGroup var dashboard: DashboardOptions
    @OptionGroup var stateOptions: StateOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or directory to follow") }
        if Watch.seconds(checkpointEvery) == nil {
            throw ValidationError("--checkpoint-every \(checkpointEvery): give seconds, or a number with s, m or h (5m)")
        }
    }

    /// `300`, `90s`, `5m`, `1h` as seconds; nil when it is none of those.
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var t = Substring(text)
        var unit = 1.0
        if let last = t.last, let u = units[last] { unit = u; t = t.dropLast() }
        guard let v = Double(t), v >= 0, v.isFinite else { return nil }
        return v * unit
    }

    func run() throws {
        // Every path must lead somewhere at the start (a pattern must match);
        // later, a file that goes away is shown and retried, never fatal.
        _ = try wrap { try FeedLoader.expand(paths) }
        let stateDirectory = noState ? nil : stateOptions.stateDirectory
        try DashboardRunner.run(source: .follow(paths), rules: try feed.ruleSet(), options: dashboard, stateOptions: stateOptions,
                                stateDirectory: stateDirectory, checkpointEvery: Watch.seconds(checkpointEvery) ?? 300)
    }
}

/// The default: the sample day replayed at an accelerated clock.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the dashboard on the bundled sample day, replayed at an accelerated clock (the default command).")

    @Option(help: ArgumentHelp("Replay speed: port seconds per real second.", valueName: "factor"))
    var speed: Double = 60

    @Option(help: ArgumentHelp("Hours of the day already in when the demo opens.", valueName: "hours"))
    var preload: Double = 9

    @Argument(help: ArgumentHelp("Event files or directories to replay; default: the sample day.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var feed: FeedOptions
    @OptionGroup var dashboard: DashboardOptions
    @OptionGroup var stateOptions: StateOptions

    func run() throws {
        let inputs = paths.isEmpty ? [try Locations.sampleEvents()] : paths
        try DashboardRunner.run(source: .demo(inputs, speed: speed, preloadHours: preload), rules: try feed.ruleSet(), options: dashboard,
                                stateOptions: stateOptions)
    }
}

/// Writes containers to `path` with the same renderer as `quaywatch export`;
/// returns the status line to show.
func exportRows(_ boxes: [ContainerNumber], to path: String, snapshot: Snapshot?) -> String {
    guard let s = snapshot else { return "nothing to export yet" }
    let format: QuayCore.Export.Format = path.lowercased().hasSuffix(".json") ? .json : .csv
    let containers = boxes.compactMap { s.state.containers[$0] }
    let text = QuayCore.Export.render(containers, alerts: s.state.alerts, format: format, now: s.now)
    do {
        try Export.write(text, to: (path as NSString).expandingTildeInPath)
        return "exported \(containers.count) row\(containers.count == 1 ? "" : "s") to \(path) (\(format.rawValue))"
    } catch {
        return "export failed: \(error)"
    }
}

/// Filter history (state) and saved filters (configuration) on disk.
enum FilterStore {
    static func history() -> [String] {
        guard let text = try? String(contentsOfFile: Locations.historyFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }.suffix(200)
    }

    /// Returns a message when the history could not be written.
    static func saveHistory(_ lines: [String]) -> String? {
        do {
            try Locations.ensurePrivateDirectory(Locations.stateDirectory)
            let text = lines.suffix(200).map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n") + "\n"
            try text.write(toFile: Locations.historyFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: Locations.historyFile)
            return nil
        } catch {
            return "filter history not saved: \(error.localizedDescription)"
        }
    }

    static func userFilters() -> [SavedFilter] {
        guard let text = try? String(contentsOfFile: Locations.userFiltersFile, encoding: .utf8) else { return [] }
        do { return try SavedFilters.parse(text, source: Locations.userFiltersFile) } catch {
            FileHandle.standardError.write(Data("quaywatch: \(error)\n".utf8))
            return []
        }
    }

    static func savedFilters() -> [SavedFilter] { SavedFilters.merge(SavedFilters.builtIn(), userFilters()) }

    static func save(_ f: SavedFilter) -> String? {
        do {
            try Locations.ensurePrivateDirectory(Locations.configDirectory)
            let merged = SavedFilters.merge(userFilters(), [f])
            try SavedFilters.yaml(merged).write(toFile: Locations.userFiltersFile, atomically: true, encoding: .utf8)
            return nil
        } catch {
            return "filter '\(f.name)' not saved: \(error.localizedDescription)"
        }
    }
}
