import Dispatch
import Foundation

/// Owns the PortState on one serial queue. A DispatchSourceTimer ticks:
/// read what the files gained (or, in a demo, release the events whose
/// replay time has come), recompute what changed, publish a Snapshot.
public final class LiveModel: @unchecked Sendable {
    public enum Source: Sendable {
        /// Follow files and directories as they grow.
        case follow([String])
        /// Replay these files at `speed` times real time, starting
        /// `preloadHours` into the last day of the data.
        case demo([String], speed: Double, preloadHours: Double)
    }

    private let queue = DispatchQueue(label: "quaywatch.model")
    private var timer: DispatchSourceTimer?
    private var state: PortState
    private var stats = IngestStats()
    private var feed = FeedStatus()
    private var followers: [String: FileFollower] = [:]
    private let source: Source
    private let tick: Double
    private let publish: @Sendable (Snapshot) -> Void
    private var generation = 0
    /// Decodes into the state's text pool (whichever state it holds now).
    private var decoder: EventDecoder { EventDecoder(pool: state.textPool) }
    private var rateWindow: [(wall: Int64, events: Int)] = []
    /// The model's clock held at a time (a demo at its end; tests).
    var fixedNow: Timestamp?
    private var workflow = WorkflowState()
    /// Reads journal entries after an id (set before `start`); polled every
    /// tick so consoles sharing a journal see each other's actions.
    public var journal: (@Sendable (Int64) -> [JournalEntry])?

    // Demo replay.
    private var pending: [Event] = []
    private var pendingIndex = 0
    private var replayStartWall: Int64 = 0
    private var replayStartTime = Timestamp(ms: 0)
    private var speed = 1.0

    /// Where the feed checkpoint lives (following files only); nil for none.
    private let stateDirectory: String?
    private var savedCheckpoint: FeedCheckpoint?
    /// Entries of files this run does not follow, kept for the runs that do.
    private var otherRuns: [FeedCheckpoint.Entry] = []

    /// Seconds between model checkpoints (following files with a state
    /// directory; see ModelCheckpoint); 0 writes one only at `stop`. Set before `start`.
    public var checkpointEvery: Double = 300
    private var lastModelCheckpointWall: Int64 = 0
    private var modelCheckpointBusy = false
    private let checkpointQueue = DispatchQueue(label: "quaywatch.checkpoint", qos: .utility)
    /// The model checkpoint this run started from, when one was used.
    private var restoredFrom: ModelCheckpoint.Header?
    /// Why the model checkpoint was not used, when it was not.
    private var restoreProblem: String?
    /// Bytes of each file read by earlier runs (a restored checkpoint's counts).
    private var bytesBefore: [String: Int] = [:]

    public init(rules: RuleSet, source: Source, tick: Double = 0.25, staleAfter: Double = 120, stateDirectory: String? = nil,
                publish: @escaping @Sendable (Snapshot) -> Void) {
        self.stateDirectory = stateDirectory
        state = PortState(rules: rules)
        self.source = source
        self.tick = tick
        self.publish = publish
        feed.staleAfter = staleAfter
    }

    public func start() {
        queue.async { [self] in
            begin()
            let t = DispatchSource.makeTimerSource(queue: queue)
            t.schedule(deadline: .now() + tick, repeating: tick, leeway: .milliseconds(20))
            t.setEventHandler { [weak self] in self?.onTick() }
            t.resume()
            timer = t
        }
    }

    private var begun = false

    /// The first load: history read, first snapshot published.
    private func begin() {
        begun = true
        switch source {
        case .follow(let paths):
            feed.mode = .live
            if let dir = stateDirectory { restoreModel(dir) }
            firstLoad(paths)
        case .demo(let paths, let speed, let preload):
            feed.mode = .demo(speed: speed)
            loadDemo(paths, speed: speed, preloadHours: preload)
        }
        pollJournal()
        recomputeAndPublish()
        // The whole picture first, then the filters' columns, written once
        // the history is in (while it loads, boxes are refreshed over and
        // over) and only for the live set it left: until the next snapshot,
        // published at once, a filter reads the boxes one by one, with the
        // same answers.
        state.keepColumns()
        recomputeAndPublish()
        // The first model checkpoint a full interval after the start (and one at `stop`).
        lastModelCheckpointWall = LiveModel.wallMillis()
    }

