import Foundation
import XCTest
@testable import QuayCore

/// The hostile corpus (Fixtures/hostile/hostile.jsonl) read through the real
/// feed path, checked line by line against Fixtures/hostile/hostile.expect,
/// plus the inputs too big to commit (a 10 MB line, 10,000 levels of
/// nesting), generated here.
final class HostileCorpusTests: XCTestCase {
    static let fixtures = packageRoot.appendingPathComponent("Tests/QuayCoreTests/Fixtures/hostile")

    enum Outcome: Equatable {
        /// Kept; each (field, text) pair must hold exactly; a warning of this kind, if any.
        case accept(fields: [Field], warning: String?)
        case duplicate
        case blank
        case reject(kind: String, message: String)
    }

    struct Field: Equatable { var name: String; var text: String }

    struct Expectation { var line: Int; var outcome: Outcome; var note: String }

    /// Reads the manifest: `LINE | OUTCOME | NOTE`, `#` starts a comment line.
    static func manifest() throws -> [Expectation] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("hostile.expect"), encoding: .utf8)
        var out: [Expectation] = []
        for raw in text.split(separator: "\n") where !raw.hasPrefix("#") && !raw.allSatisfy(\.isWhitespace) {
            let parts = raw.components(separatedBy: " | ")
            guard parts.count >= 3, let line = Int(parts[0].trimmingCharacters(in: .whitespaces)) else {
                throw FeedError("hostile.expect: cannot read \(String(reflecting: String(raw)))")
            }
            let spec = unescape(parts[1])
            let outcome: Outcome
            if spec == "blank" {
                outcome = .blank
            } else if spec == "duplicate" {
                outcome = .duplicate
            } else if spec.hasPrefix("reject "), let colon = spec.range(of: ": ") {
                outcome = .reject(kind: String(spec[spec.index(spec.startIndex, offsetBy: 7)..<colon.lowerBound]),
                                  message: String(spec[colon.upperBound...]))
            } else if spec == "accept" || spec.hasPrefix("accept; ") {
                var fields: [Field] = []
                var warning: String?
                for clause in spec.components(separatedBy: "; ").dropFirst() {
                    if clause.hasPrefix("warning ") {
                        warning = String(clause.dropFirst(8))
                    } else if let eq = clause.range(of: " = ") {
                        fields.append(Field(name: String(clause[..<eq.lowerBound]), text: String(clause[eq.upperBound...])))
                    } else {
                        throw FeedError("hostile.expect:\(line): cannot read clause \(String(reflecting: clause))")
                    }
                }
                outcome = .accept(fields: fields, warning: warning)
            } else {
                throw FeedError("hostile.expect:\(line): unknown outcome \(String(reflecting: spec))")
            }
            out.append(Expectation(line: line, outcome: outcome, note: parts[2...].joined(separator: " | ")))
        }
        return out
    }

    /// `\u{FFFD}` escapes in the manifest become the scalars they name.
    static func unescape(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let r = rest.range(of: "\\u{") {
            out += rest[..<r.lowerBound]
            guard let close = rest[r.upperBound...].firstIndex(of: "}"),
                  let v = UInt32(rest[r.upperBound..<close], radix: 16), let scalar = Unicode.Scalar(v) else {
                out += rest[r]; rest = rest[r.upperBound...]; continue
            }
            out.unicodeScalars.append(scalar)
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Every string an event stores, by the name of the field it came from.
    static func fields(of e: Event) -> [Field] {
        var out = [Field(name: "id", text: e.id), Field(name: "port", text: e.port)]
        func add(_ name: String, _ value: String?) { if let value { out.append(Field(name: name, text: value)) } }
        add("container", e.container?.text)
        add("terminal", e.terminal)
        switch e.body {
        case .vesselArrival(let v):
            add("vessel_imo", v.imo); add("vessel_name", v.name); add("voyage", v.voyage); add("from", v.from)
        case .manifest(let m):
            add("bl", m.bl); add("shipper", m.shipper); add("consignee", m.consignee); add("goods", m.goods)
            add("iso_type", m.isoType); add("pol", m.pol); add("pod", m.pod); add("vessel_imo", m.vesselIMO)
            for h in m.hs ?? [] { add("hs", h) }
            for t in m.transship ?? [] { add("transship", t) }
            for s in m.seals ?? [] { add("seal", s.number) }
        case .discharge(let imo), .load(let imo): add("vessel_imo", imo)
        case .gateIn(let seal, _): add("seal", seal)
        case .gateOut(let seal, _, let ref): add("seal", seal); add("release_ref", ref)
        case .scanSelected, .inspectionSelected: break
        case .scanResult(_, let scanner): add("scanner", scanner)
        case .sealCheck(let seen, _): add("seal_seen", seen)
        case .inspectionResult(_, let team): add("team", team)
        case .customsRelease(let ref): add("release_ref", ref)
        case .customsHold(let reason): add("reason", reason)
        case .seizure(let s): add("case_id", s.caseID); add("origin", s.origin)
        }
        return out
    }

    /// No C0 control, DEL, C1 control or bidi control, checked on bytes and on scalars.
    static func assertClean(_ s: String, _ what: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line) {
        let badByte = s.utf8.first { $0 < 0x20 || $0 == 0x7F }
        let badScalar = s.unicodeScalars.first {
            $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
                || (0x2066...0x2069).contains($0.value) || [0x200E, 0x200F, 0x061C, 0xFEFF].contains($0.value)
        }
        XCTAssertNil(badByte, "\(what()): byte \(badByte ?? 0) in \(String(reflecting: s))", file: file, line: line)
        XCTAssertNil(badScalar, "\(what()): U+\(String(badScalar?.value ?? 0, radix: 16)) in \(String(reflecting: s))", file: file, line: line)
    }

    /// Each line of the corpus decoded the way every file reader decodes it
    /// (LineSplitter, then FeedLoader.decode), with what it gave.
    static func decodeByLine(_ path: String) throws -> (events: [Int: Event], stats: IngestStats) {
        var stats = IngestStats()
        var events: [Int: Event] = [:]
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var splitter = LineSplitter()
        func handle(_ piece: LineSplitter.Piece) {
            let number: Int
            switch piece {
            case .line(_, let n): number = n
            case .tooLong(let n, _): number = n
            }
            if let e = FeedLoader.decode(piece, file: path, decoder: EventDecoder(), stats: &stats) { events[number] = e }
        }
        // Fed in uneven pieces, so lines (and UTF-8 sequences) are split across reads.
        data.withUnsafeBytes { raw in
            let all = raw.bindMemory(to: UInt8.self)
            var start = 0
            var step = 1
            while start < all.count {
                let end = min(all.count, start + step)
                splitter.feed(UnsafeBufferPointer(rebasing: all[start..<end]), handle)
                start = end
                step = step * 7 % 4093 + 1
            }
        }
        splitter.finish(handle)
        return (events, stats)
    }

    func testEveryCorpusLineHasItsExpectedOutcome() throws {
        let expectations = try Self.manifest()
        let corpus = Self.fixtures.appendingPathComponent("hostile.jsonl").path
        let raw = try Data(contentsOf: URL(fileURLWithPath: corpus))
        let lineCount = raw.split(separator: 0x0A, omittingEmptySubsequences: false).count
        // One expectation per line, in order, none missing.
        XCTAssertEqual(expectations.map(\.line), Array(1...lineCount), "hostile.expect must list every line of hostile.jsonl once, in order")

        let (events, stats) = try Self.decodeByLine(corpus)
        let rejects = Dictionary(stats.rejects.map { ($0.source!.line, $0) }, uniquingKeysWith: { a, _ in a })
        let warnings = Dictionary(grouping: stats.warnings, by: { $0.source!.line })
        var ids = Set<String>()
        for x in expectations {
            let context = "hostile.jsonl:\(x.line) (\(x.note))"
            let event = events[x.line]
            switch x.outcome {
            case .blank:
                XCTAssertNil(event, context); XCTAssertNil(rejects[x.line], context)
            case .reject(let kind, let message):
                XCTAssertNil(event, context)
                guard let r = rejects[x.line] else { XCTFail("\(context): not rejected"); continue }
                XCTAssertEqual(r.kind, kind, context)
                XCTAssertEqual(r.message, message, context)
                XCTAssertEqual(r.description, "\(corpus):\(x.line): \(message)", context)
            case .duplicate:
                XCTAssertNil(rejects[x.line], context)
                guard let e = event else { XCTFail("\(context): rejected: \(rejects[x.line].map(\.message) ?? "?")"); continue }
                XCTAssertTrue(ids.contains(e.id), "\(context): id \(e.id) not seen before")
            case .accept(let fields, let warning):
                XCTAssertNil(rejects[x.line], context)
                guard let e = event else { XCTFail("\(context): rejected: \(rejects[x.line].map(\.message) ?? "?")"); continue }
                XCTAssertFalse(ids.contains(e.id), "\(context): id \(e.id) seen before")
                ids.insert(e.id)
                XCTAssertEqual(e.source, SourceRef(file: corpus, line: x.line), context)
                let stored = Self.fields(of: e)
                for f in fields {
                    XCTAssertEqual(stored.filter { $0.name == f.name }.map { Array($0.text.unicodeScalars) }, [Array(f.text.unicodeScalars)],
                                   "\(context): \(f.name) is \(stored.filter { $0.name == f.name }.map(\.text))")
                }
                XCTAssertEqual(warnings[x.line]?.map(\.kind), warning.map { [$0] }, context)
            }
        }
        // Everything anyone can see is clean: stored strings and reasons.
        for (line, e) in events {
            for f in Self.fields(of: e) { Self.assertClean(f.text, "hostile.jsonl:\(line) \(f.name)") }
        }
        for r in stats.rejects { Self.assertClean(r.message, "reject at \(r.source!)") }
        for w in stats.warnings { Self.assertClean(w.message, "warning at \(w.source!)") }
        XCTAssertEqual(stats.lines, lineCount)
    }

    /// The same corpus through FeedLoader.load into a PortState: every valid
    /// line between the bad ones is kept, and nothing stored holds a control.
    func testLoadingTheCorpusKeepsEveryValidLine() throws {
        let expectations = try Self.manifest()
        let (state, stats) = try FeedLoader.load([Self.fixtures.appendingPathComponent("hostile.jsonl").path], rules: RuleSet.builtIn())
        var accepted = 0, duplicates = 0, blanks = 0, rejected: [String: Int] = [:]
        for x in expectations {
            switch x.outcome {
            case .accept: accepted += 1
            case .duplicate: duplicates += 1
            case .blank: blanks += 1
            case .reject(let kind, _): rejected[kind, default: 0] += 1
            }
        }
        XCTAssertGreaterThanOrEqual(accepted, 25)
        XCTAssertEqual(stats.events, accepted)
        XCTAssertEqual(stats.duplicates, duplicates)
        XCTAssertEqual(stats.blankLines, blanks)
        XCTAssertEqual(stats.rejectCounts, rejected)
        XCTAssertEqual(stats.lines, expectations.count)
        XCTAssertEqual(state.events, accepted)
        for c in state.containers.values {
            for e in c.events {
                for f in Self.fields(of: e) { Self.assertClean(f.text, "\(e.source!) \(f.name)") }
            }
        }
        for v in state.vessels.values {
            for s in [v.imo, v.name, v.voyage, v.from, v.port].compactMap({ $0 }) { Self.assertClean(s, "vessel \(v.imo)") }
        }
    }

    /// The fuzz harness's checks on seeded mutations of the corpus and of
    /// generated lines, through the decoder: every outcome is a clean event
    /// or a clean, located reason.
    func testMutatedLinesGiveCleanEventsOrCleanReasons() throws {
        var rng = SeededRandom(6346)
        let sources = try JSONDifferentialTests.generatedLines().prefix(300) + JSONDifferentialTests.corpusLines().filter { $0.count < 4096 }
        var accepted = 0, rejected = 0
        for i in 0..<5000 {
            let line = JSONDifferentialTests.mutate(sources.randomElement(using: &rng)!, &rng)
            let source = SourceRef(file: "m.jsonl", line: i + 1)
            switch line.withUnsafeBufferPointer({ EventDecoder().decode(bytes: $0, source: source) }) {
            case .success(let d):
                accepted += 1
                for f in Self.fields(of: d.event) { Self.assertClean(f.text, "mutation \(i) \(f.name)") }
                for w in d.warnings { Self.assertClean(w.message, "mutation \(i) warning") }
            case .failure(let r):
                rejected += 1
                XCTAssertFalse(r.kind.isEmpty || r.message.isEmpty, "mutation \(i)")
                XCTAssertEqual(r.description, "m.jsonl:\(i + 1): \(r.message)")
                Self.assertClean(r.message, "mutation \(i) reason")
            }
        }
        XCTAssertGreaterThan(accepted, 200)
        XCTAssertGreaterThan(rejected, 3000)
    }

    // MARK: - Inputs generated at test time

    static let valid = #"{"id":"g-%d","ts":"2026-11-26T08:00:00Z","type":"scan_selected","port":"BEANR","container":"MSCU6639870"}"#

    static func validLine(_ n: Int) -> String { valid.replacingOccurrences(of: "%d", with: String(n)) }

    /// 10 MB in one line, 10,000 levels of nesting, and valid lines around them.
    func testHugeLineAndDeepNestingAreRefusedAndTheirNeighboursKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("generated.jsonl").path
        let tenMB = 10 * 1024 * 1024
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tenMB + 200_000)
        func line(_ s: String) { bytes += Array(s.utf8); bytes.append(0x0A) }
        line(Self.validLine(1))
        // 2: a 10 MB line (a string value that never ends within the cap).
        bytes += Array(#"{"id":"g-big","x":""#.utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "A"), count: tenMB - 20)
        bytes += Array("\"}\n".utf8)
        line(Self.validLine(3))
        // 4: 10,000 levels of arrays; 5: 10,000 levels of objects inside an event.
        line(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        line(#"{"id":"g-5","ts":"2026-11-26T08:00:00Z","type":"load","port":"BEANR","container":"MSCU6639870","x":"#
             + String(repeating: #"{"a":"#, count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "}")
        // 6: 10,000 opening brackets and nothing else.
        line(String(repeating: "[", count: 10_000))
        line(Self.validLine(7))
        // 8: exactly at the cap (1 MB, bytes of JSON white space after a valid event): kept.
        let atCap = Self.validLine(8)
        line(atCap + String(repeating: " ", count: EventDecoder.maxLineBytes - atCap.utf8.count))
        // 9: one byte over the cap: refused.
        let overCap = Self.validLine(9)
        line(overCap + String(repeating: " ", count: EventDecoder.maxLineBytes + 1 - overCap.utf8.count))
        line(Self.validLine(10))
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let (state, stats) = try FeedLoader.load([path], rules: RuleSet.builtIn())
        XCTAssertEqual(stats.lines, 10)
        XCTAssertEqual(stats.events, 5)  // lines 1, 3, 7, 8, 10
        XCTAssertEqual(state.container(box("MSCU6639870"))?.events.compactMap(\.source?.line).sorted(), [1, 3, 7, 8, 10])
        XCTAssertEqual(stats.rejects.map { "\($0.source!.line) \($0.kind): \($0.message)" }, [
            "2 line too long: line is \(tenMB + 1) bytes, over the 1048576-byte limit",
            // The 65th bracket; after 99 bytes of event, the 64th `{"a":` (the event is level 1).
            "4 invalid JSON: invalid JSON at column 65: nested deeper than 64 levels",
            "5 invalid JSON: invalid JSON at column \(99 + 5 * 63 + 1): nested deeper than 64 levels",
            "6 invalid JSON: invalid JSON at column 65: nested deeper than 64 levels",
            "9 line too long: line is 1048577 bytes, over the 1048576-byte limit",
        ])
        XCTAssertEqual(stats.rejects.first?.description, "\(path):2: line is \(tenMB + 1) bytes, over the 1048576-byte limit")
    }

    /// A line longer than the cap is counted, not held: fed a megabyte at a
    /// time, the splitter holds none of it; fed in small reads, never more
    /// than the cap between reads; and the line after it is read.
    func testSplitterDoesNotHoldALongLine() {
        var splitter = LineSplitter()
        var got: [String] = []
        func handle(_ piece: LineSplitter.Piece) {
            switch piece {
            case .line(let b, let n): got.append("\(n): " + String(decoding: b, as: UTF8.self))
            case .tooLong(let n, let count): got.append("\(n): too long, \(count) bytes")
            }
        }
        let mb = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        var held: [Int] = []
        [UInt8]("first\nyy".utf8).withUnsafeBufferPointer { splitter.feed($0, handle) }
        for _ in 0..<10 {
            mb.withUnsafeBufferPointer { splitter.feed($0, handle) }
            held.append(splitter.bufferedBytes)
        }
        [UInt8]("\nnext\n".utf8).withUnsafeBufferPointer { splitter.feed($0, handle) }
        XCTAssertEqual(got, ["1: first", "2: too long, \(10 * (1 << 20) + 2) bytes", "3: next"])
        XCTAssertEqual(held, Array(repeating: 0, count: 10))

        // A line that reaches the cap a small read at a time, then ends in a
        // read that also holds the next line: never more than the cap held.
        got = []
        var maxHeld = 0
        let piece = [UInt8](repeating: UInt8(ascii: "z"), count: 1000)
        for _ in 0..<((1 << 20) / 1000) {
            piece.withUnsafeBufferPointer { splitter.feed($0, handle) }
            maxHeld = max(maxHeld, splitter.bufferedBytes)
        }
        ([UInt8](repeating: UInt8(ascii: "z"), count: 5000) + Array("\nlast\n".utf8)).withUnsafeBufferPointer { splitter.feed($0, handle) }
        maxHeld = max(maxHeld, splitter.bufferedBytes)
        XCTAssertEqual(got, ["4: too long, \((1 << 20) / 1000 * 1000 + 5000) bytes", "5: last"])
        XCTAssertLessThanOrEqual(maxHeld, EventDecoder.maxLineBytes)
    }
}
