import Foundation
import XCTest
@testable import QuayCore

/// EventEncoder writes an event as a feed line that decodes to the same event.
final class EventEncoderTests: XCTestCase {
    func roundTrip(_ e: Event, _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        let text = EventEncoder.line(e)
        XCTAssertFalse(text.contains("\n"), what(), file: file, line: line)
        switch EventDecoder().decode(line: text, source: e.source) {
        case .success(let d): XCTAssertEqual(d.event, e, "\(what()): \(text)", file: file, line: line)
        case .failure(let r): XCTFail("\(what()): \(text): \(r)", file: file, line: line)
        }
    }

    func testGeneratedEventsReadBackTheSame() throws {
        var seen = 0
        for line in try JSONDifferentialTests.generatedLines() {
            let source = SourceRef(file: "g.jsonl", line: seen + 1)
            guard case .success(let d) = line.withUnsafeBufferPointer({ EventDecoder().decode(bytes: $0, source: source) }) else { continue }
            roundTrip(d.event, "generated line \(seen)")
            seen += 1
        }
        XCTAssertGreaterThan(seen, 400)
    }

    func testSampleAndHostileCorpusEventsReadBackTheSame() throws {
        var seen = 0
        for line in try sampleLines().map({ Array($0.utf8) }) + JSONDifferentialTests.corpusLines() {
            guard case .success(let d) = line.withUnsafeBufferPointer({ EventDecoder().decode(bytes: $0) }) else { continue }
            roundTrip(d.event, "line \(String(decoding: line.prefix(200), as: UTF8.self))")
            seen += 1
        }
        XCTAssertGreaterThan(seen, 9000)
    }

    /// Seeded mutations of generated and corpus lines: whatever the decoder
    /// accepts (odd numbers, escapes, long and hostile text) reads back the same.
    func testAcceptedMutationsReadBackTheSame() throws {
        var rng = SeededRandom(8812)
        let sources = try JSONDifferentialTests.generatedLines().prefix(300) + JSONDifferentialTests.corpusLines().filter { $0.count < 4096 }
        var accepted = 0
        for i in 0..<5000 {
            let line = JSONDifferentialTests.mutate(sources.randomElement(using: &rng)!, &rng)
            guard case .success(let d) = line.withUnsafeBufferPointer({ EventDecoder().decode(bytes: $0) }) else { continue }
            roundTrip(d.event, "mutation \(i)")
            accepted += 1
        }
        XCTAssertGreaterThan(accepted, 200)
    }

    func testTextIsEscapedAndExtraFieldsComeLast() {
        let e = Event(id: "a\"b\\c", ts: Timestamp(ms: 1_764_144_000_123), type: .customsHold, port: "BEANR",
                      container: try? ContainerNumber(validating: "MSCU6639870"), terminal: nil, body: .customsHold(reason: "x\u{1}y"))
        XCTAssertEqual(EventEncoder.line(e, extra: [("z", "1")]),
                       #"{"id":"a\"b\\c","ts":"2025-11-26T08:00:00.123Z","type":"customs_hold","port":"BEANR","container":"MSCU6639870","reason":"x\u0001y","z":1}"#)
    }
}
