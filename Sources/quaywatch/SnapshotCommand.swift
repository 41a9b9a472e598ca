import ArgumentParser
import Foundation
import QuayCore
import QuayUI

struct SnapshotFrame: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render one dashboard frame to stdout, without a terminal.",
        discussion: "Uses the same view code as the dashboard. Example: quaywatch snapshot --size 120x40 --keys 'jj<Enter>'")

    @Argument(help: ArgumentHelp("Event files or directories; default: the sample day.", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Frame size, WIDTHxHEIGHT.", valueName: "WxH"))
    var size = "120x40"

    @Option(help: ArgumentHelp("Keys to press before rendering, e.g. 'jj<Enter>' (see --help of the dashboard keys with '?').", valueName: "keys"))
    var keys = ""

    @Option(help: ArgumentHelp("Theme for --ansi.", valueName: "name"))
    var theme = "default"

    @Flag(help: "Render with ANSI colours (256-colour SGR), as the dashboard would show them.")
    var ansi = false

    @OptionGroup var feed: FeedOptions

    func run() throws {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
            throw ValidationError("--size must look like 120x40")
        }
        let keyList: [Key]
        do { keyList = try KeySequence.parse(keys) } catch { throw ValidationError("\(error)") }
        let (state, stats, now) = try feed.load(paths)
        var fs = FeedStatus()
        fs.files = stats.files
        fs.health = stats.health
        let snap = Snapshot(state: state, stats: stats, feed: fs, now: now, wallNow: now.ms, generation: 1)
        var app = AppState()
        app.user = ProcessInfo.processInfo.environment["USER"] ?? "user"
        _ = update(&app, .resize(width: parts[0], height: parts[1]))
        _ = update(&app, .snapshot(snap))
        for k in keyList {
            if update(&app, .key(k)).contains(.quit) { break }
        }
        let frame = view(app)
        if ansi {
            let themes = Themes.available()
            guard let t = themes.first(where: { $0.name == theme }) else {
                throw ValidationError("no theme named '\(theme)' (themes: \(themes.map(\.name).joined(separator: ", ")))")
            }
            print(frame.ansi(palette: t.palette(colors: 256, noColor: Theme.noColorRequested(environment: ProcessInfo.processInfo.environment))))
        } else {
            print(frame.text)
        }
    }
}
