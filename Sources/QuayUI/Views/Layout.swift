/// Where each pane goes for a terminal size.
public struct Layout: Sendable {
    public static let minWidth = 60
    public static let minHeight = 16

    public let width: Int
    public let height: Int
    public var tooSmall: Bool { width < Layout.minWidth || height < Layout.minHeight }
    public var wide: Bool { width >= 100 }

    public init(width: Int, height: Int) { self.width = width; self.height = height }

    public var header: Rect { Rect(x: 0, y: 0, width: width, height: 1) }
    public var footer: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }
    var body: Rect { Rect(x: 0, y: 1, width: width, height: height - 2) }

    var seizuresWidth: Int { min(56, max(40, width * 36 / 100)) }

    /// The rectangle of a pane; queues and containers share one area.
    public func rect(for pane: Pane) -> Rect? {
        guard !tooSmall else { return nil }
        if wide {
            let (left, right) = body.splitLeft(width - seizuresWidth)
            let (top, bottom) = left.splitTop(max(6, left.height * 2 / 5))
            switch pane {
            case .alerts: return top
            case .queues, .containers: return bottom
            case .seizures: return right
            }
        }
        let seizuresHeight = 7
        let (rest, strip) = body.splitTop(body.height - seizuresHeight)
        let (top, bottom) = rest.splitTop(max(5, rest.height * 2 / 5))
        switch pane {
        case .alerts: return top
        case .queues, .containers: return bottom
        case .seizures: return strip
        }
    }

    /// Rows above a pane's first list row: border, tabs, column titles.
    public func headerRows(for pane: Pane) -> Int {
        switch pane {
        case .queues, .containers: return 3
        default: return 2
        }
    }
}
