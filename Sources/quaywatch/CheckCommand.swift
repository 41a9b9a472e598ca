import ArgumentParser
import QuayCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate event files: print every rejected line as path:line: reason, then a summary.",
        discussion: "Exits 0 when every line is valid, 1 when any line was rejected, 2 when a file cannot be read.")

    @Argument(help: ArgumentHelp("Event files (.jsonl, .jsonl.gz), directories of them, or quoted glob patterns.", valueName: "path"))
    var paths: [String]

    @Flag(name: .long, help: "Also print warnings (lines kept, e.g. a bad IMO check digit).")
    var warnings = false

    @Flag(name: .shortAndLong, help: "Print only the summary.")
    var quiet = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or directory to check") }
    }

    func run() throws {
        let (state, stats) = try wrap { try FeedLoader.load(paths, rules: RuleSet.builtIn()) }
        keepUntilExit(state)
        if !quiet {
            // File names and reasons can carry bytes from the files: never a control character to the terminal.
            for r in stats.rejects { print(Sanitizer.clean(r.description, limit: 4096)) }
            if stats.rejected > stats.rejects.count { print("... \(stats.rejected - stats.rejects.count) more rejects not shown") }
            if warnings { for w in stats.warnings { print(Sanitizer.clean(w.description, limit: 4096)) } }
        }
        var summary = "\(stats.files.count) file\(stats.files.count == 1 ? "" : "s"), \(stats.events) events, \(stats.rejected) rejected"
        if stats.rejected > 0 { summary += " (\(IngestStats.summarise(stats.rejectCounts)))" }
        if stats.duplicates > 0 { summary += ", \(stats.duplicates) duplicates ignored" }
        let warned = stats.warningCounts.values.reduce(0, +)
        if warned > 0 { summary += ", \(warned) warnings (\(IngestStats.summarise(stats.warningCounts)))" }
        print(summary)
        if stats.rejected > 0 { throw ExitCode(1) }
    }
}
