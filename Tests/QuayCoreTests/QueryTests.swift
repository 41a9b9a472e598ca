import XCTest
@testable import QuayCore

final class QueryTests: XCTestCase {
    /// Three boxes with known facts.
    static let state: PortState = {
        var f = FeedBuilder()
        f.add("manifest", "2026-11-20T10:00:00Z", container: "MSCU6639870", ["bl": "B1", "pol": "ECGYE", "pod": "BEANR", "transship": ["PAMIT"],
              "goods": "Fresh Bananas", "hs": ["0803"], "iso_type": "45R1", "consignee": "Fruit BV", "shipper": "Exportadora Ñandú", "declared_kg": 21500])
        f.add("discharge", "2026-11-22T10:00:00Z", container: "MSCU6639870")
        f.add("scan_selected", "2026-11-22T11:00:00Z", container: "MSCU6639870")
        f.add("manifest", "2026-11-20T10:00:00Z", container: "CMAU5123403", ["bl": "B2", "pol": "CNSHA", "pod": "BEANR", "goods": "FAK",
              "iso_type": "42G1", "consignee": "Fruit BV", "declared_kg": 12000, "payment": "cash"])
        f.add("discharge", "2026-11-25T10:00:00Z", container: "CMAU5123403", ["terminal": "K1742"])
        f.add("gate_in", "2026-11-25T12:00:00Z", container: "MAEU1234567", ["measured_kg": 9000])
        f.add("manifest", "2026-11-25T13:00:00Z", container: "MAEU1234567", ["bl": "B3", "pol": "BEANR", "pod": "USNYC", "goods": "Machine parts",
              "declared_kg": 8000, "iso_type": "22G1"])
        return f.state(now: ts("2026-11-26T10:00:00Z"))
    }()

    func matches(_ q: String) throws -> [String] {
        let query = try Query.parse(q, lists: RuleSet.builtIn().lists)
        return QueryTests.state.select(query, now: ts("2026-11-26T10:00:00Z")).map(\.number.text).sorted()
    }

    /// Text folded on the stack (short ASCII) is what `Pattern.fold` gives,
    /// and seals compare as before for any text.
    func testFoldingWithoutAStringAgreesWithFold() {
        var r = SeededRandom(9)
        let pieces = ["A", "z", "-", " ", "É", "é", "ß", "İ", "0", "ECGYE", "Ü", "\u{301}", "x"]
        var samples = ["", "BEANR", "Bananas", String(repeating: "AbC", count: 90), String(repeating: "Ab", count: 128), String(repeating: "Ab", count: 129)]
        for _ in 0..<400 { samples.append((0..<Int.random(in: 0...12, using: &r)).map { _ in pieces.randomElement(using: &r)! }.joined()) }
        for s in samples {
            XCTAssertEqual(Pattern.fold(s), s.lowercased(), s)
            XCTAssertEqual(Pattern.withFolded(s) { Array($0) }, Array(Pattern.fold(s).utf8), s)
            XCTAssertEqual(normaliseSeal(s), String(s.uppercased().unicodeScalars.filter { $0 != " " && $0 != "-" }), s)
        }
        XCTAssertTrue(Pattern("ec*").matches("ECGYE"))
        XCTAssertTrue(Pattern.any([Pattern("nlrtm"), Pattern("ecgye")], match: "ECGYE"))
        XCTAssertFalse(Pattern("ecgye").matches("ECGYE1"))
    }

    func testFieldValuesAndWildcards() throws {
        XCTAssertEqual(try matches("origin:ECGYE"), ["MSCU6639870"])
        XCTAssertEqual(try matches("origin:ec*"), ["MSCU6639870"])
        XCTAssertEqual(try matches("goods:banana*"), [])
        XCTAssertEqual(try matches("goods:*banana*"), ["MSCU6639870"])
        XCTAssertEqual(try matches("goods:fresh?bananas"), ["MSCU6639870"])
        XCTAssertEqual(try matches("goods:\"fresh bananas\""), ["MSCU6639870"])
        XCTAssertEqual(try matches("origin:ECGYE,CNSHA"), ["CMAU5123403", "MSCU6639870"])
        XCTAssertEqual(try matches("reefer:yes"), ["MSCU6639870"])
        XCTAssertEqual(try matches("reefer:no"), ["CMAU5123403", "MAEU1234567"])
        XCTAssertEqual(try matches("transship:PAMIT"), ["MSCU6639870"])
        XCTAssertEqual(try matches("status:awaiting_scan"), ["MSCU6639870"])
        XCTAssertEqual(try matches("shipper:*ñandú*"), ["MSCU6639870"], "case-insensitive beyond ASCII")
        XCTAssertEqual(try matches("owner:MAE"), ["MAEU1234567"])
    }

    func testComparisonsRangesAndUnits() throws {
        XCTAssertEqual(try matches("kg>=12000"), ["CMAU5123403", "MSCU6639870"])
        XCTAssertEqual(try matches("kg>12t"), ["MSCU6639870"])
        XCTAssertEqual(try matches("kg:8000..12000"), ["CMAU5123403", "MAEU1234567"])
        XCTAssertEqual(try matches("dwell>3d"), ["MSCU6639870"])
        XCTAssertEqual(try matches("dwell<=24h"), ["CMAU5123403", "MAEU1234567"])
        XCTAssertEqual(try matches("dwell>72"), ["MSCU6639870"], "bare dwell numbers are hours")
        XCTAssertEqual(try matches("weight_gap>10"), ["MAEU1234567"])
        XCTAssertEqual(try matches("consignee_boxes>=2"), ["CMAU5123403", "MSCU6639870"])
        XCTAssertEqual(try matches("kg=8000"), ["MAEU1234567"])
        XCTAssertEqual(try matches("kg!=8000"), ["CMAU5123403", "MSCU6639870"])
    }

