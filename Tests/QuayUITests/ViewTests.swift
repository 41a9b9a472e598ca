import Foundation
import XCTest
@testable import QuayCore
@testable import QuayUI

let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// A frame from the fixture day at a fixed time, after `keys`.
func frame(width: Int, height: Int, keys: String = "", fixture: String = "day.jsonl",
           now: String = "2026-11-26T10:00:00Z") throws -> (ScreenBuffer, AppState) {
    let at: Timestamp
    guard case .success(let t) = Timestamp.parse(now) else { fatalError() }
    at = t
    let (state, stats) = try FeedLoader.load([testsRoot.appendingPathComponent("Fixtures/" + fixture).path], rules: RuleSet.builtIn(), now: at)
    var feed = FeedStatus()
    feed.files = ["day.jsonl"]
    var stable = stats
    stable.files = ["day.jsonl"]
    let snap = Snapshot(state: state, stats: stable, feed: feed, now: at, wallNow: at.ms, generation: 1)
    var app = AppState()
    app.user = "test"
    _ = update(&app, .resize(width: width, height: height))
    _ = update(&app, .snapshot(snap))
    for k in try KeySequence.parse(keys) { _ = update(&app, .key(k)) }
    return (view(app), app)
}

/// Compares with Goldens/NAME.txt; QUAYWATCH_UPDATE_GOLDENS=1 rewrites it.
func assertGolden(_ buffer: ScreenBuffer, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    let url = testsRoot.appendingPathComponent("Goldens/\(name).txt")
    let text = buffer.text + "\n"
    if ProcessInfo.processInfo.environment["QUAYWATCH_UPDATE_GOLDENS"] == "1" {
        try text.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("missing golden \(name).txt; run with QUAYWATCH_UPDATE_GOLDENS=1 and review it", file: file, line: line)
        return
    }
    if golden != text {
        let a = golden.split(separator: "\n", omittingEmptySubsequences: false), b = text.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDiff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
        XCTFail("frame differs from \(name).txt at line \(firstDiff + 1):\nwant: \(firstDiff < a.count ? String(a[firstDiff]) : "<end>")\ngot:  \(firstDiff < b.count ? String(b[firstDiff]) : "<end>")\n--- got ---\n\(text)",
                file: file, line: line)
    }
}

final class ViewTests: XCTestCase {
    func testMainScreen120x40() throws { try assertGolden(try frame(width: 120, height: 40).0, "main-120x40") }
    func testMainScreen80x24() throws { try assertGolden(try frame(width: 80, height: 24).0, "main-80x24") }
    func testMainScreen200x60() throws { try assertGolden(try frame(width: 200, height: 60).0, "main-200x60") }
    func testQueuesHeldTab() throws { try assertGolden(try frame(width: 120, height: 40, keys: "2ll").0, "queues-held-120x40") }
    func testContainersPane() throws { try assertGolden(try frame(width: 120, height: 40, keys: "4j").0, "containers-120x40") }
    func testDetailOfTopAlert() throws { try assertGolden(try frame(width: 120, height: 40, keys: "<Enter>").0, "detail-120x40") }
    func testHelpOverlay() throws { try assertGolden(try frame(width: 80, height: 24, keys: "?").0, "help-80x24") }

    func testTooSmall() throws {
        let (buf, _) = try frame(width: 40, height: 10)
        XCTAssertTrue(buf.text.contains("terminal too small"))
        XCTAssertTrue(buf.text.contains("have 40x10"))
        let (tiny, _) = try frame(width: 1, height: 1)
        XCTAssertEqual(tiny.width, 1)
    }

    func testLanesAreStyledAndReadableWithoutColour() throws {
        let (buf, _) = try frame(width: 120, height: 40, keys: "4")
        var found: [Role: String] = [:]
        for y in 0..<buf.height {
            let line = buf.line(y)
            for (lane, role) in [("RED ", Role.laneRed), ("AMB ", Role.laneAmber), ("GRN ", Role.laneGreen)] {
                guard let r = line.range(of: lane) else { continue }
                let x = line.distance(from: line.startIndex, to: r.lowerBound)
                if buf[x, y].style.role == role || buf[x, y].style.role == .selection { found[role] = lane }
            }
        }
        XCTAssertEqual(Set(found.keys), [.laneRed, .laneAmber, .laneGreen])
    }

