import XCTest
@testable import QuayCore

/// The small set the state's indexes keep per key answers as a `Set` does
/// through every change of size (none, one inline, many).
final class BoxSetTests: XCTestCase {
    func testAnswersAsASetThroughInsertsAndRemoves() throws {
        let boxes = try (0..<6).map { try XCTUnwrap(ContainerNumber.completing("MSCU\(200_000 + $0)")) }
        var small = BoxSet()
        var reference = Set<ContainerNumber>()
        func check(_ step: String) {
            XCTAssertEqual(small.count, reference.count, step)
            XCTAssertEqual(small.isEmpty, reference.isEmpty, step)
            XCTAssertEqual(Set(small), reference, step)
            XCTAssertEqual(Array(small).count, reference.count, "each member once: \(step)")
            for b in boxes { XCTAssertEqual(small.contains(b), reference.contains(b), "\(step): \(b.text)") }
        }
        check("empty")
        let steps: [(insert: Bool, box: Int)] = [(true, 0), (true, 0), (false, 1), (true, 1), (true, 2), (false, 0), (false, 2),
                                                 (true, 3), (false, 1), (false, 3), (false, 3), (true, 4), (true, 5), (false, 4), (false, 5)]
        for (i, s) in steps.enumerated() {
            if s.insert { small.insert(boxes[s.box]); reference.insert(boxes[s.box]) } else { small.remove(boxes[s.box]); reference.remove(boxes[s.box]) }
            check("step \(i + 1): \(s.insert ? "insert" : "remove") \(s.box)")
        }
        let copy = small
        small.insert(boxes[0])
        XCTAssertTrue(copy.isEmpty, "a copy keeps its members when the original changes")
        XCTAssertEqual(Set(BoxSet(arrayLiteral: boxes[1], boxes[2], boxes[1])), [boxes[1], boxes[2]])
    }
}
