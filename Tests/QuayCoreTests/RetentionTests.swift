import Foundation
import XCTest
@testable import QuayCore

/// Boxes that left the port leave the live set after the retention window;
/// history figures stay.
final class RetentionTests: XCTestCase {
    func t(_ s: String) -> Timestamp { try! Timestamp.parse(s).get() }

    /// Three boxes: one gone five days ago after a scan, one gone five days
    /// ago after a seizure, one still in port.
    func feed() -> FeedBuilder {
        var f = FeedBuilder()
        let gone = "CMAU5123403", seized = "MSCU6639870", here = "MAEU1234567"
        for box in [gone, seized, here] {
            // The seized box has parties of its own, so no other box is linked to it.
            let parties = box == seized ? ("Other Importer BV", "Other Shipper SA") : ("Regular Importer NV", "Maschinenbau GmbH")
            f.add("manifest", "2026-11-18T08:00:00Z", container: box, ["bl": "B-\(box)", "pol": "DEHAM", "pod": "BEANR", "goods": "MACHINE PARTS",
                  "consignee": parties.0, "shipper": parties.1, "declared_kg": 20000])
            f.add("discharge", "2026-11-19T08:00:00Z", container: box, ["terminal": "K913"])
        }
        f.add("scan_selected", "2026-11-19T09:00:00Z", container: gone)
        f.add("scan_result", "2026-11-19T10:00:00Z", container: gone, ["result": "clear"])
        f.add("customs_release", "2026-11-19T12:00:00Z", container: gone)
        f.add("gate_out", "2026-11-20T09:00:00Z", container: gone, ["terminal": "K913"])
        f.add("seizure", "2026-11-20T10:00:00Z", container: seized, ["case_id": "C-1", "drug": "cocaine", "kg": 300])
        f.add("gate_out", "2026-11-20T12:00:00Z", container: seized, ["terminal": "K913"])
        return f
    }

    func testBoxesGoneLongerThanTheWindowLeaveTheLiveSetAndHistoryFiguresStay() throws {
        var s = feed().state(now: t("2026-11-25T10:00:00Z"))
        let before = s.aggregates
        let consignee = s.container(try ContainerNumber(validating: "MAEU1234567"))!.consigneeBoxes
        XCTAssertEqual(s.containers.count, 3)

        let g = s.container(try ContainerNumber(validating: "CMAU5123403"))!
        XCTAssertEqual(g.lane, .green, "\(g.risk.hits.map(\.rule)) \(g.status)")
        XCTAssertEqual(s.archive(leftBefore: t("2026-11-23T10:00:00Z")), 1)
        let gone = try ContainerNumber(validating: "CMAU5123403")
        XCTAssertNil(s.container(gone))
        XCTAssertTrue(s.archived.contains(gone))
        XCTAssertNotNil(s.container(try ContainerNumber(validating: "MSCU6639870")), "a seized box stays (linked-seizure rule)")
        XCTAssertEqual(s.aggregates.containers, before.containers - 1)
        XCTAssertEqual(s.aggregates.byStatus[.gatedOut], (before.byStatus[.gatedOut] ?? 0) - 1)
        XCTAssertEqual(s.aggregates.scanResults, before.scanResults, "hit rates keep archived scans")
        XCTAssertEqual(s.aggregates.seizures.count, 1)
        XCTAssertEqual(s.container(try ContainerNumber(validating: "MAEU1234567"))!.consigneeBoxes, consignee,
                       "a regular consignee does not look new because its old boxes were archived")

        // A late event for the archived box is ignored and counted, not a new box.
        var late = FeedBuilder()
        late.next = 900
        late.add("seal_check", "2026-11-20T08:30:00Z", container: "CMAU5123403", ["seal_seen": "X1", "intact": true])
        XCTAssertFalse(s.apply(late.events()[0]))
        XCTAssertEqual(s.lateForArchived, 1)
        s.recompute(now: t("2026-11-25T10:00:00Z"))
        XCTAssertNil(s.container(gone))
        XCTAssertEqual(s.aggregates.containers, before.containers - 1)
    }

    /// Containers come back: an event for an archived box from around its
    /// archived visit is late (ignored, counted), one more than a day after
    /// that visit ended starts the box again, with only the new visit.
    func testAnArchivedBoxThatComesBackStartsAgain() throws {
        var s = feed().state(now: t("2026-11-25T10:00:00Z"))
        let gone = try ContainerNumber(validating: "CMAU5123403")
        XCTAssertEqual(s.archive(leftBefore: t("2026-11-23T10:00:00Z")), 1)
        var more = FeedBuilder()
        more.next = 900
        more.add("seal_check", "2026-11-20T20:00:00Z", container: gone.text, ["seal_seen": "X1", "intact": true])  // 11 h after it left: late
        more.add("manifest", "2026-12-04T08:00:00Z", container: gone.text, ["bl": "B-AGAIN", "pol": "CNSHA", "pod": "BEANR", "consignee": "Regular Importer NV"])
        more.add("discharge", "2026-12-06T08:00:00Z", container: gone.text, ["terminal": "K913"])
        let events = more.events()
        XCTAssertFalse(s.apply(events[0]))
        XCTAssertEqual(s.lateForArchived, 1)
        XCTAssertTrue(s.archived.contains(gone))
        XCTAssertTrue(s.apply(events[1]), "a visit two weeks later is new")
        XCTAssertTrue(s.apply(events[2]))
        XCTAssertFalse(s.archived.contains(gone))
        s.recompute(now: t("2026-12-06T10:00:00Z"))
        let back = try XCTUnwrap(s.container(gone))
        XCTAssertEqual(back.events.map(\.id), events[1...].map(\.id), "only the new visit")
        XCTAssertEqual(back.facts.manifest.bl, "B-AGAIN")
        XCTAssertEqual(back.status, .discharged)
        XCTAssertEqual(s.lateForArchived, 1)
    }

