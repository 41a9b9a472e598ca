import ArgumentParser
import Foundation
import QuayCore

@main
struct Quaywatch: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "quaywatch",
        abstract: "Container risk dashboard for port security control rooms.",
        discussion: """
            Follows event files (JSON Lines, see docs/events.md), scores every \
            container for risk, raises alerts and keeps queues and seizure tallies. \
            Every question the dashboard answers can be asked headless.
            """,
        version: version,
        subcommands: [Demo.self, Watch.self, Report.self, Check.self, Explain.self, SnapshotFrame.self, Generate.self, Bench.self, Export.self,
                      Replay.self, JournalCommand.self],
        defaultSubcommand: Demo.self
    )

    /// ArgumentParser's exit codes mapped to ours: 0 ok, 1 findings, 2 usage.
    static func main() {
        StartupLog.begin()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data(("quaywatch: " + Sanitizer.clean(failure.message, limit: 4096) + "\n").utf8))
            Foundation.exit(failure.code)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            // Line by line: the usage text keeps its newlines, an argument echoed back loses its control characters.
            let clean = message.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitizer.clean(String($0), limit: 4096) }
            if !message.isEmpty { FileHandle.standardError.write(Data((clean.joined(separator: "\n") + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 0 ? 0 : code.rawValue == 1 ? 1 : 2)
        }
    }
}

/// Options every command that reads events shares.
struct FeedOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Risk rules file (YAML).", valueName: "path"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("The state as of this time (RFC 3339): later events are left out; default: the latest event time (not one dated over a week after all the others).", valueName: "timestamp"))
    var at: String?

    func ruleSet() throws -> RuleSet {
        if let rules { return try wrap { try RuleSet.load(path: rules) } }
        if let user = Locations.userRules() { return try wrap { try RuleSet.load(path: user) } }
        return RuleSet.builtIn()
    }

    func atTime() throws -> Timestamp? {
        guard let at else { return nil }
        switch Timestamp.parse(at) {
        case .success(let t): return t
        case .failure(.message(let m)): throw ValidationError("--at: \(m)")
        }
    }

    /// Loads `paths` (the sample data when empty), printing progress to a terminal.
    func load(_ paths: [String]) throws -> (PortState, IngestStats, Timestamp) {
        let rules = try ruleSet()
        let inputs = paths.isEmpty ? [try Locations.sampleEvents()] : paths
        let at = try atTime()
        let (state, stats) = try wrap { try FeedLoader.load(inputs, rules: rules, now: at) }
        keepUntilExit(state)
        return (state, stats, at ?? state.clock)
    }
}

/// Keeps `value`'s storage until the process ends. A one-shot command's
/// port state is freed by the system at exit in one go; freed box by box
/// when the command returns, it cost `report` about 5 % of its time on
/// 1 M events (`perf`: the state's destructors and `free`).
func keepUntilExit<T>(_ value: T) {
    _ = Unmanaged.passRetained(KeptUntilExit(value))
}

private final class KeptUntilExit<T> {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Turns core errors into a clean message and exit code 2.
func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as FeedError {
        throw CommandFailure(message: e.description, code: 2)
    } catch let e as RuleSet.LoadError {
        throw CommandFailure(message: e.description, code: 2)
    }
}

struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32
    var description: String { message }
}

extension CommandFailure: LocalizedError {
    var errorDescription: String? { message }
}
