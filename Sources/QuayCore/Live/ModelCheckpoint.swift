import Foundation
import HashTreeCollections

/// The model's state and the feed offsets it was built from, kept across
/// runs (`watch --state`), so a restarted console reads on from where it
/// stopped instead of reading the whole history again.
///
/// `DIR/model-checkpoint.jsonl`, written whole from one PortState value at
/// one moment (so the offsets and the state agree), to a temporary name,
/// fsynced, renamed over the old one (0600). Lines:
///
/// 1. a header (`Header`): format and version, a fingerprint of the rules,
///    the model's counters, the feed offsets per file (FeedCheckpoint
///    entries), the feed totals, and how many lines of each kind follow;
/// 2. every event of every live container, in the feed's own format
///    (EventEncoder), with where it came from as two extra fields
///    (`"@src"`: index into the header's `sources`, `"@line"`);
/// 3. the vessel calls, as `vessel_arrival` events (id `@vessel`);
/// 4. what events cannot rebuild, because retention archived it: the
///    archived boxes (each with the end of its archived visit), event ids seen that are in no live box's history,
///    archived boxes' consignees (when each of their boxes left; their
///    scan and inspection results are counts in the header);
/// 5. an end line with the number of lines before it.
///
/// Events the workflow journal added are left out: the journal is
/// replayed at startup, and adds them again.
///
/// Loading checks all of it (format, version, rules, every line decodes,
/// counts match) and gives a whole state or an error saying why; the
/// caller then reads the history from its start.
public struct ModelCheckpoint: Sendable {
    public static let fileName = "model-checkpoint.jsonl"
    public static let format = "quaywatch-model-checkpoint"
    public static let version = 4

    /// Where followers of the files in `header` go on from (by identity, as
    /// `FileFollower.resumeAt` takes them).
    public static func resumeMarks(_ header: Header) -> [FileFollower.Identity: FileFollower.Mark] {
        var marks: [FileFollower.Identity: FileFollower.Mark] = [:]
        for e in header.feed {
            if let (id, mark) = e.resumeMark(lines: header.feedLines[e.path] ?? 0) { marks[id] = mark }
        }
        return marks
    }

    /// Feed counts the dashboard shows (header, feed overlay), kept with the state.
    public struct FeedTotals: Codable, Equatable, Sendable {
        public struct File: Codable, Equatable, Sendable {
            public var path: String
            public var bytes: Int
            public var events: Int
            public var duplicates: Int
            public var rejectCounts: [String: Int]
            public var recentRejects: [String]
            public var lastEventTime: Timestamp?
            /// The times of its last events (`FileHealth.position`).
            public var recentTimes: [Int64]?
        }
        public var lines = 0
        public var blankLines = 0
        public var events = 0
        public var duplicates = 0
        public var bytes = 0
        public var rejectCounts: [String: Int] = [:]
        public var warningCounts: [String: Int] = [:]
        public var files: [File] = []
        public init() {}
    }

    public struct Header: Codable, Equatable, Sendable {
        public var format = ModelCheckpoint.format
        public var version = ModelCheckpoint.version
        public var rules: String
        /// Wall time of writing.
        public var written: Timestamp
        public var events: Int
        public var duplicates: Int
        public var lateForArchived: Int
        /// Visits archived so far (`ArchivedBoxes.total`).
        public var archivedTotal: Int
        public var clock: Timestamp
        public var containers: Int
        public var feed: [FeedCheckpoint.Entry]
        /// Complete lines before each file's offset, by path (lines read on keep their numbers).
        public var feedLines: [String: Int]
        public var totals: FeedTotals?
        /// Source files of the events (`"@src"` indexes this).
        public var sources: [String]
        /// Scan results and inspection outcomes of archived boxes.
        public var archivedScans: [String: Int]
        public var archivedInspections: [String: Int]
        /// Lines of each kind after the header.
        public var eventLines: Int
        public var vesselLines: Int
        public var archivedLines: Int
        public var seenLines: Int
        public var consigneeLines: Int
    }

