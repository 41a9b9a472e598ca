import Foundation

/// What to generate. Defaults: the sample day.
public struct GeneratorOptions: Sendable {
    /// Distinct boxes in the feed (each has at least one event in the span).
    public var containers: Int = 3000
    /// Span of the feed, in days from `start`.
    public var days: Int = 1
    public var seed: UInt64 = 2026
    /// First day of the span, 00:00Z.
    public var start: Timestamp = Timestamp.fromDay(Timestamp.daysFromCivil(year: 2026, month: 11, day: 26))
    /// Reporting port (UN/LOCODE).
    public var port: String = "BEANR"
    /// Fraction of lines that are deliberately bad.
    public var invalidRate: Double = 0.0005
    /// Fraction of events written twice (exact copies, same id).
    public var duplicateRate: Double = 0.003
    /// Also write the manifests, filed before the span, of boxes seen in it.
    public var manifestHistory = false

    public init() {}
}

/// What a run wrote.
public struct GeneratorSummary: Sendable, Equatable {
    /// Paths of the files written, in date order.
    public var files: [String]
    /// Distinct valid events (each id once).
    public var events: Int
    /// Deliberately bad lines.
    public var invalidLines: Int
    /// Extra copies of events (lines = events + duplicates + invalidLines).
    public var duplicates: Int
    /// Distinct boxes with at least one valid event.
    public var containers: Int
    /// Vessel calls announced (vessel_arrival events).
    public var vessels: Int
    /// Seizure events.
    public var seizures: Int
}

/// Deterministic synthetic event feed for a container port (docs/events.md).
///
/// The port is simulated over a window around the span: vessel calls on
/// five trade lanes, and boxes whose lives (manifest filed 1-5 days before
/// arrival, discharge, customs scans and inspections, release, gate-out
/// after ~7.5 days; exports gate in, are declared and loaded; some boxes
/// are transshipped) overlap the span. Only events stamped inside
/// [start, start + days) are written, so a one-day feed shows boxes at every
/// stage of their stay (a box's manifest, filed days before its discharge,
/// is often outside a short span). Boxes with a story (seizure, inspection,
/// scan, late amendment, gate-out without release) have it inside the span.
/// Events reach the feed late (seconds to minutes, 1 % hours), so lines are
/// written in arrival order, not time order, some twice, and a few are
/// deliberately broken. Customs release and hold carry the port's local
/// time with its offset (`+01:00`); everything else is UTC.
public enum FeedGenerator {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Writes DIR/YYYY-MM-DD.jsonl, one file per day of *arrival at the feed*
    /// (ts + delivery delay), creating DIR. Files of the same names are
    /// replaced; other files in DIR are left alone.
    public static func generate(_ options: GeneratorOptions, into directory: String) throws -> GeneratorSummary {
        try validate(options)
        var world = GenWorld(options: options)
        world.run()
        var lines = world.events
        world.events = []
        var rng = world.rng

        // Delivery delays, duplicates, bad lines.
        var uid: Int32 = 0
        for i in lines.indices {
            lines[i].uid = uid
            uid += 1
            lines[i].delivery = lines[i].ts + deliveryDelay(&rng)
        }
        let originals = lines.count
        if options.duplicateRate > 0 {
            for i in 0..<originals where rng.chance(options.duplicateRate) {
                var copy = lines[i]
                copy.copy = true
                copy.delivery += rng.chance(0.7)
                    ? rng.between(GenTime.second, 10 * GenTime.minute)
                    : rng.between(10 * GenTime.minute, 8 * GenTime.hour)
                lines.append(copy)
            }
        }
        let duplicates = lines.count - originals
        var invalid = 0
        if options.invalidRate > 0 && originals > 0 {
            let good = Double(originals + duplicates)
            invalid = Int((good * options.invalidRate / (1 - options.invalidRate)).rounded())
            if invalid == 0 && originals >= 1000 { invalid = 1 }
            var candidates: [Int] = []
            for i in 0..<originals where lines[i].box >= 0 { candidates.append(i) }
            if candidates.isEmpty { invalid = 0 }
            let firstKind = rng.below(GenDefect.kinds.count)
            for k in 0..<invalid {
                var bad = lines[candidates[rng.below(candidates.count)]]
                bad.uid = uid
                uid += 1
                bad.copy = false
                bad.defect = GenDefect.kinds[(firstKind + k) % GenDefect.kinds.count]
                bad.delivery = bad.ts + deliveryDelay(&rng)
                lines.append(bad)
            }
        }

        // Arrival order; ids in that order, a copy keeping its original's.
        var order = lines.indices.map { GenOrderKey(delivery: lines[$0].delivery, tie: Int64(lines[$0].uid) << 1 | (lines[$0].copy ? 1 : 0), index: Int32($0)) }
        order.sort { $0.delivery != $1.delivery ? $0.delivery < $1.delivery : $0.tie < $1.tie }
        var ids = [Int32](repeating: 0, count: Int(uid))
        var next: Int32 = 0
        for k in order {
            let u = Int(lines[Int(k.index)].uid)
            if ids[u] == 0 {
                next += 1
                ids[u] = next
            }
        }

        // Case numbers in time order, per year.
        var seizureEvents: [(Int64, Int32)] = []
        var boxSeen = [Bool](repeating: false, count: world.boxes.count)
        var boxesShown = 0
        var vessels = 0
        var seizures = 0
        for e in lines where !e.copy && e.defect == .none {
            switch e.type {
            case .vesselArrival: vessels += 1
            case .seizure:
                seizures += 1
                seizureEvents.append((e.ts, e.ref))
            default: break
            }
            if e.box >= 0 && !boxSeen[Int(e.box)] {
                boxSeen[Int(e.box)] = true
                boxesShown += 1
            }
        }
        seizureEvents.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var caseCounter: [Int: Int32] = [:]
        for (ts, index) in seizureEvents {
            let year = Timestamp(ms: ts).year
            let n = (caseCounter[year] ?? 0) + 1
            caseCounter[year] = n
            world.seizures[Int(index)].caseYear = Int32(year)
            world.seizures[Int(index)].caseNumber = n
        }

        // Render, one file per arrival day.
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(directory): cannot create directory: \(error.localizedDescription)")
        }
        let width = max(6, String(uid).count)
        var renderer = GenRenderer(world: world, idWidth: width)
        var files: [String] = []
        var file: GenFile?
        var currentDay: Int?
        let chunk = 4 << 20
        renderer.out.bytes.reserveCapacity(chunk + 4096)
        for k in order {
            let e = lines[Int(k.index)]
            let day = Int(e.delivery >= 0 ? e.delivery / GenTime.day : (e.delivery - GenTime.day + 1) / GenTime.day)
            if day != currentDay {
                if let f = file {
                    try f.write(renderer.out.bytes)
                    try f.close()
                    renderer.out.bytes.removeAll(keepingCapacity: true)
                }
                let path = (directory as NSString).appendingPathComponent(Timestamp.fromDay(day).dateString + ".jsonl")
                file = try GenFile(path: path)
                files.append(path)
                currentDay = day
            }
            renderer.line(e, id: Int(ids[Int(e.uid)]))
            if renderer.out.bytes.count >= chunk, let f = file {
                try f.write(renderer.out.bytes)
                renderer.out.bytes.removeAll(keepingCapacity: true)
            }
        }
        if let f = file {
            try f.write(renderer.out.bytes)
            try f.close()
        }