    func testSelectionMovesWithKeysAndIsStyled() throws {
        let (buf, app) = try frame(width: 120, height: 40, keys: "4jj")
        XCTAssertEqual(app.selected(.containers), 2)
        let rowY = (0..<buf.height).first { y in (0..<buf.width).contains { buf[$0, y].style.role == .selection } }
        XCTAssertNotNil(rowY)
        let row = buf.line(rowY!)
        XCTAssertTrue(row.contains(app.selectedContainer!.text), row)
    }

    func testEscapeClosesDetailAndReturnsToTheList() throws {
        let (_, app) = try frame(width: 120, height: 40, keys: "2<Enter><Esc>")
        XCTAssertNil(app.overlay)
        XCTAssertEqual(app.focus, .queues)
    }

    func testHelpIsGeneratedFromTheKeyMap() throws {
        let (buf, _) = try frame(width: 120, height: 60, keys: "?")
        for b in KeyMap.bindings { XCTAssertTrue(buf.text.contains(b.help), "help lacks '\(b.help)'") }
    }

    func testWorkflowKeysTellAViewerItIsReadOnly() throws {
        let (buf, app) = try frame(width: 120, height: 40, keys: "a")
        XCTAssertTrue(buf.line(39).contains("read-only: test is not in the roster, so acknowledge is not possible"), buf.line(39))
        XCTAssertTrue(buf.line(0).contains("test (read-only)"), buf.line(0))
        XCTAssertNil(app.form)
    }

    func testHostileTextNeverPutsAControlByteInACell() throws {
        for size in [(120, 40), (80, 24)] {
            for keys in ["", "4", "4<Enter>", "4j<Enter>", "4jj<Enter>", "2<Enter>"] {
                let (buf, _) = try frame(width: size.0, height: size.1, keys: keys, fixture: "hostile.jsonl")
                for cell in buf.cells {
                    for s in cell.text.unicodeScalars {
                        XCTAssertFalse(Sanitizer.isUnsafe(s) && s != "\u{FFFD}", "control U+\(String(s.value, radix: 16)) in a cell (keys \(keys))")
                    }
                }
                XCTAssertFalse(buf.text.contains("\u{1B}"))
            }
        }
    }

    func testWideAndCombiningCharactersTakeTheirWidth() {
        var b = ScreenBuffer(width: 10, height: 1)
        XCTAssertEqual(b.write("上海e\u{301}x", x: 0, y: 0), 6)
        XCTAssertEqual(b[0, 0].text, "上")
        XCTAssertTrue(b[1, 0].isContinuation)
        XCTAssertEqual(b[4, 0].text, "e\u{301}")
        XCTAssertEqual(b[5, 0].text, "x")
        // A wide character that does not fit is not split.
        var c = ScreenBuffer(width: 3, height: 1)
        XCTAssertEqual(c.write("a上海", x: 0, y: 0), 3)
        XCTAssertEqual(c.line(0), "a上")
        XCTAssertEqual(c.write("b", x: 2, y: 0), 1)
        XCTAssertEqual(c.line(0), "a b", "overwriting half of a wide char blanks the other half")
    }

    func testColumnsDropByPriorityWhenNarrow() {
        let cols = [Column(title: "A", min: 5, priority: 10), Column(title: "B", min: 5, priority: 1), Column(title: "C", min: 5, flex: 1, priority: 5)]
        XCTAssertEqual(layoutColumns(cols, width: 17).map(\.index), [0, 1, 2])
        XCTAssertEqual(layoutColumns(cols, width: 12).map(\.index), [0, 2])
        XCTAssertEqual(layoutColumns(cols, width: 30).map(\.width), [5, 5, 18])
    }
}

