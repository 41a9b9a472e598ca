/// How many colours a palette is resolved for.
enum ColorDepth: Sendable {
    case none, ansi8, ansi16, xterm256

    init(colors: Int, noColor: Bool) {
        switch colors {
        case _ where noColor: self = .none
        case ..<8: self = .none
        case ..<16: self = .ansi8
        case ..<256: self = .ansi16
        default: self = .xterm256
        }
    }

    var colors: Int {
        switch self {
        case .none: return 0
        case .ansi8: return 8
        case .ansi16: return 16
        case .xterm256: return 256
        }
    }
}

extension Theme {
    /// Every role resolved for a terminal with `colors` colours (ncurses'
    /// COLORS):
    /// - 256 or more: `#rrggbb` becomes the nearest xterm index in 16-255
    ///   (6x6x6 cube and grey ramp, by RGB distance); indexes are used as
    ///   written; names are 0-15. Indexes are xterm-256 indexes even when a
    ///   terminal reports more (direct colour): the caller must not pass
    ///   them to a terminal that reads colour numbers as RGB.
    /// - 16-255: everything becomes the nearest of the 16 ANSI colours by
    ///   hue (see `XTerm.nearest16`), skipping foregrounds too faint on the
    ///   role's background; names are kept.
    /// - 8-15: the same, then bright colours fold onto the 8 basic ones and
    ///   bright foregrounds gain bold (grey becomes dim white).
    /// - below 8, or `noColor`: every fg/bg is -1 (the terminal's own) and
    ///   only attributes remain. Every role that set a colour of its own
    ///   takes `Theme.monoAttributes(role)` instead of its attributes
    ///   (selection reverse, lane-red and alert-critical bold+reverse,
    ///   lane-amber bold+underline, ...; roles whose mono set is empty keep
    ///   theirs), so a screen without colour looks like `mono.yaml` and
    ///   stays readable. Roles the theme styles by attributes alone keep
    ///   them.
    ///
    /// After mapping, pairs of roles that must be told apart (selection and
    /// normal, the three lanes, the alert severities, focused and unfocused
    /// panes, ...) and that the theme styles differently but that came out
    /// looking the same get the mono attributes too.
    ///
    /// `noColor`: the caller passes true when the `NO_COLOR` environment
    /// variable is set to a non-empty value (https://no-color.org), see
    /// `Theme.noColorRequested(environment:)`, or when the user asks for it.
    public func palette(colors: Int, noColor: Bool = false) -> Palette {
        let depth = ColorDepth(colors: colors, noColor: noColor)
        var styles: [Role: ResolvedStyle] = [:]
        if depth == .none {
            for role in Role.allCases {
                let spec = self[role]
                // Attributes chosen to go with a colour are replaced by the
                // mono set, which is known to keep roles apart on its own.
                let mono = Theme.monoAttributes(role)
                let reliedOnColor = spec.usesColor && !missingRoles.contains(role) && !mono.isEmpty
                styles[role] = ResolvedStyle(fg: -1, bg: -1, attributes: reliedOnColor ? mono : spec.attributes)
            }
        } else {
            let normal = self[.normal]
            let normalBg = Theme.background(normal.bg, depth)
            for role in Role.allCases {
                let spec = self[role]
                let bg = Theme.background(spec.bg ?? normal.bg, depth)
                let fg = Theme.foreground(spec.fg ?? normal.fg, depth, against: bg >= 0 ? bg : normalBg)
                styles[role] = ResolvedStyle(fg: fg.index, bg: bg, attributes: spec.attributes.union(fg.extra))
            }
        }
        keepApart(&styles)
        return Palette(name: name, colors: depth.colors, styles: styles)
    }

    /// Whether the environment asks for no colour: `NO_COLOR` present and
    /// not empty (https://no-color.org). Pass the result as `noColor`.
    public static func noColorRequested(environment: [String: String]) -> Bool {
        !(environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Roles that must not look alike: the first of each pair gains its mono
    /// attributes when the two collapse (then the second, if still alike).
    static let mustDiffer: [(Role, Role)] = [
        (.selection, .normal), (.header, .normal), (.footer, .normal), (.dim, .normal),
        (.titleFocused, .title), (.borderFocused, .border), (.columnHeader, .normal),
        (.laneRed, .normal), (.laneAmber, .normal),
        (.laneRed, .laneGreen), (.laneRed, .laneAmber), (.laneAmber, .laneGreen),
        (.alertCritical, .normal), (.alertHigh, .normal), (.alertCritical, .alertHigh),
        (.unacked, .normal), (.overdue, .normal), (.warning, .normal), (.demo, .normal), (.match, .normal),
        (.selection, .laneRed), (.selection, .laneAmber), (.selection, .laneGreen),
    ]

    private func keepApart(_ styles: inout [Role: ResolvedStyle]) {
        for _ in 0..<3 {
            var changed = false
            for (a, b) in Theme.mustDiffer where self[a] != self[b] {
                guard let sa = styles[a], let sb = styles[b], Theme.looksSame(sa, sb) else { continue }
                var na = sa, nb = sb
                na.attributes.formUnion(Theme.monoAttributes(a))
                if Theme.looksSame(na, nb) { nb.attributes.formUnion(Theme.monoAttributes(b)) }
                if na != sa || nb != sb { changed = true }
                styles[a] = na
                styles[b] = nb
            }
            if !changed { return }
        }
    }

    /// Whether two resolved styles would look the same on a dark terminal
    /// (the terminal's default background taken as black, foreground as
    /// white).
    static func looksSame(_ a: ResolvedStyle, _ b: ResolvedStyle) -> Bool {
        func same(_ x: Int, _ y: Int, _ assumed: Int) -> Bool { x == y || (x < 0 && y == assumed) || (y < 0 && x == assumed) }
        return a.attributes == b.attributes && same(a.fg, b.fg, 7) && same(a.bg, b.bg, 0)
    }

    static func background(_ c: ThemeColor?, _ depth: ColorDepth) -> Int {
        guard let c, let rgb = c.rgbValue else { return -1 }
        let written: Int? = if case .index(let i) = c { i } else { nil }
        switch depth {
        case .none: return -1
        case .xterm256: return written ?? XTerm.nearest256(rgb)
        case .ansi16: return written.flatMap { $0 < 16 ? $0 : nil } ?? XTerm.nearest16(rgb)
        case .ansi8:
            let i = written.flatMap { $0 < 16 ? $0 : nil } ?? XTerm.nearest16(rgb)
            return XTerm.fold8(i, foreground: false).index
        }
    }

    /// A foreground index plus any attribute the mapping adds; `against` is
    /// the index of the background it is drawn on (-1: unknown).
    static func foreground(_ c: ThemeColor?, _ depth: ColorDepth, against bg: Int) -> (index: Int, extra: Attributes) {
        guard let c, let rgb = c.rgbValue else { return (-1, []) }
        let written: Int? = if case .index(let i) = c, i < 16 { i } else { nil }
        let background = (0..<16).contains(bg) ? XTerm.ansi[bg] : nil
        switch depth {
        case .none: return (-1, [])
        case .xterm256:
            if case .index(let i) = c { return (i, []) }
            return (XTerm.nearest256(rgb), [])
        case .ansi16:
            return (written ?? XTerm.nearest16(rgb, background: background), [])
        case .ansi8:
            let i = written ?? XTerm.nearest16(rgb, background: background) { XTerm.ansi[XTerm.fold8($0, foreground: true).index] }
            return XTerm.fold8(i, foreground: true)
        }
    }
}
