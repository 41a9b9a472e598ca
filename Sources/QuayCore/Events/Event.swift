import Foundation

/// Every kind of event the feed carries.
public enum EventType: String, CaseIterable, Sendable, Codable {
    case vesselArrival = "vessel_arrival"
    case manifest
    case discharge
    case load
    case gateIn = "gate_in"
    case gateOut = "gate_out"
    case scanSelected = "scan_selected"
    case scanResult = "scan_result"
    case inspectionSelected = "inspection_selected"
    case sealCheck = "seal_check"
    case inspectionResult = "inspection_result"
    case customsRelease = "customs_release"
    case customsHold = "customs_hold"
    case seizure

    /// Each type by its name in the feed: one hash lookup per line, where
    /// `init(rawValue:)` compares the name with each type's in turn.
    static let named = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

public enum ScanResult: String, CaseIterable, Sendable { case clear, anomaly, inconclusive }
public enum InspectionOutcome: String, CaseIterable, Sendable { case nothingFound = "nothing_found", discrepancy, seizure }
public enum Payment: String, CaseIterable, Sendable { case prepaid, collect, cash, thirdParty = "third_party" }
public enum Drug: String, CaseIterable, Sendable, Codable { case cocaine, cannabis, heroin, synthetic, other }
public enum Concealment: String, CaseIterable, Sendable {
    case ripOnRipOff = "rip_on_rip_off", coverLoad = "cover_load", reeferUnit = "reefer_unit"
    case structure, insideGoods = "inside_goods", other
}
public enum Detection: String, CaseIterable, Sendable {
    case riskProfile = "risk_profile", scan, dog, tipOff = "tip_off", routine
}
public enum SealSource: String, CaseIterable, Sendable { case carrier = "CAR", shipper = "SHI", customs = "CUS", veterinary = "VET" }

public struct Seal: Hashable, Sendable {
    public var number: String
    public var source: SealSource?
    public init(number: String, source: SealSource?) { self.number = number; self.source = source }
}

/// A manifest filing or amendment. In an amendment, nil means "unchanged".
///
/// A value with its fields in one copy-on-write box (8 bytes): the event
/// that filed it and the facts folded from it share one copy, where each
/// held its own 163 bytes (a box's facts 396 -> 236 bytes).
public struct Manifest: Equatable, Sendable {
    private final class Storage: @unchecked Sendable {
        var bl: String? = nil
        var shipper: String? = nil
        var consignee: String? = nil
        var goods: String? = nil
        var isoType: String? = nil
        var pol: String? = nil
        var pod: String? = nil
        var vesselIMO: String? = nil
        var hs: [String]? = nil
        var transship: [String]? = nil
        var seals: [Seal]? = nil
        var declaredKg: Double? = nil
        var amends: Bool = false
        var payment: Payment? = nil
        /// Its text is a `TextPool`'s copies (cleared by every write).
        var pooled = false
        init() {}
        init(copying o: Storage) {
            bl = o.bl; shipper = o.shipper; consignee = o.consignee; goods = o.goods; isoType = o.isoType; pol = o.pol; pod = o.pod; vesselIMO = o.vesselIMO; hs = o.hs; transship = o.transship; seals = o.seals; declaredKg = o.declaredKg; amends = o.amends; payment = o.payment
        }
        /// Shared by every empty manifest, never written (see `unique`).
        static let empty = Storage()
    }

    private var storage: Storage

    public init() { storage = Storage.empty }

    /// Never written while shared: every write goes through here.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
        storage.pooled = false
        return storage
    }

    /// Whether its repeated text is a pool's copies, untouched since.
    var isPooled: Bool { storage.pooled }

    /// Lets a `TextPool` put its copies of the repeated text in place
    /// (copying the fields once if they are shared), and marks them pooled.
    mutating func pool(_ body: (inout String?, inout String?, inout String?, inout [String]?, inout [String]?) -> Void) {
        let s = unique()
        body(&s.shipper, &s.consignee, &s.goods, &s.hs, &s.transship)
        s.pooled = true
    }

    public var bl: String? {
        get { storage.bl }
        set { unique().bl = newValue }
    }
    public var shipper: String? {
        get { storage.shipper }
        set { unique().shipper = newValue }
    }
    public var consignee: String? {
        get { storage.consignee }
        set { unique().consignee = newValue }
    }
    public var goods: String? {
        get { storage.goods }
        set { unique().goods = newValue }
    }
    public var isoType: String? {
        get { storage.isoType }
        set { unique().isoType = newValue }
    }
    public var pol: String? {
        get { storage.pol }
        set { unique().pol = newValue }
    }
    public var pod: String? {
        get { storage.pod }
        set { unique().pod = newValue }
    }
    public var vesselIMO: String? {
        get { storage.vesselIMO }
        set { unique().vesselIMO = newValue }
    }
    public var hs: [String]? {
        get { storage.hs }
        set { unique().hs = newValue }
    }
    public var transship: [String]? {
        get { storage.transship }
        set { unique().transship = newValue }
    }
    public var seals: [Seal]? {
        get { storage.seals }
        set { unique().seals = newValue }
    }
    public var declaredKg: Double? {
        get { storage.declaredKg }
        set { unique().declaredKg = newValue }
    }
    public var amends: Bool {
        get { storage.amends }
        set { unique().amends = newValue }
    }
    public var payment: Payment? {
        get { storage.payment }
        set { unique().payment = newValue }
    }

