import XCTest
@testable import QuayCore

/// Inputs that once crashed the line decoder or put raw control characters
/// into a reject message, each kept as a regression test.
final class DecoderRegressionTests: XCTestCase {
    let head = #""id":"x","ts":"2026-11-26T08:00:00Z","port":"BEANR","container":"MSCU6639870""#

    func reject(_ line: String) -> Reject? {
        if case .failure(let r) = EventDecoder().decode(line: line, source: SourceRef(file: "f.jsonl", line: 3)) { return r }
        return nil
    }

    func testHugeWeightIsRefusedNotACrash() {
        let r = reject("{\(head),\"type\":\"gate_in\",\"measured_kg\":1e300}")
        XCTAssertEqual(r?.kind, "bad value")
    }

    func testHugeNegativeWeightIsRefusedNotACrash() {
        let r = reject("{\(head),\"type\":\"gate_in\",\"measured_kg\":-1e300}")
        XCTAssertEqual(r?.kind, "bad value")
    }

    func testHugeIntegerWeightIsRefusedNotACrash() {
        let r = reject("{\(head),\"type\":\"seizure\",\"case_id\":\"C\",\"drug\":\"cocaine\",\"kg\":99999999999999999999}")
        XCTAssertEqual(r?.message, "kg 1e+20: out of range")
    }

    func testFormattingLargeValuesDoesNotTrap() {
        XCTAssertEqual(format1(1e300), "1e+300")
        XCTAssertEqual(format1(-.infinity), "-inf")
        XCTAssertEqual(format1(21500.24), "21500.2")
    }

    /// A backslash before a control byte named the byte raw in the reason
    /// (an ESC reached whoever read the reject), and a byte >= 0x80 as the
    /// Latin-1 character of that value (0x9B: a C1 CSI).
    func testInvalidEscapeOfAControlByteIsNamedNotCopied() throws {
        for (byte, name) in [(0x1B, "byte 0x1B"), (0xC2, "byte 0xC2"), (0x7F, "byte 0x7F")] as [(UInt8, String)] {
            let bytes = Array(#"{"a":""#.utf8) + [0x5C, byte, 0x9B] + Array(#""}"#.utf8)
            let result = bytes.withUnsafeBufferPointer { buf in Result { () throws(JSONError) in try JSONParser.parse(buf) } }
            guard case .failure(let e) = result else { XCTFail("accepted"); continue }
            XCTAssertEqual(e.message, "invalid escape: backslash before \(name)")
            XCTAssertEqual(e.column, 7)
            XCTAssertTrue(Sanitizer.isClean(e.description))
        }
    }

    /// The category letter of a container with a non-ASCII 4th character was
    /// shown as the Latin-1 reading of its first byte ("é" as "Ã").
    func testContainerCategoryNamesTheCharacterGiven() {
        XCTAssertEqual(reject("{\(head.replacingOccurrences(of: "MSCU6639870", with: "MSCé663987")),\"type\":\"load\"}")?.message,
                       "container \"MSCé663987\": category must be U, J or Z, not é")
    }

    /// Eleven characters, twelve bytes: the reason said "must be 11 characters ..., got 11".
    func testContainerOfElevenCharactersButMoreBytesSaysWhy() {
        XCTAssertEqual(reject("{\(head.replacingOccurrences(of: "MSCU6639870", with: "MSCU663987é")),\"type\":\"load\"}")?.message,
                       "container \"MSCU663987é\": must be capital letters A-Z and digits only")
    }

    /// A seal source of the wrong type was dropped silently.
    func testSealSourceOfTheWrongTypeIsRefused() {
        let line = "{\(head),\"type\":\"manifest\",\"bl\":\"B\",\"pol\":\"ECGYE\",\"pod\":\"BEANR\",\"seals\":[{\"no\":\"S1\",\"source\":5}]}"
        XCTAssertEqual(reject(line)?.kind, "wrong type")
        XCTAssertEqual(reject(line)?.message, "seal source must be a string, not a number")
        let null = line.replacingOccurrences(of: "\"source\":5", with: "\"source\":null")
        XCTAssertNil(reject(null))
    }

    /// Ids were cut to 64 characters, so two events whose ids share the first
    /// 64 were one id, and the second was dropped as a duplicate.
    func testIdLongerThan64CharactersIsRefusedNotCut() {
        let long = String(repeating: "e", count: 64)
        let line = #"{"id":"ID","ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639870"}"#
        XCTAssertNil(reject(line.replacingOccurrences(of: "ID", with: long)))
        let r = reject(line.replacingOccurrences(of: "ID", with: long + "-2"))
        XCTAssertEqual(r?.kind, "bad value")
        XCTAssertEqual(r?.message, "id \"\(String(repeating: "e", count: 40))\u{2026}\": longer than 64 characters")
    }
}
