import Foundation
import XCTest
@testable import QuayCore

final class DecoderTests: XCTestCase {
    func decode(_ line: String) -> Result<EventDecoder.Decoded, Reject> {
        EventDecoder().decode(line: line, source: SourceRef(file: "f.jsonl", line: 7))
    }

    func reject(_ line: String) -> Reject? {
        if case .failure(let r) = decode(line) { return r }
        return nil
    }

    /// Every example in docs/events.md decodes, and together they cover every type.
    func testEveryDocumentedExampleDecodesAndAllTypesAreCovered() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/events.md"), encoding: .utf8)
        var inBlock = false
        var seen = Set<EventType>()
        var count = 0
        for line in doc.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```json") { inBlock = true; continue }
            if line.hasPrefix("```") { inBlock = false; continue }
            guard inBlock, line.hasPrefix("{") else { continue }
            switch decode(String(line)) {
            case .success(let d): seen.insert(d.event.type); count += 1
            case .failure(let r): XCTFail("documented example rejected: \(r)\n\(line)")
            }
        }
        XCTAssertEqual(seen, Set(EventType.allCases), "types without an example: \(Set(EventType.allCases).subtracting(seen))")
        XCTAssertGreaterThanOrEqual(count, EventType.allCases.count)
    }

    func testManifestFields() throws {
        let line = #"{"id":"m1","ts":"2026-11-24T10:00:00Z","type":"manifest","port":"BEANR","container":"MSCU6639870","bl":"MEDUGY123456","shipper":"S","consignee":"C","goods":"FRESH BANANAS","hs":"0803","declared_kg":21500,"iso_type":"45R1","pol":"ECGYE","transship":["PAMIT"],"pod":"BEANR","seals":[{"no":"ML-4451290","source":"CAR"}],"payment":"third_party","vessel_imo":"9839430","extra":{"kept":"or ignored"}}"#
        let e = try decode(line).get().event
        guard case .manifest(let m) = e.body else { return XCTFail() }
        XCTAssertEqual(m.hs, ["0803"])
        XCTAssertEqual(m.declaredKg, 21500)
        XCTAssertEqual(m.transship, ["PAMIT"])
        XCTAssertEqual(m.seals, [Seal(number: "ML-4451290", source: .carrier)])
        XCTAssertEqual(m.payment, .thirdParty)
        XCTAssertEqual(e.container?.text, "MSCU6639870")
        XCTAssertEqual(e.source?.description, "f.jsonl:7")
        XCTAssertFalse(m.amends)
    }

    func testAmendmentNeedsNoRequiredManifestFields() throws {
        let e = try decode(#"{"id":"m2","ts":"2026-11-26T09:30:00Z","type":"manifest","port":"BEANR","container":"MSCU6639870","amends":true,"consignee":"X"}"#).get().event
        guard case .manifest(let m) = e.body else { return XCTFail() }
        XCTAssertTrue(m.amends)
        XCTAssertNil(m.bl)
        XCTAssertEqual(m.consignee, "X")
    }

    func testBadIMOCheckDigitIsAWarningNotAReject() throws {
        let d = try decode(#"{"id":"v","ts":"2026-11-26T05:40:00Z","type":"vessel_arrival","port":"BEANR","vessel_imo":"9839431","vessel_name":"X"}"#).get()
        XCTAssertEqual(d.warnings.map(\.kind), ["IMO check digit"])
        XCTAssertEqual(d.warnings.first?.description, "f.jsonl:7: warning: vessel_imo 9839431: check digit should be 0 (kept)")
    }

    /// Every reject reason, with its kind and its exact message.
    func testEveryRejectReason() {
        let base = #""id":"x","ts":"2026-11-26T08:00:00Z","port":"BEANR""#
        let cases: [(String, String, String)] = [
            (#"{"id":"x""#, "invalid JSON", "invalid JSON at column 10: unexpected end of line: expected ',' or '}'"),
            (#"[1,2]"#, "not an object", "line is an array, not an event object"),
            (#"{"ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR"}"#, "missing field", "missing field \"id\""),
            ("{\(base)}", "missing field", "missing field \"type\""),
            (#"{"id":"x","type":"load","port":"BEANR","container":"MSCU6639870"}"#, "missing field", "missing field \"ts\""),
            ("{\(base),\"type\":\"scan_result\",\"container\":\"MSCU6639870\"}", "missing field", "missing field \"result\" (required by scan_result)"),
            ("{\(base),\"type\":\"load\"}", "missing field", "missing field \"container\" (required by load)"),
            ("{\(base),\"type\":\"teleport\",\"container\":\"MSCU6639870\"}", "unknown type", "type \"teleport\" is not an event type"),
            ("{\(base),\"type\":\"load\",\"container\":\"MSCU6639871\"}", "container check digit", "container MSCU6639871: check digit should be 0, not 1"),
            ("{\(base),\"type\":\"load\",\"container\":\"MSCX6639870\"}", "container format", "container MSCX6639870: category must be U, J or Z, not X"),
            ("{\(base),\"type\":\"load\",\"container\":42}", "wrong type", "container must be a string, not a number"),
            (#"{"id":"x","ts":"2026-11-26T08:00:00","type":"load","port":"BEANR","container":"MSCU6639870"}"#, "bad timestamp", "ts 2026-11-26T08:00:00: no UTC offset (add Z or +01:00)"),
            (#"{"id":"x","ts":"9999-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639870"}"#, "bad timestamp", "ts 9999-11-26T08:00:00Z: year 9999 is not plausible"),
            (#"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"load","port":"BE-AN","container":"MSCU6639870"}"#, "bad LOCODE", "port: LOCODE BE-AN: location part allows only A-Z and 2-9"),
            ("{\(base),\"type\":\"scan_result\",\"container\":\"MSCU6639870\",\"result\":\"maybe\"}", "bad value", "result \"maybe\": must be one of clear, anomaly, inconclusive"),
            ("{\(base),\"type\":\"seizure\",\"container\":\"MSCU6639870\",\"case_id\":\"C1\",\"drug\":\"cocaine\",\"kg\":-5}", "bad value", "kg -5.0: must be greater than 0"),
            ("{\(base),\"type\":\"seizure\",\"container\":\"MSCU6639870\",\"case_id\":\"C1\",\"drug\":\"cocaine\",\"kg\":\"5\"}", "wrong type", "kg must be a number, not a string"),
            ("{\(base),\"type\":\"seizure\",\"container\":\"MSCU6639870\",\"case_id\":\"C1\",\"drug\":\"cocaine\",\"kg\":5,\"packages\":2.5}", "bad value", "packages 2.5: must be a whole number"),
            ("{\(base),\"type\":\"manifest\",\"container\":\"MSCU6639870\",\"bl\":\"B\",\"pol\":\"ECGYE\"}", "missing field", "missing field \"pod\" (required by manifest)"),
            ("{\(base),\"type\":\"manifest\",\"container\":\"MSCU6639870\",\"bl\":\"B\",\"pol\":\"ECGYE\",\"pod\":\"BEANR\",\"hs\":[\"08O3\"]}", "bad value", "hs \"08O3\": must be 4-10 digits"),
            ("{\(base),\"type\":\"manifest\",\"container\":\"MSCU6639870\",\"bl\":\"B\",\"pol\":\"ECGYE\",\"pod\":\"BEANR\",\"transship\":[\"PA\"]}", "bad LOCODE", "transship: LOCODE PA: must be 5 characters"),
            ("{\(base),\"type\":\"manifest\",\"container\":\"MSCU6639870\",\"bl\":\"B\",\"pol\":\"ECGYE\",\"pod\":\"BEANR\",\"seals\":\"S1\"}", "wrong type", "seals must be an array of {no, source}"),
            ("{\(base),\"type\":\"manifest\",\"container\":\"MSCU6639870\",\"bl\":\"ABCDEFGHIJKLMNOPQRSTU\",\"pol\":\"ECGYE\",\"pod\":\"BEANR\"}", "bad value", "bl \"ABCDEFGHIJKLMNOPQRSTU\": longer than 20 characters"),
            ("{\(base),\"type\":\"seal_check\",\"container\":\"MSCU6639870\",\"intact\":\"no\"}", "wrong type", "intact must be true or false, not a string"),
            ("{\(base),\"type\":\"discharge\",\"container\":\"MSCU6639870\",\"vessel_imo\":\"12345\"}", "bad IMO", "vessel_imo \"12345\": must be 7 digits"),
            (#"{"id":"x","id":"y","ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639870"}"#, "invalid JSON", "invalid JSON at column 11: duplicate key \"id\""),
        ]
        for (line, kind, message) in cases {
            guard let r = reject(line) else { XCTFail("accepted: \(line)"); continue }
            XCTAssertEqual(r.kind, kind, line)
            XCTAssertEqual(r.message, message, line)
            XCTAssertEqual(r.description, "f.jsonl:7: " + message)
        }
    }

    func testInvalidUTF8LineIsRejectedWithItsOwnKind() {
        var bytes = Array(#"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"customs_hold","port":"BEANR","container":"MSCU6639870","reason":""#.utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array(#""}"#.utf8)
        let r = bytes.withUnsafeBufferPointer { EventDecoder().decode(bytes: $0) }
        guard case .failure(let reject) = r else { return XCTFail("accepted invalid UTF-8") }
        XCTAssertEqual(reject.kind, "invalid UTF-8")
    }

    func testInvalidUTF8RejectSaysSoAndNamesTheBadByte() {
        // The bad bytes come right after "ok"; the column is that of their first byte.
        let prefix = #"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"customs_hold","port":"BEANR","container":"MSCU6639870","reason":"ok"#
        for bad: [UInt8] in [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80]] {
            let bytes = Array(prefix.utf8) + bad + Array(#""}"#.utf8)
            let r = bytes.withUnsafeBufferPointer { EventDecoder().decode(bytes: $0, source: SourceRef(file: "f.jsonl", line: 3)) }
            guard case .failure(let reject) = r else { XCTFail("accepted \(bad)"); continue }
            XCTAssertEqual(reject.kind, "invalid UTF-8")
            XCTAssertEqual(reject.description, "f.jsonl:3: invalid UTF-8 in string at byte column \(prefix.utf8.count + 1)", "\(bad)")
        }
        // Valid multi-byte text right before the bad byte does not move the column off it.
        let bytes = Array(#"{"a":"é上🚢"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let result = bytes.withUnsafeBufferPointer { buf in Result { () throws(JSONError) in try JSONParser.parse(buf) } }
        guard case .failure(let e) = result else { return XCTFail("accepted invalid UTF-8") }
        XCTAssertEqual(e.column, bytes.firstIndex(of: 0xFF)! + 1)
        XCTAssertEqual(e.description, "invalid UTF-8 in string at byte column \(e.column)")
    }

    func testASingleQuoteInAReasonIsShownOnce() {
        XCTAssertEqual(reject(#"{"id":'x'}"#)?.message, #"invalid JSON at column 7: unexpected character "'""#)
        XCTAssertEqual(reject("'")?.message, #"invalid JSON at column 1: unexpected character "'""#)
        // Other characters keep their single quotes.
        XCTAssertEqual(reject(#"{"id":x}"#)?.message, "invalid JSON at column 7: unexpected character 'x'")
        XCTAssertFalse(reject(#"{"id":'x'}"#)!.description.contains("'''"))
    }

    func testHostileTextIsSanitisedOnEntry() throws {
        let line = #"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"customs_hold","port":"BEANR","container":"MSCU6639870","terminal":"K9\u009b13","reason":"\u001b]0;pwned\u0007 \u001b[2J \u202eevil\u202c\nnext"}"#
        let e = try decode(line).get().event
        guard case .customsHold(let reason?) = e.body else { return XCTFail() }
        XCTAssertTrue(Sanitizer.isClean(reason), reason)
        XCTAssertEqual(reason, "\u{FFFD}]0;pwned\u{FFFD} \u{FFFD}[2J \u{FFFD}evil\u{FFFD} next")
        XCTAssertEqual(e.terminal, "K9\u{FFFD}13")
    }

    func testCRLFAndBOMAreTolerated() throws {
        let line = "\u{FEFF}" + #"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639870"}"# + "\r"
        XCTAssertNoThrow(try decode(line).get())
    }

    func testOverlongTextIsCapped() throws {
        let long = String(repeating: "A", count: 5000)
        let e = try decode(#"{"id":"x","ts":"2026-11-26T08:00:00Z","type":"customs_hold","port":"BEANR","container":"MSCU6639870","reason":""# + long + #""}"#).get().event
        guard case .customsHold(let reason?) = e.body else { return XCTFail() }
        XCTAssertEqual(reason.count, EventDecoder.maxTextLength + 1)
        XCTAssertTrue(reason.hasSuffix("\u{2026}"))
    }
}
