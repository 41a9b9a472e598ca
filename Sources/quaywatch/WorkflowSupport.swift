import ArgumentParser
import Foundation
import QuayCore
import QuayJournal

/// Where the journal lives and who works here.
struct StateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("State directory holding the journal (default: $XDG_STATE_HOME/quaywatch; a fresh temporary one for the demo).", valueName: "dir"))
    var state: String?

    @Option(help: ArgumentHelp("Roster file: users with roles, teams with officers (default: $XDG_CONFIG_HOME/quaywatch/roster.yaml; the sample roster in the demo).", valueName: "path"))
    var roster: String?

    /// The journal's directory for a command that works on real data.
    var stateDirectory: String { state.map { ($0 as NSString).expandingTildeInPath } ?? Locations.stateDirectory }

    func loadRoster(demo: Bool) throws -> Roster {
        var path = roster
        if path == nil, FileManager.default.fileExists(atPath: Locations.configDirectory + "/roster.yaml") {
            path = Locations.configDirectory + "/roster.yaml"
        }
        if path == nil, demo { path = try? Locations.sampleFile("roster.yaml") }
        guard let path else { return Roster() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CommandFailure(message: "cannot read the roster \(path): \(error.localizedDescription)", code: 2)
        }
        do { return try Roster.parse(text, source: path) } catch {
            throw CommandFailure(message: error.description, code: 2)
        }
    }

    func openJournal(directory: String) throws -> Journal {
        do { return try Journal(directory: directory) } catch let f as Journal.Failure {
            throw CommandFailure(message: f.description, code: 2)
        }
    }
}

/// The login name: $USER, else the password database.
func loginName() -> String {
    if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
    if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
    return "user"
}

/// Journals what the UI asked for, one action after another; returns the
/// status line. An action is shown only after its write succeeded.
func journalActions(_ requests: [ActionRequest], journal: Journal?, user: String, role: UserRole, modelTime: Timestamp?) -> String {
    guard let journal else { return "no journal open: nothing written" }
    var written: [JournalEntry] = []
    var failures: [String] = []
    let wall = Timestamp(ms: Int64(Date().timeIntervalSince1970 * 1000))
    for r in requests {
        do { written.append(try journal.append(r, user: user, role: role, time: wall, modelTime: modelTime)) } catch {
            failures.append(error.description)
        }
    }
    if let first = failures.first {
        let done = written.isEmpty ? "FAILED, nothing written" : "\(written.count) written, \(failures.count) FAILED"
        return "\(done): \(first)" + (failures.count > 1 ? " (+\(failures.count - 1) more)" : "")
    }
    guard let last = written.last else { return "nothing to write" }
    if written.count == 1 { return "\(last.action.done) \(last.target) (journal #\(last.id))" }
    return "\(last.action.done) \(written.count) containers (journal #\(written[0].id)-\(last.id))"
}

/// `quaywatch journal`: the audit trail.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Print the audit journal: every acknowledgement, assignment, result, note and flag, in order.")

    @OptionGroup var stateOptions: StateOptions

    @Option(help: ArgumentHelp("table or json.", valueName: "format"))
    var format: String = "table"

    @Option(help: ArgumentHelp("Only entries at or after this time (RFC 3339).", valueName: "timestamp"))
    var since: String?

    @Flag(help: "Check the database (PRAGMA integrity_check) and say 'integrity: ok' or what is wrong (exit 1).")
    var check = false

    func validate() throws {
        guard format == "table" || format == "json" else { throw ValidationError("--format must be table or json") }
        if let since, case .failure(.message(let m)) = Timestamp.parse(since) { throw ValidationError("--since: \(m)") }
    }

    func run() throws {
        let dir = stateOptions.stateDirectory
        let path = (dir as NSString).appendingPathComponent("journal.sqlite")
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(message: "no journal at \(path) (name the state directory with --state)", code: 2)
        }
        let journal = try stateOptions.openJournal(directory: dir)
        if check {
            let answer = (try? journal.integrityCheck()) ?? "cannot run the check"
            print("integrity: \(answer)")
            if answer != "ok" { throw ExitCode(1) }
            return
        }
        var entries: [JournalEntry]
        do { entries = try journal.entries() } catch { throw CommandFailure(message: error.description, code: 2) }
        if let since, let t = try? Timestamp.parse(since).get() { entries = entries.filter { $0.time >= t } }
        if format == "json" {
            let rows: [[String: Any]] = entries.map {
                ["id": $0.id, "time": $0.time.description, "user": $0.user, "role": $0.role.rawValue,
                 "action": $0.action.rawValue, "target": $0.target.text, "payload": $0.payload]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("\(padRight("ID", 5)) \(padRight("TIME", 24)) \(padRight("USER", 14)) \(padRight("ROLE", 10)) \(padRight("ACTION", 11)) \(padRight("TARGET", 11)) DETAILS")
        for e in entries {
            let details = e.payload.filter { $0.key != "model_time" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\(Sanitizer.clean($0.value))" }.joined(separator: " ")
            print("\(padRight(String(e.id), 5)) \(padRight(e.time.description, 24)) \(padRight(Sanitizer.clean(e.user), 14)) \(padRight(e.role.rawValue, 10)) \(padRight(e.action.rawValue, 11)) \(padRight(e.target.text, 11)) \(details)")
        }
        print("\(entries.count) entr\(entries.count == 1 ? "y" : "ies")")
    }
}

private func padRight(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