    /// One tick by hand, without the timer (tests, benchmarks): the first
    /// call loads, later ones do what a timer tick does.
    public func step() {
        queue.sync { begun ? onTick() : begin() }
    }

    /// Stops the timer; following files with a state directory, writes a
    /// model checkpoint first (a clean quit restarts where it stopped).
    public func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
        checkpointQueue.sync {}
        queue.sync {
            guard begun, case .follow = source, stateDirectory != nil else { return }
            state.recompute(now: now)
            if let job = modelCheckpointJob() { finishModelCheckpoint(job()) }
        }
    }

    private func onTick() {
        switch source {
        case .follow(let paths):
            pollFiles(paths)
            archiveIfDue()
        case .demo: releaseDemoEvents()
        }
        pollJournal()
        recomputeAndPublish()
        modelCheckpointIfDue()
    }

    /// Hours after leaving the port that a box stays in the live set
    /// (following files only; nil keeps every box). Set before `start`.
    public var retentionHours: Double?
    private var lastArchiveWall: Int64 = 0

    /// Once a minute: boxes gone longer than the retention window leave the
    /// live set, so memory follows the port, not the history.
    private func archiveIfDue() {
        guard let hours = retentionHours, hours > 0 else { return }
        let wall = LiveModel.wallMillis()
        guard wall - lastArchiveWall >= 60_000 else { return }
        lastArchiveWall = wall
        // Boxes still waiting for a recompute are skipped; the next pass takes them.
        state.archive(leftBefore: now + -hours)
    }

    /// Reads the journal now (after this console wrote to it) and publishes.
    public func refreshJournal() {
        queue.async { [self] in
            pollJournal()
            recomputeAndPublish()
        }
    }

    /// Folds new journal entries; results and releases enter the state as events.
    private func pollJournal() {
        guard let journal else { return }
        for e in journal(workflow.lastEntry) {
            workflow.fold(e)
            stats.events += state.apply(journal: e)
        }
    }

    private static func wallMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The model's clock, what the state is scored as of: while a history
    /// loads, no later than the point the load has reached.
    private var now: Timestamp {
        let now = clockNow
        if let loadClock, loadClock < now { return loadClock }
        return now
    }

    /// The model's clock without the load point: what actions are dated.
    private var clockNow: Timestamp {
        if let fixedNow { return fixedNow }
        switch source {
        case .follow: return Timestamp(ms: LiveModel.wallMillis())
        case .demo:
            let elapsed = Double(LiveModel.wallMillis() - replayStartWall) * speed
            return Timestamp(ms: replayStartTime.ms + Int64(elapsed))
        }
    }

    /// While the first load reads a history: the point in event time every
    /// file has reached. Boxes are scored as of then, as a console running
    /// all along would have scored them, not as of the wall clock: a box
    /// whose gate-out is still unread is not in port for a month, and no
    /// alert is raised that such a console would never have raised.
    private var loadClock: Timestamp?

    private var lastPublishedWall: Int64 = 0
    private var lastPublished = (revision: -1, lines: -1, errors: [String: String](), journal: Int64(-1), loading: false, columns: false)

    private func recomputeAndPublish() {
        let now = self.now
        state.recompute(now: now)
        let wall = LiveModel.wallMillis()
        // Nothing new: publish only for the clock, once a second.
        // The end of the first load is news too: the dashboard waits for it
        // (without it in the mark, it came with the next second's clock tick).
        // The errors' text, not their count: one error replaced by another
        // is news too.
        let mark = (revision: state.revision, lines: stats.lines, errors: feed.fileErrors, journal: workflow.lastEntry,
                    loading: feed.loading != nil, columns: state.containers.columns.enabled)
        if mark == lastPublished && wall - lastPublishedWall < 1000 { return }
        // In a burst (the last tick left lines unread), once a second: the
        // first change after a publish copies the state the snapshot shares.
        if behind && wall - lastPublishedWall < 1000 { return }
        lastPublished = mark
        lastPublishedWall = wall
        rateWindow.append((wall, state.events))
        while let first = rateWindow.first, wall - first.wall > 5000 { rateWindow.removeFirst() }
        if let first = rateWindow.first, wall > first.wall {
            feed.eventsPerSecond = Double(state.events - first.events) / (Double(wall - first.wall) / 1000)
        }
        generation += 1
        publish(Snapshot(state: state, stats: stats, feed: feed, now: now, wallNow: wall, generation: generation, workflow: workflow,
                         actionsNow: clockNow))
    }

    /// The file being read, while it is: `ingest` counts into it.
    private var current = FileHealth(path: "")

    /// Decodes what one poll of `file` read, over both cores when it is a
    /// slice of history (a live tick's few lines are decoded here), and
    /// files it in the file's order.
    private func ingest(_ batch: LineBatch, file: String) {
        for outcome in batch.decode(file: file, decoder: decoder, parts: batch.count >= parallelDecodeLines ? 2 : 1) { ingest(outcome) }
    }

    /// Lines in one poll from which they are decoded over both cores (fewer in tests).
    var parallelDecodeLines = 4096

    private func ingest(_ outcome: LineOutcome) {
        let serial = stats.rejectSerial
        guard let event = FeedLoader.file(outcome, stats: &stats) else {
            if stats.rejectSerial != serial, let r = stats.lastReject { current.reject(r) }
            return
        }
        let late = state.lateForArchived
        if state.apply(event) {
            stats.events += 1
            current.took(event.ts)
            let wall = LiveModel.wallMillis()
            feed.lastArrivalWall = wall
            current.lastArrivalWall = wall
        } else if state.lateForArchived > late {
            // Late for an archived visit: counted by the state, not as a duplicate.
        } else {
            stats.duplicates += 1
            current.duplicates += 1
        }
    }

    /// Reads what `file` gained (at most `maxBytes` of text) and files its
    /// health; returns the bytes taken from disk and whether text came.
    @discardableResult
    private func pollFile(_ file: String, maxBytes: Int = 64 << 20) -> (disk: Int, more: Bool) {
        let follower = followers[file] ?? FileFollower(path: file)
        followers[file] = follower
        follower.resumeAt = released
        current = health[file] ?? FileHealth(path: file)
        let before = (bytes: follower.bytesRead, rotations: follower.rotations, truncations: follower.truncations)
        let wall = LiveModel.wallMillis()
        var text = 0
        var batch = LineBatch()
        do {
            do {
                // Filed before the file's health changes, also when the poll
                // fails after reading (a file gone once it was drained).
                defer { ingest(batch, file: file) }
                text = try follower.poll(maxBytes: maxBytes) { batch.add($0) }
            }
            feed.fileErrors[file] = nil
            if follower.isGzip && follower.gzipDone {
                current.enter(.gzipDone, wall: wall)
            } else if follower.rotations != before.rotations {
                current.enter(.rotated, wall: wall)
            } else if follower.truncations != before.truncations {
                current.enter(.truncated, wall: wall)
            } else if current.state == .following || wall - current.since >= FileHealth.transitionShownMillis
                        || current.state == .gone || current.state == .unreadable {
                current.enter(.following, wall: wall)
            }
        } catch {
            feed.fileErrors[file] = error.description
            switch error {
            case .gone: current.enter(.gone, problem: error.description, wall: wall)
            case .unreadable(let why): current.enter(follower.isGzip ? .gzipFailed : .unreadable, problem: why, wall: wall)
            case .incomplete(let why): current.enter(.gzipIncomplete, problem: why, wall: wall)
            }
        }
        if let r = follower.released { released[r.identity] = r.mark }
        current.rotations = follower.rotations
        current.truncations = follower.truncations
        let disk = follower.bytesRead - before.bytes
        current.bytes = (bytesBefore[file] ?? 0) + follower.bytesRead
        stats.bytes += disk
        health[file] = current
        if counted.insert(file).inserted { stats.files.append(file) }
        return (disk, text > 0)
    }

    private var health: [String: FileHealth] = [:]
    /// The last tick stopped at its time budget with lines left to read.
    private var behind = false
    /// Files already in `stats.files`.
    private var counted = Set<String>()

    /// The health of the files in `feed.files`, in that order.
    private func publishHealth() {
        feed.health = feed.files.compactMap { health[$0] }
    }

    /// Reads the history in slices, publishing progress (bytes read of all)
    /// so the panes fill in while a long history loads.
    private func firstLoad(_ paths: [String]) {
        feed.startedWall = LiveModel.wallMillis()
        let files = expandEach(paths)
        var total = 0
        for f in files {
            if let attrs = try? FileManager.default.attributesOfItem(atPath: f), let size = attrs[.size] as? Int { total += size }
        }
        feed.loading = (0, total)
        feed.files = files
        if let dir = stateDirectory { compareWithLastRun(files, dir) }
        var done = 0, sinceArchive = 0
        // In event time across the files: always a slice of the file that is
        // furthest behind (the newest event read from it so far; for a file
        // not started, the time of its first event, looked at without filing
        // it: a file's first lines may be late ones of the day before, and
        // filed now they would come before the files still behind). Daily
        // files are read one day after another and parallel streams side by
        // side, so the panes fill in in time order, and with a retention
        // window the boxes that left before every file's position are
        // archived while the history loads: memory follows the live set, not
        // the length of the history.
        var open = files
        for f in open where health[f]?.lastEventTime == nil {
            if let t = LiveModel.firstEventTime(f) { firstEvent[f] = t }
        }
        defer { firstEvent = [:] }
        while let f = open.min(by: { position($0) < position($1) }) {
            // A file whose first lines tell no time is read a little first,
            // to learn it (then in whole slices: one with no valid line at
            // all is not read 4 KB at a time).
            let known = health[f] != nil || firstEvent[f] != nil
            let (disk, gotText) = pollFile(f, maxBytes: known ? loadSliceBytes : 4 << 10)
            if !gotText { open.removeAll { $0 == f } }
            done += disk
            sinceArchive += disk
            // The point every file has reached, once each file's is known,
            // and never before the checkpoint a restart began from.
            let positions = open.map(position)
            if !positions.contains(Int64.min), let reached = positions.min() {
                loadClock = Timestamp(ms: max(reached, loadClock?.ms ?? Int64.min, restoredFrom?.written.ms ?? Int64.min))
            }
            peakLive = max(peakLive, state.containers.count)
            feed.loading = (min(done, total), max(total, done))
            if sinceArchive >= archiveEveryBytes {
                sinceArchive = 0
                archiveWhileLoading(behind: open)
            }
            // Once a second, then less often as a long load goes on (a
            // tenth of the time so far, at most every 5 s): each publish
            // refreshes the boxes that changed since the last (a box's
            // events are spread over the load), and the dashboard sorts its
            // lists again for each.
            let wall = LiveModel.wallMillis()
            if loadClock != nil, wall - lastPublishedWall > min(5000, max(1000, (wall - (feed.startedWall ?? wall)) / 10)) {
                publishHealth()
                recomputeAndPublish()
            }
        }
        feed.loading = nil
        loadClock = nil
        pollFiles(paths)
    }

    /// Bytes read between archive passes during the first load (smaller in tests).
    var archiveEveryBytes = 64 << 20
    /// Text read from one file at a time during the first load (smaller in tests).
    var loadSliceBytes = 8 << 20

    /// Where a file stands in event time: the median time of the last
    /// events read from it, or before it is read, of its first events. A
    /// median, so one line with a time far off (a bad clock, a sentinel
    /// date) does not put the file last, where its other events would be
    /// read after the boxes they belong to were archived.
    private func position(_ file: String) -> Int64 {
        (health[file]?.position ?? firstEvent[file])?.ms ?? Int64.min
    }

    /// During the first load: the time of the first event of files not read yet.
    private var firstEvent: [String: Timestamp] = [:]

    /// The median time of the first valid event lines (up to
    /// `RecentTimes.count`) in a file's first 16 KB (decompressed, for a
    /// `.gz` file), read without filing anything; nil when none is found.
    static func firstEventTime(_ file: String) -> Timestamp? {
        let size = 16 << 10
        var bytes: [UInt8]
        var count = 0
        if file.hasSuffix(".gz") {
            guard let gz = try? GzipReader(path: file) else { return nil }
            bytes = [UInt8](repeating: 0, count: size)
            while count < size {
                let n = bytes.withUnsafeMutableBufferPointer { b in
                    (try? gz.read(into: UnsafeMutableBufferPointer(rebasing: b[count...]))) ?? 0
                }
                if n <= 0 { break }
                count += n
            }
        } else {
            guard let h = FileHandle(forReadingAtPath: file) else { return nil }
            defer { try? h.close() }
            guard let data = try? h.read(upToCount: size) else { return nil }
            bytes = [UInt8](data)
            count = bytes.count
        }
        guard count > 0 else { return nil }
        let decoder = EventDecoder()
        return bytes[..<count].withUnsafeBufferPointer { all -> Timestamp? in
            var start = 0
            var times = RecentTimes()
            // Whole lines only: the last one may be cut at the end of the read.
            while times.filled < RecentTimes.count, let end = all[start...].firstIndex(of: 0x0A) {
                if case .success(let d) = decoder.decode(bytes: UnsafeBufferPointer(rebasing: all[start..<end])) { times.add(d.event.ts) }
                start = end + 1
            }
            return times.median
        }
    }

    /// An archive pass during the first load. The cutoff is the retention
    /// window before the point every file with text left has reached (and
    /// before now), so no box goes while events for it may still be unread
    /// in a file that is behind; one that leaves is what a console running
    /// all along would have archived by then.
    private func archiveWhileLoading(behind open: [String]) {
        guard let hours = retentionHours, hours > 0 else { return }
        let reached = open.map(position).min() ?? now.ms
        guard reached != Int64.min else { return }
        state.recompute(now: now)
        state.archive(leftBefore: Timestamp(ms: min(reached, now.ms)) + -hours)
    }

    private var peakLive = 0
    /// The most boxes the live set held during the first load (tests, benchmarks).
    public var peakLiveBoxes: Int { queue.sync { max(peakLive, state.containers.count) } }

    /// Files under each path (directories and glob patterns matched again
    /// each time, so new files are picked up); a path that leads nowhere
    /// is shown as a file error and tried again next tick.
    ///
    /// The model keys files by name as `String`, which compares names by
    /// their letters: two names that differ only in how an accent is
    /// encoded (precomposed é, or e and a combining accent) are one key but
    /// two files on Linux. One is followed (the one already followed, else
    /// the first listed); the other is named as a file error of its own,
    /// never dropped in silence.
    private func expandEach(_ paths: [String]) -> [String] {
        for key in clashKeys { feed.fileErrors[key] = nil }
        clashKeys = []
        var files: [String] = []
        var listedAt: [String: Int] = [:]
        for p in paths {
            do {
                let found = try FeedLoader.expand([p])
                feed.fileErrors[p] = nil
                for f in found {
                    guard let i = listedAt[f] else {
                        listedAt[f] = files.count
                        files.append(f)
                        continue
                    }
                    guard !files[i].utf8.elementsEqual(f.utf8) else { continue }
                    var (kept, other) = (files[i], f)
                    if let followed = followers[f]?.path, followed.utf8.elementsEqual(other.utf8) {
                        files[i] = other
                        swap(&kept, &other)
                    }
                    // Keyed apart from every file's own errors (a key equal to
                    // the followed name would be cleared by its next read), and
                    // spelt out: on screen the two names look the same.
                    let key = LiveModel.spelt(other) + " (not followed)"
                    feed.fileErrors[key] = "its name differs from \(LiveModel.spelt(kept)) only in how its letters are encoded; rename one"
                    clashKeys.append(key)
                }
            } catch {
                let message = "\(error)"
                feed.fileErrors[p] = message.hasPrefix(p + ": ") ? String(message.dropFirst(p.count + 2)) : message
            }
        }
        return files
    }

    /// File errors of names not followed because another's is the same text.
    private var clashKeys: [String] = []

    /// `name` with the letters beyond ASCII as code points (`caf\u{E9}`).
    static func spelt(_ name: String) -> String {
        name.unicodeScalars.map { $0.isASCII ? String($0) : "\\u{" + String($0.value, radix: 16, uppercase: true) + "}" }.joined()
    }

    private func pollFiles(_ paths: [String]) {
        let files = expandEach(paths)
        adoptRenamed(files)
        // A file that was followed and is no longer listed (deleted from a
        // directory) is still polled, so it shows as gone until it returns.
        let listed = Set(files)
        let vanished = Set(feed.files.filter { !listed.contains($0) && health[$0] != nil && health[$0]?.state != .gzipDone })
        // Listed files in the order of the paths given; a vanished one keeps its place.
        var merged: [String] = []
        var rest = files[...]
        for f in feed.files {
            if vanished.contains(f) {
                merged.append(f)
            } else if let i = rest.firstIndex(of: f) {
                merged += rest[...i]
                rest = rest[(i + 1)...]
            }
        }
        feed.files = merged + rest
        // Slices of each file in turn, for at most a fifth of a second: a
        // burst (a replay at full speed, a big file dropped in) is read over
        // several ticks, and the screen moves on in between.
        let deadline = LiveModel.wallMillis() + 200
        var more = false
        repeat {
            more = false
            for f in feed.files where pollFile(f, maxBytes: 1 << 20).more { more = true }
        } while more && LiveModel.wallMillis() < deadline
        behind = more
        publishHealth()
        saveCheckpoint()
    }

    /// Says, per file and in a line, what changed since the last run: since
    /// the model checkpoint's offsets when the state was restored from it
    /// (reading goes on from those), else since the feed checkpoint.
    private func compareWithLastRun(_ files: [String], _ dir: String) {
        let saved: FeedCheckpoint
        do {
            guard let s = try FeedCheckpoint.load(directory: dir) else {
                feed.restart = restoredFrom == nil && restoreProblem == nil
                    ? "no checkpoint from an earlier run in \(dir); one is kept from now on" : restartNote
                return
            }
            saved = s
        } catch {
            feed.stateProblem = "\(error)"
            return
        }
        savedCheckpoint = saved
        // Reading goes on from the model checkpoint's offsets: compare with those.
        let since = restoredFrom.map { FeedCheckpoint(files: $0.feed) } ?? saved
        var counts: [String: Int] = [:]
        var grown: Int64 = 0
        for f in files {
            let change = WhileDown.compare(saved: since.entry(for: f), now: FileFollower.entry(of: f))
            if case .grew(let n) = change { grown += n }
            let kind: String
            switch change {
            case .unchanged: kind = "unchanged"
            case .grew: kind = "grew"
            case .new: kind = "new"
            case .replaced: kind = "replaced"
            case .truncated: kind = "truncated"
            case .rewritten: kind = "rewritten"
            case .gone: kind = "gone"
            }
            counts[kind, default: 0] += 1
            var h = health[f] ?? FileHealth(path: f)
            h.sinceLastRun = change == .unchanged ? nil : change.description
            health[f] = h
        }
        let listed = Set(files)
        let gone = since.files.filter { !listed.contains($0.path) && FileFollower.entry(of: $0.path) == nil }
        // Files another run followed (other paths, same state directory) keep their entries.
        otherRuns = saved.files.filter { !listed.contains($0.path) && FileFollower.entry(of: $0.path) != nil }
        if !gone.isEmpty { counts["gone", default: 0] += gone.count }
        var parts: [String] = []
        for kind in ["grew", "new", "replaced", "truncated", "rewritten", "gone", "unchanged"] {
            guard let n = counts[kind] else { continue }
            parts.append(kind == "grew" ? "\(n) grew (+\(grown) bytes)" : "\(n) \(kind)")
        }
        feed.restart = "since the last run: " + parts.joined(separator: ", ") + "; " + restartNote
    }

    /// How this run started, for the feed overlay's restart line.
    private var restartNote: String {
        if let h = restoredFrom {
            return "state restored from the model checkpoint of \(h.written.clockString) (\(h.containers) boxes); "
                + "files read on from where it stopped, replaced or truncated ones from their start"
        }
        if let why = restoreProblem { return "model checkpoint not used (\(why)); every file is read again from its start" }
        return "every file is read again from its start"
    }

    /// Takes the model checkpoint in `dir` when there is a usable one: the
    /// state, the feed counts, and where each file goes on from. One that
    /// cannot be used leaves the state empty (every file is read from its
    /// start) and says why.
    private func restoreModel(_ dir: String) {
        let loaded: (state: PortState, header: ModelCheckpoint.Header)?
        do {
            loaded = try ModelCheckpoint.load(directory: dir, rules: state.rules)
        } catch {
            restoreProblem = error.description
            return
        }
        guard let (restored, header) = loaded else { return }
        var s = restored
        // As of when the last run stopped: the files then read on in event
        // time from there (see `loadClock`), and the end of the load brings
        // the state to now, as for a console that never stopped.
        s.recompute(now: min(now, header.written))
        state = s
        restoredFrom = header
        for (id, mark) in ModelCheckpoint.resumeMarks(header) { released[id] = mark }
        if let t = header.totals {
            t.restore(into: &stats)
            for f in t.files {
                health[f.path] = f.health
                bytesBefore[f.path] = f.bytes
            }
        }
    }

    /// Every `checkpointEvery` seconds, when the feed is not behind: a
    /// model checkpoint, written off the model queue from a copy of the state.
    private func modelCheckpointIfDue() {
        guard checkpointEvery > 0, !behind, !modelCheckpointBusy, case .follow = source, stateDirectory != nil else { return }
        let wall = LiveModel.wallMillis()
        guard Double(wall - lastModelCheckpointWall) >= checkpointEvery * 1000 else { return }
        lastModelCheckpointWall = wall
        guard let job = modelCheckpointJob() else { return }
        modelCheckpointBusy = true
        checkpointQueue.async { [self] in
            let result = job()
            queue.async { [self] in
                modelCheckpointBusy = false
                finishModelCheckpoint(result)
            }
        }
    }

    /// The state, offsets and counts as they are now (consistent: all taken
    /// on the model queue between ticks), and the work of writing them.
    private func modelCheckpointJob() -> (@Sendable () -> Result<Int, ModelCheckpoint.Problem>)? {
        guard let dir = stateDirectory, state.pendingCount == 0 else { return nil }
        let snapshot = state
        var entries: [FeedCheckpoint.Entry] = []
        var lines: [String: Int] = [:]
        var totals = ModelCheckpoint.FeedTotals(stats)
        for f in feed.files {
            if let follower = followers[f], let e = follower.checkpoint {
                entries.append(e)
                lines[f] = follower.linesRead
            }
            if let h = health[f] { totals.files.append(.init(h)) }
        }
        let wall = Timestamp(ms: LiveModel.wallMillis())
        return { [entries, lines, totals] in
            do {
                return .success(try ModelCheckpoint.write(snapshot, feed: entries, feedLines: lines, totals: totals, directory: dir, wallNow: wall))
            } catch let p as ModelCheckpoint.Problem {
                return .failure(p)
            } catch {
                return .failure(ModelCheckpoint.Problem("\(error)"))
            }
        }
    }

    private func finishModelCheckpoint(_ result: Result<Int, ModelCheckpoint.Problem>) {
        let before = modelCheckpointProblemLine
        switch result {
        case .success: feed.modelCheckpointProblem = nil
        case .failure(let p): feed.modelCheckpointProblem = p.description
        }
        // Shown where the feed checkpoint's problems are (the feed overlay's second line).
        if feed.stateProblem == nil || feed.stateProblem == before { feed.stateProblem = modelCheckpointProblemLine }
        if modelCheckpointProblemLine != before { lastPublishedWall = 0 }  // shown on the next tick
    }

    private var modelCheckpointProblemLine: String? {
        feed.modelCheckpointProblem.map { "model checkpoint not written: " + $0 }
    }

    /// Writes a model checkpoint now (tests, benchmarks); throws why it could not.
    func writeModelCheckpoint() throws {
        try queue.sync {
            state.recompute(now: now)
            guard let job = modelCheckpointJob() else { throw ModelCheckpoint.Problem("no state directory") }
            let result = job()
            finishModelCheckpoint(result)
            _ = try result.get()
        }
    }

    /// Writes the checkpoint when a file moved on (atomically; see FeedCheckpoint).
    private func saveCheckpoint() {
        guard let dir = stateDirectory else { return }
        let ours = feed.files.compactMap { followers[$0]?.checkpoint }
        let mine = Set(feed.files)
        let checkpoint = FeedCheckpoint(files: ours + otherRuns.filter { !mine.contains($0.path) })
        guard checkpoint != savedCheckpoint else { return }
        do {
            try checkpoint.save(directory: dir)
            savedCheckpoint = checkpoint
            feed.stateProblem = modelCheckpointProblemLine
        } catch {
            feed.stateProblem = "\(error)"
        }
    }

    /// Offsets of files let go of after a rotation, by identity.
    private var released: [FileFollower.Identity: FileFollower.Mark] = [:]

    /// A file rotated into a name that is also followed (`live.jsonl` ->
    /// `live.jsonl.1` under `*.jsonl*`) is the same file: the follower
    /// that was reading it carries on under the new name, and the old name
    /// gets a fresh follower, so nothing is read twice.
    private func adoptRenamed(_ files: [String]) {
        // A follower whose name is listed only in other bytes (the name it
        // followed is gone; the same text, encoded otherwise, is there):
        // it goes on under the listed name, and a different file there is
        // read from its start, as a file recreated under its name is.
        for f in files {
            guard let follower = followers[f], !follower.path.utf8.elementsEqual(f.utf8) else { continue }
            follower.renamed(to: f)
            health[f]?.path = f
        }
        for f in files where followers[f] == nil {
            guard let id = FileFollower.Identity.of(f) else { continue }
            if let (old, follower) = followers.first(where: { $0.key != f && $0.value.identity == id }) {
                follower.renamed(to: f)
                followers[f] = follower
                followers[old] = nil
                var h = health[old] ?? FileHealth(path: old)
                h.path = f
                health[f] = h
                health[old] = FileHealth(path: old)
                continue
            }
            let follower = FileFollower(path: f)
            follower.resumeAt = released
            followers[f] = follower
        }
    }

    private func loadDemo(_ paths: [String], speed: Double, preloadHours: Double) {
        self.speed = speed
        var collected: [Event] = []
        let files = expandEach(paths)
        feed.files = files
        for f in files {
            let follower = FileFollower(path: f)
            let source = SourceRef.File(f)
            stats.files.append(f)
            var h = FileHealth(path: f)
            h.enter(.read, wall: LiveModel.wallMillis())
            do {
                _ = try follower.poll { piece in
                    // Decode now, apply at replay time; rejects count at once.
                    let serial = stats.rejectSerial
                    if let event = FeedLoader.decode(piece, file: source, decoder: decoder, stats: &stats) {
                        collected.append(event)
                        h.took(event.ts)
                    } else if stats.rejectSerial != serial, let r = stats.lastReject {
                        h.reject(r)
                    }
                }
            } catch {
                feed.fileErrors[f] = error.description
                let state: FileHealth.State
                switch error {
                case .incomplete: state = .gzipIncomplete
                case .gone: state = .gone
                case .unreadable: state = follower.isGzip ? .gzipFailed : .unreadable
                }
                h.enter(state, problem: error.description, wall: LiveModel.wallMillis())
            }
            stats.bytes += follower.bytesRead
            h.bytes = follower.bytesRead
            health[f] = h
        }
        publishHealth()
        // Sorted by index: moving whole events around costs more than sorting.
        let order = collected.indices.sorted { Event.historyOrder(collected[$0], collected[$1]) }
        pending = order.map { collected[$0] }
        // The demo opens `preloadHours` into the last day of the data, with
        // everything before already in.
        let last = pending.last?.ts ?? Timestamp(ms: LiveModel.wallMillis())
        replayStartTime = Timestamp.fromDay(last.day) + preloadHours
        replayStartWall = LiveModel.wallMillis()
        releaseDemoEvents()
    }

    private func releaseDemoEvents() {
        let now = self.now
        while pendingIndex < pending.count, pending[pendingIndex].ts <= now {
            if state.apply(pending[pendingIndex]) { stats.events += 1 } else { stats.duplicates += 1 }
            feed.lastArrivalWall = LiveModel.wallMillis()
            pendingIndex += 1
        }
        if pendingIndex >= pending.count && !pending.isEmpty {
            // The day is over: keep the clock at the end instead of running into an empty future.
            fixedNow = fixedNow ?? now
        }
    }

    /// Runs `body` on the model queue with the current state (tests, headless use).
    public func withState<T>(_ body: (PortState, IngestStats) -> T) -> T {
        queue.sync { body(state, stats) }
    }
}
