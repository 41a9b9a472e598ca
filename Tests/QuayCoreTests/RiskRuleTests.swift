import XCTest
@testable import QuayCore

/// Each shipped rule fires on a history built to trigger it, and only then.
final class RiskRuleTests: XCTestCase {
    let rules = RuleSet.builtIn()
    let box = "MSCU6639870"

    /// A plain import: manifest, vessel, discharge, release; nothing odd.
    func plainImport(_ f: inout FeedBuilder, manifest: [String: Any] = [:], consigneeBoxes: Int = 3) {
        var m: [String: Any] = ["bl": "B1", "pol": "CNSHA", "pod": "BEANR", "goods": "Machine parts", "hs": ["8471"], "iso_type": "42G1",
                                "consignee": "Regular Importer NV", "shipper": "Shanghai Parts Co", "declared_kg": 20000,
                                "seals": [["no": "CN123456", "source": "CAR"]], "payment": "prepaid", "vessel_imo": "9839430"]
        for (k, v) in manifest { m[k] = v }
        f.add("vessel_arrival", "2026-11-25T06:00:00Z", ["vessel_imo": "9839430", "vessel_name": "MSC ISABELLA"])
        f.add("manifest", "2026-11-20T10:00:00Z", container: box, m)
        // Other boxes for the same consignee, so it is not one-off.
        let others = ["MAEU1234567", "CMAU5123403", "SEGU4001004", "CSQU3054383"]
        for o in others.prefix(consigneeBoxes - 1) {
            f.add("manifest", "2026-11-20T10:00:00Z", container: o, ["bl": "B-" + o, "pol": "CNSHA", "pod": "BEANR", "consignee": m["consignee"]!])
        }
        f.add("discharge", "2026-11-25T08:00:00Z", container: box, ["vessel_imo": "9839430", "terminal": "K913"])
    }

    func fired(_ f: FeedBuilder, now: String = "2026-11-26T12:00:00Z") -> [String] {
        let s = f.state(rules: rules, now: ts(now))
        return s.container(ContainerNumber(stringLiteral: box))!.risk.hits.map(\.rule)
    }

