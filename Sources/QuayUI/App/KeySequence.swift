/// Parses a key script for headless frames and tests: plain characters
/// stand for themselves; `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Up>`,
/// `<Down>`, `<Left>`, `<Right>`, `<PgUp>`, `<PgDn>`, `<Home>`, `<End>`,
/// `<F1>`..`<F12>`, `<C-x>`, `<Space>`, `<lt>` name the others.
public enum KeySequence {
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String) throws -> [Key] {
        var keys: [Key] = []
        var chars = Substring(text)
        while let c = chars.first {
            if c == "<", let close = chars.firstIndex(of: ">") {
                let name = String(chars[chars.index(after: chars.startIndex)..<close])
                guard let k = named(name) else { throw ParseError(description: "unknown key <\(name)> in --keys") }
                keys.append(k)
                chars = chars[chars.index(after: close)...]
            } else {
                keys.append(.char(c))
                chars = chars.dropFirst()
            }
        }
        return keys
    }

    static func named(_ name: String) -> Key? {
        switch name.lowercased() {
        case "enter", "cr", "return": return .enter
        case "esc", "escape": return .escape
        case "tab": return .tab
        case "s-tab", "backtab": return .backTab
        case "up": return .up
        case "down": return .down
        case "left": return .left
        case "right": return .right
        case "pgup", "pageup": return .pageUp
        case "pgdn", "pagedown": return .pageDown
        case "home": return .home
        case "end": return .end
        case "space": return .char(" ")
        case "lt": return .char("<")
        case "bs", "backspace": return .backspace
        default:
            let lower = name.lowercased()
            if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) { return .function(n) }
            if lower.hasPrefix("c-"), lower.count == 3, let ch = lower.last, ch.isLetter { return .ctrl(ch) }
            return nil
        }
    }
}
