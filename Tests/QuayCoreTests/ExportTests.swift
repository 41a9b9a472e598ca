import Foundation
import XCTest
@testable import QuayCore

final class ExportTests: XCTestCase {
    static let documentedColumns = ["container", "lane", "score", "status", "rules", "origin", "transship", "dest", "goods", "shipper",
                                    "consignee", "terminal", "vessel", "dwell_hours", "declared_kg", "measured_kg", "seal_mismatch", "alert"]

    /// A red box (seal mismatch, weighed, on a named vessel), an amber-ish
    /// cover load with hostile text, and a bare box with no manifest.
    func feed() -> PortState {
        var f = FeedBuilder()
        f.add("vessel_arrival", "2026-11-26T05:00:00Z", ["vessel_imo": "9839430", "vessel_name": "MSC ISABELLA"])
        f.add("manifest", "2026-11-24T10:00:00Z", container: "MSCU6639870", [
            "bl": "MEDUGY123456", "shipper": "Exportadora del Pacifico SA", "consignee": "Fresh Fruit Trading BV",
            "goods": "FRESH BANANAS", "hs": ["0803"], "declared_kg": 21500, "iso_type": "45R1", "pol": "ECGYE",
            "transship": ["PAMIT", "COCTG"], "pod": "BEANR", "seals": [["no": "ML-4451290", "source": "CAR"]], "vessel_imo": "9839430",
        ])
        f.add("discharge", "2026-11-26T07:12:00Z", container: "MSCU6639870", ["terminal": "K913", "vessel_imo": "9839430"])
        f.add("gate_in", "2026-11-26T08:00:00Z", container: "MSCU6639870", ["terminal": "K913", "measured_kg": 26980.5])
        f.add("seal_check", "2026-11-26T09:30:00Z", container: "MSCU6639870", ["seal_seen": "ML-4451299", "intact": false])
        f.add("manifest", "2026-11-25T10:00:00Z", container: "CMAU5123403", [
            "bl": "CMA1", "shipper": "=HYPERLINK(\"http://x\",\"y\")", "consignee": "Smith, Jones & \"Partners\"",
            "goods": "-2+3 cocoa, \"raw\"", "declared_kg": 18000.25, "pol": "BRSSZ", "pod": "BEANR",
        ])
        f.add("discharge", "2026-11-26T10:00:00Z", container: "CMAU5123403", ["terminal": "K1742"])
        f.add("scan_selected", "2026-11-26T10:30:00Z", container: "TGHU1233093")
        return f.state(now: ts("2026-11-26T12:00:00Z"))
    }

    let now = ts("2026-11-26T12:00:00Z")