    func testPlainImportFiresNothing() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("customs_release", "2026-11-26T08:00:00Z", container: box)
        f.add("gate_out", "2026-11-26T11:00:00Z", container: box, ["seal": "CN123456", "measured_kg": 20300])
        XCTAssertEqual(fired(f), [])
    }

    func testSealMismatchIsAutomaticRed() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("customs_release", "2026-11-26T08:00:00Z", container: box)
        f.add("gate_out", "2026-11-26T11:00:00Z", container: box, ["seal": "CN999999"])
        XCTAssertEqual(fired(f), ["seal-mismatch"])
        let c = f.state(rules: rules).container(ContainerNumber(stringLiteral: box))!
        XCTAssertEqual(c.lane, .red)
        XCTAssertTrue(c.risk.autoRed)
        XCTAssertEqual(c.risk.hits[0].evidence, ["seal_mismatch=yes (seen CN999999, declared CN123456)", "seal_broken=no"])
    }

    /// The rule's yes/no answer agrees with the list of seals that differ,
    /// seal numbers compared as normalised.
    func testSealMismatchAnswerAgreesWithTheList() {
        let cases: [(declared: [String]?, seen: [String], mismatch: Bool)] = [
            (nil, ["CN1"], false), (["CN123456"], [], false), (["CN123456"], ["CN123456"], false),
            (["CN123456"], ["cn 123456"], false), (["CN123456"], ["CN999999"], true),
            (["CN123456", "SH7"], ["SH7", "CN123456"], false), (["CN123456"], ["CN123456", "X1"], true),
        ]
        for t in cases {
            var f = ContainerFacts()
            f.manifest.seals = t.declared?.map { Seal(number: $0, source: nil) }
            f.sealsSeen = t.seen
            XCTAssertEqual(f.hasSealMismatch, t.mismatch, "\(t)")
            XCTAssertEqual(f.hasSealMismatch, !f.sealMismatches.isEmpty, "\(t)")
        }
    }

    func testBrokenSealFiresTheSameRule() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("seal_check", "2026-11-26T08:00:00Z", container: box, ["seal_seen": "CN123456", "intact": false])
        XCTAssertEqual(fired(f), ["seal-mismatch"])
    }

    func testGateOutWithoutReleaseIsAutomaticRed() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("gate_out", "2026-11-26T11:00:00Z", container: box, ["seal": "CN123456"])
        XCTAssertEqual(fired(f), ["moved-without-release"])
    }

    func testGateOutWhileHeldIsUnauthorised() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("customs_release", "2026-11-26T08:00:00Z", container: box)
        f.add("customs_hold", "2026-11-26T09:00:00Z", container: box, ["reason": "documents"])
        f.add("gate_out", "2026-11-26T11:00:00Z", container: box)
        XCTAssertEqual(fired(f), ["moved-without-release"])
    }

    func testSeizureIsAutomaticRed() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("inspection_result", "2026-11-26T09:00:00Z", container: box, ["outcome": "seizure"])
        XCTAssertEqual(fired(f), ["seizure-found"])
        let c = f.state(rules: rules).container(ContainerNumber(stringLiteral: box))!
        XCTAssertEqual(c.lane, .red)
        XCTAssertEqual(c.status, .seized)
    }

    func testScanAnomaly() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("scan_selected", "2026-11-25T09:00:00Z", container: box)
        f.add("scan_result", "2026-11-25T10:00:00Z", container: box, ["result": "anomaly"])
        XCTAssertEqual(fired(f), ["scan-anomaly"])
    }

    func testCoverLoadFromRiskPortStacksWithOrigin() {
        var f = FeedBuilder()
        plainImport(&f, manifest: ["pol": "ECGYE", "hs": ["0803"], "iso_type": "45R1", "goods": "BANANAS"])
        XCTAssertEqual(fired(f), ["cover-load", "risk-origin"])
        let c = f.state(rules: rules).container(ContainerNumber(stringLiteral: box))!
        XCTAssertEqual(c.score, 35)
        XCTAssertEqual(c.lane, .amber)
    }

    func testCoverLoadNeedsAReefer() {
        var f = FeedBuilder()
        plainImport(&f, manifest: ["pol": "ECGYE", "hs": ["0803"], "iso_type": "45G1"])
        XCTAssertEqual(fired(f), ["risk-origin"])
    }

    func testRiskTransshipment() {
        var f = FeedBuilder()
        plainImport(&f, manifest: ["transship": ["PAMIT"]])
        XCTAssertEqual(fired(f), ["risk-transshipment"])
    }

    func testLateAmendmentBeforeArrival() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("manifest", "2026-11-24T20:00:00Z", container: box, ["amends": true, "consignee": "Regular Importer NV"])
        XCTAssertEqual(fired(f), ["late-amendment"])
    }

    func testEarlyAmendmentIsFine() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("manifest", "2026-11-22T20:00:00Z", container: box, ["amends": true, "goods": "Machine parts and tools"])
        XCTAssertEqual(fired(f), [])
    }

    func testAmendmentAfterDischargeIsLate() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("manifest", "2026-11-25T09:00:00Z", container: box, ["amends": true, "goods": "Machine parts"])
        XCTAssertEqual(fired(f), ["late-amendment"])
    }

    func testWeightGap() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("customs_release", "2026-11-26T08:00:00Z", container: box)
        f.add("gate_out", "2026-11-26T11:00:00Z", container: box, ["seal": "CN123456", "measured_kg": 23000])
        XCTAssertEqual(fired(f), ["weight-gap"])
    }

    func testOneOffConsignee() {
        var f = FeedBuilder()
        plainImport(&f, consigneeBoxes: 1)
        XCTAssertEqual(fired(f), ["new-consignee"])
    }

    func testVagueGoods() {
        var f = FeedBuilder()
        plainImport(&f, manifest: ["goods": "General cargo"])
        XCTAssertEqual(fired(f), ["vague-goods"])
    }

    func testUnusualPayment() {
        var f = FeedBuilder()
        plainImport(&f, manifest: ["payment": "cash"])
        XCTAssertEqual(fired(f), ["unusual-payment"])
    }

    func testLongDwellComesDueWithTimeAlone() {
        var f = FeedBuilder()
        plainImport(&f)
        XCTAssertEqual(fired(f, now: "2026-12-05T08:00:00Z"), [])
        XCTAssertEqual(fired(f, now: "2026-12-10T09:00:00Z"), ["long-dwell"])
    }

    func testQuickPickup() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("customs_release", "2026-11-26T08:00:00Z", container: box)
        f.add("gate_out", "2026-11-26T09:10:00Z", container: box, ["seal": "CN123456"])
        XCTAssertEqual(fired(f), ["quick-pickup"])
    }

    func testPartyLinkedToASeizureElsewhere() {
        var f = FeedBuilder()
        plainImport(&f)
        f.add("manifest", "2026-11-01T10:00:00Z", container: "TGHU1234567", ["bl": "X", "pol": "ECGYE", "pod": "BEANR", "shipper": "Shanghai Parts Co."])
        f.add("seizure", "2026-11-02T10:00:00Z", container: "TGHU1234567", ["case_id": "ANR-2026-0001", "drug": "cocaine", "kg": 50])
        XCTAssertEqual(fired(f), ["linked-seizure"])
        let c = f.state(rules: rules).container(ContainerNumber(stringLiteral: box))!
        XCTAssertEqual(c.linkedSeizure, "ANR-2026-0001")
    }

    func testEveryShippedRuleHasATest() {
        // The ids exercised above; a new rule in rules.yaml needs a test here.
        let tested: Set = ["seal-mismatch", "moved-without-release", "seizure-found", "scan-anomaly", "linked-seizure", "cover-load", "risk-origin",
                           "risk-transshipment", "late-amendment", "weight-gap", "new-consignee", "vague-goods", "unusual-payment",
                           "long-dwell", "quick-pickup"]
        XCTAssertEqual(Set(rules.rules.map(\.id)), tested)
        XCTAssertGreaterThanOrEqual(rules.rules.count, 13)
    }

    func testRulesFileErrorsNameTheRule() {
        let yaml = "rules:\n  - id: bad\n    points: 5\n    when: \"risk>>3\"\n"
        XCTAssertThrowsError(try RuleSet.parse(yaml, source: "r.yaml")) { e in
            XCTAssertEqual("\(e)", "r.yaml: rule 'bad': when \"risk>>3\": column 6: 'risk' needs a number, not '>3'")
        }
        XCTAssertThrowsError(try RuleSet.parse("lanes: {amber: 70, red: 60}\nrules: []", source: "r.yaml"))
    }

    func testSampleRulesFileIsTheBuiltInOne() throws {
        let sample = try RuleSet.load(path: packageRoot.appendingPathComponent("sample-data/rules.yaml").path)
        XCTAssertEqual(sample.rules.map(\.id), rules.rules.map(\.id))
        XCTAssertEqual(sample.rules.map(\.points), rules.rules.map(\.points))
    }
}

extension ContainerNumber: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = try! ContainerNumber(validating: value) }
}