    /// Why a checkpoint was not used.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ d: String) { description = d }
    }

    /// A fingerprint of what the rules decide: changed rules mean the
    /// kept scores are stale, and the state is rebuilt from events.
    public static func fingerprint(_ rules: RuleSet) -> String {
        var text = "\(rules.amberAt)|\(rules.redAt)|\(rules.lateAmendmentHours)"
        for (k, v) in rules.lists.sorted(by: { $0.key < $1.key }) { text += "|list \(k)=\(v.joined(separator: ","))" }
        for r in rules.rules { text += "|rule \(r.id) \(r.points) \(r.autoRed) \(r.when.source)" }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// Events the workflow journal added (see `WorkflowState.events(for:port:)`).
    static func fromJournal(_ e: Event) -> Bool { e.source == nil && e.id.hasPrefix("journal-") }

    static let chunk = 1000

    // MARK: Writing

    /// Writes `state` (recomputed: nothing pending) with the feed offsets
    /// it was built from into `directory` (made 0700 when missing).
    /// Returns the bytes written.
    @discardableResult
    public static func write(_ state: PortState, feed: [FeedCheckpoint.Entry], feedLines: [String: Int], totals: FeedTotals?, directory: String,
                             wallNow: Timestamp) throws -> Int {
        guard state.pendingCount == 0 else { throw Problem("the state has changes not yet recomputed") }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw Problem("\(directory): cannot create the state directory: \(error.localizedDescription)")
        }
        let final = directory + "/" + fileName
        let temp = final + ".tmp-\(getpid())"
        let out = try CheckpointOutput(path: temp)
        do {
            try writeBody(state, feed: feed, feedLines: feedLines, totals: totals, wallNow: wallNow, to: out)
            try out.finish()
        } catch {
            out.abandon()
            unlink(temp)
            throw error
        }
        guard rename(temp, final) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw Problem("\(final): cannot write: \(why)")
        }
        let dfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
        return out.written
    }

    private static func writeBody(_ state: PortState, feed: [FeedCheckpoint.Entry], feedLines: [String: Int], totals: FeedTotals?, wallNow: Timestamp,
                                  to out: CheckpointOutput) throws {
        // Event lines first (into a second buffer: the header counts them).
        var sources: [String] = []
        var sourceIndex: [SourceRef.File: Int] = [:]
        var liveIDs = Set<String>()
        var journalEvents = 0
        var scans: [ScanResult: Int] = state.aggregates.scanResults
        var inspections: [InspectionOutcome: Int] = state.aggregates.inspectionOutcomes
        let body = try CheckpointOutput(path: nil)
        var eventLines = 0
        // Boxes with an event of the feed (one with only journal events comes back with the journal).
        var boxes = 0
        for c in state.containers.raw.values {
            for s in c.facts.scanResults { scans[s, default: 0] -= 1 }
            for o in c.facts.inspectionOutcomes { inspections[o, default: 0] -= 1 }
            for e in c.events {
                liveIDs.insert(e.id)
                if fromJournal(e) { journalEvents += 1; continue }
                var extra: [(String, String)] = []
                if let src = e.source {
                    let i: Int
                    if let known = sourceIndex[src.source] { i = known } else {
                        i = sources.count
                        sources.append(src.file)
                        sourceIndex[src.source] = i
                    }
                    extra = [("@src", String(i)), ("@line", String(src.line))]
                }
                try body.line(EventEncoder.line(e, extra: extra))
                eventLines += 1
            }
            if c.events.contains(where: { !fromJournal($0) }) { boxes += 1 }
        }
        var vesselLines = 0
        for v in state.vessels.values.sorted(by: { $0.imo < $1.imo }) {
            let e = Event(id: "@vessel", ts: v.arrivedAt, type: .vesselArrival, port: v.port, container: nil, terminal: nil,
                          body: .vesselArrival(VesselArrival(imo: v.imo, name: v.name, voyage: v.voyage, from: v.from)))
            try body.line(EventEncoder.line(e))
            vesselLines += 1
        }
        func chunked<S: Sequence>(_ items: S, _ make: ([String]) -> String) throws -> Int where S.Element == String {
            var n = 0
            var batch: [String] = []
            for item in items {
                batch.append(item)
                if batch.count == chunk { try body.line(make(batch)); batch.removeAll(keepingCapacity: true); n += 1 }
            }
            if !batch.isEmpty { try body.line(make(batch)); n += 1 }
            return n
        }
        func list(_ xs: [String]) -> String { "[" + xs.map(EventEncoder.quoted).joined(separator: ",") + "]" }
        // A box and the time its archived visit ended, "BOX@ms": the time
        // tells a late event from the box's next visit.
        let archivedLines = try chunked(state.archived.last.lazy.map { "\($0.key.text)@\($0.value.ms)" }) { "{\"archived\":" + list($0) + "}" }
        let seenLines = try chunked(state.seenIDs.lazy.filter { !liveIDs.contains($0) }) { "{\"seen\":" + list($0) + "}" }
        // An archived boxes' consignee and when each of them left:
        // ["KEY",[ms,...]].
        let consigneeLines = try chunked(state.archivedConsignees.lazy.map {
            "[" + EventEncoder.quoted($0.key) + ",[" + $0.value.ends.map { "\($0.ms)" }.joined(separator: ",") + "]]"
        }) {
            "{\"consignees\":[" + $0.joined(separator: ",") + "]}"
        }
        let header = Header(
            rules: fingerprint(state.rules), written: wallNow,
            events: state.events - journalEvents, duplicates: state.duplicates, lateForArchived: state.lateForArchived, archivedTotal: state.archived.total,
            clock: state.clock, containers: boxes, feed: feed.sorted { $0.path < $1.path }, feedLines: feedLines,
            totals: totals.map { t in
                var t = t
                t.events -= journalEvents
                return t
            },
            sources: sources,
            archivedScans: Dictionary(uniqueKeysWithValues: scans.filter { $0.value != 0 }.map { ($0.key.rawValue, $0.value) }),
            archivedInspections: Dictionary(uniqueKeysWithValues: inspections.filter { $0.value != 0 }.map { ($0.key.rawValue, $0.value) }),
            eventLines: eventLines, vesselLines: vesselLines, archivedLines: archivedLines, seenLines: seenLines,
            consigneeLines: consigneeLines)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try out.line(String(decoding: try encoder.encode(header), as: UTF8.self))
        try out.append(body.buffer)
        try out.line("{\"end\":\(1 + eventLines + vesselLines + archivedLines + seenLines + consigneeLines)}")
    }

    // MARK: Loading

    /// The state kept in `directory`: nil when there is no checkpoint; a
    /// Problem (saying why) when it cannot be used. The state has every
    /// live box waiting for `recompute`.
    public static func load(directory: String, rules: RuleSet) throws(Problem) -> (state: PortState, header: Header)? {
        try load(directory: directory, rules: rules, batch: 8192)
    }

    /// `batch`: event lines decoded together (in parallel chunks).
    static func load(directory: String, rules: RuleSet, batch: Int) throws(Problem) -> (state: PortState, header: Header)? {
        let path = directory + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var loader = Loader(rules: rules, path: path, batchSize: batch)
        let follower = FileFollower(path: path)
        do {
            _ = try follower.poll(maxBytes: Int.max) { piece in loader.take(piece) }
        } catch {
            throw Problem("\(path): cannot read: \(error.description)")
        }
        return try loader.finish()
    }

    private struct Loader {
        let rules: RuleSet
        let path: String
        var state: PortState
        var header: Header?
        var problem: Problem?
        var lines = 0
        var ended = false
        var counts = (events: 0, vessels: 0, archived: 0, seen: 0, consignees: 0)
        var decoder: EventDecoder { EventDecoder(pool: state.textPool) }
        /// The box whose lines are being read (they come grouped by box, in
        /// history order): filed whole when the next box starts.
        var box: ContainerNumber?
        var history: [Event] = []
        var historyLine = 0
        /// Event lines waiting to be decoded as one batch, on every core.
        var batchBytes: [UInt8] = []
        var batchLines: [(start: Int, count: Int, line: Int)] = []
        let batchSize: Int

        init(rules: RuleSet, path: String, batchSize: Int) {
            self.rules = rules
            self.path = path
            self.batchSize = max(1, batchSize)
            state = PortState(rules: rules)
        }

        mutating func fail(_ line: Int, _ why: String) {
            if problem == nil { problem = Problem("\(path):\(line): \(why)") }
        }

        mutating func take(_ piece: LineSplitter.Piece) {
            guard problem == nil else { return }
            switch piece {
            case .tooLong(let n, _): fail(n, "line too long")
            case .line(let bytes, let n):
                if ended { return fail(n, "lines after the end line") }
                lines += 1
                guard let h = header else { return readHeader(bytes, n) }
                let queued = counts.events + batchLines.count
                if queued < h.eventLines {
                    batchLines.append((batchBytes.count, bytes.count, n))
                    batchBytes.append(contentsOf: bytes)
                    if batchLines.count >= batchSize || queued + 1 == h.eventLines { decodeBatch(h) }
                    return
                }
                var seen = counts.events + counts.vessels
                if counts.vessels < h.vesselLines { return readVessel(bytes, n) }
                seen += counts.archived + counts.seen + counts.consignees
                guard let json = try? JSONParser.parse(bytes) else { return fail(n, "not JSON") }
                if counts.archived < h.archivedLines {
                    guard let items = strings(json["archived"]) else { return fail(n, "expected an archived line") }
                    for t in items {
                        let parts = t.split(separator: "@", omittingEmptySubsequences: false)
                        guard parts.count == 2, let c = try? ContainerNumber(validating: String(parts[0])), let ms = Int64(parts[1]) else {
                            return fail(n, "bad archived box \(t.quotedForMessage)")
                        }
                        state.archived.last[c] = Timestamp(ms: ms)
                    }
                    counts.archived += 1
                } else if counts.seen < h.seenLines {
                    guard let items = strings(json["seen"]) else { return fail(n, "expected a seen line") }
                    for id in items { _ = state.seenIDs.insert(id) }
                    counts.seen += 1
                } else if counts.consignees < h.consigneeLines {
                    guard case .array(let items)? = json["consignees"] else { return fail(n, "expected a consignees line") }
                    for item in items {
                        guard case .array(let f) = item, f.count == 2, case .string(let key) = f[0], case .array(let times) = f[1], !times.isEmpty else {
                            return fail(n, "bad archived consignee")
                        }
                        var ends: [Timestamp] = []
                        for t in times {
                            guard case .number(let ms) = t, let v = Int64(exactly: ms) else { return fail(n, "bad archived consignee time") }
                            ends.append(Timestamp(ms: v))
                        }
                        state.archivedConsignees[key] = ArchivedConsignee(ends: ends)
                        state.containers.consigneeCounts[key] = ends.count
                    }
                    counts.consignees += 1
                } else {
                    guard case .number(let d)? = json["end"], Int(d) == seen + 1 else { return fail(n, "expected the end line") }
                    ended = true
                }
            }
        }

        func strings(_ v: JSONValue?) -> [String]? {
            guard case .array(let items)? = v else { return nil }
            var out: [String] = []
            out.reserveCapacity(items.count)
            for i in items {
                guard case .string(let s) = i else { return nil }
                out.append(s)
            }
            return out
        }

        mutating func readHeader(_ bytes: UnsafeBufferPointer<UInt8>, _ n: Int) {
            let h: Header
            do {
                h = try JSONDecoder().decode(Header.self, from: Data(bytes))
            } catch {
                return fail(n, "not a model checkpoint header")
            }
            guard h.format == ModelCheckpoint.format else { return fail(n, "not a model checkpoint (format \(h.format.quotedForMessage))") }
            guard h.version == ModelCheckpoint.version else { return fail(n, "version \(h.version) is not one this version reads") }
            guard h.rules == ModelCheckpoint.fingerprint(rules) else { return fail(n, "written under other rules; the scores would be stale") }
            header = h
        }

        /// Decodes the queued event lines (in parallel chunks), then files
        /// them in order.
        mutating func decodeBatch(_ h: Header) {
            guard !batchLines.isEmpty else { return }
            let lines = batchLines
            let decoder = self.decoder
            let sources = h.sources.map(SourceRef.File.init)
            var results = [Result<Event, Reject>?](repeating: nil, count: lines.count)
            batchBytes.withUnsafeBufferPointer { all in
                results.withUnsafeMutableBufferPointer { out in
                    nonisolated(unsafe) let sink = out.baseAddress!
                    nonisolated(unsafe) let text = all
                    let parts = 8
                    var unpooled = decoder
                    unpooled.pool = nil
                    let work: @Sendable (Int) -> Void = { [unpooled] p in
                        let run = (lines.count * p / parts)..<(lines.count * (p + 1) / parts)
                        defer {
                            // Pooled once for the run (see `TextPool.share`).
                            decoder.pool?.share(run, take: { k in
                                guard case .success(var e) = sink[k] else { return nil }
                                sink[k] = nil
                                defer { sink[k] = .success(e) }
                                return e.takeManifestToPool()
                            }, put: { k, m in
                                guard case .success(var e) = sink[k] else { return }
                                sink[k] = nil
                                e.body = .manifest(m)
                                sink[k] = .success(e)
                            })
                        }
                        for k in run {
                            let l = lines[k]
                            let (json, source) = Loader.splitSource(UnsafeBufferPointer(rebasing: text[l.start..<(l.start + l.count)]))
                            if let i = source?.file, i >= sources.count {
                                sink[k] = .failure(Reject(kind: "source", message: "source \(i) is not in the header"))
                                continue
                            }
                            let ref = source.map { SourceRef(sources[$0.file], line: $0.line) }
                            sink[k] = unpooled.decode(bytes: json, source: ref).map(\.event)
                        }
                    }
                    DispatchQueue.concurrentPerform(iterations: parts, execute: work)
                }
            }
            batchBytes.removeAll(keepingCapacity: true)
            batchLines.removeAll(keepingCapacity: true)
            for (k, result) in results.enumerated() {
                guard problem == nil, let result else { return }
                switch result {
                case .failure(let r): fail(lines[k].line, r.message)
                case .success(let e): file(e, line: lines[k].line)
                }
            }
        }

        /// One decoded event line, into the history of its box.
        mutating func file(_ e: Event, line n: Int) {
            guard let number = e.container else { return fail(n, "an event without a container") }
            guard state.seenIDs.insert(e.id) else { return fail(n, "event \(e.id.quotedForMessage) twice") }
            if number != box {
                fileHistory()
                guard state.containers.raw[number] == nil else { return fail(n, "box \(number.text) again after other boxes") }
                box = number
                historyLine = n
            }
            history.append(state.sharingText(e))
            counts.events += 1
        }

        /// Files the box read so far with its whole history at once (what
        /// `PortState.apply` would do event by event), waiting for `recompute`.
        mutating func fileHistory() {
            guard let n = box else { return }
            box = nil
            defer { history.removeAll(keepingCapacity: true) }
            for (a, b) in zip(history, history.dropFirst()) where Event.historyOrder(b, a) {
                return fail(historyLine, "box \(n.text): events out of order")
            }
            var c = Container(number: n)
            c.events = history
            state.containers.raw[n] = c
            state.dirty.insert(n)
        }

        mutating func readVessel(_ bytes: UnsafeBufferPointer<UInt8>, _ n: Int) {
            switch decoder.decode(bytes: bytes) {
            case .failure(let r): return fail(n, r.message)
            case .success(let d):
                guard case .vesselArrival(let v) = d.event.body else { return fail(n, "expected a vessel_arrival") }
                state.vessels[v.imo] = Vessel(imo: v.imo, name: v.name, voyage: v.voyage, from: v.from, arrivedAt: d.event.ts, port: d.event.port)
                counts.vessels += 1
            }
        }

        /// `{...,"@src":3,"@line":812}` -> the line, and (3, 812).
        static func splitSource(_ b: UnsafeBufferPointer<UInt8>) -> (UnsafeBufferPointer<UInt8>, (file: Int, line: Int)?) {
            var i = b.count - 1
            guard i > 0, b[i] == UInt8(ascii: "}") else { return (b, nil) }
            func number() -> Int? {
                var v = 0, scale = 1, digits = 0
                while i > 0, b[i - 1] >= 0x30, b[i - 1] <= 0x39, digits < 18 {
                    i -= 1
                    v += Int(b[i] - 0x30) * scale
                    scale *= 10
                    digits += 1
                }
                return digits > 0 ? v : nil
            }
            func literal(_ s: StaticString) -> Bool {
                let n = s.utf8CodeUnitCount
                guard i >= n else { return false }
                let p = s.utf8Start
                for k in 0..<n where b[i - n + k] != p[k] { return false }
                i -= n
                return true
            }
            guard let line = number(), literal(",\"@line\":"), let file = number(), literal(",\"@src\":") else { return (b, nil) }
            // The decoder passes over the two fields it does not know.
            return (b, (file, line))
        }

        mutating func finish() throws(Problem) -> (state: PortState, header: Header) {
            if let h = header { decodeBatch(h) }
            fileHistory()
            if let problem { throw problem }
            guard let h = header else { throw Problem("\(path): empty") }
            guard ended else { throw Problem("\(path): cut short after line \(lines) (no end line)") }
            guard state.containers.raw.count == h.containers else {
                throw Problem("\(path): \(state.containers.raw.count) containers, the header says \(h.containers)")
            }
            var scans: [ScanResult: Int] = [:]
            for (k, v) in h.archivedScans {
                guard let r = ScanResult(rawValue: k) else { throw Problem("\(path): unknown scan result \(k.quotedForMessage)") }
                scans[r] = v
            }
            var inspections: [InspectionOutcome: Int] = [:]
            for (k, v) in h.archivedInspections {
                guard let o = InspectionOutcome(rawValue: k) else { throw Problem("\(path): unknown outcome \(k.quotedForMessage)") }
                inspections[o] = v
            }
            state.aggregates.scanResults = scans
            state.aggregates.inspectionOutcomes = inspections
            state.events = h.events
            state.duplicates = h.duplicates
            state.lateForArchived = h.lateForArchived
            state.archived.total = h.archivedTotal
            state.clock = h.clock
            return (state, h)
        }
    }
}