    /// What archiving keeps of history is kept for a window, not forever:
    /// an archived visit for a week after it ended (to tell a late event
    /// from the next visit), a consignee's archived boxes for 90 days after
    /// the last one left (its box count for the new-consignee rule). A
    /// console running for a year does not hold every box it ever saw.
    func testWhatArchivingKeepsIsForgottenAfterItsWindow() throws {
        var s = feed().state(now: t("2026-11-25T10:00:00Z"))
        let gone = try ContainerNumber(validating: "CMAU5123403"), here = try ContainerNumber(validating: "MAEU1234567")
        XCTAssertEqual(s.container(here)?.consigneeBoxes, 2, "two boxes for Regular Importer NV")
        XCTAssertEqual(s.archive(leftBefore: t("2026-11-23T10:00:00Z")), 1)
        XCTAssertEqual(s.archivedConsignees["regularimporternv"]?.ends, [t("2026-11-20T09:00:00Z")])
        XCTAssertNil(s.byConsignee["regularimporternv"]?.first { $0 == gone }, "an archived box is a count, not a member")
        s.recompute(now: t("2026-11-25T10:00:00Z"))
        XCTAssertEqual(s.container(here)?.consigneeBoxes, 2)

        // The visit ended on 20 November: known six days on, forgotten
        // eight days on; the consignee's count stays.
        s.archive(leftBefore: t("2026-11-26T10:00:00Z"))
        XCTAssertTrue(s.archived.contains(gone), "six days after the visit ended it is still known")
        s.archive(leftBefore: t("2026-11-28T10:00:00Z"))
        XCTAssertFalse(s.archived.contains(gone), "eight days after, it is not")
        XCTAssertEqual(s.archived.total, 1, "still counted as archived")
        s.recompute(now: t("2026-12-01T10:00:00Z"))
        XCTAssertEqual(s.container(here)?.consigneeBoxes, 2)
        XCTAssertFalse(s.container(here)?.risk.hits.map(\.rule).contains("new-consignee") ?? true)

        // A quarter after its other box left, the consignee counts only its live box: new again.
        s.archive(leftBefore: t("2027-02-17T10:00:00Z"))
        XCTAssertNotNil(s.archivedConsignees["regularimporternv"], "on 17 February, under 90 days after")
        s.archive(leftBefore: t("2027-02-19T10:00:00Z"))
        XCTAssertNil(s.archivedConsignees["regularimporternv"], "on 19 February, over 90 days after")
        s.recompute(now: t("2027-02-19T10:00:00Z"))
        XCTAssertEqual(s.container(here)?.consigneeBoxes, 1)
        XCTAssertTrue(s.container(here)?.risk.hits.map(\.rule).contains("new-consignee") ?? false, "the live box is re-scored")
        XCTAssertEqual(s.containers.consigneeCounts["regularimporternv"], 1)
    }

