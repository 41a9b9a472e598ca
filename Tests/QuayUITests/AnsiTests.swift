import XCTest
@testable import QuayUI

final class AnsiTests: XCTestCase {
    let esc = "\u{1B}["

    /// A hand-made palette so the expected codes are plain to read.
    let palette = Palette(name: "test", colors: 256, styles: [
        .normal: ResolvedStyle(),
        .header: ResolvedStyle(fg: 15, bg: 24, attributes: .bold),
        .laneRed: ResolvedStyle(fg: 1, attributes: .bold),
        .laneGreen: ResolvedStyle(fg: 2),
        .selection: ResolvedStyle(attributes: .reverse),
        .dim: ResolvedStyle(fg: 244, attributes: .dim),
        .accent: ResolvedStyle(fg: 9, bg: 12),
        .overlay: ResolvedStyle(bg: 3),
    ])

    func testSmallBufferRendersExactly() {
        var b = ScreenBuffer(width: 12, height: 4)
        b.fill(Rect(x: 0, y: 0, width: 12, height: 1), style: Style(.header))
        b.write("QW", x: 0, y: 0, style: Style(.header))
        b.write("ok", x: 0, y: 1)
        b.write("RED", x: 3, y: 1, style: Style(.laneRed))
        b.write("GO", x: 7, y: 1, style: Style(.laneGreen))
        b.write("x", x: 10, y: 1, style: Style(.normal, .underline))
        b.write("sel", x: 0, y: 2, style: Style(.selection))
        b.write("d", x: 4, y: 2, style: Style(.dim))
        b.write("!", x: 5, y: 2, style: Style(.accent))
        b.write("  ", x: 6, y: 2, style: Style(.overlay))

        let expected = [
            "\(esc)1;97;48;5;24mQW          \(esc)0m",
            "ok \(esc)1;31mRED\(esc)0m \(esc)32mGO\(esc)0m \(esc)4mx\(esc)0m",
            "\(esc)7msel\(esc)0m \(esc)2;38;5;244md\(esc)0;91;104m!\(esc)0;43m  \(esc)0m",
            "",
        ].joined(separator: "\n")
        XCTAssertEqual(b.ansi(palette: palette), expected)
        XCTAssertEqual(b.text, "QW\nok RED GO x\nsel d!\n", "plain text stays as it was")
    }

    func testPlainBufferHasNoEscapes() {
        var b = ScreenBuffer(width: 5, height: 2)
        b.write("hi", x: 1, y: 1)
        XCTAssertEqual(b.ansi(palette: palette), "\n hi")
    }

    func testWideCharacterAndCombiningMark() {
        var b = ScreenBuffer(width: 8, height: 1)
        b.write("港", x: 0, y: 0, style: Style(.laneRed))       // two cells
        b.write("e\u{301}", x: 2, y: 0, style: Style(.laneGreen)) // one cell, two scalars
        b.write("漢!", x: 4, y: 0)
        XCTAssertTrue(b[1, 0].isContinuation)
        let out = b.ansi(palette: palette)
        let expected = "\(esc)1;31m港\(esc)0;32me\u{301}\(esc)0m 漢!"
        // Compare scalars: Swift's == would also accept a precomposed é.
        XCTAssertEqual(Array(out.unicodeScalars), Array(expected.unicodeScalars))
    }

    func testContinuationCellStyleIsIgnored() {
        var b = ScreenBuffer(width: 3, height: 1)
        b.write("港", x: 0, y: 0)
        b[1, 0].style = Style(.laneRed)   // the right half carries no look of its own
        b.write("a", x: 2, y: 0)
        XCTAssertEqual(b.ansi(palette: palette), "港a")
    }

    func testControlCharactersNeverReachTheOutput() {
        var b = ScreenBuffer(width: 3, height: 1)
        b[0, 0] = Cell("\u{1B}", .normal)
        b[1, 0] = Cell("\u{9B}", .normal)
        b[2, 0] = Cell("a", .normal)
        XCTAssertEqual(b.ansi(palette: palette), "\u{FFFD}\u{FFFD}a")
    }

    func testMonoPaletteWritesOnlyAttributes() {
        var b = ScreenBuffer(width: 12, height: 1)
        b.write("RED", x: 0, y: 0, style: Style(.laneRed))
        b.write("AMB", x: 4, y: 0, style: Style(.laneAmber))
        b.write("sel", x: 8, y: 0, style: Style(.selection))
        let out = b.ansi(palette: Theme.builtInDefault.palette(colors: 0))
        XCTAssertEqual(out, "\(esc)1;7mRED\(esc)0m \(esc)1;4mAMB\(esc)0m \(esc)7msel\(esc)0m")
    }

    func testThemePaletteUsesExtendedCodes() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.write("RED", x: 0, y: 0, style: Style(.laneRed))
        XCTAssertEqual(b.ansi(palette: Theme.builtInDefault.palette(colors: 256)), "\(esc)1;38;5;203mRED\(esc)0m")
        XCTAssertEqual(b.ansi(palette: Theme.builtInDefault.palette(colors: 16)), "\(esc)1;91mRED\(esc)0m")
        XCTAssertEqual(b.ansi(palette: Theme.builtInDefault.palette(colors: 8)), "\(esc)1;31mRED\(esc)0m")
    }
}
