import XCTest
@testable import QuayCore

final class TimestampTests: XCTestCase {
    func testParsesUTCAndOffsets() {
        XCTAssertEqual(ts("1970-01-01T00:00:00Z").ms, 0)
        XCTAssertEqual(ts("2026-11-26T09:14:03+01:00"), ts("2026-11-26T08:14:03Z"))
        XCTAssertEqual(ts("2026-11-26T03:14:03-05:00"), ts("2026-11-26T08:14:03Z"))
        XCTAssertEqual(ts("2026-11-26T08:14:03.25Z").ms - ts("2026-11-26T08:14:03Z").ms, 250)
        XCTAssertEqual(ts("2024-02-29T12:00:00Z").description, "2024-02-29T12:00:00Z")
        XCTAssertEqual(ts("2026-11-26T08:14:03.007Z").description, "2026-11-26T08:14:03.007Z")
    }

    func testKnownEpochValue() {
        // 2026-11-26T00:00:00Z = 1795651200 s (20,783 days after the epoch).
        XCTAssertEqual(ts("2026-11-26T00:00:00Z").ms, 1_795_651_200_000)
        XCTAssertEqual(ts("2026-11-26T00:00:00Z").day, 20_783)
    }

    func testRefusesWithReasons() {
        func reason(_ s: String) -> String {
            if case .failure(.message(let m)) = Timestamp.parse(s) { return m }
            return "accepted"
        }
        XCTAssertTrue(reason("2026-11-26T08:14:03").contains("no UTC offset"))
        XCTAssertTrue(reason("2026-11-26").contains("not RFC 3339"))
        XCTAssertTrue(reason("9999-11-26T08:14:03Z").contains("not plausible"))
        XCTAssertTrue(reason("2026-02-30T08:14:03Z").contains("day 30"))
        XCTAssertTrue(reason("2026-13-01T08:14:03Z").contains("month 13"))
        XCTAssertTrue(reason("2026-11-26T25:14:03Z").contains("time of day"))
        XCTAssertTrue(reason("2026-11-26T08:14:03Zjunk").contains("trailing"))
        XCTAssertTrue(reason("2026-11-26T08:14:03+0100").contains("offset"))
    }
}
