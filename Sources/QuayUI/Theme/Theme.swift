/// A look for the dashboard: for every `Role`, a foreground, a background
/// and attributes. Themes are data (YAML files under `themes/`, overridable
/// in `$XDG_CONFIG_HOME/quaywatch/themes`); `palette(colors:noColor:)` turns
/// one into what a given terminal can show.
///
/// A theme file:
///
///     name: default            # optional; must match the file name
///     description: Dark, for a dim control room
///     roles:
///       normal:    { fg: "#d0d0d0" }
///       header:    { fg: white, bg: 24, attributes: [bold] }
///       lane-red:  { fg: "#ff5f5f", attributes: [bold] }
///
/// A role the file leaves out looks like `normal`. Within a role, a
/// missing `fg` or `bg` is `normal`'s (so a theme that paints a background
/// paints it everywhere); `default` means the terminal's own colour.
/// Attributes are not inherited.
public struct Theme: Sendable, Equatable {
    /// One role as the theme writes it.
    public struct RoleSpec: Sendable, Hashable {
        /// nil: `normal`'s colour.
        public var fg: ThemeColor?
        /// nil: `normal`'s colour.
        public var bg: ThemeColor?
        public var attributes: Attributes

        public init(fg: ThemeColor? = nil, bg: ThemeColor? = nil, attributes: Attributes = []) {
            self.fg = fg; self.bg = bg; self.attributes = attributes
        }

        /// Whether the role sets a colour of its own (not `default`).
        public var usesColor: Bool {
            [fg, bg].contains { $0 != nil && $0 != .terminalDefault }
        }
    }

    /// What the theme is known by (its file name without `.yaml`).
    public var name: String
    public var description: String
    /// Where it came from: a path, or "built-in".
    public var source: String
    /// Every role, those the file left out filled in from `normal`.
    public private(set) var specs: [Role: RoleSpec]
    /// Roles the file did not define (they look like `normal`).
    public private(set) var missingRoles: [Role]

    /// A theme from `specs`; roles missing from it copy `normal` (or the
    /// terminal's defaults if `normal` is missing too).
    public init(name: String, description: String = "", source: String = "built-in", specs: [Role: RoleSpec]) {
        self.name = name
        self.description = description
        self.source = source
        let normal = specs[.normal] ?? RoleSpec()
        missingRoles = Role.allCases.filter { specs[$0] == nil }
        self.specs = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, specs[$0] ?? normal) })
    }

    public subscript(role: Role) -> RoleSpec { specs[role] ?? RoleSpec() }

    /// The themes Quaywatch ships, in the order they are offered.
    public static let shippedOrder = ["default", "light", "high-contrast", "mono"]

    /// A dark theme compiled in, used when no themes directory is found.
    /// Basic colours and a few xterm indexes only, so it holds up on any
    /// terminal.
    public static let builtInDefault = Theme(
        name: "default",
        description: "Built-in dark theme, used when no themes directory is found",
        source: "built-in",
        specs: Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, builtInSpec($0)) }))

    /// The compiled-in look of each role; the switch keeps it complete.
    static func builtInSpec(_ role: Role) -> RoleSpec {
        switch role {
        case .normal: return RoleSpec(fg: .index(252))
        case .dim: return RoleSpec(fg: .index(245))
        case .header: return RoleSpec(fg: .index(15), bg: .index(24), attributes: .bold)
        case .footer: return RoleSpec(fg: .index(252), bg: .index(237))
        case .title: return RoleSpec(fg: .index(110), attributes: .bold)
        case .titleFocused: return RoleSpec(fg: .index(16), bg: .index(74), attributes: .bold)
        case .border: return RoleSpec(fg: .index(240))
        case .borderFocused: return RoleSpec(fg: .index(74), attributes: .bold)
        case .selection: return RoleSpec(fg: .index(15), bg: .index(25), attributes: .bold)
        case .columnHeader: return RoleSpec(fg: .index(250), attributes: [.bold, .underline])
        case .laneRed: return RoleSpec(fg: .index(203), attributes: .bold)
        case .laneAmber: return RoleSpec(fg: .index(214), attributes: .bold)
        case .laneGreen: return RoleSpec(fg: .index(77))
        case .alertCritical: return RoleSpec(fg: .index(15), bg: .index(124), attributes: .bold)
        case .alertHigh: return RoleSpec(fg: .index(208), attributes: .bold)
        case .unacked: return RoleSpec(fg: .index(16), bg: .index(220), attributes: .bold)
        case .overdue: return RoleSpec(fg: .index(170), attributes: [.bold, .underline])
        case .warning: return RoleSpec(fg: .index(221))
        case .ok: return RoleSpec(fg: .index(77))
        case .demo: return RoleSpec(fg: .index(16), bg: .index(177), attributes: .bold)
        case .bar: return RoleSpec(fg: .index(67))
        case .accent: return RoleSpec(fg: .index(117))
        case .overlay: return RoleSpec(fg: .index(252), bg: .index(235))
        case .match: return RoleSpec(fg: .index(222), attributes: [.bold, .underline])
        }
    }

    /// How each role is told apart without colour. `mono.yaml` is written
    /// with exactly these; a coloured theme shown without colour uses them
    /// for every role that set a colour of its own.
    public static func monoAttributes(_ role: Role) -> Attributes {
        switch role {
        case .normal, .laneGreen, .ok, .bar, .overlay: return []
        case .dim, .border: return .dim
        case .header, .titleFocused, .laneRed, .alertCritical: return [.bold, .reverse]
        case .footer, .selection, .demo: return .reverse
        case .title, .borderFocused, .alertHigh, .warning, .accent: return .bold
        case .columnHeader, .laneAmber, .unacked, .overdue: return [.bold, .underline]
        case .match: return .underline
        }
    }
}
