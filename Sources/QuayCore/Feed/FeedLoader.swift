import Foundation
import HeapModule

/// What reading a set of files found.
public struct IngestStats: Sendable {
    public var files: [String] = []
    public var lines = 0
    public var blankLines = 0
    public var events = 0
    public var duplicates = 0
    /// Valid events stamped after the moment asked for (`--at`), left out.
    public var later = 0
    public var bytes = 0
    public var rejectCounts: [String: Int] = [:]
    public var warningCounts: [String: Int] = [:]
    /// The first rejects in full (capped so a hostile file cannot exhaust memory).
    public var rejects: [Reject] = []
    public var warnings: [Warning] = []
    /// Per file read start to end: its counts and last rejects.
    public var health: [FileHealth] = []
    public static let keep = 10_000
    /// Rejects filed so far, and the latest (for per-file health).
    public private(set) var rejectSerial = 0
    public private(set) var lastReject: Reject?

    public init() {}

    public var rejected: Int { rejectCounts.values.reduce(0, +) }

    mutating func reject(_ r: Reject) {
        rejectCounts[r.kind, default: 0] += 1
        rejectSerial += 1
        lastReject = r
        if rejects.count < IngestStats.keep { rejects.append(r) }
    }

    mutating func warn(_ w: Warning) {
        warningCounts[w.kind, default: 0] += 1
        if warnings.count < IngestStats.keep { warnings.append(w) }
    }

