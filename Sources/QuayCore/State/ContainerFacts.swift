/// What a container's history says about it, folded from its events in
/// time order. Pure function of (events, vessel arrivals, settings), so the
/// result does not depend on the order the events arrived in.
public struct ContainerFacts: Sendable, Equatable {
    // Stored in an order that leaves little padding (Swift lays a struct
    // out in declaration order): references and arrays, then the times (8
    // bytes each, `PackedTime`), then the one-byte fields. 529 -> 236 bytes
    // with the manifest shared with the event that filed it.
    public var port: String = ""
    public var terminal: String?
    public var manifest = Manifest()
    public var vesselIMO: String?
    public var holdReason: String?
    public var inspectionTeam: String?
    public var scanResults: [ScanResult] = []
    public var inspectionOutcomes: [InspectionOutcome] = []
    public var sealsSeen: [String] = []
    public var seizures: [SeizureFact] = []
    public var amendments = 0

    @PackedTime public var firstSeen: Timestamp? = nil
    @PackedTime public var lastEvent: Timestamp? = nil
    @PackedTime public var arrivedAt: Timestamp? = nil
    @PackedTime public var dischargedAt: Timestamp? = nil
    @PackedTime public var loadedAt: Timestamp? = nil
    @PackedTime public var gateInAt: Timestamp? = nil
    @PackedTime public var gateOutAt: Timestamp? = nil
    @PackedTime public var releasedAt: Timestamp? = nil
    @PackedTime public var heldSince: Timestamp? = nil
    @PackedTime public var scanSelectedAt: Timestamp? = nil
    @PackedTime public var inspectionSelectedAt: Timestamp? = nil
    public var measuredKg: Double?

    public var hasManifest = false
    public var lateAmendment = false
    public var released = false
    public var held = false
    public var awaitingScan = false
    public var awaitingInspection = false
    public var sealBroken = false
    public var movedWithoutRelease = false
    public var scanResult: ScanResult?
    public var inspectionOutcome: InspectionOutcome?
    public var position: ContainerStatus = .announced

    public struct SeizureFact: Sendable, Equatable {
        public var eventID: String
        public var ts: Timestamp
        public var record: SeizureRecord
        public var terminal: String?
    }

    public init() {}

    public var seized: Bool { !seizures.isEmpty || inspectionOutcome == .seizure }
    /// A valid ISO size/type code with group R (what `SizeType` says), read
    /// from the bytes: filters and rules ask it of every box.
    public var isReefer: Bool {
        guard let code = manifest.isoType?.utf8, code.count == 4 else { return false }
        var i = 0, reefer = false
        for b in code {
            guard b.isASCIIDigit || b.isASCIIUpper else { return false }
            if i == 2 { reefer = b == UInt8(ascii: "R") }
            i += 1
        }
        return reefer
    }

    public var status: ContainerStatus {
        if seized { return .seized }
        if position == .gatedOut || position == .onVessel { return position }
        if held { return .held }
        if awaitingInspection { return .awaitingInspection }
        if awaitingScan { return .awaitingScan }
        if released { return .released }
        if inspectionOutcome != nil { return .inspected }
        if scanResult != nil { return .scanned }
        if position == .announced && arrivedAt != nil { return .onVessel }
        return position
    }

    /// Which queues the container is in, with the time it joined.
    public var queues: [(Queue, Timestamp)] {
        guard !seized, position != .gatedOut, position != .onVessel else { return [] }
        var q: [(Queue, Timestamp)] = []
        if awaitingScan { q.append((.awaitingScan, scanSelectedAt ?? firstSeen ?? Timestamp(ms: 0))) }
        if awaitingInspection { q.append((.awaitingInspection, inspectionSelectedAt ?? firstSeen ?? Timestamp(ms: 0))) }
        if held { q.append((.held, heldSince ?? firstSeen ?? Timestamp(ms: 0))) }
        return q
    }

    /// Seal numbers seen that are not among those declared.
    public var sealMismatches: [String] {
        guard let declared = manifest.seals, !declared.isEmpty, !sealsSeen.isEmpty else { return [] }
        // Most boxes: one or two seals declared, seen once or twice, the same.
        let numbers = declared.map { normaliseSeal($0.number) }
        var out: [String] = []
        var listed = Set<String>()
        for s in sealsSeen where !numbers.contains(normaliseSeal(s)) && listed.insert(s).inserted { out.append(s) }
        return out
    }

