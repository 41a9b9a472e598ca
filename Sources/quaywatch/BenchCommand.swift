import ArgumentParser
import Foundation
import QuayCore
import QuayUI

/// Measures what the issues set targets for, on a generated feed.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark ingest, filtering and frame rendering on a generated feed (use a release build).",
        discussion: "Generates a deterministic feed, loads it, then times each filter query and a full-screen frame. Prints the median of --runs runs.")

    @Option(help: "Distinct containers to generate.")
    var containers = 200_000

    @Option(help: "Days the generated feed spans.")
    var days = 30

    @Option(help: "Timed runs per measurement (the median is printed).")
    var runs = 15

    @Option(help: ArgumentHelp("Frame size for the render benchmark.", valueName: "WxH"))
    var size = "200x60"

    @Option(help: ArgumentHelp("Only time opening the history in DIR as `watch` does (first load, retention), e.g. a generated year.", valueName: "DIR"))
    var history: String?

    @Option(help: ArgumentHelp("Retention window for --history, in hours (as `watch --retention`).", valueName: "HOURS"))
    var retention: Double = 48

    static func time(_ body: () -> Void) -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    }

    func median(_ body: () -> Void) -> Double {
        let samples = (0..<max(1, runs)).map { _ in Bench.time(body) }.sorted()
        return samples[samples.count / 2]
    }

    func run() throws {
        if let history { return benchHistory(history) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quaywatch-bench-\(containers)-\(days)").path
        var options = GeneratorOptions()
        options.containers = containers
        options.days = days
        options.seed = 7
        if !FileManager.default.fileExists(atPath: dir + "/.done") {
            let ms = try Bench.time2 { _ = try FeedGenerator.generate(options, into: dir) }
            _ = FileManager.default.createFile(atPath: dir + "/.done", contents: nil)
            print("generate: \(containers) containers over \(days) days in \(String(format: "%.0f", ms)) ms (\(dir))")
        }
        var loaded: (PortState, IngestStats)?
        let loadMs = try Bench.time2 { loaded = try FeedLoader.load([dir], rules: RuleSet.builtIn()) }
        var (state, stats) = loaded!
        loaded = nil  // one owner, so keeping columns below does not copy the tree
        print(String(format: "ingest: %d events in %.0f ms = %.0f events/s, %d containers", stats.events, loadMs,
                     Double(stats.events) / loadMs * 1000, state.containers.count))
        benchColumns(&state)
        let now = state.clock
        // A live tick while the UI still holds the last snapshot: the state
        // is shared, so the tick's first change pays for what it copies.
        let sample = Array(state.containers.values.prefix(100)).map { c -> Event in
            Event(id: "bench-\(c.number)", ts: now, type: .customsHold, port: "BEANR", container: c.number, terminal: nil,
                  body: .customsHold(reason: "bench"))
        }
        var live = state
        var tickIndex = 0
        let tickMs = median {
            let held = live
            live.apply(sample[tickIndex % sample.count])
            live.recompute(now: now)
            tickIndex += 1
            withExtendedLifetime(held) {}
        }
        print(String(format: "tick (1 event, recompute, columns kept) while a snapshot shares the state: %.3f ms", tickMs))
        let lists = state.rules.lists
        for q in ["lane:red", "origin:EC* reefer:yes", "risk>=30 -status:released", "banana", "dwell>3d or scan:anomaly",
                  "reefer:yes (origin:@risk_ports or transship:@risk_ports)"] {
            let query = try Query.parse(q, lists: lists)
            var n = 0
            // What the dashboard runs per filter: the columns, as sort keys.
            let ms = median { n = state.containers.matchingKeys(query, now: now)?.count ?? state.containers.matching(query, now: now).count }
            let label = "'\(q)'"
            print("filter " + label + String(repeating: " ", count: max(1, 60 - label.count)) + String(format: "%8.2f ms  (%d of %d)", ms, n, state.containers.count))
        }
        let parts = size.split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 else { throw ValidationError("--size must look like 200x60") }
        var fs = FeedStatus()
        fs.files = stats.files
        let snap = Snapshot(state: state, stats: stats, feed: fs, now: now, wallNow: now.ms, generation: 1)
        var app = AppState()
        _ = update(&app, .resize(width: parts[0], height: parts[1]))
        let rowsMs = Bench.time { _ = update(&app, .snapshot(snap)) }
        let frameMs = median { _ = view(app) }
        print(String(format: "rows (sort all lists on a new snapshot): %.1f ms; view of a %@ frame: %.2f ms", rowsMs, size as NSString, frameMs))

        // Through the terminal: view + diff + present, bytes per frame (BenchFrame.swift).
        try benchTerminal(app, width: parts[0], height: parts[1])
        try benchRestart(dir)
    }

    /// `watch --state` restarting on the same files: the first start reads
    /// everything (no checkpoint yet), quits (writing the model checkpoint),
    /// and the next start restores it and reads on from the offsets. Each
    /// start is timed to the model having caught up (first load done,
    /// recomputed, first snapshot published).
    func benchRestart(_ dir: String) throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("quaywatch-bench-state-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: stateDir) }
        func start() -> (LiveModel, Double) {
            let m = LiveModel(rules: RuleSet.builtIn(), source: .follow([dir]), stateDirectory: stateDir) { _ in }
            m.retentionHours = 0
            let ms = Bench.time { m.step() }
            return (m, ms)
        }
        let (first, fullMs) = start()
        let writeMs = Bench.time { first.stop() }
        let file = stateDir + "/" + ModelCheckpoint.fileName
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        var loaded = 0
        let loadMs = try Bench.time2 { loaded = try ModelCheckpoint.load(directory: stateDir, rules: RuleSet.builtIn())?.state.containers.count ?? 0 }
        let (second, restartMs) = start()
        let counts = [first, second].map { m in m.withState { s, stats in "\(stats.events) events, \(s.containers.count) boxes" } }
        second.stop()
        print(String(format: "restart without a model checkpoint (read every file): %.0f ms; checkpoint written at quit in %.0f ms (%.1f MB)",
                     fullMs, writeMs, Double(bytes) / 1e6))
        print(String(format: "restart from the model checkpoint: %.0f ms to caught up (checkpoint load alone %.0f ms, %d boxes); %@ vs %@",
                     restartMs, loadMs, loaded, counts[1] as NSString, counts[0] as NSString))
    }

    /// `watch DIR` opening a history without a state directory: the first
    /// load (files in event time, archive passes), the first recompute and
    /// snapshot. Prints events, time, rate, peak live set and peak RSS.
    func benchHistory(_ dir: String) {
        let m = LiveModel(rules: RuleSet.builtIn(), source: .follow([dir]), stateDirectory: nil) { _ in }
        m.retentionHours = retention
        let ms = Bench.time { m.step() }
        let (events, bytes, boxes, archived, remembered) = m.withState { s, stats in
            (stats.events, stats.bytes, s.containers.count, s.archived.total, s.archived.count)
        }
        print(String(format: "history: %d events (%.0f MB) in %.1f s = %.0f events/s, %.1f MB/s; live set %d boxes at the end (peak %d), %d archived (%d remembered); peak RSS %.0f MB",
                     events, Double(bytes) / 1e6, ms / 1000, Double(events) / ms * 1000, Double(bytes) / 1e6 / (ms / 1000), boxes, m.peakLiveBoxes, archived, remembered,
                     Double(Bench.peakResidentBytes()) / 1e6))
    }

    /// Peak resident set size of this process (VmHWM).
    static func peakResidentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// What the column store costs: writing every row (what `recompute`
    /// then does per changed box) and the memory it holds (resident set
    /// before and after, from /proc/self/statm).
    func benchColumns(_ state: inout PortState) {
        let before = Bench.residentBytes()
        let ms = Bench.time { state.keepColumns() }
        let bytes = Bench.residentBytes() - before
        let rows = state.containers.count
        print(String(format: "columns: %d rows written in %.0f ms (%.2f us a box), about %.0f MB resident (%.0f bytes a box)",
                     rows, ms, ms * 1000 / Double(max(1, rows)), Double(bytes) / 1e6, Double(bytes) / Double(max(1, rows))))
    }

    /// Resident set size of this process.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    static func time2(_ body: () throws -> Void) throws -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    }
}