    /// Whether the two hold one copy of their fields (tests).
    func sharesCopy(with other: Manifest) -> Bool { storage === other.storage }

    public static func == (a: Manifest, b: Manifest) -> Bool {
        a.storage === b.storage || (a.bl == b.bl && a.shipper == b.shipper && a.consignee == b.consignee && a.goods == b.goods && a.isoType == b.isoType && a.pol == b.pol && a.pod == b.pod && a.vesselIMO == b.vesselIMO && a.hs == b.hs && a.transship == b.transship && a.seals == b.seals && a.declaredKg == b.declaredKg && a.amends == b.amends && a.payment == b.payment)
    }
}

public struct VesselArrival: Equatable, Sendable {
    public var imo: String
    public var name: String?
    public var voyage: String?
    public var from: String?
}

public struct SeizureRecord: Equatable, Sendable {
    public var caseID: String
    public var drug: Drug
    public var kg: Double
    public var packages: Int?
    public var concealment: Concealment?
    public var detection: Detection?
    public var origin: String?
}

/// The largest bodies (a manifest, a vessel's arrival, a seizure) are kept
/// out of line, so every event in a history is not as large as they are
/// (288 -> 176 -> 144 bytes an event; 128 since the source is a file number).
public enum EventBody: Equatable, Sendable {
    indirect case vesselArrival(VesselArrival)
    case manifest(Manifest)
    case discharge(vesselIMO: String?)
    case load(vesselIMO: String?)
    case gateIn(seal: String?, measuredKg: Double?)
    case gateOut(seal: String?, measuredKg: Double?, releaseRef: String?)
    case scanSelected
    case scanResult(ScanResult, scanner: String?)
    case inspectionSelected
    case sealCheck(seen: String?, intact: Bool?)
    case inspectionResult(InspectionOutcome, team: String?)
    case customsRelease(ref: String?)
    case customsHold(reason: String?)
    indirect case seizure(SeizureRecord)
}

/// Where an event came from, for messages and the detail view: its file's
/// number among the files read (`SourceRef.File`) and its line, in 8 bytes.
/// An event held the file's name itself before: 16 bytes more, and a
/// reference to one string that every decoding thread counted up and down
/// for every line of the file.
public struct SourceRef: Hashable, Sendable, CustomStringConvertible {
    /// A file read, by number: one name, one number, for the whole run.
    public struct File: Hashable, Sendable {
        let id: UInt32
        public init(_ name: String) { id = SourceFiles.shared.number(name) }
        public var name: String { SourceFiles.shared.name(id) }
    }

    public let source: File
    private var line32: UInt32

    /// Lines past 4,294,967,295 are named as that line.
    public init(_ file: File, line: Int) {
        source = file
        line32 = UInt32(clamping: line)
    }
    public init(file: String, line: Int) { self.init(File(file), line: line) }

    public var file: String { source.name }
    public var line: Int {
        get { Int(line32) }
        set { line32 = UInt32(clamping: newValue) }
    }
    public var description: String { "\(file):\(line)" }
}

/// The names of the files events were read from, each numbered once. Grows
/// with the files a run reads (a year of daily files: 365 names), never
/// with their lines.
///
/// Keyed by the name's bytes, not by `String` equality: `café.jsonl` spelt
/// with a precomposed é and with e plus a combining accent are equal
/// strings but two files on Linux, and each keeps its own number.
final class SourceFiles: @unchecked Sendable {
    static let shared = SourceFiles()
    private let lock = NSLock()
    private var names: [String] = []
    private var numbers: [[UInt8]: UInt32] = [:]

    func number(_ name: String) -> UInt32 {
        let bytes = Array(name.utf8)
        return lock.withLock {
            if let n = numbers[bytes] { return n }
            let n = UInt32(names.count)
            names.append(name)
            numbers[bytes] = n
            return n
        }
    }

    func name(_ n: UInt32) -> String { lock.withLock { names[Int(n)] } }
}

