import ArgumentParser
import Foundation
import QuayCore

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic event feed at port scale (one file per day).",
        discussion: """
            Realistic owner codes with valid check digits, vessels with IMO numbers, real LOCODEs, \
            cover loads, amendments, out-of-order and duplicate events, seal mismatches, seizures, \
            and a sprinkle of invalid lines. The same options always write the same bytes.
            """)

    @Option(help: ArgumentHelp("Directory to write YYYY-MM-DD.jsonl files into (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: "Distinct containers in the feed.")
    var containers = 3000

    @Option(help: "Days the feed spans.")
    var days = 1

    @Option(help: "Random seed.")
    var seed: UInt64 = 2026

    @Option(help: ArgumentHelp("First day (YYYY-MM-DD).", valueName: "date"))
    var start = "2026-11-26"

    @Option(help: "Reporting port (UN/LOCODE).")
    var port = "BEANR"

    @Option(help: "Fraction of lines written deliberately invalid.")
    var invalidRate = 0.0005

    @Option(help: "Fraction of events written twice.")
    var duplicateRate = 0.003

    @Flag(help: "Also write the manifests, filed before the first day, of the boxes seen in the span.")
    var manifestHistory = false

    func validate() throws {
        guard containers > 0, containers <= 50_000_000 else { throw ValidationError("--containers must be between 1 and 50,000,000") }
        guard days > 0, days <= 3660 else { throw ValidationError("--days must be between 1 and 3660") }
        guard (0...1).contains(invalidRate), (0...1).contains(duplicateRate) else { throw ValidationError("rates are fractions between 0 and 1") }
        if let e = LOCODE.validate(port) { throw ValidationError("--port: \(e.message)") }
    }

    func run() throws {
        var o = GeneratorOptions()
        o.containers = containers
        o.days = days
        o.seed = seed
        o.port = port
        o.invalidRate = invalidRate
        o.duplicateRate = duplicateRate
        o.manifestHistory = manifestHistory
        guard case .success(let t) = Timestamp.parse(start + "T00:00:00Z") else { throw ValidationError("--start must be a date like 2026-11-26") }
        o.start = t
        let began = Date()
        let s: GeneratorSummary
        do { s = try FeedGenerator.generate(o, into: out) } catch {
            throw CommandFailure(message: "\(error)", code: 2)
        }
        let secs = Date().timeIntervalSince(began)
        print("wrote \(s.files.count) file\(s.files.count == 1 ? "" : "s") to \(out): \(s.events) events (\(s.containers) containers, \(s.vessels) vessel calls, \(s.seizures) seizures), \(s.duplicates) duplicates, \(s.invalidLines) invalid lines in \(String(format: "%.2f", secs)) s")
    }
}
