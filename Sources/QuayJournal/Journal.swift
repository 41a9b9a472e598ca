import Foundation
import GRDB
import QuayCore

/// The append-only audit journal: one SQLite database (WAL, synchronous
/// writes) that several consoles on one host share. Rows are inserted,
/// never updated or deleted; state is the events plus the journal folded
/// in id order.
public final class Journal: Sendable {
    public let path: String
    private let pool: DatabasePool

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public enum Kind: Sendable, Equatable { case conflict, storage }
        public let kind: Kind
        public let description: String
    }

    /// Opens (creating if needed) `DIR/journal.sqlite`; the directory is
    /// made 0700 and the database files 0600.
    /// - Parameter busyTimeout: how long a write waits for another console's
    ///   write before it fails.
    public convenience init(directory: String, busyTimeout: TimeInterval = 3) throws {
        try self.init(directory: directory, busyTimeout: busyTimeout, pageLimit: nil)
    }

    /// `pageLimit` caps the database's size in pages: how tests meet a full disk.
    init(directory: String, busyTimeout: TimeInterval, pageLimit: Int?) throws {
        let fm = FileManager.default
        do {
            if !fm.fileExists(atPath: directory) {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw Failure(kind: .storage, description: "cannot create the state directory \(directory): \(error.localizedDescription)")
        }
        path = (directory as NSString).appendingPathComponent("journal.sqlite")
        // Create the file 0600 before SQLite does; its -wal and -shm files
        // take the same mode.
        if !fm.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // Durable on return: an acknowledged action survives a crash or power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if let pageLimit { try db.execute(sql: "PRAGMA max_page_count = \(pageLimit)") }
        }
        // Setting up a new file (WAL mode, the table) answers BUSY at once,
        // without waiting, while another console is doing the same: consoles
        // started together retry for as long as a write would wait.
        let deadline = Date().addingTimeInterval(busyTimeout)
        var opened: DatabasePool?
        while opened == nil {
            do {
                opened = try Journal.openPool(path: path, configuration: config)
            } catch let e as DatabaseError where (e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                usleep(20_000)
            } catch {
                throw Failure(kind: .storage, description: "cannot open the journal \(path): \(Journal.reason(error))")
            }
        }
        pool = opened!
    }

    private static func openPool(path: String, configuration config: Configuration) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: config)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS journal (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    time TEXT NOT NULL,
                    user TEXT NOT NULL,
                    role TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    payload TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS journal_target ON journal(target);
                CREATE TRIGGER IF NOT EXISTS journal_no_update BEFORE UPDATE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                CREATE TRIGGER IF NOT EXISTS journal_no_delete BEFORE DELETE ON journal
                    BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
                """)
        }
        return pool
    }

    /// Journals `request` by `user` as `role`, after checking (inside the
    /// write transaction, so two consoles cannot both pass) that it does not
    /// conflict with what is already journaled for the container. Returns the
    /// entry as written; throws `.conflict` or `.storage` and writes nothing.
    public func append(_ request: ActionRequest, user: String, role: UserRole, time: Timestamp, modelTime: Timestamp? = nil) throws(Failure) -> JournalEntry {
        if let why = refusal(request.action, user: user, role: role) { throw Failure(kind: .conflict, description: why) }
        var payload = request.payload
        if let modelTime { payload["model_time"] = modelTime.description }
        do {
            return try pool.write { db -> JournalEntry in
                var file = WorkflowState()
                for e in try Journal.fetch(db, sql: "SELECT * FROM journal WHERE target = ? ORDER BY id", [request.target.text]) {
                    file.fold(e)
                }
                if let why = (file[request.target] ?? CaseFile()).conflict(with: request) {
                    throw Failure(kind: .conflict, description: "\(request.target): \(why)")
                }
                try db.execute(sql: "INSERT INTO journal (time, user, role, action, target, payload) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [time.description, user, role.rawValue, request.action.rawValue, request.target.text, Journal.encode(payload)])
                return JournalEntry(id: db.lastInsertedRowID, time: time, user: user, role: role, action: request.action,
                                    target: request.target, payload: payload)
            }
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(kind: .storage, description: "not written to the journal: \(Journal.reason(error))")
        }
    }

    /// Entries after `id`, in order (what other consoles wrote since).
    public func entries(after id: Int64 = 0) throws(Failure) -> [JournalEntry] {
        do {
            return try pool.read { db in try Journal.fetch(db, sql: "SELECT * FROM journal WHERE id > ? ORDER BY id", [id]) }
        } catch {
            throw Failure(kind: .storage, description: "cannot read the journal: \(Journal.reason(error))")
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the database is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer" }
    }

    /// Rows that do not decode (a journal edited by hand) are skipped.
    private static func fetch(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [JournalEntry] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row -> JournalEntry? in
            guard let time = try? Timestamp.parse(row["time"] as String).get(),
                  let role = UserRole(rawValue: row["role"]),
                  let action = ActionKind(rawValue: row["action"]),
                  let target = try? ContainerNumber(validating: row["target"] as String) else { return nil }
            return JournalEntry(id: row["id"], time: time, user: row["user"], role: role, action: action, target: target,
                                payload: decode(row["payload"]))
        }
    }

    static func encode(_ payload: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
    }

    private static func reason(_ error: Error) -> String {
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return "the journal is locked by another console (timed out)"
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_READONLY: return "the journal is read-only"
            case .SQLITE_CANTOPEN: return "the journal cannot be opened"
            default: return e.message ?? "\(e.resultCode)"
            }
        }
        return "\(error)"
    }
}