/// One validated, sanitised event.
public struct Event: Equatable, Sendable {
    // In an order that leaves little padding (a history holds many): the
    // one-byte type fills the byte after the body's tag, the source's tag
    // the bytes before the container, held without one (128 bytes).
    public var id: String
    public var port: String
    public var terminal: String?
    public var ts: Timestamp
    public var body: EventBody
    public var type: EventType
    public var source: SourceRef?
    /// `ContainerNumber.packed`, or `noContainer` (no valid number packs to it).
    private var containerPacked: UInt64
    private static let noContainer = UInt64.max

    public var container: ContainerNumber? {
        get { containerPacked == Event.noContainer ? nil : ContainerNumber(packed: containerPacked) }
        set { containerPacked = newValue?.packed ?? Event.noContainer }
    }

    public init(id: String, ts: Timestamp, type: EventType, port: String, container: ContainerNumber?,
                terminal: String?, body: EventBody, source: SourceRef? = nil) {
        self.id = id; self.ts = ts; self.type = type; self.port = port
        containerPacked = container?.packed ?? Event.noContainer
        self.terminal = terminal; self.body = body; self.source = source
    }

    /// Its manifest if it files one not yet pooled, taken out (the event
    /// keeps no copy); `TextPool.share` puts it back pooled.
    mutating func takeManifestToPool() -> Manifest? {
        guard case .manifest(let m) = body, !m.isPooled else { return nil }
        body = .scanSelected
        return m
    }

    /// Order of a container's history: time, then id (so ties are stable).
    public static func historyOrder(_ a: Event, _ b: Event) -> Bool {
        a.ts != b.ts ? a.ts < b.ts : a.id < b.id
    }

    /// A short human summary, for timelines.
    public var summary: String {
        switch body {
        case .vesselArrival(let v):
            return "vessel \(v.name ?? "?") (IMO \(v.imo)) arrived from \(v.from ?? "?")"
        case .manifest(let m):
            if m.amends {
                var changed: [String] = []
                if m.consignee != nil { changed.append("consignee") }
                if m.shipper != nil { changed.append("shipper") }
                if m.goods != nil { changed.append("goods") }
                if m.hs != nil { changed.append("hs") }
                if m.seals != nil { changed.append("seals") }
                if m.declaredKg != nil { changed.append("weight") }
                if m.pol != nil || m.pod != nil || m.transship != nil { changed.append("route") }
                if m.payment != nil { changed.append("payment") }
                return "manifest amended: " + (changed.isEmpty ? "no field" : changed.joined(separator: ", "))
            }
            return "manifest filed: B/L \(m.bl ?? "?"), \(m.goods ?? "?")"
        case .discharge(let imo): return "discharged" + (imo.map { " from IMO \($0)" } ?? "")
        case .load(let imo): return "loaded" + (imo.map { " on IMO \($0)" } ?? "")
        case .gateIn(let seal, let kg):
            return "gate in" + (seal.map { ", seal \($0)" } ?? "") + (kg.map { ", weighbridge \(formatKg($0))" } ?? "")
        case .gateOut(let seal, let kg, let ref):
            return "gate out" + (seal.map { ", seal \($0)" } ?? "") + (kg.map { ", weighbridge \(formatKg($0))" } ?? "")
                + (ref.map { ", release \($0)" } ?? ", no release ref")
        case .scanSelected: return "selected for scan"
        case .scanResult(let r, let scanner): return "scan result: \(r.rawValue)" + (scanner.map { " (\($0))" } ?? "")
        case .inspectionSelected: return "selected for inspection"
        case .sealCheck(let seen, let intact):
            return "seal check: seen \(seen ?? "?")" + (intact == false ? ", NOT intact" : intact == true ? ", intact" : "")
        case .inspectionResult(let o, let team): return "inspection: \(o.rawValue)" + (team.map { " (team \($0))" } ?? "")
        case .customsRelease(let ref): return "customs release" + (ref.map { " \($0)" } ?? "")
        case .customsHold(let reason): return "customs hold" + (reason.map { ": \($0)" } ?? "")
        case .seizure(let s):
            return "SEIZURE \(s.caseID): \(formatKg(s.kg)) \(s.drug.rawValue)"
                + (s.concealment.map { ", \($0.rawValue)" } ?? "") + (s.detection.map { ", by \($0.rawValue)" } ?? "")
        }
    }
}

public func formatKg(_ kg: Double) -> String {
    if kg >= 1000 { return String(format1(kg / 1000)) + " t" }
    if kg == kg.rounded() { return "\(Int(kg)) kg" }
    return format1(kg) + " kg"
}

/// One decimal, without Foundation. Magnitudes too large for one decimal
/// in an Int (and infinities) are written as Swift writes a Double.
public func format1(_ v: Double) -> String {
    guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
    let r = (v * 10).rounded() / 10
    if r == r.rounded() { return "\(Int(r)).0" }
    let whole = Int(r)
    let frac = Int(((abs(r) - Double(abs(whole))) * 10).rounded())
    return (r < 0 && whole == 0 ? "-" : "") + "\(whole).\(frac)"
}
