/// The events of some files in event-time order, with when each is due
/// when replayed: at the original pacing divided by a speed factor, or at
/// a fixed rate. Pure: the writer asks how many are due after so many
/// seconds, so pacing is tested without a clock.
public struct ReplayPlan: Sendable {
    /// Each valid event line as it was in its file, in event-time order
    /// (lines with the same time keep their file order).
    public private(set) var lines: [[UInt8]] = []
    /// Event time of each line, in milliseconds.
    public private(set) var times: [Int64] = []
    /// What reading the sources found (rejected lines are not replayed).
    public private(set) var stats = IngestStats()

    public enum Pace: Sendable, Equatable {
        /// Original gaps between events divided by this factor (60 = an hour a minute).
        case speed(Double)
        /// This many events per second, whatever their times.
        case rate(Double)
    }

    public init() {}

    /// Reads `paths` (files, directories, patterns, gzip history).
    public static func load(_ paths: [String]) throws -> ReplayPlan {
        var plan = ReplayPlan()
        let decoder = EventDecoder()
        var read: [(ts: Int64, line: [UInt8])] = []
        for f in try FeedLoader.expand(paths) {
            plan.stats.files.append(f)
            try FeedLoader.readLines(of: f, stats: &plan.stats) { piece, stats in
                guard let event = FeedLoader.decode(piece, file: f, decoder: decoder, stats: &stats),
                      case .line(let bytes, _) = piece else { return }
                stats.events += 1
                read.append((event.ts.ms, Array(bytes)))
            }
        }
        // A stable sort: equal times keep the order they were read in.
        let order = read.indices.sorted { read[$0].ts != read[$1].ts ? read[$0].ts < read[$1].ts : $0 < $1 }
        plan.lines = order.map { read[$0].line }
        plan.times = order.map { read[$0].ts }
        return plan
    }

    public var count: Int { lines.count }

    /// The first event at or after `from` (events before it go out at once).
    public func firstIndex(from: Timestamp?) -> Int {
        guard let from else { return 0 }
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < from.ms { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Seconds after the start at which event `i` is due.
    public func dueSeconds(_ i: Int, pace: Pace, from: Timestamp? = nil) -> Double {
        let first = firstIndex(from: from)
        if i < first { return 0 }
        switch pace {
        case .rate(let perSecond):
            return Double(i - first) / perSecond
        case .speed(let factor):
            let start = from?.ms ?? times.first ?? 0
            return max(0, Double(times[i] - start) / 1000 / factor)
        }
    }

    /// How many events are due `elapsed` seconds after the start.
    public func due(after elapsed: Double, pace: Pace, from: Timestamp? = nil) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dueSeconds(mid, pace: pace, from: from) <= elapsed { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