final class WrapTests: XCTestCase {
    func testWrapKeepsIndentAndBreaksAtSpaces() {
        XCTAssertEqual(wrap("  one two three four", 12), ["  one two", "    three", "    four"])
        XCTAssertEqual(wrap("short", 12), ["short"])
        XCTAssertEqual(wrap("abcdefghijklmnopqrstuvwxyz", 10).allSatisfy { CellWidth.of($0) <= 10 }, true)
    }
}

final class InteractionTests: XCTestCase {
    func testMouseClickSelectsARowAndTheWheelScrolls() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        let layout = Layout(width: 120, height: 40)
        let r = layout.rect(for: .containers)!
        // Rows start under the border, the summary line and the column titles.
        let firstRowY = r.y + layout.headerRows(for: .containers)
        _ = update(&app, .key(.mouse(MouseEvent(kind: .press, x: r.x + 3, y: firstRowY + 2))))
        XCTAssertEqual(app.selected(.containers), 2)
        _ = update(&app, .key(.mouse(MouseEvent(kind: .wheelUp, x: r.x + 3, y: firstRowY))))
        XCTAssertEqual(app.selected(.containers), 0)
        // A click in the alerts pane moves the focus there.
        let alerts = layout.rect(for: .alerts)!
        _ = update(&app, .key(.mouse(MouseEvent(kind: .press, x: alerts.x + 5, y: alerts.y + layout.headerRows(for: .alerts) + 1))))
        XCTAssertEqual(app.focus, .alerts)
        XCTAssertEqual(app.selected(.alerts), 1)
    }

    func testSLAIsConfigurable() throws {
        var (_, app) = try frame(width: 120, height: 40)
        XCTAssertTrue(view(app).line(1).contains("4 past SLA"), view(app).line(1))
        app.slaMinutes = 60 * 24 * 30
        XCTAssertFalse(view(app).line(1).contains("past SLA"))
    }

    func testQuitAndThemeEffects() throws {
        var (_, app) = try frame(width: 120, height: 40)
        app.themeCount = 4
        XCTAssertEqual(update(&app, .key(.char("t"))), [.setTheme(1)])
        XCTAssertEqual(update(&app, .key(.char("q"))), [.quit])
        XCTAssertEqual(update(&app, .key(.ctrl("c"))), [.quit])
    }

    func testStaleFeedShowsInTheHeader() throws {
        var (_, app) = try frame(width: 120, height: 40)
        var s = app.snapshot!
        s.feed.lastArrivalWall = s.wallNow - 600_000
        s.feed.staleAfter = 300
        _ = update(&app, .snapshot(s))
        let header = view(app).line(0)
        XCTAssertTrue(header.contains("STALE 10m"), header)
        XCTAssertFalse(header.contains("LIVE"))
    }

    func testLoadingShowsProgress() throws {
        var (_, app) = try frame(width: 160, height: 40)
        var s = app.snapshot!
        s.feed.loading = (50 << 20, 200 << 20)
        _ = update(&app, .snapshot(s))
        XCTAssertTrue(view(app).line(0).contains("25% of 200 MB"), view(app).line(0))
    }
}

final class IdleFrameTests: XCTestCase {
    /// A second later with nothing new, only the header (the clock) changes.
    func testAnIdleSecondChangesOnlyTheClockRow() throws {
        var (first, app) = try frame(width: 120, height: 40)
        var s = app.snapshot!
        s.now = Timestamp(ms: s.now.ms + 1000)
        s.wallNow += 1000
        _ = update(&app, .snapshot(s))
        let second = view(app)
        var changedRows = Set<Int>()
        for y in 0..<first.height { for x in 0..<first.width where first[x, y] != second[x, y] { changedRows.insert(y) } }
        XCTAssertEqual(changedRows, [0])
        first = second
    }
}

