import Foundation
@testable import QuayTerminal
import QuayUI
import XCTest

/// present() draws runs of same-looking characters with one curses call
/// each: every cell must still end up as the buffer says, both in the
/// window drawn into and in curses's copy of what the terminal was sent.
/// Frames mix looks, wide characters, combining marks, box drawing, runs
/// ending in the last column and the bottom-right cell, and cells an
/// earlier frame left behind.
final class PresentedCellsTests: XCTestCase {
    static let width = PresentTests.width, height = PresentTests.height

    /// Normal text has no colour and no attributes (an erased screen's
    /// blanks are left as they are); other roles have colours, attributes or both.
    let plain = Palette(name: "test-plain", colors: 256, styles: [
        .normal: ResolvedStyle(),
        .header: ResolvedStyle(fg: 231, bg: 24, attributes: [.bold]),
        .border: ResolvedStyle(fg: 240),
        .laneRed: ResolvedStyle(fg: 196, attributes: [.bold]),
        .accent: ResolvedStyle(fg: 117),
        .selection: ResolvedStyle(attributes: [.reverse]),
        .warning: ResolvedStyle(fg: 214, bg: 52, attributes: [.underline]),
        .footer: ResolvedStyle(fg: 252, bg: 236),
        .dim: ResolvedStyle(attributes: [.dim]),
    ])
    var themed: Palette { Theme.builtInDefault.palette(colors: 256) }

    /// A screen of mixed content; `shift` moves it along so that a second
    /// frame puts wide characters over narrow ones and the other way round.
    func frame(shift: Int) -> ScreenBuffer {
        let w = Self.width, h = Self.height
        var b = ScreenBuffer(width: w, height: h)
        b.fill(Rect(x: 0, y: 0, width: w, height: 1), style: Style(.header))
        b.write(" QUAYWATCH  港口 BEANR ", x: shift, y: 0, style: Style(.header, [.bold]))
        let roles: [Role] = [.normal, .border, .laneRed, .accent, .selection, .warning, .dim, .normal]
        for y in 1..<(h - 1) {
            var x = (y + shift) % 3
            var k = y + shift
            while x < w {
                let role = roles[k % roles.count]
                let piece: String
                switch k % 6 {
                case 0: piece = "MSCU\(1_000_000 + y * 7919 + shift)"
                case 1: piece = "──┼──"
                case 2: piece = "港口x"
                case 3: piece = "cafe\u{301} "
                case 4: piece = "    "
                default: piece = "a|b"
                }
                x += b.write(piece, x: x, y: y, style: Style(role, k % 5 == 0 ? [.bold] : [])) + (k % 4 == 0 ? 1 : 0)
                k += 1
            }
        }
        // Runs that end in the last column, a wide character in the last
        // two, and one that does not fit in the last (drawn as a replacement).
        b.write(String(repeating: "r", count: 12), x: w - 12, y: 3, style: Style(.accent))
        b.write("日本", x: w - 4, y: 4 + shift, style: Style(.laneRed))
        b[w - 1, 5] = Cell("港", Style(.warning))
        // A one-column character with a right half after it (drawn as a
        // replacement and a blank), in the second frame where the first
        // had a wide character; right halves with no character before them.
        b.write("港", x: 10, y: 9, style: Style(.accent))
        if shift > 0 { b.write("a", x: 10, y: 9, style: Style(.accent)); b[11, 9] = Cell("", Style(.accent)) }
        b[0, 7] = Cell("", Style(.warning))
        b[40, 7 + shift] = Cell("", Style(.warning))
        b[41, 7 + shift] = Cell("", Style(.laneRed))
        // The last row to the bottom-right cell.
        let last = (0..<w).map { String(UnicodeScalar(UInt8(0x41 + ($0 + shift) % 26))) }.joined()
        b.write(last, x: 0, y: h - 1, style: Style(.footer))
        return b
    }

    /// What curses should hold for each cell of `buffer`, as `present`
    /// lays it out (a right half is checked through its wide character).
    func expected(_ buffer: ScreenBuffer, _ term: Terminal, _ palette: Palette) -> [(x: Int, y: Int, cell: Terminal.HeldCell)] {
        var out: [(Int, Int, Terminal.HeldCell)] = []
        let glyph = UnsafeMutablePointer<wchar_t>.allocate(capacity: Glyph.capacity)
        defer { glyph.deallocate() }
        for y in 0..<buffer.height {
            var x = 0
            while x < buffer.width {
                let cell = buffer[x, y]
                let look = term.look(cell.style, palette)
                if cell.isContinuation {
                    out.append((x, y, .init(text: " ", look: look)))
                    x += 1
                    continue
                }
                let wide = x + 1 < buffer.width && buffer[x + 1, y].isContinuation
                let used = Glyph.encode(cell.text, cells: wide ? 2 : 1, replacement: term.replacement, into: glyph)
                var text = ""
                var i = 0
                while glyph[i] != 0 { text.unicodeScalars.append(Unicode.Scalar(UInt32(glyph[i]))!); i += 1 }
                out.append((x, y, .init(text: text, look: look)))
                if wide && used == 1 { out.append((x + 1, y, .init(text: " ", look: term.look(buffer[x + 1, y].style, palette)))) }
                x += wide ? 2 : 1
            }
        }
        return out
    }

    /// Every cell of the window and of curses's screen against the buffer.
    func check(_ buffer: ScreenBuffer, _ term: Terminal, _ palette: Palette, _ label: String,
               file: StaticString = #filePath, line: UInt = #line) {
        var wrong: [String] = []
        for (x, y, want) in expected(buffer, term, palette) {
            for onScreen in [false, true] {
                let got = term.heldCell(x: x, y: y, onScreen: onScreen)
                if got != want { wrong.append("(\(x),\(y)) \(onScreen ? "screen" : "window"): \(got?.description ?? "nil") != \(want)") }
            }
        }
        XCTAssertTrue(wrong.isEmpty, "\(label): \(wrong.count) cells differ, first: \(wrong.prefix(8).joined(separator: "; "))",
                      file: file, line: line)
    }

    func testEveryCellIsAsTheBufferSaysAfterFullAndPartialRedraws() throws {
        try PresentTests.withTerminal { term, pty in
            let a = frame(shift: 0), b = frame(shift: 1)
            XCTAssertNotEqual(a, b)
            let steps: [(frame: ScreenBuffer, palette: Palette, invalidate: Bool, label: String)] = [
                (a, plain, false, "first frame"),
                (b, plain, false, "second frame over the first"),
                (a, plain, false, "first frame over the second"),
                (b, plain, true, "after invalidate"),
                (a, themed, false, "another palette"),
                (b, themed, false, "another palette, second frame"),
            ]
            for step in steps {
                if step.invalidate { term.invalidate() }
                term.present(step.frame, palette: step.palette)
                XCTAssertFalse(pty.drain().isEmpty, step.label)
                check(step.frame, term, step.palette, step.label)
            }
        }
    }
}
