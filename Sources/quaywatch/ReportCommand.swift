import ArgumentParser
import Foundation
import QuayCore
import QuayJournal

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print port-wide figures: containers by status and lane, queues, alerts, seizure tallies, hit rates.",
        discussion: "With no paths, reads the bundled sample day. JSON keys are documented in docs/report.md.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: ArgumentHelp("Event files (.jsonl, .jsonl.gz), directories of them, or quoted glob patterns.", valueName: "path"))
    var paths: [String] = []

    @Option(help: "Output format.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Only containers matching this query (see docs/query.md), e.g. 'lane:red origin:EC*'.", valueName: "query"))
    var filter: String?

    @OptionGroup var feed: FeedOptions

    @Option(help: ArgumentHelp("State directory whose journal adds acknowledgement and inspection figures (default: $XDG_STATE_HOME/quaywatch when it holds one).", valueName: "dir"))
    var state: String?

    func run() throws {
        let rules = try feed.ruleSet()
        let query = try Query.parseOption("--filter", filter, lists: rules.lists)
        var (state, stats, now) = try feed.load(paths)
        let workflow = try readJournal(explicit: self.state, into: &state, stats: &stats, now: now, until: try feed.atTime())
        var report = QuayCore.Report(state: state, stats: stats, now: now, filter: query)
        if let workflow { report.include(workflow, state: state, now: now, filter: query) }
        print(format == .json ? report.json() : report.table())
    }
}

/// Folds the journal in `explicit` (or the default state directory, when it
/// holds one) into `state`: results and releases become events. Nil when
/// there is no journal to read. With `until` (`--at`), later entries are left out.
func readJournal(explicit: String?, into state: inout PortState, stats: inout IngestStats, now: Timestamp, until: Timestamp?) throws -> WorkflowState? {
    let dir = explicit.map { ($0 as NSString).expandingTildeInPath } ?? Locations.stateDirectory
    guard FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("journal.sqlite")) else {
        if explicit != nil { throw CommandFailure(message: "no journal in \(dir)", code: 2) }
        return nil
    }
    let journal: Journal
    let entries: [JournalEntry]
    do {
        journal = try Journal(directory: dir)
        entries = try journal.entries()
    } catch {
        throw CommandFailure(message: "\(error)", code: 2)
    }
    var w = WorkflowState()
    for e in entries where until.map({ e.modelTime <= $0 }) ?? true {
        w.fold(e)
        stats.events += state.apply(journal: e)
    }
    state.recompute(now: now)
    return w
}
