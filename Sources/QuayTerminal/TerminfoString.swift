import CNCursesW

/// Terminfo strings as raw bytes, for output that must bypass curses
/// (signal handlers write them with write(2)).
enum TerminfoString {
    /// The bytes of capability `name` ("rmcup", "cnorm", ...) with padding
    /// specifications (`$<5>`, `$<2*/>`) removed; empty when the terminal
    /// lacks it. Only for capabilities without parameters.
    static func bytes(_ name: String) -> [UInt8] {
        guard let p = qw_tigetstr(name) else { return [] }
        var raw: [UInt8] = []
        var q = p
        while q.pointee != 0 { raw.append(UInt8(bitPattern: q.pointee)); q += 1 }
        return stripPadding(raw)
    }

    /// Removes `$<...>` delays; a `$` not starting a well-formed delay stays.
    static func stripPadding(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if s[i] == UInt8(ascii: "$"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "<"),
               let close = s[(i + 2)...].firstIndex(of: UInt8(ascii: ">")),
               s[(i + 2)..<close].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "/") }) {
                i = close + 1
                continue
            }
            out.append(s[i])
            i += 1
        }
        return out
    }
}
