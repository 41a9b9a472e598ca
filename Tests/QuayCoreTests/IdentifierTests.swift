import XCTest
@testable import QuayCore

final class IdentifierTests: XCTestCase {
    func testCheckDigitsOfKnownValidNumbers() throws {
        for n in ["CSQU3054383", "MSCU6639870", "MAEU1234567", "CMAU5123403", "SEGU4001004"] {
            XCTAssertNoThrow(try ContainerNumber(validating: n), n)
        }
        XCTAssertEqual(ContainerNumber.checkDigit(Array("CSQU305438".utf8)), 3)
    }

    func testLetterValuesSkipMultiplesOfEleven() {
        let expected: [Character: Int] = ["A": 10, "B": 12, "J": 20, "K": 21, "L": 23, "U": 32, "V": 34, "Z": 38]
        for (ch, v) in expected { XCTAssertEqual(ContainerNumber.letterValue(ch.asciiValue!), v, String(ch)) }
    }

    func testPublishedInvalidNumberIsRejectedWithTheRightDigit() {
        XCTAssertThrowsError(try ContainerNumber(validating: "MSCU6639871")) { error in
            XCTAssertEqual((error as? IdentifierError)?.message, "container MSCU6639871: check digit should be 0, not 1")
        }
    }

    func testShapeErrorsSayWhatIsWrong() {
        func message(_ s: String) -> String {
            do { _ = try ContainerNumber(validating: s); return "" } catch { return error.message }
        }
        XCTAssertTrue(message("MSCU663987").contains("11 characters"))
        XCTAssertTrue(message("mscU6639870").contains("owner code"))
        XCTAssertTrue(message("MSCX6639870").contains("category must be U, J or Z"))
        XCTAssertTrue(message("MSCU66398A0").contains("7 digits"))
        XCTAssertTrue(message("").contains("11 characters"))
    }

    func testCompletingAppendsTheCheckDigit() {
        XCTAssertEqual(ContainerNumber.completing("CSQU305438")?.text, "CSQU3054383")
        XCTAssertNil(ContainerNumber.completing("CSQU30543"))
    }

    func testIMOCheckDigit() {
        XCTAssertEqual(IMONumber.verify("9839430"), .valid)
        XCTAssertEqual(IMONumber.verify("9839431"), .badCheckDigit(expected: 0))
        XCTAssertEqual(IMONumber.verify("983943"), .malformed)
        XCTAssertEqual(IMONumber.verify("98394X0"), .malformed)
        XCTAssertEqual(IMONumber.completing(983943), "9839430")
        XCTAssertEqual(IMONumber.verify(IMONumber.completing(12345)), .valid)
    }

    func testLOCODEShape() {
        for ok in ["BEANR", "NLRTM", "ECGYE", "PAONX", "DEHAM", "US2AB"] { XCTAssertNil(LOCODE.validate(ok), ok) }
        XCTAssertNotNil(LOCODE.validate("BEAN"))
        XCTAssertNotNil(LOCODE.validate("beanr"))
        XCTAssertNotNil(LOCODE.validate("BE1NR"), "digits 0 and 1 are not allowed")
        XCTAssertNotNil(LOCODE.validate("1EANR"))
        XCTAssertEqual(LOCODE.country("ECGYE"), "EC")
    }

    func testSizeTypeDerivesReefer() {
        XCTAssertEqual(SizeType("45R1")?.isReefer, true)
        XCTAssertEqual(SizeType("22R1")?.isReefer, true)
        XCTAssertEqual(SizeType("42G1")?.isReefer, false)
        XCTAssertEqual(SizeType("L5G1")?.lengthFeet, 45)
        XCTAssertNil(SizeType("45R"))
        // The facts read the same answer from the bytes.
        for code in ["45R1", "22R1", "42G1", "45r1", "45R", "45R11", "4-R1", "L5R1", "ÉÉR1", "", "R", "45RÉ"] {
            var f = ContainerFacts()
            f.manifest.isoType = code
            XCTAssertEqual(f.isReefer, SizeType(code)?.isReefer ?? false, code)
        }
    }

    /// The packed sort key orders exactly as score-then-text does, and
    /// unpacks to the same number; scores outside 16 bits take the plain sort.
    func testScoreThenNumberOrderMatchesTheComparator() throws {
        var r = SeededRandom(77)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var rows: [(number: ContainerNumber, score: Int)] = []
        for _ in 0..<3000 {
            let owner = String((0..<3).map { _ in letters.randomElement(using: &r)! }) + ["U", "J", "Z"].randomElement(using: &r)!
            let serial = String(format: "%06d", Int.random(in: 0...999_999, using: &r))
            let n = ContainerNumber.completing(owner + serial)!
            XCTAssertEqual(ContainerNumber(packed: n.packed), n)
            rows.append((n, [0, 5, 10, 60, 95, 105, 205, -10, 32_767, -32_768].randomElement(using: &r)!))
        }
        rows += rows.prefix(50).map { ($0.number, $0.score + 1) }  // same box twice, as a list never has, still ordered
        func plain(_ rows: [(number: ContainerNumber, score: Int)]) -> [String] {
            rows.sorted { $0.score != $1.score ? $0.score > $1.score : $0.number < $1.number }.map(\.number.text)
        }
        XCTAssertEqual(ContainerNumber.byScoreThenNumber(rows).map(\.text), plain(rows))
        let extreme = rows + [(rows[0].number, 40_000), (rows[1].number, -40_000)]
        XCTAssertEqual(ContainerNumber.byScoreThenNumber(extreme).map(\.text), plain(extreme))
        // Held packed: order, equality and hashing are the text's.
        let numbers = rows.map(\.number)
        XCTAssertEqual(numbers.sorted().map(\.text), numbers.map(\.text).sorted())
        XCTAssertEqual(Set(numbers).count, Set(numbers.map(\.text)).count)
        for n in numbers.prefix(200) { XCTAssertEqual(try ContainerNumber(validating: n.text), n) }
        XCTAssertEqual(ContainerNumber(packed: try ContainerNumber(validating: "ZZZU9999992").packed).text, "ZZZU9999992")
        XCTAssertEqual(ContainerNumber(packed: try ContainerNumber(validating: "AAAU0000007").packed).text, "AAAU0000007")
    }
}
