/// A seizure as tallies count it.
public struct SeizureEntry: Sendable, Equatable, Codable {
    public var eventID: String
    public var caseID: String
    public var ts: Timestamp
    public var container: String
    public var drug: Drug
    public var kg: Double
    public var packages: Int?
    public var concealment: String?
    public var detection: String?
    public var origin: String?
    public var terminal: String?
}

extension Timestamp: Codable {
    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard case .success(let t) = Timestamp.parse(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad timestamp \(s)"))
        }
        self = t
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// What one container adds to the port-wide figures. Aggregates subtract
/// the old contribution and add the new one whenever a container changes,
/// so a tick costs what changed, not the whole history.
struct Contribution: Sendable {
    var port: String
    var status: ContainerStatus
    var lane: Lane
    var queues: [(Queue, Timestamp)]
    var scans: [ScanResult]
    var inspections: [InspectionOutcome]
    var seizures: [SeizureEntry]

    init(_ c: Container) { self.init(c.number, c.facts, lane: c.lane) }

    /// The facts borrowed once (read field by field through the container,
    /// they were copied whole for each field: `perf` of `report`).
    private init(_ n: ContainerNumber, _ f: borrowing ContainerFacts, lane: Lane) {
        port = f.port
        status = f.status
        self.lane = lane
        queues = f.queues
        scans = f.scanResults
        inspections = f.inspectionOutcomes
        let (pol, terminal) = (f.manifest.pol, f.terminal)
        seizures = f.seizures.map { s in
            SeizureEntry(eventID: s.eventID, caseID: s.record.caseID, ts: s.ts, container: n.text, drug: s.record.drug,
                         kg: s.record.kg, packages: s.record.packages, concealment: s.record.concealment?.rawValue,
                         detection: s.record.detection?.rawValue, origin: s.record.origin ?? pol,
                         terminal: s.terminal ?? terminal)
        }
    }
}

/// Port-wide counts, maintained incrementally.
public struct Aggregates: Sendable {
    public private(set) var containers = 0
    public private(set) var byStatus: [ContainerStatus: Int] = [:]
    /// Containers per reporting port.
    public private(set) var byPort: [String: Int] = [:]
    public private(set) var byLane: [Lane: Int] = [:]
    /// Members of each queue with the time they joined it.
    public private(set) var queues: [Queue: [ContainerNumber: Timestamp]] = [:]
    public internal(set) var scanResults: [ScanResult: Int] = [:]
    public internal(set) var inspectionOutcomes: [InspectionOutcome: Int] = [:]
    /// Seizures by event id.
    public private(set) var seizures: [String: SeizureEntry] = [:]

    mutating func add(_ n: ContainerNumber, _ c: Contribution, sign: Int) {
        containers += sign
        byPort[c.port, default: 0] += sign
        if byPort[c.port] == 0 { byPort[c.port] = nil }
        byStatus[c.status, default: 0] += sign
        byLane[c.lane, default: 0] += sign
        for (q, since) in c.queues {
            if sign > 0 { queues[q, default: [:]][n] = since } else { queues[q]?[n] = nil }
        }
        for s in c.scans { scanResults[s, default: 0] += sign }
        for o in c.inspections { inspectionOutcomes[o, default: 0] += sign }
        for s in c.seizures {
            if sign > 0 { seizures[s.eventID] = s } else { seizures[s.eventID] = nil }
        }
    }

    public func queueLength(_ q: Queue) -> Int { queues[q]?.count ?? 0 }

    /// Share of scans that found an anomaly.
    public var scanHitRate: Double? {
        let total = scanResults.values.reduce(0, +)
        return total == 0 ? nil : Double(scanResults[.anomaly] ?? 0) / Double(total)
    }

    /// Share of inspections that found a discrepancy or drugs.
    public var inspectionHitRate: Double? {
        let total = inspectionOutcomes.values.reduce(0, +)
        let hits = (inspectionOutcomes[.discrepancy] ?? 0) + (inspectionOutcomes[.seizure] ?? 0)
        return total == 0 ? nil : Double(hits) / Double(total)
    }
}
