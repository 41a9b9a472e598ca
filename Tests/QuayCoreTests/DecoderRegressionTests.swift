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

    func testContainerCategoryIsNamedCleanWhenCalledWithRawText() {
        XCTAssertThrowsError(try ContainerNumber(validating: "MSC\u{1B}6639870")) { e in
            XCTAssertEqual("\(e)", "container \"MSC\u{FFFD}6639870\": category must be U, J or Z, not \u{FFFD}")
        }
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

    /// Duplicate keys were found by comparing each key with every earlier
    /// one: a line of 40,000 keys took a minute, one of 1 MB several (a feed
    /// stalled by one hostile line). Past 32 keys a set finds them, with the
    /// same answers.
    func testObjectsWithManyKeysFindDuplicatesTheSameWay() throws {
        let event = #"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639870""#
        func line(_ n: Int, then extra: String = "") -> String {
            var s = event
            for i in 0..<n { s += ",\"k\(i)\":\(i)" }
            return s + extra + "}"
        }
        let big = line(60_000)
        XCTAssertGreaterThan(big.utf8.count, 600_000)
        XCTAssertNil(reject(big))
        let dup = line(60_000, then: #","k123":0"#)
        XCTAssertEqual(reject(dup)?.message, "invalid JSON at column \(dup.utf8.count - 8): duplicate key \"k123\"")
        // On both sides of the switch to a set, and for keys equal only canonically.
        for n in [30, 31, 32, 33, 40] {
            XCTAssertEqual(reject(line(n, then: #","k0":1"#))?.message.hasSuffix("duplicate key \"k0\""), true, "\(n) keys")
            XCTAssertEqual(reject(line(n, then: ",\"caf\u{E9}\":1,\"cafe\u{301}\":2"))?.message.hasSuffix("duplicate key \"cafe\u{301}\""), true, "\(n) keys")
            XCTAssertNil(reject(line(n, then: ",\"k\(n)\":1")), "\(n) keys")
            // A key spelt with an escape is the same key as its plain spelling,
            // and keys that share a start or a length are not the same key.
            let escaped = line(n, then: #","q1":1,"\u00711":2"#)
            XCTAssertEqual(reject(escaped)?.message, "invalid JSON at column \(escaped.utf8.count - 11): duplicate key \"q1\"", "\(n) keys")
            let plainSecond = line(n, then: #","\u0071x":1,"qx":2"#)
            XCTAssertEqual(reject(plainSecond)?.message, "invalid JSON at column \(plainSecond.utf8.count - 6): duplicate key \"qx\"", "\(n) keys")
            XCTAssertNil(reject(line(n, then: #","q1 ":1,"q1\t":2,"Q1":3,"zz":4,"zy":5"#)), "\(n) keys")
        }
    }

    /// Found by the fuzzer (a check of its own was too strict): seal numbers
    /// (15) and B/L (20) are limited in characters, and a character may hold
    /// a letter and combining marks, so 15 characters can be 16 scalars.
    func testSealLimitCountsCharacters() throws {
        let line = #"{"id":"c-1","ts":"2026-11-26T08:00:00Z","type":"manifest","port":"BEANR","container":"MSCU6639870","bl":"66","pol":"ECGYE","pod":"BEANR","seals":[{"no":"S\u010b\u2dfalseeclakg22e\u2066"}]}"#
        guard case .success(let d) = EventDecoder().decode(line: line), case .manifest(let m) = d.event.body, let seal = m.seals?.first else {
            return XCTFail("refused")
        }
        XCTAssertEqual(seal.number, "S\u{10B}\u{2DFA}lseeclakg22e\u{FFFD}")
        XCTAssertEqual(seal.number.count, 15)
        XCTAssertEqual(seal.number.unicodeScalars.count, 16)
        let longer = line.replacingOccurrences(of: "22e", with: "22ex")
        XCTAssertEqual(reject(longer)?.message, "seal \"S\u{10B}\u{2DFA}lseeclakg22ex\u{FFFD}\": must be 1-15 characters")
    }
}
