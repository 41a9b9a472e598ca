/// How one followed file is doing, as the feed overlay shows it.
public struct FileHealth: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Open and read to its end; new lines are read as they land.
        case following
        /// Renamed away and a new file took its name (shown for a while after).
        case rotated
        /// Shrank under us, copytruncate style, and is read again from the start.
        case truncated
        /// The name leads nowhere (deleted, rotated without a successor, unmounted); retried every tick.
        case gone
        /// There but not readable; retried every tick (the reason is in `problem`).
        case unreadable
        /// A gzip history file read to its end; not followed.
        case gzipDone = "gzip, done"
        /// A gzip history file whose data stops mid-way (cut short, or still being written); what came
        /// before is in, and the rest is read if the file grows.
        case gzipIncomplete = "gzip, incomplete"
        /// A gzip history file with corrupt data (reason in `problem`); what came before it is in.
        case gzipFailed = "gzip, failed"
        /// Read once, start to end (a demo's replay, a headless command).
        case read
    }

    public var path: String
    public var state: State = .following
    public var problem: String?
    /// Wall time (ms) the state last changed.
    public var since: Int64 = 0
    /// Bytes read from disk (compressed bytes of a gzip file).
    public var bytes = 0
    public var events = 0
    public var duplicates = 0
    public var rejectCounts: [String: Int] = [:]
    /// The last few rejects as `file:line: reason`, sanitised, newest last.
    public var recentRejects: [String] = []
    public static let recentKept = 3
    /// Wall time (ms) a new event from this file last arrived.
    public var lastArrivalWall: Int64?
    /// The latest event time seen in this file.
    public var lastEventTime: Timestamp?
    /// The times of the last events taken from it: where it stands while a
    /// history loads is their median (`position`).
    var recentTimes = RecentTimes()
    public var rotations = 0
    public var truncations = 0
    /// What changed in the file while no console followed it (with `--state`); nil when nothing did.
    public var sinceLastRun: String?

    public init(path: String) { self.path = path }

    public var rejected: Int { rejectCounts.values.reduce(0, +) }

    /// An event from this file was taken (not a duplicate).
    mutating func took(_ ts: Timestamp) {
        events += 1
        if lastEventTime.map({ ts > $0 }) ?? true { lastEventTime = ts }
        recentTimes.add(ts)
    }

    /// Where the file stands in event time: the median time of its last
    /// events (so one line with a time far off does not move it), or the
    /// latest event time when none are known.
    var position: Timestamp? { recentTimes.median ?? lastEventTime }

    mutating func reject(_ r: Reject) {
        rejectCounts[r.kind, default: 0] += 1
        recentRejects.append(Sanitizer.clean(r.description, limit: 400))
        if recentRejects.count > FileHealth.recentKept { recentRejects.removeFirst() }
    }

    /// How long a rotation or truncation stays on show before the state goes back to following.
    public static let transitionShownMillis: Int64 = 30_000

    /// Moves to `next` (stamping the time when it changes).
    mutating func enter(_ next: State, problem: String? = nil, wall: Int64) {
        if state != next { since = wall }
        state = next
        self.problem = problem
    }
}

/// The times of the last few events read from a file, and their median.
struct RecentTimes: Sendable, Equatable {
    static let count = 15
    private(set) var values: [Int64] = []
    private var next = 0

    init() {}
    /// From `ordered` (oldest first), the next time added replacing the oldest.
    init(ordered: [Int64]) { values = Array(ordered.suffix(RecentTimes.count)) }

    /// The times kept, oldest first.
    var ordered: [Int64] { Array(values[next...] + values[..<next]) }

    var filled: Int { values.count }

    mutating func add(_ t: Timestamp) {
        if values.count < RecentTimes.count {
            values.append(t.ms)
        } else {
            values[next] = t.ms
            next = (next + 1) % RecentTimes.count
        }
    }

    var median: Timestamp? { values.isEmpty ? nil : Timestamp(ms: values.sorted()[values.count / 2]) }
}