extension IdleFrameTests {
    /// The seizure figures are computed once per snapshot with the lists,
    /// so a new day with nothing else new must still recompute them.
    func testMidnightRecomputesTheSeizureWindows() throws {
        var (_, app) = try frame(width: 120, height: 40)
        var s = app.snapshot!
        let before = try XCTUnwrap(app.rows.report)
        s.now = Timestamp(ms: (Int64(s.now.day) + 1) * 86_400_000 + 1000)
        s.wallNow = s.now.ms
        _ = update(&app, .snapshot(s))
        let after = try XCTUnwrap(app.rows.report)
        XCTAssertNotEqual(before.at, after.at)
        XCTAssertEqual(after.at, s.now.description)
        s.now = Timestamp(ms: s.now.ms + 1000)
        _ = update(&app, .snapshot(s))
        XCTAssertEqual(app.rows.report?.at, after.at, "the same day: lists and figures stay")
    }
}

final class FilterPromptTests: XCTestCase {
    /// On the dashboard a filter key never sorts the port on the main
    /// thread: it asks for the lists, the old ones show until they arrive,
    /// and the port's figures are reused since the snapshot is the same.
    func testFilterKeysBuildTheListsOffTheMainThread() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        app.buildRowsInBackground = true
        let figures = try XCTUnwrap(app.rows.report)
        _ = update(&app, .key(.char("/")))
        var requests: [RowsRequest] = []
        for ch in "lane:red" {
            for case .buildRows(let r) in update(&app, .key(.char(ch))) { requests.append(r) }
        }
        XCTAssertEqual(app.rows.matching, 7, "the old lists show until the new ones arrive")
        XCTAssertEqual(requests.last?.filter.source, "lane:red")
        for r in requests { _ = update(&app, .rows(r.build(), r)) }
        XCTAssertEqual(app.rows.matching, 4, "lists for filters since changed are dropped; the last one shows")
        XCTAssertEqual(app.rows.report?.at, figures.at)
        XCTAssertTrue(view(app).text.contains("4 of 7"))
    }

    /// Marking every row right after the filter changed, before its lists
    /// came back from the background: the rows marked are the filter's.
    func testMarkAllRightAfterAFilterTakesThatFiltersRows() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        app.buildRowsInBackground = true
        _ = update(&app, .key(.char("/")))
        for ch in "lane:red" { _ = update(&app, .key(.char(ch))) }
        _ = update(&app, .key(.enter))
        XCTAssertEqual(app.rows.matching, 7, "the new lists are still being built")
        _ = update(&app, .key(.char("*")))
        XCTAssertEqual(app.marks.count, 4)
        XCTAssertEqual(app.status, "4 marked")
        XCTAssertEqual(app.rows.matching, 4)
    }

    func testTypingNarrowsTheListsAndEnterKeepsTheFilter() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        XCTAssertEqual(app.rows.matching, 7)
        var counts: [Int] = []
        _ = update(&app, .key(.char("/")))
        for ch in "lane:red" {
            _ = update(&app, .key(.char(ch)))
            counts.append(app.rows.matching)
        }
        // "l" is free text; "lane:" does not parse yet (last good filter kept); "lane:red" narrows.
        XCTAssertEqual(counts.last, 4)
        XCTAssertTrue(view(app).text.contains("4 of 7"))
        _ = update(&app, .key(.enter))
        XCTAssertNil(app.prompt)
        XCTAssertEqual(app.filter.source, "lane:red")
        let screen = view(app)
        XCTAssertTrue(screen.line(0).contains("filter: lane:red"), screen.line(0))
        XCTAssertTrue(screen.text.contains("4 Containers [filter: lane:red]"))
        XCTAssertEqual(Set(app.rows.containers.map(\.text)), ["MAEU1234567", "MSCU6639870", "CSQU3054383", "TGHU1234567"])
        XCTAssertEqual(app.rows.alerts.count, 4)
        XCTAssertEqual(app.rows.queues[.held], [], "the held box is green")
        XCTAssertEqual(app.filterHistory, ["lane:red"])
    }

    func testASyntaxErrorPointsAtTheColumnAndKeepsTheLastGoodFilter() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4/lane:red")
        for ch in " (" { _ = update(&app, .key(.char(ch))) }
        XCTAssertEqual(app.prompt?.error, QueryError(column: 10, message: "'(' is never closed"))
        XCTAssertEqual(app.filter.source, "lane:red ", "last good filter stays applied")
        XCTAssertEqual(app.rows.matching, 4)
        var screen = view(app)
        XCTAssertTrue(screen.line(39).contains("'(' is never closed (last good filter kept; Esc restores the old one)"), screen.line(39))
        XCTAssertEqual(Array(screen.line(39)).firstIndex(of: "^"), 2 + 9, "caret under column 10 of the query")
        // A long message still leaves the caret in place.
        for ch in "colour:x" { _ = update(&app, .key(.char(ch))) }
        screen = view(app)
        XCTAssertTrue(screen.line(39).contains("unknown field 'colour'"), screen.line(39))
        XCTAssertEqual(Array(screen.line(39)).firstIndex(of: "^"), 2 + 10)
        // Enter does not commit a query that does not parse: the prompt stays.
        _ = update(&app, .key(.enter))
        XCTAssertNotNil(app.prompt)
        XCTAssertEqual(app.prompt?.text, "lane:red (colour:x")
        XCTAssertTrue(app.filterHistory.isEmpty)
        XCTAssertTrue(view(app).line(39).contains("unknown field 'colour'"), view(app).line(39))
        _ = update(&app, .key(.escape))
        XCTAssertNil(app.prompt)
        XCTAssertEqual(app.filter.source, "", "Esc restores the filter from before the prompt")
    }

    func testEscapeRestoresThePreviousFilterAndBackslashClears() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4/reefer:yes<Enter>")
        XCTAssertEqual(app.filter.source, "reefer:yes")
        for k in try KeySequence.parse("/<C-u>lane:green") { _ = update(&app, .key(k)) }
        XCTAssertEqual(app.filter.source, "lane:green")
        _ = update(&app, .key(.escape))
        XCTAssertEqual(app.filter.source, "reefer:yes")
        _ = update(&app, .key(.char("\\")))
        XCTAssertTrue(app.filter.isEmpty)
        XCTAssertEqual(app.rows.matching, 7)
    }

    func testTabCompletesFieldNamesAndUpWalksHistory() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "/lane:red<Enter>/<C-u>orig<Tab>")
        XCTAssertEqual(app.prompt?.text, "origin:")
        _ = update(&app, .key(.up))
        XCTAssertEqual(app.prompt?.text, "lane:red")
    }

    func testPromptKeysDoNotTriggerCommands() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "/q")
        XCTAssertEqual(app.prompt?.text, "q", "q types into the prompt instead of quitting")
        XCTAssertEqual(update(&app, .key(.ctrl("c"))), [.quit])
    }
}

