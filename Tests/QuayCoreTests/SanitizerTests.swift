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

final class PartyNameTests: XCTestCase {
    func testPartiesCompareLoosely() {
        XCTAssertEqual(normaliseParty("Shanghai Parts Co."), normaliseParty("SHANGHAI PARTS CO"))
        XCTAssertEqual(normaliseParty("Frutas Ñandú S.A."), normaliseParty("frutas ñandú sa"))
        XCTAssertNotEqual(normaliseParty("Frutas Nandu SA"), normaliseParty("Frutas Ñandú SA"))
        XCTAssertNil(normaliseParty(" .,- "))
        XCTAssertNil(normaliseParty(nil))
        XCTAssertEqual(normaliseParty("上海港 物流"), "上海港物流")
    }
}
