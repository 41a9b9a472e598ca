import Foundation
import XCTest
@testable import QuayCore

final class JSONParserTests: XCTestCase {
    func parse(_ s: String) throws -> JSONValue { try JSONParser.parse(s) }

    func error(_ s: String) -> JSONError? {
        do { _ = try JSONParser.parse(s); return nil } catch { return error }
    }

    func testValues() throws {
        let v = try parse(#"{"a":1,"b":[true,false,null],"c":"x","d":-0.5e2,"e":{}}"#)
        XCTAssertEqual(v["a"], .number(1))
        XCTAssertEqual(v["b"], .array([.bool(true), .bool(false), .null]))
        XCTAssertEqual(v["c"], .string("x"))
        XCTAssertEqual(v["d"], .number(-50))
        XCTAssertEqual(v["e"], .object([]))
    }

    func testEscapesAndSurrogates() throws {
        XCTAssertEqual(try parse(#""a\"b\\c\/d\n\t\u00e9""#), .string("a\"b\\c/d\n\té"))
        XCTAssertEqual(try parse(#""\ud83d\udea2""#), .string("🚢"))
        XCTAssertEqual(try parse("\"Ñandú\""), .string("Ñandú"))
        XCTAssertEqual(error(#""\ud83d""#)?.message, "lone surrogate in \\u escape")
        XCTAssertEqual(error(#""\udea2""#)?.message, "lone surrogate in \\u escape")
        XCTAssertEqual(error(#""\x""#)?.message, "invalid escape \\x")
        XCTAssertEqual(error(#""\u12G4""#)?.message, "bad hex digit in \\u escape")
    }

    func testErrorsNameTheColumn() {
        XCTAssertEqual(error(#"{"a":1"#)?.column, 7)
        XCTAssertEqual(error(#"{"a":1 "b":2}"#)?.message, "expected ',' or '}'")
        XCTAssertEqual(error(#"{"a":1 "b":2}"#)?.column, 8)
        XCTAssertEqual(error(#"{"a":01}"#)?.message, "leading zero in number")
        XCTAssertEqual(error(#"{"a":1e999}"#)?.message, "number out of range")
        XCTAssertEqual(error(#"{"a":tru}"#)?.message, "invalid literal")
        XCTAssertEqual(error(#"{"a":1} x"#)?.message, "unexpected text after the value")
        XCTAssertEqual(error(#"{"a":"b"#)?.message, "unterminated string")
        XCTAssertEqual(error("")?.message, "unexpected end of line")
    }

    func testDuplicateKeysAreRefused() {
        XCTAssertEqual(error(#"{"id":"a","id":"b"}"#)?.message, "duplicate key \"id\"")
    }

    func testRawControlCharacterInStringIsRefused() {
        XCTAssertEqual(error("{\"a\":\"x\u{1B}[2J\"}")?.message, "control character in string (must be escaped)")
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertEqual(error(deep)?.message, "nested deeper than 64 levels")
        XCTAssertNoThrow(try parse(String(repeating: "[", count: 60) + String(repeating: "]", count: 60)))
    }

    func testInvalidUTF8IsRefused() {
        let bytes: [UInt8] = Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let result = bytes.withUnsafeBufferPointer { buf in Result { () throws(JSONError) in try JSONParser.parse(buf) } }
        guard case .failure(let e) = result else { return XCTFail("accepted invalid UTF-8") }
        XCTAssertEqual(e.message, "invalid UTF-8 in string")
    }

    /// Same accept/reject and same values as Foundation on a set of lines,
    /// except where Foundation on Linux is laxer than RFC 8259.
    func testAgreesWithJSONSerialization() throws {
        // swift-corelibs-foundation accepts a trailing comma; RFC 8259 does not, nor do we.
        XCTAssertThrowsError(try JSONParser.parse(#"{"a":1,}"#))
        let lines = [
            #"{"a":[1,2.5,-3e-2],"b":{"c":"\u0041\n"},"d":null,"e":true}"#,
            #"[1,2]"#, #"{"a":"\ud83d\ude00"}"#, #"{"a":.5}"#, #"{"a":-}"#, #"{"a":1.}"#,
            "{\"a\":\"tab\tin\"}", #"{"k":"v"} "#, #"  {"k" : "v"}"#, #"{"a":[]}"#, #"{"a":1E+2}"#,
        ]
        for line in lines {
            let ours = try? JSONParser.parse(line)
            let theirs = try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
            XCTAssertEqual(ours != nil, theirs != nil, line)
            if let ours, let theirs { XCTAssertEqual(ours, JSONParserTests.convert(theirs), line) }
        }
    }

    static func convert(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let n as NSNumber where String(describing: type(of: n)).contains("Boolean") || String(cString: n.objCType) == "c":
            return .bool(n.boolValue)
        case let n as NSNumber: return .number(n.doubleValue)
        case let s as String: return .string(s)
        case let a as [Any]: return .array(a.map(convert))
        case let d as [String: Any]: return .object(d.keys.sorted().map { JSONMember($0, convert(d[$0]!)) })
        default: return .null
        }
    }
}
