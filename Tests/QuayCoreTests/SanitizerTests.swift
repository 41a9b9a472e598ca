import XCTest
@testable import QuayCore

final class SanitizerTests: XCTestCase {
    func testControlsEscapesAndBidiBecomeReplacementCharacters() {
        XCTAssertEqual(Sanitizer.clean("a\u{1B}[2Jb"), "a\u{FFFD}[2Jb")
        XCTAssertEqual(Sanitizer.clean("\u{9B}31m"), "\u{FFFD}31m")
        XCTAssertEqual(Sanitizer.clean("x\u{202E}y\u{2066}z"), "x\u{FFFD}y\u{FFFD}z")
        XCTAssertEqual(Sanitizer.clean("tab\there\nnew"), "tab here new")
        XCTAssertEqual(Sanitizer.clean("\u{7F}\u{0}"), "\u{FFFD}\u{FFFD}")
    }

    func testCleanTextIsReturnedAsIs() {
        for s in ["Frutas Tropicales Ñandú SA", "上海港", "e\u{301}", "plain"] {
            XCTAssertEqual(Sanitizer.clean(s), s)
            XCTAssertTrue(Sanitizer.isClean(s))
        }
    }

    func testLengthIsCapped() {
        XCTAssertEqual(Sanitizer.clean(String(repeating: "x", count: 10), limit: 4), "xxxx\u{2026}")
    }
}
