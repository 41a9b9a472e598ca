import Foundation
import XCTest

/// `quaywatch export`, run as a script would run it.
final class ExportCommandTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// Two red boxes (a seal mismatch; a move without release), a cover load
    /// with hostile text, and two quiet boxes.
    let feed = [
        #"{"id":"e1","ts":"2026-11-24T10:00:00Z","type":"manifest","port":"BEANR","container":"MSCU6639870","bl":"MEDUGY123456","shipper":"Exportadora del Pacifico SA","consignee":"Fresh Fruit Trading BV","goods":"FRESH BANANAS","hs":["0803"],"declared_kg":21500,"iso_type":"45R1","pol":"ECGYE","transship":["PAMIT"],"pod":"BEANR","seals":[{"no":"ML-4451290","source":"CAR"}]}"#,
        #"{"id":"e2","ts":"2026-11-26T07:12:00Z","type":"discharge","port":"BEANR","container":"MSCU6639870","terminal":"K913"}"#,
        #"{"id":"e3","ts":"2026-11-26T10:40:00Z","type":"seal_check","port":"BEANR","container":"MSCU6639870","terminal":"K913","seal_seen":"ML-4451299","intact":false}"#,
        #"{"id":"e4","ts":"2026-11-26T06:00:00Z","type":"gate_in","port":"BEANR","container":"TCLU6512065","terminal":"K1742"}"#,
        #"{"id":"e5","ts":"2026-11-26T09:00:00Z","type":"gate_out","port":"BEANR","container":"TCLU6512065","terminal":"K1742"}"#,
        #"{"id":"e6","ts":"2026-11-25T10:00:00Z","type":"manifest","port":"BEANR","container":"CMAU5123403","bl":"CMA1","shipper":"=HYPERLINK(\"http://x\",\"y\")","consignee":"Smith, Jones & \"Partners\"","goods":"BANANAS, FRESH","hs":["0803"],"iso_type":"45R1","pol":"COCTG","pod":"BEANR"}"#,
        #"{"id":"e7","ts":"2026-11-26T08:00:00Z","type":"discharge","port":"BEANR","container":"CMAU5123403","terminal":"K913"}"#,
        #"{"id":"e8","ts":"2026-11-26T08:30:00Z","type":"discharge","port":"BEANR","container":"TGHU1233093","terminal":"K1700"}"#,
        #"{"id":"e9","ts":"2026-11-26T11:00:00Z","type":"scan_selected","port":"BEANR","container":"KKFU5402058"}"#,
    ]

    func write(_ lines: [String], _ name: String = "feed.jsonl") throws -> String {
        let p = dir.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    func testRedFilterToCSVFileWritesExactlyTheRedBoxes() throws {
        let path = try write(feed)
        let out = dir.appendingPathComponent("red.csv").path
        try "old contents\n".write(toFile: out, atomically: true, encoding: .utf8)
        let r = try runQuaywatch(["export", path, "--filter", "lane:red", "--format", "csv", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "", "rows go to the file, not stdout")
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("container,lane,score,status,rules,origin,transship,dest,goods,shipper,consignee,terminal,vessel,dwell_hours,declared_kg,measured_kg,seal_mismatch,alert\r\n"), csv)
        XCTAssertTrue(csv.hasSuffix("\r\n"))
        let records = csv.components(separatedBy: "\r\n").dropLast()
        XCTAssertEqual(records.count, 3, csv)
        let boxes = records.dropFirst().map { String($0.prefix { $0 != "," }) }
        XCTAssertEqual(Set(boxes), ["MSCU6639870", "TCLU6512065"])
        XCTAssertTrue(records.dropFirst().allSatisfy { $0.split(separator: ",")[1] == "red" }, csv)

        // The same boxes, in the same order, as the JSON of every box filtered by lane.
        let all = try runQuaywatch(["export", path, "--format", "json"])
        XCTAssertEqual(all.status, 0, all.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 5)
        XCTAssertEqual(rows.filter { $0["lane"] as? String == "red" }.map { $0["container"] as? String }, boxes.map { Optional($0) })
    }

    func testJSONIsInDashboardOrderWithTheDocumentedKeys() throws {
        let r = try runQuaywatch(["export", try write(feed), "--format", "json", "--at", "2026-11-26T12:00:00Z"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let keys: Set = ["container", "lane", "score", "status", "rules", "origin", "transship", "dest", "goods", "shipper",
                         "consignee", "terminal", "vessel", "dwell_hours", "declared_kg", "measured_kg", "seal_mismatch", "alert"]
        for row in rows { XCTAssertEqual(Set(row.keys), keys) }
        let order = rows.map { ($0["score"] as! Int, $0["container"] as! String) }
        XCTAssertEqual(order.map(\.1), order.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.1))
        let seal = try XCTUnwrap(rows.first { $0["container"] as? String == "MSCU6639870" })
        XCTAssertEqual(seal["dwell_hours"] as? Double, 4.8)        // 07:12 to --at 12:00
        XCTAssertEqual(seal["seal_mismatch"] as? String, "yes")
        XCTAssertEqual(seal["alert"] as? String, "2026-11-26T10:40:00Z")
        let quiet = try XCTUnwrap(rows.first { $0["container"] as? String == "KKFU5402058" })
        XCTAssertTrue(quiet["goods"] is NSNull)
        XCTAssertTrue(quiet["dwell_hours"] is NSNull)
    }

    func testCSVToStdoutGuardsFormulasAndQuotes() throws {
        let r = try runQuaywatch(["export", try write(feed), "--filter", "container:CMAU5123403"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.count, 3, r.stdout)   // header, row, "" after the last CRLF
        XCTAssertTrue(lines[1].contains(#","BANANAS, FRESH","'=HYPERLINK(""http://x"",""y"")","Smith, Jones & ""Partners""","#), lines[1])
    }

    func testBadFilterExitsTwoWithTheColumnAndWritesNothing() throws {
        let out = dir.appendingPathComponent("never.csv").path
        let r = try runQuaywatch(["export", try write(feed), "--filter", "lane:red colour:blue", "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--filter: column 10: unknown field 'colour'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("\n  lane:red colour:blue\n           ^"), r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let unclosed = try runQuaywatch(["export", try write(feed), "--filter", "(lane:red"])
        XCTAssertEqual(unclosed.status, 2)
        XCTAssertTrue(unclosed.stderr.contains("column 1: '(' is never closed"), unclosed.stderr)
    }

    func testUnwritableOutputExitsTwo() throws {
        let path = try write(feed)
        let missing = dir.appendingPathComponent("no/such/dir/x.csv").path
        let r = try runQuaywatch(["export", path, "--out", missing])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--out \(missing): cannot write"), r.stderr)
        let isDir = try runQuaywatch(["export", path, "--out", dir.path])
        XCTAssertEqual(isDir.status, 2)
        XCTAssertTrue(isDir.stderr.contains("is a directory"), isDir.stderr)
        XCTAssertEqual(try runQuaywatch(["export", path, "--format", "xml"]).status, 2)
    }

    func testMissingInputExitsTwo() throws {
        let r = try runQuaywatch(["export", dir.appendingPathComponent("nope.jsonl").path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("nope.jsonl: no such file or directory"), r.stderr)
    }
}