    /// `12 rejected (7 container check digit, 5 invalid JSON)`
    public static func summarise(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

public struct FeedError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reads event files start to end into a PortState.
public enum FeedLoader {
    /// Files named, `*.jsonl` and `*.jsonl.gz` files in directories named
    /// (sorted by name), and what glob patterns (`events/*.jsonl.gz`,
    /// `ports/*/events`) match now. A name that exists is taken as it is,
    /// even when it holds `*`, `?` or `[`. A pattern that matches nothing,
    /// or a name that does not exist, is an error naming it.
    public static func expand(_ paths: [String]) throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for p in paths {
            if !fm.fileExists(atPath: p) && Glob.isPattern(p) {
                let matches = try Glob.match(p)
                guard !matches.isEmpty else { throw FeedError("\(p): no file matches this pattern") }
                out += try expand(matches)
                continue
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw FeedError("\(p): no such file or directory") }
            if isDir.boolValue {
                let names: [String]
                do { names = try fm.contentsOfDirectory(atPath: p) } catch {
                    throw FeedError("\(p): cannot list directory: \(error.localizedDescription)")
                }
                let base = p.hasSuffix("/") ? String(p.dropLast()) : p
                out += names.filter(isEventFileName).sorted().map { base + "/" + $0 }
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// The names a followed directory's event files have.
    public static func isEventFileName(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz"))
    }

    /// Decodes every line of `path` (gzip-compressed when it ends in .gz)
    /// and applies the valid events.
    ///
    /// With `parallel`, lines are decoded in batches of `batchLines` on a
    /// second thread while this one applies the batch before: both cores
    /// work, and events, rejects and warnings are filed in line order
    /// exactly as a serial read files them.
    public static func load(file path: String, into state: inout PortState, stats: inout IngestStats, until: Timestamp? = nil,
                            parallel: Bool = true, batchLines: Int = 4096) throws {
        let decoder = EventDecoder(pool: state.textPool)
        let source = SourceRef.File(path)
        stats.files.append(path)
        var health = FileHealth(path: path)
        health.state = GzipReader.isGzip(path) ? .gzipDone : .read
        let bytesBefore = stats.bytes
        defer {
            health.bytes = stats.bytes - bytesBefore
            stats.health.append(health)
        }
        func take(_ outcome: LineOutcome, _ stats: inout IngestStats) {
            let serial = stats.rejectSerial
            guard let event = file(outcome, stats: &stats) else {
                if stats.rejectSerial != serial, let r = stats.lastReject { health.reject(r) }
                return
            }
            let ts = event.ts
            if let until, ts > until { stats.later += 1; return }
            if state.apply(event) {
                stats.events += 1
                health.took(ts)
            } else {
                stats.duplicates += 1
                health.duplicates += 1
            }
        }
        var batch = LineBatch()
        let ahead = DecodeAhead(file: path, decoder: decoder)
        // Applies what the other thread decoded, while it decodes what is left.
        func drain(_ stats: inout IngestStats) {
            let done = ahead.wait()
            if batch.count > 0 { ahead.start(&batch) }
            if let done { for o in done { take(o, &stats) } }
            if let last = ahead.wait() { for o in last { take(o, &stats) } }
        }
        do {
            try readLines(of: path, stats: &stats) { piece, stats in
                guard parallel else { take(outcome(piece, file: source, decoder: decoder), &stats); return }
                batch.add(piece)
                guard batch.count >= batchLines else { return }
                let done = ahead.wait()
                ahead.start(&batch)
                if let done { for o in done { take(o, &stats) } }
            }
            drain(&stats)
        } catch {
            drain(&stats)
            health.state = GzipReader.isGzip(path) ? .gzipFailed : .unreadable
            health.problem = "\(error)"
            throw error
        }
    }

    /// Calls `body` with every line of `path` (gzip-compressed when it ends
    /// in .gz), counting the bytes read from disk into `stats`.
    public static func readLines(of path: String, stats: inout IngestStats,
                                 _ body: (LineSplitter.Piece, inout IngestStats) -> Void) throws {
        var splitter = LineSplitter()
        let size = 4 << 20
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        if GzipReader.isGzip(path) {
            do {
                let reader = try GzipReader(path: path)
                while true {
                    let n = try reader.read(into: buffer)
                    if n == 0 { break }
                    splitter.feed(UnsafeBufferPointer(rebasing: buffer[0..<n])) { body($0, &stats) }
                }
                stats.bytes += reader.compressedOffset
            } catch {
                throw FeedError("\(path): \(error.description)")
            }
            splitter.finish { body($0, &stats) }
            return
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FeedError("\(path): cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw FeedError("\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            stats.bytes += n
            splitter.feed(UnsafeBufferPointer(rebasing: buffer[0..<n])) { body($0, &stats) }
        }
        splitter.finish { body($0, &stats) }
    }

    /// Loads every file under `paths` and recomputes once at the end. With
    /// `now`, the state is as of that moment: later events are left out.
    public static func load(_ paths: [String], rules: RuleSet, now: Timestamp? = nil, parallel: Bool = true) throws -> (PortState, IngestStats) {
        var state = PortState(rules: rules)
        var stats = IngestStats()
        for f in try expand(paths) { try load(file: f, into: &state, stats: &stats, until: now, parallel: parallel) }
        if now == nil { settleClock(&state, &stats) }
        state.recompute(now: now ?? state.clock)
        return (state, stats)
    }

    /// A gap in event time this long before the last few events marks
    /// them as dated wrongly.
    public static let clockGapHours = 7 * 24.0

    /// The feed's clock (what a read of files is scored as of, without
    /// `--at`) is its latest event time, unless the last events (at most 1 %
    /// of them, so a feed of under 100 events is left as it is) come over a
    /// week after all the others: one line with a bad
    /// clock or a sentinel date (2099-01-01) would otherwise have every box
    /// scored decades on, each in port for decades. Those events stay
    /// filed, each with a warning naming its line.
    static func settleClock(_ state: inout PortState, _ stats: inout IngestStats) {
        var all = 0
        for (_, c) in state.containers.raw { all += c.events.count }
        all += state.vessels.count
        guard all > 1 else { return }
        // The latest times, latest first: the last 1 % and the one before.
        let k = min(all / 100, all - 1)
        var latest = Heap<Int64>()
        func see(_ t: Int64) {
            if latest.count <= k { latest.insert(t) } else if t > latest.min! { latest.replaceMin(with: t) }
        }
        for (_, c) in state.containers.raw {
            c.events.withUnsafeBufferPointer { for i in $0.indices { see($0[i].ts.ms) } }
        }
        for (_, v) in state.vessels { see(v.arrivedAt.ms) }
        var times: [Int64] = []
        while let t = latest.popMax() { times.append(t) }
        let gap = Int64(clockGapHours * 3_600_000)
        var clock: Int64?
        for i in 0..<k where times[i] - times[i + 1] > gap { clock = times[i + 1] }
        guard let clock else { return }
        state.clock = Timestamp(ms: clock)
        var late: [(Timestamp, String, SourceRef?)] = []
        for (_, c) in state.containers.raw { for e in c.events where e.ts.ms > clock { late.append((e.ts, "", e.source)) } }
        for (imo, v) in state.vessels where v.arrivedAt.ms > clock { late.append((v.arrivedAt, "the arrival of vessel IMO \(imo): ", nil)) }
        for (ts, what, source) in late.sorted(by: { $0.0 < $1.0 }) {
            stats.warn(Warning(kind: "far-future time", message: what + "ts \(ts) is over \(Int(clockGapHours / 24)) days after every other event: "
                               + "figures are as of \(state.clock)", source: source))
        }
    }

    /// One piece of a file: counted, decoded, its reject or warnings filed.
    /// Returns the event of a valid line. Every reader of files goes through here.
    public static func decode(_ piece: LineSplitter.Piece, file: SourceRef.File, decoder: EventDecoder, stats: inout IngestStats) -> Event? {
        self.file(outcome(piece, file: file, decoder: decoder), stats: &stats)
    }

    /// As above, the file by name (numbered on each call: for a few lines).
    public static func decode(_ piece: LineSplitter.Piece, file: String, decoder: EventDecoder, stats: inout IngestStats) -> Event? {
        decode(piece, file: SourceRef.File(file), decoder: decoder, stats: &stats)
    }

    /// What one piece of a file holds. Touches nothing shared, so pieces
    /// can be decoded on any thread.
    static func outcome(_ piece: LineSplitter.Piece, file: SourceRef.File, decoder: EventDecoder) -> LineOutcome {
        switch piece {
        case .tooLong(let number, let bytes):
            return .reject(Reject(kind: "line too long", message: "line is \(bytes) bytes, over the \(EventDecoder.maxLineBytes)-byte limit",
                                  source: SourceRef(file, line: number)))
        case .line(let bytes, let number):
            if isBlank(bytes) { return .blank }
            switch decoder.decode(bytes: bytes, source: SourceRef(file, line: number)) {
            case .success(let d): return .event(d.event, d.warnings)
            case .failure(let r): return .reject(r)
            }
        }
    }

    /// Counts a decoded piece and files its reject or warnings, in the
    /// order the pieces are in the file. Returns the event of a valid line.
    static func file(_ outcome: LineOutcome, stats: inout IngestStats) -> Event? {
        stats.lines += 1
        switch outcome {
        case .blank:
            stats.blankLines += 1
            return nil
        case .reject(let r):
            stats.reject(r)
            return nil
        case .event(let e, let warnings):
            for w in warnings { stats.warn(w) }
            return e
        }
    }

    /// White space only, after a byte order mark if the line starts with
    /// one (the decoder skips a leading mark too).
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let bom = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
        return b.dropFirst(bom ? 3 : 0).allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}