    func testBooleanLogicAndPrecedence() throws {
        XCTAssertEqual(try matches("-origin:ECGYE"), ["CMAU5123403", "MAEU1234567"])
        XCTAssertEqual(try matches("!origin:ECGYE"), ["CMAU5123403", "MAEU1234567"])
        XCTAssertEqual(try matches("not reefer:yes"), ["CMAU5123403", "MAEU1234567"])
        XCTAssertEqual(try matches("origin:ECGYE or origin:CNSHA"), ["CMAU5123403", "MSCU6639870"])
        // AND binds tighter than OR.
        XCTAssertEqual(try matches("reefer:yes or payment:cash kg>20000"), ["MSCU6639870"])
        XCTAssertEqual(try matches("(reefer:yes or payment:cash) kg<20000"), ["CMAU5123403"])
        XCTAssertEqual(try matches("reefer:yes and kg>1t"), ["MSCU6639870"])
        XCTAssertEqual(try matches("-(origin:ECGYE or origin:CNSHA)"), ["MAEU1234567"])
        XCTAssertEqual(try matches(""), ["CMAU5123403", "MAEU1234567", "MSCU6639870"])
    }

    func testFreeTextAndPhrases() throws {
        XCTAssertEqual(try matches("banana"), ["MSCU6639870"])
        XCTAssertEqual(try matches("\"machine parts\""), ["MAEU1234567"])
        XCTAssertEqual(try matches("fruit"), ["CMAU5123403", "MSCU6639870"])
        XCTAssertEqual(try matches("K1742"), ["CMAU5123403"])
        XCTAssertEqual(try matches("fruit -banana"), ["CMAU5123403"])
    }

    func testNamedLists() throws {
        XCTAssertEqual(try matches("origin:@risk_ports"), ["MSCU6639870"])
        XCTAssertEqual(try matches("goods:@vague_goods"), ["CMAU5123403"])
        XCTAssertEqual(try matches("hs:@cover_hs"), ["MSCU6639870"])
    }

    func error(_ q: String) -> QueryError? {
        do { _ = try Query.parse(q, lists: ["risk_ports": ["ECGYE"]]); return nil } catch { return error }
    }

    func testErrorsPointAtTheColumn() {
        XCTAssertEqual(error("origin:EC* colour:red"), QueryError(column: 12, message: "unknown field 'colour' (fields: \(Fields.names.joined(separator: ", ")))"))
        XCTAssertEqual(error("risk>=high")?.column, 7)
        XCTAssertEqual(error("risk>=high")?.message, "'risk' needs a number, not 'high'")
        XCTAssertEqual(error("goods>3")?.column, 6)
        XCTAssertEqual(error("goods>3")?.message, "'goods' is text: use goods:value, not '>'")
        XCTAssertEqual(error("(lane:red")?.message, "'(' is never closed")
        XCTAssertEqual(error("(lane:red")?.column, 1)
        XCTAssertEqual(error("lane:red)")?.message, "unmatched ')'")
        XCTAssertEqual(error("lane:red)")?.column, 9)
        XCTAssertEqual(error("reefer:maybe")?.message, "'reefer' is yes/no, not 'maybe'")
        XCTAssertEqual(error("reefer:maybe")?.column, 8)
        XCTAssertEqual(error("dwell>3x")?.message, "unit 'x' does not fit 'dwell' (units: m, h, d, w (bare numbers are hours))")
        XCTAssertEqual(error("dwell>3x")?.column, 8)
        XCTAssertEqual(error("origin:@nowhere")?.message, "unknown list '@nowhere' (lists: @risk_ports)")
        XCTAssertEqual(error("lane:red or")?.column, 10)
        XCTAssertEqual(error("lane:")?.message, "value expected after 'lane:'")
        XCTAssertEqual(error("risk:80..60")?.message, "range 80..60 is empty")
        XCTAssertEqual(error("goods:\"fresh")?.message, "quote is never closed")
        XCTAssertEqual(error("- lane:red")?.message, "'-' must be followed by a term")
        XCTAssertEqual(error("()")?.message, "empty parentheses")
        XCTAssertEqual(error(String(repeating: "(", count: 500) + "lane:red" + String(repeating: ")", count: 500))?.message, "nested deeper than 100 levels")
        XCTAssertEqual(error("kg:\"5x\"")?.column, 6, "columns inside quotes count the quote")
    }

    func testPatternKinds() {
        XCTAssertTrue(Pattern("EC*").matches("ECGYE"))
        XCTAssertFalse(Pattern("EC*").matches("BEANR"))
        XCTAssertTrue(Pattern("*cargo*").matches("General Cargo, STC"))
        XCTAssertTrue(Pattern("a*b*c").matches("axxbyyc"))
        XCTAssertFalse(Pattern("a*b*c").matches("axxbyy"))
        XCTAssertTrue(Pattern("?andú").matches("ñandú"))
        XCTAssertTrue(Pattern("*").matches(""))
        XCTAssertFalse(Pattern("abc").matches("abcd"))
    }
}
