import ArgumentParser
import Foundation
import QuayCore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the containers matching a filter as CSV or JSON, one row per box, in the dashboard's order.",
        discussion: """
            With no paths, reads the bundled sample day. Rows are ordered like the dashboard's \
            Containers pane (score descending, then container number). Columns are documented \
            in docs/export.md; the filter language in docs/query.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
        var core: QuayCore.Export.Format {
            switch self {
            case .csv: return .csv
            case .json: return .json
            }
        }
    }

    @Argument(help: ArgumentHelp("Event files (.jsonl, .jsonl.gz), directories of them, or quoted glob patterns.", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only containers matching this query (see docs/query.md), e.g. 'lane:red origin:EC*'.", valueName: "query"))
    var filter: String?

    @Option(help: "Output format.")
    var format: Format = .csv

    @Option(help: ArgumentHelp("Write to this file (replaced atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var feed: FeedOptions

    func run() throws {
        let rules = try feed.ruleSet()
        let query = try Query.parseOption("--filter", filter, lists: rules.lists)
        let (state, _, now) = try feed.load(paths)
        let text = QuayCore.Export.render(state, filter: query, format: format.core, now: now)
        if let out {
            try Self.write(text, to: out)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes `text` to `path` atomically (a temporary file renamed over it);
    /// any failure is exit 2 with the path and the reason.
    static func write(_ text: String, to path: String) throws {
        func fail(_ why: String) -> CommandFailure { CommandFailure(message: "--out \(path): cannot write: \(why)", code: 2) }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if path.isEmpty { throw fail("empty path") }
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { throw fail("is a directory") }
        let url = URL(fileURLWithPath: path)
        let parent = url.deletingLastPathComponent().path
        if !fm.fileExists(atPath: parent, isDirectory: &isDir) { throw fail("directory \(parent) does not exist") }
        if !isDir.boolValue { throw fail("\(parent) is not a directory") }
        if !fm.isWritableFile(atPath: parent) { throw fail("directory \(parent) is not writable") }
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw fail(Self.reason(error))
        }
    }

    /// The most specific reason Foundation gives for a failed write.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}

extension Query {
    /// Parses a command-line query option; an error is a usage error (exit 2)
    /// that names the option and the column, with the query and a caret
    /// under the problem:
    ///
    ///     --filter: column 10: unknown field 'colour' (fields: ...)
    ///       lane:red colour:blue
    ///                ^
    static func parseOption(_ option: String, _ text: String?, lists: [String: [String]]) throws -> Query {
        do { return try Query.parse(text ?? "", lists: lists) } catch {
            throw ValidationError("\(option): \(error.description)\n  \(text ?? "")\n  \(String(repeating: " ", count: max(0, error.column - 1)))^")
        }
    }
}
