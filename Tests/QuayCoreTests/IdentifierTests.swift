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
    }
}