    func testColumnsAreStableAndDocumented() throws {
        XCTAssertEqual(Export.columns, Self.documentedColumns)
        // docs/export.md lists the same columns, in the same order.
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/export.md"), encoding: .utf8)
        let section = doc.components(separatedBy: "## Columns")[1].components(separatedBy: "\n## ")[0]
        let documented = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).components(separatedBy: "`").first
        }
        XCTAssertEqual(documented, Export.columns)
        // And the CSV header is exactly that.
        let csv = Export.render([], format: .csv, now: now)
        XCTAssertEqual(csv, Export.columns.joined(separator: ",") + "\r\n")
        XCTAssertEqual(Export.render([], format: .json, now: now), "[]\n")
    }

    func testCSVQuotingFollowsRFC4180() {
        XCTAssertEqual(Export.csvField("plain"), "plain")
        XCTAssertEqual(Export.csvField(""), "")
        XCTAssertEqual(Export.csvField("a,b"), "\"a,b\"")
        XCTAssertEqual(Export.csvField("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(Export.csvField("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(Export.csvField("cr\rhere"), "\"cr\rhere\"")
        XCTAssertEqual(Export.csvField("crlf\r\n"), "\"crlf\r\n\"")
        XCTAssertEqual(Export.csvField("Café crème; ünïcode"), "Café crème; ünïcode")
        XCTAssertEqual(Export.csvField("\""), "\"\"\"\"")
    }

    func testFormulaLeadsGetAQuote() {
        XCTAssertEqual(Export.csvField("=SUM(A1:A9)"), "'=SUM(A1:A9)")
        XCTAssertEqual(Export.csvField("+31 10 123"), "'+31 10 123")
        XCTAssertEqual(Export.csvField("-2+3"), "'-2+3")
        XCTAssertEqual(Export.csvField("@cmd"), "'@cmd")
        XCTAssertEqual(Export.csvField("\t=1"), "'\t=1")
        XCTAssertEqual(Export.csvField("\r=1"), "\"'\r=1\"")
        // The guard comes first, then quoting.
        XCTAssertEqual(Export.csvField("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
        // Only a leading character counts.
        XCTAssertEqual(Export.csvField("a=b"), "a=b")
        XCTAssertEqual(Export.csvField("'quoted"), "'quoted")
    }

    func testCSVRowsOfAFeed() throws {
        let state = feed()
        let boxes = Export.select(state, filter: .matchAll, now: now)
        XCTAssertEqual(boxes.map(\.number.text).first, "MSCU6639870")
        let csv = Export.render(boxes, alerts: state.alerts, format: .csv, now: now)
        XCTAssertTrue(csv.hasSuffix("\r\n"))
        XCTAssertFalse(csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "only CRLF line ends")
        let table = parseCSV(csv)
        XCTAssertEqual(table.count, 4)
        XCTAssertEqual(table[0], Export.columns)
        XCTAssertTrue(table.allSatisfy { $0.count == Export.columns.count })
        let red = Dictionary(uniqueKeysWithValues: zip(table[0], table[1]))
        XCTAssertEqual(red["container"], "MSCU6639870")
        XCTAssertEqual(red["lane"], "red")
        XCTAssertEqual(red["score"], String(state.container(box("MSCU6639870"))!.score))
        XCTAssertEqual(red["status"], "gated_in")
        XCTAssertTrue(red["rules"]!.hasPrefix("seal-mismatch;"), red["rules"]!)
        XCTAssertFalse(red["rules"]!.contains(","))
        XCTAssertEqual(red["origin"], "ECGYE")
        XCTAssertEqual(red["transship"], "PAMIT;COCTG")
        XCTAssertEqual(red["dest"], "BEANR")
        XCTAssertEqual(red["goods"], "FRESH BANANAS")
        XCTAssertEqual(red["terminal"], "K913")
        XCTAssertEqual(red["vessel"], "MSC ISABELLA")
        XCTAssertEqual(red["dwell_hours"], "4.8")       // 07:12 to 12:00
        XCTAssertEqual(red["declared_kg"], "21500")
        XCTAssertEqual(red["measured_kg"], "26980.5")
        XCTAssertEqual(red["seal_mismatch"], "yes")
        XCTAssertEqual(red["alert"], state.alerts[box("MSCU6639870")]!.raisedAt.description)
        XCTAssertTrue(red["alert"]!.hasPrefix("2026-11-26T"))

        let hostile = Dictionary(uniqueKeysWithValues: zip(table[0], table.first { $0[0] == "CMAU5123403" }!))
        XCTAssertEqual(hostile["shipper"], "'=HYPERLINK(\"http://x\",\"y\")")
        XCTAssertEqual(hostile["consignee"], "Smith, Jones & \"Partners\"")
        XCTAssertEqual(hostile["goods"], "'-2+3 cocoa, \"raw\"")
        XCTAssertEqual(hostile["declared_kg"], "18000.25")
        XCTAssertEqual(hostile["dwell_hours"], "2.0")
        XCTAssertEqual(hostile["seal_mismatch"], "no")
        XCTAssertEqual(hostile["alert"], "")
        XCTAssertEqual(hostile["transship"], "")

        let bare = Dictionary(uniqueKeysWithValues: zip(table[0], table.first { $0[0] == "TGHU1233093" }!))
        for empty in ["origin", "transship", "dest", "goods", "shipper", "consignee", "terminal", "vessel", "dwell_hours", "declared_kg", "measured_kg", "alert"] {
            XCTAssertEqual(bare[empty], "", empty)
        }
        XCTAssertEqual(bare["status"], "awaiting_scan")

        // Rows keep the caller's order.
        let reversed = parseCSV(Export.render(boxes.reversed(), alerts: state.alerts, format: .csv, now: now))
        XCTAssertEqual(reversed.dropFirst().map { $0[0] }, boxes.reversed().map(\.number.text))
    }

    func testJSONShape() throws {
        let state = feed()
        let boxes = Export.select(state, filter: .matchAll, now: now).reversed() as [Container]
        let text = Export.render(boxes, alerts: state.alerts, format: .json, now: now)
        XCTAssertTrue(text.hasSuffix("]\n"))
        let array = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        XCTAssertEqual(array.map { $0["container"] as? String }, boxes.map(\.number.text))
        for obj in array { XCTAssertEqual(Set(obj.keys), Set(Export.columns)) }
        let red = try XCTUnwrap(array.first { $0["container"] as? String == "MSCU6639870" })
        XCTAssertEqual(red["score"] as? Int, state.container(box("MSCU6639870"))!.score)
        XCTAssertEqual(red["dwell_hours"] as? Double, 4.8)
        XCTAssertEqual(red["declared_kg"] as? Int, 21500)
        XCTAssertEqual(red["measured_kg"] as? Double, 26980.5)
        XCTAssertEqual(red["seal_mismatch"] as? String, "yes")
        XCTAssertEqual(red["transship"] as? String, "PAMIT;COCTG")
        XCTAssertEqual(red["alert"] as? String, state.alerts[box("MSCU6639870")]!.raisedAt.description)
        // Numbers are JSON numbers, not strings; text is not formula-guarded in JSON.
        XCTAssertTrue(text.contains("\"score\" : \(state.container(box("MSCU6639870"))!.score),"))
        XCTAssertTrue(text.contains("\"declared_kg\" : 21500,"))
        let hostile = try XCTUnwrap(array.first { $0["container"] as? String == "CMAU5123403" })
        XCTAssertEqual(hostile["shipper"] as? String, "=HYPERLINK(\"http://x\",\"y\")")
        XCTAssertEqual(hostile["declared_kg"] as? Double, 18000.25)
        XCTAssertTrue(hostile["alert"] is NSNull)
        XCTAssertTrue(hostile["transship"] is NSNull)
        let bare = try XCTUnwrap(array.first { $0["container"] as? String == "TGHU1233093" })
        XCTAssertTrue(bare["dwell_hours"] is NSNull)
        XCTAssertTrue(bare["goods"] is NSNull)
        XCTAssertEqual(bare["seal_mismatch"] as? String, "no")
        // Keys are sorted in the text.
        let firstObject = text.components(separatedBy: "}")[0]
        let keys = firstObject.split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("\"") ? String(t.dropFirst().prefix { $0 != "\"" }) : nil
        }
        XCTAssertEqual(keys, Export.columns.sorted())
    }

    func testRowsAndColumnsAgreeWithQueryFields() {
        let state = feed()
        let boxes = Export.select(state, filter: .matchAll, now: now)
        let rows = Export.rows(boxes, alerts: state.alerts, now: now)
        XCTAssertEqual(rows.map { $0["container"] }, boxes.map(\.number.text))
        for (c, row) in zip(boxes, rows) {
            XCTAssertEqual(Set(row.keys), Set(Export.columns))
            XCTAssertEqual(row["lane"], c.lane.rawValue)
            XCTAssertEqual(row["goods"], c.facts.manifest.goods ?? "")
            XCTAssertEqual(row["rules"], c.risk.hits.map(\.rule).joined(separator: ";"))
        }
    }

    func testSelectOrdersLikeTheDashboard() throws {
        let state = feed()
        let q = try Query.parse("-lane:red", lists: state.rules.lists)
        let picked = Export.select(state, filter: q, now: now)
        XCTAssertFalse(picked.contains { $0.lane == .red })
        let expected = state.containers.values.filter { $0.lane != .red }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.number < $1.number }.map(\.number)
        XCTAssertEqual(picked.map(\.number), expected)
        XCTAssertEqual(Export.render(state, filter: q, format: .csv, now: now),
                       Export.render(picked, alerts: state.alerts, format: .csv, now: now))
    }
}

/// A strict RFC 4180 reader for checking the writer: CRLF records, quoted
/// fields with doubled quotes.
fileprivate func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var i = text.unicodeScalars.startIndex
    let s = text.unicodeScalars
    while i < s.endIndex {
        let c = s[i]
        if quoted {
            if c == "\"" {
                let next = s.index(after: i)
                if next < s.endIndex && s[next] == "\"" { field.unicodeScalars.append("\""); i = next } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" && field.isEmpty {
            quoted = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\r" {
            let next = s.index(after: i)
            precondition(next < s.endIndex && s[next] == "\n", "bare CR outside quotes")
            row.append(field); field = ""
            rows.append(row); row = []
            i = next
        } else {
            precondition(c != "\n", "bare LF outside quotes")
            precondition(c != "\"", "quote inside an unquoted field")
            field.unicodeScalars.append(c)
        }
        i = s.index(after: i)
    }
    precondition(field.isEmpty && row.isEmpty, "last record without CRLF")
    return rows
}
