import Foundation

/// A colour as a theme file writes it, before it meets a terminal.
///
/// Written forms (case-insensitive):
/// - `"#rrggbb"` (or `"#rgb"`): a true colour, mapped to the nearest colour
///   the terminal has. Quote it in YAML: an unquoted `#` starts a comment.
/// - `0`...`255`: an xterm-256 index, used as given on 256-colour terminals.
/// - `black`, `red`, `green`, `yellow`, `blue`, `magenta`, `cyan`, `white`
///   and `bright-black` ... `bright-white`: the 16 ANSI colours (0-15),
///   whose look the user's terminal decides.
/// - `default`: the terminal's own foreground or background.
public enum ThemeColor: Hashable, Sendable, CustomStringConvertible {
    case terminalDefault
    /// 0-15 are the ANSI colours (what the names stand for), 16-255 xterm's.
    case index(Int)
    case rgb(UInt8, UInt8, UInt8)

    /// The basic names in index order; `bright-` + name is index + 8.
    public static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// How to write a colour, for error messages.
    public static let accepted =
        "\"#rrggbb\" (quoted), a number 0-255, a name (\(basicNames.joined(separator: ", ")), bright-black ... bright-white) or default"

    /// Parses one written colour; nil if `text` is none of the accepted forms.
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" { self = .terminalDefault; return }
        if t.hasPrefix("#") {
            let hex = Array(t.dropFirst())
            guard hex.allSatisfy(\.isHexDigit) else { return nil }
            let digits = hex.count == 3 ? hex.flatMap { [$0, $0] } : hex
            guard digits.count == 6, let v = UInt32(String(digits), radix: 16) else { return nil }
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
            return
        }
        if !t.isEmpty, t.allSatisfy(\.isASCII), t.allSatisfy(\.isNumber) {
            guard t.count <= 3, let n = Int(t), n <= 255 else { return nil }
            self = .index(n)
            return
        }
        let folded = t.filter { $0 != "-" && $0 != "_" && $0 != " " }
        if let i = ThemeColor.basicNames.firstIndex(of: folded) { self = .index(i); return }
        if folded.hasPrefix("bright"), let i = ThemeColor.basicNames.firstIndex(of: String(folded.dropFirst(6))) {
            self = .index(i + 8)
            return
        }
        return nil
    }

    /// The colour written back the way a theme file would write it.
    public var description: String {
        switch self {
        case .terminalDefault: return "default"
        case .index(let i) where i < 8: return ThemeColor.basicNames[i]
        case .index(let i) where i < 16: return "bright-" + ThemeColor.basicNames[i - 8]
        case .index(let i): return String(i)
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        }
    }

    /// The colour's RGB value (xterm's values for indexes); nil for default.
    var rgbValue: RGB? {
        switch self {
        case .terminalDefault: return nil
        case .index(let i): return XTerm.rgb(ofIndex: i)
        case .rgb(let r, let g, let b): return RGB(Int(r), Int(g), Int(b))
        }
    }
}