final class SortAndMarkTests: XCTestCase {
    func testSortCyclesColumnsReversesAndShowsTheArrow() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        let byRisk = app.rows.containers.map(\.text)
        let scores = app.rows.containers.map { app.snapshot!.state.containers[$0]!.score }
        XCTAssertEqual(scores, scores.sorted(by: >), "risk order by default")
        _ = update(&app, .key(.char("s")))   // container A-Z
        XCTAssertEqual(app.rows.containers.map(\.text), byRisk.sorted())
        XCTAssertTrue(view(app).text.contains("CONTAINER▲"))
        _ = update(&app, .key(.char("S")))   // Z-A
        XCTAssertEqual(app.rows.containers.map(\.text), byRisk.sorted().reversed())
        XCTAssertTrue(view(app).text.contains("CONTAINER▼"))
    }

    func testDwellSortsAsTimeWithUnknownsLast() throws {
        let (_, app) = try frame(width: 120, height: 40, keys: "4ssssss")   // risk → container → status → origin → goods → consignee → dwell
        XCTAssertEqual(app.sort(for: .containers)?.key, .dwell)
        let dwell = app.rows.containers.map { app.snapshot!.state.containers[$0]!.facts.dwellHours(now: app.snapshot!.now) }
        let known = dwell.compactMap { $0 }
        XCTAssertEqual(known, known.sorted(by: >), "largest dwell first, numerically")
        XCTAssertEqual(dwell.suffix(dwell.count - known.count).allSatisfy { $0 == nil }, true, "boxes without a dwell go last")
    }

    func testMarkingRowsAndMarkAllMatchingTheFilter() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4<Space><Space>")
        XCTAssertEqual(app.marks.count, 2)
        XCTAssertEqual(app.selected(.containers), 2, "Space moves down after marking")
        XCTAssertTrue(view(app).line(0).contains("2 marked"))
        _ = update(&app, .key(.char("u")))
        XCTAssertTrue(app.marks.isEmpty)
        for k in try KeySequence.parse("/lane:red<Enter>*") { _ = update(&app, .key(k)) }
        XCTAssertEqual(Set(app.marks.map(\.text)), ["MAEU1234567", "MSCU6639870", "CSQU3054383", "TGHU1234567"])
        let screen = view(app)
        XCTAssertEqual(screen.text.components(separatedBy: "│+").count - 1, 8, "marked rows carry a + (in the alerts and the containers)")
    }

    func testQueueSortByWait() throws {
        let (_, app) = try frame(width: 120, height: 40, keys: "2s")
        XCTAssertEqual(app.sort(for: .queue(.awaitingScan))?.key, .wait)
        XCTAssertTrue(view(app).text.contains("WAIT▼"))
    }
}

