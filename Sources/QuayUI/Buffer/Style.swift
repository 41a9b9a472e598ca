/// What a cell means; a theme turns a role into colours.
public enum Role: String, CaseIterable, Sendable, Codable {
    case normal
    case dim
    case header          // top status bar
    case footer          // bottom key hints
    case title           // pane titles
    case titleFocused    // title of the focused pane
    case border
    case borderFocused
    case selection       // selected row
    case columnHeader
    case laneRed = "lane-red"
    case laneAmber = "lane-amber"
    case laneGreen = "lane-green"
    case alertCritical = "alert-critical"
    case alertHigh = "alert-high"
    case unacked         // unacknowledged alert marker
    case overdue         // SLA breached
    case warning         // stale feed, rejects
    case ok              // live feed
    case demo            // DEMO badge
    case bar             // bar charts and sparklines
    case accent          // numbers worth a look
    case overlay         // help/detail background
    case match           // filter match highlight
}

/// Text attributes, independent of colour.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let reverse = Attributes(rawValue: 2)
    public static let underline = Attributes(rawValue: 4)
    public static let dim = Attributes(rawValue: 8)
}

/// A cell's style: a role, plus attributes on top of what the theme gives it.
public struct Style: Hashable, Sendable {
    public var role: Role
    public var attributes: Attributes
    public init(_ role: Role = .normal, _ attributes: Attributes = []) {
        self.role = role
        self.attributes = attributes
    }
    public static let normal = Style()
    public func adding(_ a: Attributes) -> Style { Style(role, attributes.union(a)) }
}