        return GeneratorSummary(files: files, events: originals, invalidLines: invalid, duplicates: duplicates,
                                containers: boxesShown, vessels: vessels, seizures: seizures)
    }

    static func validate(_ o: GeneratorOptions) throws {
        guard o.containers >= 0 else { throw Failure(description: "containers must be 0 or more, not \(o.containers)") }
        guard o.containers <= 20_000_000 else { throw Failure(description: "containers: at most 20,000,000") }
        guard o.days >= 1 && o.days <= 3660 else { throw Failure(description: "days must be 1 to 3660, not \(o.days)") }
        if let e = LOCODE.validate(o.port) { throw Failure(description: "port: \(e.message)") }
        guard o.invalidRate >= 0 && o.invalidRate < 0.5 else {
            throw Failure(description: "invalidRate must be in [0, 0.5), not \(o.invalidRate)")
        }
        guard o.duplicateRate >= 0 && o.duplicateRate <= 1 else {
            throw Failure(description: "duplicateRate must be in [0, 1], not \(o.duplicateRate)")
        }
        let firstYear = o.start.year
        let lastYear = Timestamp(ms: o.start.ms + Int64(o.days + 1) * GenTime.day).year
        guard firstYear >= 1971 && lastYear <= 2198 else {
            throw Failure(description: "start: the span must lie within 1971-2198")
        }
    }

    /// From the event's time to the feed: mostly seconds to minutes, 1 % hours.
    static func deliveryDelay(_ rng: inout GenRNG) -> Int64 {
        let u = rng.unit()
        if u < 0.70 { return rng.between(GenTime.second, GenTime.minute) }
        if u < 0.99 { return rng.between(GenTime.minute, 20 * GenTime.minute) }
        return rng.between(GenTime.hour, 12 * GenTime.hour)
    }
}

struct GenOrderKey {
    var delivery: Int64
    var tie: Int64
    var index: Int32
}

/// One output file, written front to back in large chunks.
final class GenFile {
    let path: String
    private var handle: UnsafeMutablePointer<FILE>?

    init(path: String) throws {
        self.path = path
        handle = fopen(path, "wb")
        if handle == nil {
            throw FeedGenerator.Failure(description: "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard let h = handle, !bytes.isEmpty else { return }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, h) }
        if written != bytes.count {
            throw FeedGenerator.Failure(description: "\(path): write failed: \(String(cString: strerror(errno)))")
        }
    }

    func close() throws {
        guard let h = handle else { return }
        handle = nil
        if fclose(h) != 0 {
            throw FeedGenerator.Failure(description: "\(path): close failed: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if let h = handle { fclose(h) }
    }
}