    /// Whether a seal seen is not among those declared (`sealMismatches`
    /// is not empty), without listing them: a rule asks this of every box.
    public var hasSealMismatch: Bool {
        guard let declared = manifest.seals, !declared.isEmpty, !sealsSeen.isEmpty else { return false }
        let numbers = declared.map { normaliseSeal($0.number) }
        return sealsSeen.contains { !numbers.contains(normaliseSeal($0)) }
    }

    /// Declared vs weighbridge weight, in percent of declared.
    public var weightGapPercent: Double? {
        guard let d = manifest.declaredKg, d > 0, let m = measuredKg else { return nil }
        return abs(m - d) / d * 100
    }

    /// Hours in port: from discharge (or gate-in) to gate-out (or load), else to `now`.
    public func dwellHours(now: Timestamp) -> Double? {
        guard let start = dwellStart else { return nil }
        return ContainerFacts.dwellHours(start: start, end: dwellEnd, now: now)
    }

    /// Gate-out (or load) that ended the dwell, if it did.
    public var dwellEnd: Timestamp? {
        guard let start = dwellStart else { return nil }
        if let end = gateOutAt, end >= start { return end }
        if let end = loadedAt, end >= start { return end }
        return nil
    }

    /// The one dwell formula, shared with the column store.
    static func dwellHours(start: Timestamp, end: Timestamp?, now: Timestamp) -> Double {
        if let end { return end.hours(since: start) }
        return max(0, now.hours(since: start))
    }

    /// When the container started or stopped dwelling, for time-based rules.
    public var dwellStart: Timestamp? { dischargedAt ?? gateInAt }
    public var dwellEnded: Bool { dwellStart == nil || dwellEnd != nil }

    public var releaseToGateOutHours: Double? {
        guard let r = releasedAt, let g = gateOutAt, g >= r else { return nil }
        return g.hours(since: r)
    }

    /// Folds `events` (sorted by `Event.historyOrder`).
    public static func fold(_ events: [Event], arrival: (String) -> Timestamp?, lateAmendmentHours: Double) -> ContainerFacts {
        var folder = Folder()
        // By index: each event is read where it is, not copied out.
        events.withUnsafeBufferPointer { for i in $0.indices { folder.add($0[i]) } }
        return folder.takeFacts(arrival: arrival, lateAmendmentHours: lateAmendmentHours)
    }

    /// A fold taken one event at a time, so the facts after each event of a
    /// history cost one step each (`PortState.raisedAt`), not a fold of the
    /// whole prefix.
    struct Folder {
        private var f = ContainerFacts()
        private var amendmentTimes: [Timestamp] = []

        mutating func add(_ e: Event) {
            if f.firstSeen == nil { f.firstSeen = e.ts }
            f.lastEvent = e.ts
            f.port = e.port
            if let t = e.terminal { f.terminal = t }
            switch e.body {
            case .vesselArrival: break
            case .manifest(let m):
                f.merge(m)
                if m.amends { f.amendments += 1; amendmentTimes.append(e.ts) }
            case .discharge(let imo):
                f.dischargedAt = e.ts
                f.position = .discharged
                if let imo { f.vesselIMO = imo }
            case .load(let imo):
                f.loadedAt = e.ts
                f.position = .onVessel
                if let imo { f.vesselIMO = imo }
            case .gateIn(let seal, let kg):
                f.gateInAt = e.ts
                f.position = .gatedIn
                if let seal { f.sealsSeen.append(seal) }
                if let kg { f.measuredKg = kg }
            case .gateOut(let seal, let kg, _):
                f.gateOutAt = e.ts
                if !f.released || f.held { f.movedWithoutRelease = true }
                f.position = .gatedOut
                if let seal { f.sealsSeen.append(seal) }
                if let kg { f.measuredKg = kg }
            case .scanSelected:
                f.awaitingScan = true
                f.scanSelectedAt = e.ts
            case .scanResult(let r, _):
                f.awaitingScan = false
                f.scanResult = r
                f.scanResults.append(r)
            case .inspectionSelected:
                f.awaitingInspection = true
                f.inspectionSelectedAt = e.ts
            case .sealCheck(let seen, let intact):
                if let seen { f.sealsSeen.append(seen) }
                if intact == false { f.sealBroken = true }
            case .inspectionResult(let o, let team):
                f.awaitingInspection = false
                f.inspectionOutcome = o
                f.inspectionOutcomes.append(o)
                if let team { f.inspectionTeam = team }
            case .customsRelease:
                f.released = true
                f.releasedAt = e.ts
                f.held = false
                f.holdReason = nil
            case .customsHold(let reason):
                f.held = true
                f.released = false
                f.heldSince = e.ts
                f.holdReason = reason
            case .seizure(let s):
                f.seizures.append(SeizureFact(eventID: e.id, ts: e.ts, record: s, terminal: e.terminal))
            }
        }

