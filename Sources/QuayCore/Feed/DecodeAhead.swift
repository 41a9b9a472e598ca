import Dispatch

/// What one line of a file held, decoded but not yet counted or applied.
enum LineOutcome: Sendable {
    case blank
    case event(Event, [Warning])
    case reject(Reject)

    /// See `Event.takeManifestToPool`.
    mutating func takeManifestToPool() -> Manifest? {
        guard case .event(var e, let warnings) = self else { return nil }
        self = .blank
        defer { self = .event(e, warnings) }
        return e.takeManifestToPool()
    }

    mutating func putManifest(_ m: Manifest) {
        guard case .event(var e, let warnings) = self else { return }
        self = .blank
        e.body = .manifest(m)
        self = .event(e, warnings)
    }
}

/// Lines copied out of the read buffer (which the next read overwrites),
/// so another thread can decode them.
struct LineBatch: Sendable {
    enum Entry: Sendable {
        case line(start: Int, end: Int, number: Int)
        case tooLong(number: Int, bytes: Int)
    }

    private var bytes: [UInt8] = []
    private var entries: [Entry] = []

    var count: Int { entries.count }

    /// Empty, keeping the room it had (a batch is refilled, not
    /// reallocated: growing a fresh one page by page cost the reading thread
    /// 2-6 % of `report`'s time in page faults).
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
    }

    mutating func add(_ piece: LineSplitter.Piece) {
        switch piece {
        case .line(let b, let number):
            let start = bytes.count
            bytes.append(contentsOf: b)
            entries.append(.line(start: start, end: bytes.count, number: number))
        case .tooLong(let number, let n):
            entries.append(.tooLong(number: number, bytes: n))
        }
    }

    /// The outcome of every line, in order. With `parts` over 1 the lines
    /// are cut into that many runs, decoded at the same time.
    func decode(file: String, decoder: EventDecoder, parts: Int = 1) -> [LineOutcome] {
        let parts = min(parts, entries.count)
        guard parts > 1 else { return decode(0..<entries.count, file: file, decoder: decoder) }
        let runs = Runs(count: parts)
        let per = (entries.count + parts - 1) / parts
        let total = entries.count
        DispatchQueue.concurrentPerform(iterations: parts) { [self] k in
            runs.slots[k] = decode(min(k * per, total)..<min((k + 1) * per, total), file: file, decoder: decoder)
        }
        return Array(runs.slots.joined())
    }

    private func decode(_ range: Range<Int>, file: String, decoder: EventDecoder) -> [LineOutcome] {
        // Manifests are pooled once for the run, not line by line (the
        // other runs of the batch pool theirs at the same time).
        var unpooled = decoder
        unpooled.pool = nil
        let file = SourceRef.File(file)
        var out = bytes.withUnsafeBufferPointer { buf in
            entries[range].map { entry in
                switch entry {
                case .line(let start, let end, let number):
                    return FeedLoader.outcome(.line(UnsafeBufferPointer(rebasing: buf[start..<end]), number: number), file: file, decoder: unpooled)
                case .tooLong(let number, let n):
                    return FeedLoader.outcome(.tooLong(number: number, bytes: n), file: file, decoder: unpooled)
                }
            }
        }
        decoder.pool?.share(out.indices, take: { out[$0].takeManifestToPool() }, put: { out[$0].putManifest($1) })
        return out
    }
}

/// One slot per run of a batch, each written by exactly one iteration of
/// `concurrentPerform` and read after it returns.
private final class Runs: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<[LineOutcome]>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: [])
    }
    deinit { slots.deinitialize().deallocate() }
}

/// Decodes one batch at a time on another thread while the caller applies
/// the batch before it. `wait` hands back batches in the order they were
/// started.
final class DecodeAhead: @unchecked Sendable {
    private let file: String
    private let decoder: EventDecoder
    private let group = DispatchGroup()
    /// Written by the worker before it leaves the group, read after `wait`.
    private var result: [LineOutcome] = []
    /// The batch being decoded, then the one last decoded: only the worker
    /// touches it while one runs, so it is handed back unshared.
    private var current = LineBatch()
    private var running = false

    init(file: String, decoder: EventDecoder) {
        self.file = file
        self.decoder = decoder
    }

    /// Starts decoding `batch`, and leaves in it the batch decoded before,
    /// emptied, to be filled again. Call `wait` first if one is running.
    func start(_ batch: inout LineBatch) {
        precondition(!running, "DecodeAhead.start while a batch is running")
        running = true
        swap(&current, &batch)
        batch.removeAll()
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            // Runs on both cores: the thread that started this applies the
            // batch before meanwhile, and is usually done first.
            result = current.decode(file: file, decoder: decoder, parts: 4)
            group.leave()
        }
    }

    /// The running batch's outcomes once decoded, or nil when none runs.
    func wait() -> [LineOutcome]? {
        guard running else { return nil }
        group.wait()
        running = false
        defer { result = [] }
        return result
    }
}
