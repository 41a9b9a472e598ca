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
        let snap = Snapshot(state: state, stats: stats, feed: fs, now: now, wallNow: now.ms, generation: 1)
        var app = AppState()
        app.user = ProcessInfo.processInfo.environment["USER"] ?? "user"
        _ = update(&app, .resize(width: parts[0], height: parts[1]))
        _ = update(&app, .snapshot(snap))
        for k in keyList {
            if update(&app, .key(k)).contains(.quit) { break }
        }
        print(view(app).text)
    }
}
