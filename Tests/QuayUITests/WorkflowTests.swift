import Foundation
import XCTest
@testable import QuayCore
@testable import QuayUI

/// The supervisor workflow as the keys drive it: what each role may do,
/// what forms send, and that Esc writes nothing.
final class WorkflowTests: XCTestCase {
    let roster = Roster(users: [.init(name: "sup", role: .supervisor), .init(name: "op", role: .operator)],
                        teams: [.init(name: "customs-a", officers: ["claes", "wouters"]), .init(name: "customs-b", officers: [])])

    func app(_ user: String, keys: String = "", journal: [JournalEntry] = []) throws -> (AppState, [Effect]) {
        var (_, app) = try frame(width: 120, height: 40)
        app.user = user
        app.roster = roster
        app.userRole = roster.role(of: user)
        if !journal.isEmpty, var s = app.snapshot {
            var w = WorkflowState()
            for e in journal { w.fold(e) }
            s.workflow = w
            s.generation += 1
            _ = update(&app, .snapshot(s))
        }
        var effects: [Effect] = []
        for k in try KeySequence.parse(keys) { effects += update(&app, .key(k)) }
        return (app, effects)
    }

    func journaled(_ effects: [Effect]) -> [ActionRequest] {
        effects.flatMap { if case .journal(let r) = $0 { return r } else { return [] } }
    }

    func testOperatorIsRefusedAcknowledgeAndWritesNothing() throws {
        let (app, effects) = try self.app("op", keys: "a")
        XCTAssertEqual(app.status, "acknowledge needs the supervisor role; you are operator")
        XCTAssertTrue(effects.isEmpty)
        for key in ["i", "r", "C", "R"] {
            let (a, e) = try self.app("op", keys: key)
            XCTAssertTrue(a.status?.contains("needs the supervisor role; you are operator") == true, "\(key): \(a.status ?? "-")")
            XCTAssertTrue(e.isEmpty)
            XCTAssertNil(a.form)
        }
    }

    func testOperatorMayNoteAndFlag() throws {
        let (app, effects) = try self.app("op", keys: "nseal looked re-glued<Enter>")
        let top = app.rows.alerts[0].container
        XCTAssertEqual(journaled(effects), [ActionRequest(.note, target: top, payload: ["text": "seal looked re-glued"])])
        let (_, flag) = try self.app("op", keys: "ewatch this<Enter>")
        XCTAssertEqual(journaled(flag).map(\.action), [.flag])
    }

    func testSupervisorAcknowledgesTheSelectedAlert() throws {
        let (app, effects) = try self.app("sup", keys: "ja")
        XCTAssertEqual(journaled(effects), [ActionRequest(.acknowledge, target: app.rows.alerts[1].container)])
    }

    func testAcknowledgedAlertSaysByWhomAndShowsInThePane() throws {
        let (_, first) = try frame(width: 120, height: 40)
        let box = first.rows.alerts[0].container
        let at = first.snapshot!.now
        let e = JournalEntry(id: 1, time: at, user: "sup", role: .supervisor, action: .acknowledge, target: box, payload: [:])
        let (app, effects) = try self.app("sup", keys: "a", journal: [e])
        XCTAssertTrue(effects.isEmpty)
        XCTAssertEqual(app.status, "\(box) was acknowledged by sup at \(at.clockString)")
        let text = view(app).text
        XCTAssertTrue(text.contains("✓ CRIT \(box.text)") || text.contains("✓ HIGH \(box.text)"), text)
        XCTAssertTrue(view(app).line(1).contains("\(app.rows.alerts.count - 1) unacked"), view(app).line(1))
    }

    func testBulkAcknowledgeAsksOnceThenJournalsEveryMarkedAlert() throws {
        let (app, effects) = try self.app("sup", keys: "<Space><Space><Space>a")
        XCTAssertTrue(effects.isEmpty, "a bulk action asks first")
        XCTAssertEqual(app.confirmation?.requests.count, 3)
        XCTAssertTrue(view(app).text.contains("Acknowledge 3 marked alerts?"))
        var yes = app, no = app
        XCTAssertEqual(journaled(update(&yes, .key(.char("y")))).count, 3)
        XCTAssertTrue(update(&no, .key(.escape)).isEmpty)
        XCTAssertEqual(no.status, "cancelled; nothing written")
        XCTAssertNil(no.confirmation)
    }

    func testAssignFormCompletesValidatesAndSends() throws {
        var (app, effects) = try self.app("sup", keys: "i")
        XCTAssertEqual(app.form?.action, .assign)
        XCTAssertTrue(effects.isEmpty)
        XCTAssertTrue(view(app).text.contains("Assign inspection: \(app.rows.alerts[0].container)"))
        // Unknown team: the form stays, says why, sends nothing.
        for k in try KeySequence.parse("nobody<Enter>") { effects += update(&app, .key(k)) }
        XCTAssertTrue(effects.isEmpty)
        XCTAssertEqual(app.form?.error, "no team or officer 'nobody' in the roster (customs-a, customs-b)")
        for k in try KeySequence.parse("<C-u>customs-a/c<Tab>") { _ = update(&app, .key(k)) }
        XCTAssertEqual(app.form?.value("team"), "customs-a/claes", "Tab completes the only candidate")
        for k in try KeySequence.parse("<Down><Right><Right><Down><BS><BS>30m") { _ = update(&app, .key(k)) }
        effects = []
        for k in try KeySequence.parse("<Enter>") { effects += update(&app, .key(k)) }
        let now = app.snapshot!.now
        XCTAssertEqual(journaled(effects), [ActionRequest(.assign, target: app.rows.alerts[0].container,
                                                          payload: ["assignee": "customs-a/claes", "priority": "urgent", "due": (now + 0.5).description])])
        XCTAssertNil(app.form)
    }