final class SavedFilterTests: XCTestCase {
    func testSaveRecallAndPickByNumber() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        app.savedFilters = [SavedFilter(name: "reefers", query: "reefer:yes")]
        var effects: [Effect] = []
        for k in try KeySequence.parse("/lane:red<Enter>") { effects += update(&app, .key(k)) }
        XCTAssertEqual(effects, [.saveHistory(["lane:red"])])
        effects = []
        for k in try KeySequence.parse("/<C-u>:save reds<Enter>") { effects += update(&app, .key(k)) }
        XCTAssertEqual(effects, [.saveFilter(SavedFilter(name: "reds", query: "lane:red"))])
        XCTAssertEqual(app.filter.source, "lane:red", "a command does not change the filter")
        XCTAssertEqual(app.savedFilters.map(\.name), ["reefers", "reds"])
        for k in try KeySequence.parse("F") { _ = update(&app, .key(k)) }
        XCTAssertTrue(view(app).text.contains("1 reefers"))
        _ = update(&app, .key(.char("1")))
        XCTAssertNil(app.overlay)
        XCTAssertEqual(app.filter.source, "reefer:yes")
        for k in try KeySequence.parse("/<C-u>:reds<Enter>") { _ = update(&app, .key(k)) }
        XCTAssertEqual(app.filter.source, "lane:red")
        for k in try KeySequence.parse("/<C-u>:nope<Enter>") { _ = update(&app, .key(k)) }
        XCTAssertTrue(app.status?.contains("no saved filter named 'nope'") ?? false)
    }

    func testShippedFiltersAllParse() throws {
        let lists = RuleSet.builtIn().lists
        let shipped = SavedFilters.builtIn()
        XCTAssertGreaterThanOrEqual(shipped.count, 4)
        for f in shipped { XCTAssertNoThrow(try Query.parse(f.query, lists: lists), f.name) }
    }

    func testSavedFiltersRoundTripAndUserOnesWinByName() throws {
        let user = [SavedFilter(name: "seal-mismatch", query: "seal_mismatch:yes"), SavedFilter(name: "mine", query: "goods:\"a \\\"quoted\\\" b\"")]
        XCTAssertEqual(try SavedFilters.parse(SavedFilters.yaml(user), source: "t"), user)
        let merged = SavedFilters.merge(SavedFilters.builtIn(), user)
        XCTAssertEqual(merged.first { $0.name == "seal-mismatch" }?.query, "seal_mismatch:yes")
        XCTAssertEqual(merged.last?.name, "mine")
    }
}

