import Dispatch

/// What one line of a file held, decoded but not yet counted or applied.
enum LineOutcome: Sendable {
    case blank
    case event(Event, [Warning])
    case reject(Reject)
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

    func decode(file: String, decoder: EventDecoder) -> [LineOutcome] {
        bytes.withUnsafeBufferPointer { buf in
            entries.map { entry in
                switch entry {
                case .line(let start, let end, let number):
                    return FeedLoader.outcome(.line(UnsafeBufferPointer(rebasing: buf[start..<end]), number: number), file: file, decoder: decoder)
                case .tooLong(let number, let n):
                    return FeedLoader.outcome(.tooLong(number: number, bytes: n), file: file, decoder: decoder)
                }
            }
        }
    }
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
    private var running = false

    init(file: String, decoder: EventDecoder) {
        self.file = file
        self.decoder = decoder
    }

    /// Starts decoding `batch`. Call `wait` first if one is running.
    func start(_ batch: LineBatch) {
        precondition(!running, "DecodeAhead.start while a batch is running")
        running = true
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = batch.decode(file: file, decoder: decoder)
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