    func testEscapeClosesAFormWithoutWriting() throws {
        let (app, effects) = try self.app("sup", keys: "icustoms-a<Esc>")
        XCTAssertNil(app.form)
        XCTAssertTrue(effects.isEmpty)
        XCTAssertEqual(app.status, "cancelled; nothing written")
    }

    func testAssignedContainerOpensReassignWithWhoAndWhen() throws {
        let (_, base) = try frame(width: 120, height: 40)
        let box = base.rows.alerts[0].container
        let at = base.snapshot!.now
        let e = JournalEntry(id: 4, time: at, user: "maes", role: .supervisor, action: .assign, target: box,
                             payload: ["assignee": "customs-b", "due": (at + 1).description])
        let (app, _) = try self.app("sup", keys: "i", journal: [e])
        XCTAssertEqual(app.form?.action, .reassign)
        XCTAssertEqual(app.form?.context, "assigned to customs-b by maes at \(at.clockString), due \((at + 1).clockString)")
    }

    func testSeizureResultNeedsItsWeight() throws {
        var (app, effects) = try self.app("sup", keys: "rs<Enter>")
        XCTAssertEqual(app.form?.value("outcome"), "seizure", "a letter picks the choice")
        XCTAssertEqual(app.form?.error, "kg: a seizure needs its weight in kg (a number above 0)")
        XCTAssertTrue(effects.isEmpty)
        for k in try KeySequence.parse("<Down><Right><Down>88.5<Enter>") { effects += update(&app, .key(k)) }
        let sent = journaled(effects)
        XCTAssertEqual(sent.count, 1)
        XCTAssertEqual(sent.first?.payload["outcome"], "seizure")
        XCTAssertEqual(sent.first?.payload["drug"], "cannabis")
        XCTAssertEqual(sent.first?.payload["kg"], "88.5")
    }

    func testOverdueInspectionStandsOutInTheQueue() throws {
        let (_, base) = try frame(width: 200, height: 60, keys: "2l")
        guard let box = base.rows.queues[.awaitingInspection]?.first else { throw XCTSkip("fixture has no inspection queue") }
        let at = base.snapshot!.now
        let e = JournalEntry(id: 2, time: at + -3, user: "sup", role: .supervisor, action: .assign, target: box,
                             payload: ["assignee": "customs-a", "due": (at + -1).description, "model_time": (at + -3).description])
        var (app, _) = try self.app("sup", journal: [e])
        _ = update(&app, .resize(width: 200, height: 60))
        for k in try KeySequence.parse("2l") { _ = update(&app, .key(k)) }
        let buf = view(app)
        let row = (0..<60).map { buf.line($0) }.first { $0.contains(box.text) && $0.contains("customs-a") } ?? ""
        XCTAssertTrue(row.contains("!customs-a overdue"), row)
    }
}

/// Lists for a new snapshot can be built off the main thread: keys keep
/// being answered, and lists built for an outdated filter are dropped.
final class BackgroundRowsTests: XCTestCase {
    func testNewSnapshotAsksForRowsAndStaleResultsAreDropped() throws {
        var (_, app) = try frame(width: 120, height: 40)
        app.buildRowsInBackground = true
        let before = app.rows.containers
        var next = app.snapshot!
        let extra = try ContainerNumber(validating: "TCLU1234568")
        var st = next.state
        st.apply(Event(id: "bg-1", ts: next.now, type: .discharge, port: "BEANR", container: extra, terminal: "K913",
                       body: .discharge(vesselIMO: nil)))
        st.recompute(now: next.now)
        next.state = st
        next.generation += 1
        let effects = update(&app, .snapshot(next))
        guard case .buildRows(let request)? = effects.first else { return XCTFail("expected a rows request, got \(effects)") }
        XCTAssertEqual(app.rows.containers, before, "the old lists show until the new ones arrive")
        XCTAssertEqual(app.snapshot?.generation, next.generation)

        // Built for the filter in force: applied.
        var applied = app
        _ = update(&applied, .rows(request.build(), request))
        XCTAssertTrue(applied.rows.containers.contains(extra))
        XCTAssertEqual(applied.rows.total, before.count + 1)

        // The user filtered meanwhile: the background result is dropped.
        var filtered = app
        for k in try KeySequence.parse("/lane:red<Enter>") { _ = update(&filtered, .key(k)) }
        let narrowed = filtered.rows.containers
        _ = update(&filtered, .rows(request.build(), request))
        XCTAssertEqual(filtered.rows.containers, narrowed)
    }
}
