import ArgumentParser
import QuayCore

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

    func run() throws {
        let rules = try feed.ruleSet()
        let query = try Query.parseOption("--filter", filter, lists: rules.lists)
        let (state, stats, now) = try feed.load(paths)
        let report = QuayCore.Report(state: state, stats: stats, now: now, filter: query)
        print(format == .json ? report.json() : report.table())
    }
}