/// A buffered writer to a file (or, with no path, to memory).
private final class CheckpointOutput {
    let fd: Int32
    let path: String?
    var buffer: [UInt8] = []
    var written = 0

    init(path: String?) throws {
        self.path = path
        if let path {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw ModelCheckpoint.Problem("\(path): cannot write: \(String(cString: strerror(errno)))") }
        } else {
            fd = -1
        }
        buffer.reserveCapacity(1 << 20)
    }

    func line(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        buffer.append(0x0A)
        if fd >= 0 && buffer.count >= 1 << 20 { try flush() }
    }

    func append(_ bytes: [UInt8]) throws {
        try flush()
        try put(bytes)
    }

    func flush() throws {
        guard fd >= 0, !buffer.isEmpty else { return }
        try put(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func put(_ bytes: [UInt8]) throws {
        var done = 0
        try bytes.withUnsafeBytes { raw in
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ModelCheckpoint.Problem("\(path ?? "checkpoint"): cannot write: \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
        written += done
    }

    func finish() throws {
        try flush()
        guard fsync(fd) == 0 else { throw ModelCheckpoint.Problem("\(path ?? "checkpoint"): cannot write: \(String(cString: strerror(errno)))") }
        close(fd)
    }

    func abandon() { if fd >= 0 { close(fd) } }
}

extension FeedCheckpoint.Entry {
    /// Where a follower opening this file (same device, inode and first
    /// line) goes on from, `lines` lines into it; nil for an entry whose
    /// hash does not parse.
    public func resumeMark(lines: Int) -> (FileFollower.Identity, FileFollower.Mark)? {
        guard let hash = UInt64(firstLine, radix: 16) else { return nil }
        return (FileFollower.Identity(device: device, inode: inode), FileFollower.Mark(offset: offset, firstLineHash: hash, lines: lines))
    }
}

/// The feed overlay's totals into the checkpoint and back, field for field
/// in one place.
extension ModelCheckpoint.FeedTotals {
    init(_ stats: IngestStats) {
        lines = stats.lines
        blankLines = stats.blankLines
        events = stats.events
        duplicates = stats.duplicates
        bytes = stats.bytes
        rejectCounts = stats.rejectCounts
        warningCounts = stats.warningCounts
    }

    func restore(into stats: inout IngestStats) {
        stats.lines = lines
        stats.blankLines = blankLines
        stats.events = events
        stats.duplicates = duplicates
        stats.bytes = bytes
        stats.rejectCounts = rejectCounts
        stats.warningCounts = warningCounts
    }
}

extension ModelCheckpoint.FeedTotals.File {
    init(_ h: FileHealth) {
        self.init(path: h.path, bytes: h.bytes, events: h.events, duplicates: h.duplicates, rejectCounts: h.rejectCounts,
                  recentRejects: h.recentRejects, lastEventTime: h.lastEventTime, recentTimes: h.recentTimes.ordered)
    }

    var health: FileHealth {
        var h = FileHealth(path: path)
        h.bytes = bytes
        h.events = events
        h.duplicates = duplicates
        h.rejectCounts = rejectCounts
        h.recentRejects = recentRejects
        h.lastEventTime = lastEventTime
        h.recentTimes = RecentTimes(ordered: recentTimes ?? [])
        return h
    }
}
