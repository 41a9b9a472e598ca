/// The events of some files in event-time order, with when each is due
/// when replayed: at the original pacing divided by a speed factor, or at
/// a fixed rate. Pure: the writer asks how many are due after so many
/// seconds, so pacing is tested without a clock.
public struct ReplayPlan: Sendable {
    /// Every valid event line as it was in its file, each with its newline,
    /// back to back in event-time order (lines with the same time keep their
    /// file order): one buffer, so a batch is one slice of it.
    public private(set) var text: [UInt8] = []
    /// Where each line ends in `text` (after its newline).
    private var ends: [Int] = []
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
        var read: [UInt8] = []
        var spans: [(ts: Int64, start: Int, end: Int)] = []
        for f in try FeedLoader.expand(paths) {
            plan.stats.files.append(f)
            let source = SourceRef.File(f)
            try FeedLoader.readLines(of: f, stats: &plan.stats) { piece, stats in
                guard let event = FeedLoader.decode(piece, file: source, decoder: decoder, stats: &stats),
                      case .line(let bytes, _) = piece else { return }
                stats.events += 1
                let start = read.count
                read.append(contentsOf: bytes)
                read.append(0x0A)
                spans.append((event.ts.ms, start, read.count))
            }
        }
        // A stable sort: equal times keep the order they were read in.
        let order = spans.indices.sorted { spans[$0].ts != spans[$1].ts ? spans[$0].ts < spans[$1].ts : $0 < $1 }
        plan.text.reserveCapacity(read.count)
        plan.ends.reserveCapacity(order.count)
        plan.times.reserveCapacity(order.count)
        for i in order {
            plan.text.append(contentsOf: read[spans[i].start..<spans[i].end])
            plan.ends.append(plan.text.count)
            plan.times.append(spans[i].ts)
        }
        return plan
    }

    public var count: Int { ends.count }

    /// Lines `range` as they go into the file, newlines included.
    public func text(of range: Range<Int>) -> ArraySlice<UInt8> {
        guard !range.isEmpty else { return [] }
        return text[(range.lowerBound == 0 ? 0 : ends[range.lowerBound - 1])..<ends[range.upperBound - 1]]
    }

    /// Line `i`, without its newline.
    public func line(_ i: Int) -> ArraySlice<UInt8> { text(of: i..<(i + 1)).dropLast() }

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