final class HighlightTests: XCTestCase {
    func testFilterTermsAreHighlightedInTheRows() throws {
        let (buf, app) = try frame(width: 120, height: 40, keys: "4/goods:*banana* ecgye<Enter>")
        XCTAssertEqual(app.filter.highlightTerms, ["banana", "ecgye"])
        var highlighted = ""
        for y in 0..<buf.height {
            var run = ""
            for x in 0..<buf.width where buf[x, y].style.role == .match { run += buf[x, y].text }
            if !run.isEmpty { highlighted += run + "|" }
        }
        XCTAssertTrue(highlighted.contains("ECGYE"), highlighted)
        XCTAssertTrue(highlighted.lowercased().contains("banana"), highlighted)
    }

    func testNegatedTermsAreNotHighlighted() throws {
        let q = try Query.parse("-status:released goods:fish* -(banana or origin:EC*)")
        XCTAssertEqual(q.highlightTerms, ["fish"])
    }
}

final class ExportPromptTests: XCTestCase {
    func testExportTakesMarkedRowsElseTheFilteredList() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4/lane:red<Enter>")
        var effects: [Effect] = []
        for k in try KeySequence.parse("/<C-u>:export /tmp/x.csv<Enter>") { effects += update(&app, .key(k)) }
        XCTAssertEqual(effects, [.export(path: "/tmp/x.csv", containers: app.rows.containers)])
        XCTAssertEqual(app.rows.containers.count, 4)
        effects = []
        for k in try KeySequence.parse("\\<Space>/:export a.json<Enter>") { effects += update(&app, .key(k)) }
        XCTAssertEqual(effects, [.export(path: "a.json", containers: [app.rows.containers[0]])])
    }
}

final class ColumnTests: XCTestCase {
    func testColumnsCanBeHiddenAndShown() throws {
        var (_, app) = try frame(width: 120, height: 40, keys: "4")
        XCTAssertTrue(view(app).text.contains("CONSIGNEE"))
        for k in try KeySequence.parse("/:hide consignee<Enter>") { _ = update(&app, .key(k)) }
        XCTAssertFalse(view(app).text.contains("CONSIGNEE"))
        XCTAssertTrue(view(app).text.contains("GOODS"), "other columns stay")
        for k in try KeySequence.parse("/:columns<Enter>") { _ = update(&app, .key(k)) }
        XCTAssertTrue(app.status?.contains("(consignee)") ?? false, app.status ?? "")
        for k in try KeySequence.parse("/:show consignee<Enter>") { _ = update(&app, .key(k)) }
        XCTAssertTrue(view(app).text.contains("CONSIGNEE"))
        for k in try KeySequence.parse("/:hide nosuch<Enter>") { _ = update(&app, .key(k)) }
        XCTAssertTrue(app.status?.hasPrefix("no column 'nosuch'") ?? false)
    }
}

final class WeightTextTests: XCTestCase {
    /// Tallies put weights in 8-cell columns: the text stays within 7 so a
    /// space always separates it from its neighbour.
    func testWeightsFitTheirColumn() {
        XCTAssertEqual(kg(0), "0")
        XCTAssertEqual(kg(7.5), "7.5")
        XCTAssertEqual(kg(1450), "1,450")
        XCTAssertEqual(kg(12_500), "12.5t")
        XCTAssertEqual(kg(121_000), "121t")
        XCTAssertEqual(kg(1_234_400), "1,234t")
        XCTAssertEqual(kg(30_000_000), "30.0kt")
        var v = 0.1
        while v < 1e10 {
            XCTAssertLessThanOrEqual(kg(v).count, 7, "\(v) -> \(kg(v))")
            v *= 1.37
        }
    }
}
