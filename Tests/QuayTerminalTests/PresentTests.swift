import Foundation
import QuayTerminal
import QuayUI
import XCTest

/// What present() writes to a terminal, read back from a pseudo terminal:
/// a frame that changed in one cell costs that cell, not the screen.
final class PresentTests: XCTestCase {
    static let width = 80, height = 24

    /// Opens the real Terminal on a pty of 80x24 and runs `body` with it.
    func withTerminal(_ body: (Terminal, PseudoTerminal) throws -> Void) throws {
        try Self.withTerminal(body)
    }

    static func withTerminal(_ body: (Terminal, PseudoTerminal) throws -> Void) throws {
        let savedTerm = getenv("TERM").map { String(cString: $0) }
        setenv("TERM", "xterm-256color", 1)
        defer { if let savedTerm { setenv("TERM", savedTerm, 1) } else { unsetenv("TERM") } }
        let pty = try PseudoTerminal(width: width, height: height)
        defer { pty.finish() }
        try pty.attach()
        let term = try Terminal.open()
        defer { term.restore() }
        try body(term, pty)
    }

    var palette: Palette { Theme.builtInDefault.palette(colors: 256) }

    /// A full screen of text in a few styles, like a dashboard.
    func frame() -> ScreenBuffer {
        var b = ScreenBuffer(width: Self.width, height: Self.height)
        b.fill(Rect(x: 0, y: 0, width: Self.width, height: 1), style: Style(.header))
        b.write(" QUAYWATCH  BEANR  2026-11-27 09:00:00", x: 0, y: 0, style: Style(.header, [.bold]))
        for y in 1..<Self.height {
            b.write(String(format: "MSCU%07d  row %02d  discharged  BEANR  risk %3d", y * 7919, y, y * 4), x: 1, y: y,
                    style: Style(y % 3 == 0 ? .laneRed : .normal))
        }
        return b
    }

    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testTheSameFrameAgainWritesNothing() throws {
        try withTerminal { term, pty in
            term.present(frame(), palette: palette)
            XCTAssertGreaterThan(pty.drain().count, 1000)
            term.present(frame(), palette: palette)
            XCTAssertEqual(pty.drain(), [])
        }
    }

    func testAClockTickWritesOnlyTheClock() throws {
        try withTerminal { term, pty in
            term.present(frame(), palette: palette)
            _ = pty.drain()
            var next = frame()
            next.write("1", x: 37, y: 0, style: Style(.header, [.bold]))
            term.present(next, palette: palette)
            let bytes = pty.drain()
            // The new digit with a cursor move and its colours; no other text.
            XCTAssertTrue(text(bytes).contains("1"), text(bytes).debugDescription)
            XCTAssertFalse(text(bytes).contains("MSCU"), text(bytes).debugDescription)
            XCTAssertLessThan(bytes.count, 64, text(bytes).debugDescription)
        }
    }

    func testChangesOnFarApartRowsAreAllDrawn() throws {
        try withTerminal { term, pty in
            term.present(frame(), palette: palette)
            _ = pty.drain()
            var next = frame()
            next.write("held", x: 22, y: 2, style: Style(.warning))
            next.write("seized", x: 22, y: Self.height - 2, style: Style(.warning))
            term.present(next, palette: palette)
            let out = text(pty.drain())
            XCTAssertTrue(out.contains("held"), out.debugDescription)
            XCTAssertTrue(out.contains("seized"), out.debugDescription)
            XCTAssertFalse(out.contains("MSCU"), out.debugDescription)
        }
    }

    func testAfterInvalidateEverythingIsDrawnAgain() throws {
        try withTerminal { term, pty in
            term.present(frame(), palette: palette)
            _ = pty.drain()
            term.invalidate()
            term.present(frame(), palette: palette)
            let out = text(pty.drain())
            for y in [1, 12, Self.height - 1] { XCTAssertTrue(out.contains(String(format: "MSCU%07d", y * 7919)), "row \(y)") }
        }
    }
}
