import XCTest
@testable import QuayCore

final class SeenIDsTests: XCTestCase {
    func testTellsANewIdFromOneSeenAndForgetsWhatIsRemoved() {
        var seen = SeenIDs()
        let ids = (0..<5000).map { "ev-\($0)" } + ["", "é", "a-much-longer-identifier-than-fifteen-bytes-\u{1F6A2}"]
        for id in ids { XCTAssertTrue(seen.insert(id), id) }
        for id in ids { XCTAssertFalse(seen.insert(id), id) }
        XCTAssertEqual(seen.count, ids.count)
        XCTAssertEqual(Set(seen), Set(ids), "iteration yields every id once")
        XCTAssertEqual(Array(seen).count, ids.count)
        for id in ids where id.hasSuffix("7") { seen.remove(id) }
        seen.remove("never-seen")
        let kept = ids.filter { !$0.hasSuffix("7") }
        XCTAssertEqual(seen.count, kept.count)
        XCTAssertEqual(Set(seen), Set(kept))
        XCTAssertFalse(seen.contains("ev-7"))
        XCTAssertTrue(seen.insert("ev-7"), "a removed id is new again")
        XCTAssertTrue(seen.contains("ev-8"))
    }

    /// Equal strings with different bytes (é precomposed, and e with an
    /// accent; K and the Kelvin sign) are one id to a Swift set, and to
    /// this one, whatever bytes they have.
    func testCanonicallyEqualIdsAreOneId() {
        for (a, b) in [("caf\u{E9}", "cafe\u{301}"), ("K-1", "\u{212A}-1"), ("ev;1", "ev\u{37E}1")] {
            XCTAssertEqual(a, b)
            XCTAssertNotEqual(Array(a.utf8), Array(b.utf8))
            var seen = SeenIDs()
            XCTAssertTrue(seen.insert(a))
            XCTAssertFalse(seen.insert(b), b)
            XCTAssertTrue(seen.contains(b))
            seen.remove(b)
            XCTAssertEqual(seen.count, 0)
        }
    }

    /// A copy (the state a published snapshot holds) keeps what it had
    /// while the original goes on.
    func testACopyDoesNotSeeLaterWrites() {
        var seen = SeenIDs()
        for i in 0..<1000 { _ = seen.insert("a\(i)") }
        let copy = seen
        for i in 0..<1000 { _ = seen.insert("b\(i)") }
        for i in 0..<500 { seen.remove("a\(i)") }
        XCTAssertEqual(copy.count, 1000)
        XCTAssertEqual(Set(copy), Set((0..<1000).map { "a\($0)" }))
        XCTAssertEqual(seen.count, 1500)
    }
}
