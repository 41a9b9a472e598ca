import Foundation
import XCTest

@testable import QuayCore

final class GeneratorTests: XCTestCase {
    private var scratch: [URL] = []

    override func tearDown() {
        for url in scratch { try? FileManager.default.removeItem(at: url) }
        scratch = []
        super.tearDown()
    }

    private func temporaryDirectory() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quaywatch-gen-\(UUID().uuidString)")
        scratch.append(url)
        return url.path
    }

    private func options(containers: Int = 2000, days: Int = 1, seed: UInt64 = 2026) -> GeneratorOptions {
        var o = GeneratorOptions()
        o.containers = containers
        o.days = days
        o.seed = seed
        return o
    }

    /// Every file of a run, by name.
    private func contents(_ summary: GeneratorSummary) throws -> [(String, Data)] {
        try summary.files.map { (URL(fileURLWithPath: $0).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: $0))) }
    }

    private func lines(_ data: Data) -> [Data] {
        var out: [Data] = []
        var start = data.startIndex
        for i in data.indices where data[i] == 0x0A {
            out.append(data[start..<i])
            start = i + 1
        }
        XCTAssertEqual(start, data.endIndex, "file must end with a newline")
        return out
    }

    private static let containerTypes: Set<String> = [
        "manifest", "discharge", "load", "gate_in", "gate_out", "scan_selected", "scan_result", "inspection_selected",
        "seal_check", "inspection_result", "customs_release", "customs_hold", "seizure",
    ]

    /// A line that is valid by docs/events.md's common rules, as an object; nil for a bad line.
    private func validObject(_ line: Data) -> [String: Any]? {
        guard let object = try? JSONSerialization.jsonObject(with: line), let o = object as? [String: Any],
              let id = o["id"] as? String, !id.isEmpty, id.count <= 64,
              let ts = o["ts"] as? String, case .success = Timestamp.parse(ts),
              let type = o["type"] as? String, type == "vessel_arrival" || Self.containerTypes.contains(type),
              let port = o["port"] as? String, LOCODE.validate(port) == nil
        else { return nil }
        if type != "vessel_arrival" {
            guard let c = o["container"] as? String, (try? ContainerNumber(validating: c)) != nil else { return nil }
        }
        return o
    }

    // MARK: Determinism

    func testSameSeedGivesIdenticalBytes() throws {
        let a = try FeedGenerator.generate(options(days: 2), into: temporaryDirectory())
        let b = try FeedGenerator.generate(options(days: 2), into: temporaryDirectory())
        XCTAssertEqual(a.events, b.events)
        let fa = try contents(a)
        let fb = try contents(b)
        XCTAssertEqual(fa.map(\.0), fb.map(\.0))
        for (x, y) in zip(fa, fb) { XCTAssertTrue(x.1 == y.1, "\(x.0) differs between two runs with the same seed") }
    }

    func testDifferentSeedGivesDifferentBytes() throws {
        let a = try FeedGenerator.generate(options(seed: 1), into: temporaryDirectory())
        let b = try FeedGenerator.generate(options(seed: 2), into: temporaryDirectory())
        let fa = try contents(a).map(\.1)
        let fb = try contents(b).map(\.1)
        XCTAssertNotEqual(fa, fb)
    }

    // MARK: Format

    func testEveryLineButTheDeliberateOnesIsAValidEvent() throws {
        var o = options(containers: 3000, days: 2)
        o.invalidRate = 0.004  // enough bad lines to see every kind
        let summary = try FeedGenerator.generate(o, into: temporaryDirectory())
        XCTAssertGreaterThanOrEqual(summary.invalidLines, 6)
        var bad = 0
        var badIDs = Set<String>()
        var validTypes = Set<String>()
        for (_, data) in try contents(summary) {
            for line in lines(data) {
                guard let object = validObject(line) else {
                    bad += 1
                    // A bad line that still has an id has one of its own.
                    let text = String(decoding: line, as: UTF8.self)
                    if let r = text.range(of: #""id":"ev-[0-9]+""#, options: .regularExpression) {
                        XCTAssertTrue(badIDs.insert(String(text[r])).inserted, "bad lines share an id: \(text)")
                    }
                    continue
                }
                let type = object["type"] as! String
                validTypes.insert(type)
                switch type {
                case "manifest":
                    if object["amends"] as? Bool != true {
                        for key in ["bl", "pol", "pod"] { XCTAssertNotNil(object[key] as? String, "manifest without \(key)") }
                        if let pol = object["pol"] as? String { XCTAssertNil(LOCODE.validate(pol)) }
                        if let kg = object["declared_kg"] as? Double { XCTAssertGreaterThan(kg, 0) }
                    }
                case "vessel_arrival":
                    let imo = object["vessel_imo"] as? String
                    XCTAssertNotNil(imo)
                    XCTAssertNotEqual(imo.map(IMONumber.verify), .malformed)
                case "seizure":
                    XCTAssertNotNil(object["case_id"] as? String)
                    XCTAssertGreaterThan(object["kg"] as? Double ?? 0, 0)
                default:
                    break
                }
            }
        }
        XCTAssertEqual(bad, summary.invalidLines, "lines failing validation must be exactly the deliberate ones")
        XCTAssertTrue(validTypes.isSuperset(of: ["vessel_arrival", "manifest", "discharge", "load", "gate_in", "gate_out",
                                                 "scan_selected", "scan_result", "customs_release"]), "\(validTypes)")
    }

    func testSummaryMatchesTheFiles() throws {
        var o = options(containers: 3000, days: 3)
        o.duplicateRate = 0.01
        let dir = temporaryDirectory()
        let summary = try FeedGenerator.generate(o, into: dir)
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jsonl") }.sorted()
        XCTAssertEqual(onDisk, summary.files.map { URL(fileURLWithPath: $0).lastPathComponent })
        XCTAssertEqual(onDisk, onDisk.sorted())

        var total = 0
        var seen = Set<Data>()
        var copies = 0
        var ids = Set<String>()
        var boxes = Set<String>()
        var vessels = 0
        var seizures = 0
        var cases = Set<String>()
        for (_, data) in try contents(summary) {
            for line in lines(data) {
                total += 1
                if !seen.insert(line).inserted {
                    copies += 1
                    continue
                }
                guard let object = validObject(line) else { continue }
                XCTAssertTrue(ids.insert(object["id"] as! String).inserted, "two different lines share an id")
                if let c = object["container"] as? String { boxes.insert(c) }
                switch object["type"] as! String {
                case "vessel_arrival": vessels += 1
                case "seizure":
                    seizures += 1
                    XCTAssertTrue(cases.insert(object["case_id"] as! String).inserted)
                default: break
                }
            }
        }
        XCTAssertEqual(total, summary.events + summary.duplicates + summary.invalidLines)
        XCTAssertEqual(copies, summary.duplicates)
        XCTAssertGreaterThan(summary.duplicates, 0)
        XCTAssertEqual(ids.count, summary.events)
        XCTAssertEqual(boxes.count, summary.containers)
        XCTAssertEqual(summary.containers, o.containers)
        XCTAssertEqual(vessels, summary.vessels)
        XCTAssertEqual(seizures, summary.seizures)
    }

    func testEventTimesStayInsideTheSpanAndLinesArriveOutOfOrder() throws {
        var o = options(containers: 2500, days: 3)
        o.start = Timestamp.fromDay(Timestamp.daysFromCivil(year: 2027, month: 3, day: 27))  // spans the switch to summer time
        let summary = try FeedGenerator.generate(o, into: temporaryDirectory())
        let start = o.start
        let end = Timestamp(ms: o.start.ms + Int64(o.days) * 86_400_000)
        var outOfOrder = 0
        var previous = Timestamp(ms: 0)
        var offsets = Set<String>()
        for (name, data) in try contents(summary) {
            XCTAssertGreaterThanOrEqual(name, start.dateString + ".jsonl")
            for line in lines(data) {
                guard let object = validObject(line), let text = object["ts"] as? String,
                      case .success(let ts) = Timestamp.parse(text) else { continue }
                XCTAssertTrue(ts >= start && ts < end, "\(text) outside the span")
                if ts < previous { outOfOrder += 1 }
                previous = ts
                if !text.hasSuffix("Z") { offsets.insert(String(text.suffix(6))) }
            }
        }
        XCTAssertGreaterThan(outOfOrder, 0, "lines should be in arrival order, not time order")
        XCTAssertEqual(offsets, ["+01:00", "+02:00"])
    }

    func testManifestHistoryBringsOnlyEarlierManifestsOfBoxesInTheSpan() throws {
        var o = options(containers: 1500, days: 2)
        o.manifestHistory = true
        let summary = try FeedGenerator.generate(o, into: temporaryDirectory())
        var before = 0
        var inSpanBoxes = Set<String>()
        var earlyBoxes = Set<String>()
        for (_, data) in try contents(summary) {
            for line in lines(data) {
                guard let object = validObject(line), let text = object["ts"] as? String,
                      case .success(let ts) = Timestamp.parse(text) else { continue }
                let box = object["container"] as? String ?? ""
                if ts < o.start {
                    before += 1
                    XCTAssertEqual(object["type"] as? String, "manifest", "only manifests come from before the span")
                    XCTAssertNil(object["amends"], "amendments before the span are not history")
                    earlyBoxes.insert(box)
                } else {
                    inSpanBoxes.insert(box)
                }
            }
        }
        XCTAssertGreaterThan(before, 0)
        XCTAssertTrue(earlyBoxes.isSubset(of: inSpanBoxes), "history only for boxes seen in the span")
    }

    // MARK: The sample day

    func testSampleDayHasSomethingToShow() throws {
        let summary = try FeedGenerator.generate(GeneratorOptions(), into: temporaryDirectory())
        XCTAssertEqual(summary.containers, 3000)
        XCTAssertTrue((3...8).contains(summary.seizures), "sample day seizures: \(summary.seizures)")
        XCTAssertGreaterThanOrEqual(summary.vessels, 1)
        XCTAssertGreaterThan(summary.invalidLines, 0)
        XCTAssertGreaterThan(summary.duplicates, 0)
        var cover = 0
        var broken = 0
        var withoutRelease = 0
        for (_, data) in try contents(summary) {
            for line in lines(data) {
                guard let o = validObject(line) else { continue }
                if o["goods"] as? String == "FRESH BANANAS", o["iso_type"] as? String == "45R1" { cover += 1 }
                if o["intact"] as? Bool == false { broken += 1 }
                if o["type"] as? String == "gate_out", o["release_ref"] == nil { withoutRelease += 1 }
            }
        }
        XCTAssertGreaterThan(cover, 0)
        XCTAssertGreaterThan(broken, 0)
        XCTAssertGreaterThan(withoutRelease, 0)
    }

    func testCleanFeedWhenRatesAreZero() throws {
        var o = options(containers: 500)
        o.invalidRate = 0
        o.duplicateRate = 0
        let summary = try FeedGenerator.generate(o, into: temporaryDirectory())
        XCTAssertEqual(summary.invalidLines, 0)
        XCTAssertEqual(summary.duplicates, 0)
        var total = 0
        for (_, data) in try contents(summary) {
            for line in lines(data) {
                total += 1
                XCTAssertNotNil(validObject(line))
            }
        }
        XCTAssertEqual(total, summary.events)
    }

    func testRejectsBadOptions() {
        var o = GeneratorOptions()
        o.port = "Antwerp"
        XCTAssertThrowsError(try FeedGenerator.generate(o, into: temporaryDirectory()))
        o = GeneratorOptions()
        o.days = 0
        XCTAssertThrowsError(try FeedGenerator.generate(o, into: temporaryDirectory()))
    }

    // MARK: Pieces

    func testJSONEscaping() throws {
        let nasty = "Société \"La Perle\" A\\S\t\u{1B}[2J Ñandú"
        let bytes = GenJSON.quoted(nasty)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertEqual(text, #""Société \"La Perle\" A\\S\u0009\u001b[2J Ñandú""#)
        let back = try JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) as? String
        XCTAssertEqual(back, nasty)
    }

    func testQuotaKeepsCountsNearExpectation() {
        var q = GenQuota(start: 0.3)
        var n = 0
        for _ in 0..<1000 where q.take(0.013) { n += 1 }
        XCTAssertTrue((12...14).contains(n))
    }

    func testRandomStreamIsFixed() {
        var a = GenRNG(seed: 42)
        var b = GenRNG(seed: 42)
        for _ in 0..<100 { XCTAssertEqual(a.next(), b.next()) }
        var c = GenRNG(seed: 43)
        var d = GenRNG(seed: 42)
        XCTAssertNotEqual(d.unit(), c.unit())
    }
}
