/// One container as the port sees it: its history, what follows from it,
/// and its risk.
public struct Container: Sendable {
    public let number: ContainerNumber
    /// History in time order (`Event.historyOrder`).
    public internal(set) var events: [Event] = []
    public internal(set) var facts = ContainerFacts()
    /// Boxes in the feed with the same consignee (this one included),
    /// filled in by ContainerTable when the container is read.
    public internal(set) var consigneeBoxes = 0
    /// The normalised consignee the count belongs to.
    var consigneeKey: String?
    /// Case id of a seizure on another box that shares a party with this one.
    public internal(set) var linkedSeizure: String?
    public internal(set) var vesselName: String?
    public internal(set) var risk = RiskAssessment()
    /// Its row in the column store (-1 until first computed).
    var row: Int32 = -1

    public init(number: ContainerNumber) { self.number = number }

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