    /// Boxes of one consignee leave in January and in October, a third is
    /// in port: archived pass by pass through the year or once at its end,
    /// the consignee counts the same two boxes (each archived box is
    /// forgotten 90 days after its own visit, not with the consignee's last).
    /// And a box archived on a later pass of the same day, its visit over a
    /// week before, is not remembered, as one pass would not.
    func testPassesThroughTheYearEndAsOnePass() throws {
        var f = FeedBuilder()
        let visits = [("CMAU5123403", "2026-01-10"), ("MAEU1234567", "2026-10-10"), ("SEGU4001004", "2026-10-20")]
        for (box, day) in visits {
            f.add("manifest", day + "T06:00:00Z", container: box, ["bl": "B-\(box)", "pol": "DEHAM", "pod": "BEANR", "consignee": "Rare Consignee Ltd"])
            f.add("discharge", day + "T08:00:00Z", container: box, ["terminal": "K913"])
            f.add("customs_release", day + "T09:00:00Z", container: box)
            if box != "SEGU4001004" { f.add("gate_out", day + "T10:00:00Z", container: box, ["terminal": "K913"]) }
        }
        // A box whose visit ended 20 October but that holds a late line: it
        // can only go on the day's second pass.
        f.add("manifest", "2026-10-20T06:00:00Z", container: "CSQU3054383", ["bl": "B-LATE", "pol": "DEHAM", "pod": "BEANR"])
        f.add("discharge", "2026-10-20T08:00:00Z", container: "CSQU3054383", ["terminal": "K913"])
        f.add("customs_release", "2026-10-20T09:00:00Z", container: "CSQU3054383")
        f.add("gate_out", "2026-10-20T10:00:00Z", container: "CSQU3054383", ["terminal": "K913"])
        let events = f.events()
        let late = events.count - 1

        var once = PortState(rules: RuleSet.builtIn())
        for e in events { once.apply(e) }
        let end = t("2026-11-02T12:00:00Z")
        once.recompute(now: end)
        once.archive(leftBefore: end)
        once.recompute(now: end)

        var passes = PortState(rules: RuleSet.builtIn())
        var cutoff = t("2026-01-01T00:00:00Z")
        var next = 0
        while cutoff < end {
            while next < events.count, next != late, events[next].ts < cutoff { passes.apply(events[next]); next += 1 }
            passes.recompute(now: cutoff)
            passes.archive(leftBefore: cutoff)
            cutoff = cutoff + 24 * 7
        }
        // The last day: a pass before the late line is in, one after.
        passes.recompute(now: t("2026-11-02T06:00:00Z"))
        passes.archive(leftBefore: t("2026-11-02T06:00:00Z"))
        while next < events.count { passes.apply(events[next]); next += 1 }
        passes.recompute(now: end)
        passes.archive(leftBefore: end)
        passes.recompute(now: end)

        XCTAssertEqual(once.containers.consigneeCounts["rareconsigneeltd"], 2, "October's box and the one in port; January's is forgotten")
        XCTAssertEqual(passes.containers.consigneeCounts, once.containers.consigneeCounts)
        XCTAssertEqual(passes.archivedConsignees["rareconsigneeltd"]?.ends, once.archivedConsignees["rareconsigneeltd"]?.ends)
        XCTAssertEqual(passes.archived.last, once.archived.last, "the same visits remembered")
        XCTAssertFalse(once.archived.contains(box("CSQU3054383")), "ended 13 days before: not remembered")
        XCTAssertEqual(passes.archived.total, once.archived.total)
    }

    /// Whatever the archive has forgotten, an event of a box it never saw
    /// is filed, however old: a terminal's backlog delivered after an
    /// outage, or a feed replayed weeks behind the clock, is not dropped.
    func testAnOldEventOfABoxNeverSeenIsFiled() throws {
        var s = feed().state(now: t("2026-11-25T10:00:00Z"))
        XCTAssertEqual(s.archive(leftBefore: t("2026-11-23T10:00:00Z")), 1)
        s.archive(leftBefore: t("2026-12-20T10:00:00Z"))  // the windows are now from 13 December on
        var backlog = FeedBuilder()
        backlog.next = 900
        backlog.add("manifest", "2026-11-21T08:00:00Z", container: "TGHU1234567", ["bl": "B-BACKLOG", "pol": "CNSHA", "pod": "BEANR"])
        backlog.add("discharge", "2026-11-22T08:00:00Z", container: "TGHU1234567", ["terminal": "K913"])
        for e in backlog.events() { XCTAssertTrue(s.apply(e)) }
        XCTAssertEqual(s.lateForArchived, 0)
        s.recompute(now: t("2026-12-20T10:00:00Z"))
        XCTAssertEqual(s.container(box("TGHU1234567"))?.status, .discharged)
    }

    func testNothingIsArchivedInsideTheWindowOrWhileInPort() {
        var s = feed().state(now: t("2026-11-25T10:00:00Z"))
        XCTAssertEqual(s.archive(leftBefore: t("2026-11-20T08:00:00Z")), 0, "left after the cutoff")
        XCTAssertEqual(s.containers.count, 3)
    }

    /// Memory follows the live set: on generated days with a one-day window,
    /// every box that left the port a day ago is archived, and only those.
    func testTheLiveSetStaysBoundedAsHistoryGrows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qw-retention-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var options = GeneratorOptions()
        options.containers = 3000
        options.days = 6
        options.seed = 3
        _ = try FeedGenerator.generate(options, into: dir)
        var s = PortState(rules: RuleSet.builtIn())
        var sizes: [Int] = []
        for file in try FeedLoader.expand([dir]) {
            var stats = IngestStats()
            let decoder = EventDecoder()
            try FeedLoader.readLines(of: file, stats: &stats) { piece, stats in
                if let e = FeedLoader.decode(piece, file: file, decoder: decoder, stats: &stats) { s.apply(e) }
            }
            s.recompute(now: s.clock)
            s.archive(leftBefore: s.clock + -24)
            sizes.append(s.containers.count)
        }
        XCTAssertGreaterThan(s.archived.count, 300, "live set per day: \(sizes)")
        // Every box left in the live set has a reason to be there.
        let cutoff = s.clock + -24
        for c in s.containers.values {
            let left = c.facts.dwellStart != nil && c.facts.dwellEnded
            let stays = !left || (c.events.last?.ts ?? cutoff) >= cutoff || !c.facts.seizures.isEmpty || s.alerts[c.number]?.active == true
            XCTAssertTrue(stays, "\(c.number) \(c.status) should have been archived")
        }
    }
}
