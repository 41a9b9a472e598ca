/// One container as the port sees it: its history, what follows from it,
/// and its risk.
///
/// A value with its contents in one copy-on-write box: the table of boxes
/// holds 16 bytes a container, copying one (a snapshot, a list, a read
/// from the table) is one retain instead of one per string and array
/// inside, and a write copies the contents only while a snapshot shares
/// them (BENCHMARKS.md, "Containers in one box").
public struct Container: Sendable {
    public let number: ContainerNumber
    private var box: Contents

    /// What a container holds. Never written while shared: every write
    /// goes through `unique()`, as an array's storage does.
    final class Contents: @unchecked Sendable {
        var events: [Event] = []
        var facts = ContainerFacts()
        var consigneeBoxes = 0
        var consigneeKey: String?
        var shipperKey: String?
        var linkedSeizure: String?
        var vesselName: String?
        var risk = RiskAssessment()
        var row: Int32 = -1

        init() {}
        init(copying o: Contents) {
            events = o.events; facts = o.facts; consigneeBoxes = o.consigneeBoxes; consigneeKey = o.consigneeKey
            shipperKey = o.shipperKey
            linkedSeizure = o.linkedSeizure; vesselName = o.vesselName; risk = o.risk; row = o.row
        }

        /// Shared by placeholders, never written (see `Container.placeholder`).
        static let empty = Contents()
    }

    public init(number: ContainerNumber) {
        self.number = number
        box = Contents()
    }

    private init(number: ContainerNumber, box: Contents) {
        self.number = number
        self.box = box
    }

    /// Holds a container's place in the table while the container itself is
    /// taken out to be written in place (PortState.refresh); allocates nothing.
    static func placeholder(_ n: ContainerNumber) -> Container { Container(number: n, box: .empty) }

    private mutating func unique() -> Contents {
        if !isKnownUniquelyReferenced(&box) { box = Contents(copying: box) }
        return box
    }

    /// History in time order (`Event.historyOrder`).
    public internal(set) var events: [Event] {
        _read { yield box.events }
        _modify { let b = unique(); yield &b.events }
    }
    public internal(set) var facts: ContainerFacts {
        _read { yield box.facts }
        _modify { let b = unique(); yield &b.facts }
    }
    /// Boxes in the feed with the same consignee (this one included),
    /// filled in by ContainerTable when the container is read.
    public internal(set) var consigneeBoxes: Int {
        _read { yield box.consigneeBoxes }
        _modify { let b = unique(); yield &b.consigneeBoxes }
    }
    /// The normalised consignee the count belongs to.
    var consigneeKey: String? {
        _read { yield box.consigneeKey }
        _modify { let b = unique(); yield &b.consigneeKey }
    }
    /// The normalised shipper (with the consignee key: the box's parties).
    var shipperKey: String? {
        _read { yield box.shipperKey }
        _modify { let b = unique(); yield &b.shipperKey }
    }
    /// Case id of a seizure on another box that shares a party with this one.
    public internal(set) var linkedSeizure: String? {
        _read { yield box.linkedSeizure }
        _modify { let b = unique(); yield &b.linkedSeizure }
    }
    public internal(set) var vesselName: String? {
        _read { yield box.vesselName }
        _modify { let b = unique(); yield &b.vesselName }
    }
    public internal(set) var risk: RiskAssessment {
        _read { yield box.risk }
        _modify { let b = unique(); yield &b.risk }
    }
    /// Its row in the column store (-1 until first computed).
    var row: Int32 {
        _read { yield box.row }
        _modify { let b = unique(); yield &b.row }
    }

    /// Files `e` into the history, in history order (`PortState.apply`).
    mutating func file(_ e: consuming Event) {
        let b = unique()
        if let last = b.events.last, Event.historyOrder(e, last) {
            var lo = 0, hi = b.events.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Event.historyOrder(b.events[mid], e) { lo = mid + 1 } else { hi = mid }
            }
            b.events.insert(e, at: lo)
        } else {
            b.events.append(e)
        }
    }

    public var status: ContainerStatus { facts.status }
    public var score: Int { risk.score }
    public var lane: Lane { risk.lane }
}

/// A rule that fired, with the values that made it fire.
public struct RuleHit: Sendable, Equatable, Codable {
    public var rule: String
    public var description: String
    public var points: Int
    public var autoRed: Bool
    public var evidence: [String]
}

public struct RiskAssessment: Sendable, Equatable {
    public var score = 0
    public var lane = Lane.green
    public var autoRed = false
    public var hits: [RuleHit] = []
    public init() {}
}
