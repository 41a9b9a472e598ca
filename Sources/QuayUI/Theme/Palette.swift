/// A role's final look on a given terminal: colour indexes the terminal
/// has (-1 = the terminal's default) and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    public var fg: Int
    public var bg: Int
    public var attributes: Attributes
    public init(fg: Int = -1, bg: Int = -1, attributes: Attributes = []) {
        self.fg = fg; self.bg = bg; self.attributes = attributes
    }
}

/// Every role resolved for a terminal with `colors` colours (0 = no colour).
public struct Palette: Sendable {
    public var name: String
    public var colors: Int
    public var styles: [Role: ResolvedStyle]

    public init(name: String, colors: Int, styles: [Role: ResolvedStyle]) {
        self.name = name; self.colors = colors; self.styles = styles
    }

    /// The look of a cell style: its role's look plus the cell's own attributes.
    public func resolve(_ style: Style) -> ResolvedStyle {
        var r = styles[style.role] ?? styles[.normal] ?? ResolvedStyle()
        r.attributes.formUnion(style.attributes)
        return r
    }
}
