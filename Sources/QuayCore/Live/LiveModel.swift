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
    private let decoder = EventDecoder()
    private var rateWindow: [(wall: Int64, events: Int)] = []
    private var fixedNow: Timestamp?
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

    public init(rules: RuleSet, source: Source, tick: Double = 0.25, staleAfter: Double = 300,
                publish: @escaping @Sendable (Snapshot) -> Void) {
        state = PortState(rules: rules)
        self.source = source
        self.tick = tick
        self.publish = publish
        feed.staleAfter = staleAfter
    }

    public func start() {
        queue.async { [self] in
            switch source {
            case .follow(let paths):
                feed.mode = .live
                firstLoad(paths)
            case .demo(let paths, let speed, let preload):
                feed.mode = .demo(speed: speed)
                loadDemo(paths, speed: speed, preloadHours: preload)
            }
            pollJournal()
            recomputeAndPublish()
            let t = DispatchSource.makeTimerSource(queue: queue)
            t.schedule(deadline: .now() + tick, repeating: tick, leeway: .milliseconds(20))
            t.setEventHandler { [weak self] in self?.onTick() }
            t.resume()
            timer = t
        }
    }

    public func stop() {
        queue.sync {
            timer?.cancel()
            timer = nil
        }
    }

    private func onTick() {
        switch source {
        case .follow(let paths): pollFiles(paths)
        case .demo: releaseDemoEvents()
        }
        pollJournal()
        recomputeAndPublish()
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

    /// The model's clock.
    private var now: Timestamp {
        if let fixedNow { return fixedNow }
        switch source {
        case .follow: return Timestamp(ms: LiveModel.wallMillis())
        case .demo:
            let elapsed = Double(LiveModel.wallMillis() - replayStartWall) * speed
            return Timestamp(ms: replayStartTime.ms + Int64(elapsed))
        }
    }

    private var lastPublishedWall: Int64 = 0
    private var lastPublished = (revision: -1, lines: -1, errors: 0, journal: Int64(-1))

    private func recomputeAndPublish() {
        let now = self.now
        state.recompute(now: now)
        let wall = LiveModel.wallMillis()
        // Nothing new: publish only for the clock, once a second.
        let mark = (revision: state.revision, lines: stats.lines, errors: feed.fileErrors.count, journal: workflow.lastEntry)
        if mark == lastPublished && wall - lastPublishedWall < 1000 { return }
        lastPublished = mark
        lastPublishedWall = wall
        rateWindow.append((wall, state.events))
        while let first = rateWindow.first, wall - first.wall > 5000 { rateWindow.removeFirst() }
        if let first = rateWindow.first, wall > first.wall {
            feed.eventsPerSecond = Double(state.events - first.events) / (Double(wall - first.wall) / 1000)
        }
        generation += 1
        publish(Snapshot(state: state, stats: stats, feed: feed, now: now, wallNow: wall, generation: generation, workflow: workflow))
    }

    private func ingest(_ piece: LineSplitter.Piece, file: String) {
        guard let event = FeedLoader.decode(piece, file: file, decoder: decoder, stats: &stats) else { return }
        if state.apply(event) {
            stats.events += 1
            feed.lastArrivalWall = LiveModel.wallMillis()
        } else {
            stats.duplicates += 1
        }
    }

    /// Reads the history in slices, publishing progress (bytes read of all)
    /// so the panes fill in while a long history loads.
    private func firstLoad(_ paths: [String]) {
        let files = (try? FeedLoader.expand(paths)) ?? []
        var total = 0
        for f in files {
            if let attrs = try? FileManager.default.attributesOfItem(atPath: f), let size = attrs[.size] as? Int { total += size }
        }
        feed.loading = (0, total)
        feed.files = files
        var done = 0
        var more = true
        while more {
            more = false
            for f in files {
                let follower = followers[f] ?? FileFollower(path: f)
                followers[f] = follower
                let n = (try? follower.poll(maxBytes: 8 << 20) { ingest($0, file: f) }) ?? 0
                if n > 0 { more = true; done += n; stats.bytes += n }
                feed.loading = (min(done, total), max(total, done))
                if LiveModel.wallMillis() - lastPublishedWall > 200 { recomputeAndPublish() }
            }
        }
        feed.loading = nil
        pollFiles(paths)
    }

    private func pollFiles(_ paths: [String]) {
        var files: [String] = []
        for p in paths {
            if let expanded = try? FeedLoader.expand([p]) {
                files += expanded
                feed.fileErrors[p] = nil
            } else {
                feed.fileErrors[p] = "not found"
            }
        }
        feed.files = files
        for f in files {
            let follower = followers[f] ?? FileFollower(path: f)
            followers[f] = follower
            do {
                let n = try follower.poll { ingest($0, file: f) }
                stats.bytes += n
                feed.fileErrors[f] = nil
                if !stats.files.contains(f) { stats.files.append(f) }
            } catch {
                if case .message(let m) = error { feed.fileErrors[f] = m }
            }
        }
    }

    private func loadDemo(_ paths: [String], speed: Double, preloadHours: Double) {
        self.speed = speed
        var collected: [Event] = []
        let files = (try? FeedLoader.expand(paths)) ?? []
        feed.files = files
        for f in files {
            let follower = FileFollower(path: f)
            stats.files.append(f)
            do {
                stats.bytes += try follower.poll { piece in
                    // Decode now, apply at replay time; rejects count at once.
                    if let event = FeedLoader.decode(piece, file: f, decoder: decoder, stats: &stats) { collected.append(event) }
                }
            } catch {
                if case .message(let m) = error { feed.fileErrors[f] = m }
            }
        }
        collected.sort(by: Event.historyOrder)
        pending = collected
        // The demo opens `preloadHours` into the last day of the data, with
        // everything before already in.
        let last = collected.last?.ts ?? Timestamp(ms: LiveModel.wallMillis())
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