        /// The facts of the events added so far.
        func facts(arrival: (String) -> Timestamp?, lateAmendmentHours: Double) -> ContainerFacts {
            var copy = self
            return copy.takeFacts(arrival: arrival, lateAmendmentHours: lateAmendmentHours)
        }

        /// The facts, moved out (the folder is left empty).
        mutating func takeFacts(arrival: (String) -> Timestamp?, lateAmendmentHours: Double) -> ContainerFacts {
            var f = ContainerFacts()
            swap(&f, &self.f)
            if let imo = f.vesselIMO ?? f.manifest.vesselIMO { f.arrivedAt = arrival(imo) }
            f.vesselIMO = f.vesselIMO ?? f.manifest.vesselIMO
            let window = lateAmendmentHours
            for t in amendmentTimes {
                if let d = f.dischargedAt, t > d { f.lateAmendment = true; break }
                if let a = f.arrivedAt ?? f.dischargedAt, a.hours(since: t) < window { f.lateAmendment = true; break }
            }
            return f
        }
    }

    mutating func merge(_ m: Manifest) {
        hasManifest = true
        if m.amends == false && manifest.bl == nil {
            let keep = manifest
            manifest = m
            // An amendment that arrived earlier in time than the filing is still applied after it.
            if keep.amends { mergeFields(keep) }
            return
        }
        mergeFields(m)
    }

    mutating func mergeFields(_ m: Manifest) {
        if let v = m.bl { manifest.bl = v }
        if let v = m.shipper { manifest.shipper = v }
        if let v = m.consignee { manifest.consignee = v }
        if let v = m.goods { manifest.goods = v }
        if let v = m.hs { manifest.hs = v }
        if let v = m.declaredKg { manifest.declaredKg = v }
        if let v = m.isoType { manifest.isoType = v }
        if let v = m.pol { manifest.pol = v }
        if let v = m.transship { manifest.transship = v }
        if let v = m.pod { manifest.pod = v }
        if let v = m.seals { manifest.seals = v }
        if let v = m.payment { manifest.payment = v }
        if let v = m.vesselIMO { manifest.vesselIMO = v }
    }
}

func normaliseSeal(_ s: String) -> String {
    // ASCII (nearly every seal number): upper-cased and stripped byte by byte.
    if s.utf8.allSatisfy({ $0 < 0x80 }) {
        return String(unsafeUninitializedCapacity: s.utf8.count) { out in
            var i = 0
            for b in s.utf8 where b != 0x20 && b != 0x2D { out[i] = b >= 0x61 && b <= 0x7A ? b - 32 : b; i += 1 }
            return i
        }
    }
    return String(s.uppercased().unicodeScalars.filter { $0 != " " && $0 != "-" })
}

/// Party names compared loosely: case, spaces and punctuation do not matter.
public func normaliseParty(_ s: String?) -> String? {
    guard let s else { return nil }
    var ascii = true
    var bytes: [UInt8] = []
    bytes.reserveCapacity(s.utf8.count)
    for b in s.utf8 {
        if b >= 0x80 { ascii = false; break }
        if b >= 0x41 && b <= 0x5A { bytes.append(b + 32) } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) { bytes.append(b) }
    }
    if ascii { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
    let out = String(s.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) })
    return out.isEmpty ? nil : out
}

/// A `Timestamp?` in 8 bytes instead of 16 (no time is `Int64.min`
/// milliseconds, before any date an event can carry).
@propertyWrapper
public struct PackedTime: Sendable, Equatable {
    private var ms = Int64.min
    public init(wrappedValue: Timestamp?) { ms = wrappedValue?.ms ?? .min }
    public var wrappedValue: Timestamp? {
        get { ms == .min ? nil : Timestamp(ms: ms) }
        set { ms = newValue?.ms ?? .min }
    }
}
