import ArgumentParser
import Dispatch
import Foundation
import QuayCore

/// A replay speed: `60x` or `60`.
struct SpeedFactor: ExpressibleByArgument {
    var factor: Double
    init?(argument: String) {
        let text = argument.lowercased().hasSuffix("x") ? String(argument.dropLast()) : argument
        guard let f = Double(text), f > 0, f.isFinite else { return nil }
        factor = f
    }
    var defaultValueDescription: String { "\(factor)x" }
}

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write events into a file at their original pacing (sped up) or at a fixed rate, for demos and load tests.",
        discussion: """
            Events from every SOURCE (files, directories, quoted glob patterns, .jsonl.gz history) are merged in \
            event-time order and appended to FILE as complete lines, in batches, while another console watches it: \
            quaywatch replay sample-data/events --to /tmp/feed/live.jsonl --speed 600x & quaywatch watch /tmp/feed. \
            Rejected lines are not replayed (they are counted on stderr). Ctrl-C stops after the batch in hand.
            """)

    @Argument(help: ArgumentHelp("Event files, directories or quoted glob patterns to replay.", valueName: "source"))
    var sources: [String]

    @Option(help: ArgumentHelp("File to append the events to (created when missing).", valueName: "file"))
    var to: String

    @Option(help: ArgumentHelp("Replay speed: port time per real time, e.g. 60x (an hour a minute). Default 60x.", valueName: "factor"))
    var speed: SpeedFactor?

    @Option(help: ArgumentHelp("Events per second, whatever their times (load testing); instead of --speed.", valueName: "n"))
    var rate: Double?

    @Option(help: ArgumentHelp("Start the replay clock at this time (RFC 3339); earlier events are written at once.", valueName: "timestamp"))
    var from: String?

    @Flag(name: .shortAndLong, help: "No progress or summary on stderr.")
    var quiet = false

    func validate() throws {
        if sources.isEmpty { throw ValidationError("name at least one file or directory to replay") }
        if rate != nil && speed != nil { throw ValidationError("--rate and --speed do not go together: choose one") }
        if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be a positive number of events per second") }
    }

    func run() throws {
        var start: Timestamp?
        if let from {
            switch Timestamp.parse(from) {
            case .success(let t): start = t
            case .failure(.message(let m)): throw ValidationError("--from: \(m)")
            }
        }
        let pace: ReplayPlan.Pace = rate.map { .rate($0) } ?? .speed(speed?.factor ?? 60)
        let plan = try wrap { try ReplayPlan.load(sources) }
        let out = open(to, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard out >= 0 else { throw CommandFailure(message: "\(to): cannot open for writing: \(String(cString: strerror(errno)))", code: 2) }
        defer { close(out) }

        let stop = StopRequest()
        stop.install()
        let progress = !quiet && isatty(2) == 1
        let began = DispatchTime.now().uptimeNanoseconds
        var written = 0
        var lastProgress = 0.0
        while written < plan.count && !stop.requested {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            let due = plan.due(after: elapsed, pace: pace, from: start)
            if due > written {
                // One write per batch of complete lines (at most 50,000 lines).
                let end = min(due, written + 50_000)
                try writeAll(out, plan.text(of: written..<end))
                written = end
                continue
            }
            if progress && elapsed - lastProgress >= 0.5 {
                lastProgress = elapsed
                let at = Timestamp(ms: plan.times[max(0, written - 1)])
                FileHandle.standardError.write(Data("\rreplayed \(written) of \(plan.count) event lines, event time \(at)  ".utf8))
            }
            // Sleep until the next event is due (at most 50 ms, so Ctrl-C is prompt).
            let wait = min(0.05, max(0.001, plan.dueSeconds(written, pace: pace, from: start) - elapsed))
            usleep(UInt32(wait * 1e6))
        }
        if !quiet {
            if progress { FileHandle.standardError.write(Data("\r".utf8)) }
            var summary = "\(stop.requested ? "stopped: " : "")replayed \(written) of \(plan.count) event lines into \(to)"
            if plan.stats.rejected > 0 { summary += "; \(plan.stats.rejected) rejected lines not replayed (\(IngestStats.summarise(plan.stats.rejectCounts)))" }
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes[(bytes.startIndex + done)...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandFailure(message: "\(to): write failed: \(String(cString: strerror(errno)))", code: 2)
            }
            done += n
        }
    }
}

/// Ctrl-C and SIGTERM ask the replay to stop after the batch in hand.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var stop = false
    private var sources: [DispatchSourceSignal] = []

    var requested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stop
    }

    func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                self.stop = true
                self.lock.unlock()
            }
            s.resume()
            sources.append(s)
        }
    }
}
