import Foundation
import GRDB
import QuayCore
@testable import QuayJournal
import XCTest

final class JournalTests: XCTestCase {
    let box = try! ContainerNumber(validating: "MSCU6639870")
    let other = try! ContainerNumber(validating: "CSQU3054383")
    let t0 = try! Timestamp.parse("2026-11-26T10:00:00Z").get()

    func tempDir() throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("qw-journal-\(UUID().uuidString)").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: d) }
        return d
    }

    func testRolesForEveryAction() {
        for action in ActionKind.allCases {
            XCTAssertNotNil(refusal(action, user: "x", role: .viewer), "\(action) by a viewer")
            XCTAssertNil(refusal(action, user: "x", role: .supervisor), "\(action) by a supervisor")
            XCTAssertNil(refusal(action, user: "x", role: .admin), "\(action) by an admin")
            let byOperator = refusal(action, user: "x", role: .operator)
            if action == .note || action == .flag {
                XCTAssertNil(byOperator, "\(action) by an operator")
            } else {
                XCTAssertEqual(byOperator, "\(action.rawValue) needs the supervisor role; you are operator")
            }
        }
        XCTAssertEqual(refusal(.acknowledge, user: "guest", role: .viewer),
                       "read-only: guest is not in the roster, so acknowledge is not possible")
    }

    func testRefusedActionWritesNothing() throws {
        let j = try Journal(directory: try tempDir())
        XCTAssertThrowsError(try j.append(ActionRequest(.acknowledge, target: box), user: "op", role: .operator, time: t0)) {
            XCTAssertEqual(($0 as? Journal.Failure)?.kind, .conflict)
        }
        XCTAssertEqual(try j.entries().count, 0)
    }

    func testRoundTripAndFilesArePrivate() throws {
        let dir = try tempDir() + "/state"
        let j = try Journal(directory: dir)
        let due = t0 + 3
        let a = try j.append(ActionRequest(.assign, target: box, payload: ["assignee": "customs-a/peeters", "priority": "high", "due": due.description]),
                             user: "sup", role: .supervisor, time: t0, modelTime: t0)
        let n = try j.append(ActionRequest(.note, target: box, payload: ["text": "tip: \"blue\" reefer, ünïcode"]), user: "op", role: .operator, time: t0 + 1)
        // A second handle (another console) reads the same rows.
        let again = try Journal(directory: dir).entries()
        XCTAssertEqual(again, [a, n])
        XCTAssertEqual(again[0].payload["assignee"], "customs-a/peeters")
        XCTAssertEqual(again[0].modelTime, t0)
        XCTAssertEqual(again[1].payload["text"], "tip: \"blue\" reefer, ünïcode")
        XCTAssertEqual(try j.entries(after: a.id), [n])
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: j.path)[.posixPermissions] as? Int
        XCTAssertEqual(dirMode, 0o700)
        XCTAssertEqual(fileMode, 0o600)
        XCTAssertEqual(try j.integrityCheck(), "ok")
    }

    func testJournalIsAppendOnly() throws {
        let j = try Journal(directory: try tempDir())
        _ = try j.append(ActionRequest(.acknowledge, target: box), user: "sup", role: .supervisor, time: t0)
        let db = try DatabaseQueue(path: j.path)
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "UPDATE journal SET user = 'someone else'") })
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "DELETE FROM journal") })
        XCTAssertEqual(try j.entries().first?.user, "sup")
    }

    func testSecondAssignmentIsRefusedWithWhoAndWhen() throws {
        let dir = try tempDir()
        let first = try Journal(directory: dir), second = try Journal(directory: dir)
        _ = try first.append(ActionRequest(.assign, target: box, payload: ["assignee": "customs-a"]), user: "dewinter", role: .supervisor, time: t0)
        XCTAssertThrowsError(try second.append(ActionRequest(.assign, target: box, payload: ["assignee": "customs-b"]), user: "maes", role: .supervisor, time: t0 + 1)) {
            XCTAssertEqual(($0 as? Journal.Failure)?.description,
                           "MSCU6639870: already assigned to customs-a by dewinter at 2026-11-26 10:00Z; reassign to change it")
        }
        // Explicit reassignment is the way.
        _ = try second.append(ActionRequest(.reassign, target: box, payload: ["assignee": "customs-b"]), user: "maes", role: .supervisor, time: t0 + 1)
        var w = WorkflowState()
        for e in try first.entries() { w.fold(e) }
        XCTAssertEqual(w[box]?.assignment?.assignee, "customs-b")
        XCTAssertEqual(w[box]?.assignment?.by.user, "maes")
        XCTAssertEqual(try first.entries().count, 2)
    }

    func testFoldFollowsJournalOrder() throws {
        func entry(_ id: Int64, _ a: ActionKind, _ p: [String: String] = [:]) -> JournalEntry {
            JournalEntry(id: id, time: t0 + Double(id), user: "u\(id)", role: .supervisor, action: a, target: box, payload: p)
        }
        let entries = [entry(1, .assign, ["assignee": "A", "due": (t0 + 2).description]), entry(2, .acknowledge), entry(3, .acknowledge),
                       entry(4, .reassign, ["assignee": "B"]), entry(5, .result, ["outcome": "seizure", "drug": "cocaine", "kg": "120"]),
                       entry(6, .cancel), entry(7, .release), entry(8, .flag, ["text": "look"])]
        var w = WorkflowState()
        for e in entries { w.fold(e) }
        let f = try XCTUnwrap(w[box])
        XCTAssertEqual(f.acknowledged?.user, "u2", "the first acknowledgement stands")
        XCTAssertEqual(f.assignment?.assignee, "B")
        XCTAssertEqual(f.assignment?.completed?.entry, 5, "a result closes the inspection")
        XCTAssertEqual(f.results.map(\.outcome), ["seizure"])
        XCTAssertEqual(f.released?.entry, 7)
        XCTAssertTrue(f.flagged)
        XCTAssertEqual(w.entryCount, 8)
        // Cancel after a result: nothing open to cancel, so it changes nothing.
        XCTAssertNotNil(f.assignment)
        // Folding an entry again changes nothing.
        var twice = w
        twice.fold(entries[1])
        XCTAssertEqual(twice, w)
        // Open and overdue.
        var open = WorkflowState()
        open.fold(entries[0])
        XCTAssertEqual(open.overdue(now: t0 + 1), [])
        XCTAssertEqual(open.overdue(now: t0 + 3), [box])
    }

    func testResultsBecomeEventsThatCountInTheTallies() throws {
        let e = JournalEntry(id: 9, time: t0, user: "sup", role: .supervisor, action: .result, target: box,
                             payload: ["outcome": "seizure", "drug": "cocaine", "kg": "312.5", "concealment": "reefer_unit", "team": "customs-a"])
        let events = WorkflowState.events(for: e, port: "BEANR")
        XCTAssertEqual(events.map(\.type), [.inspectionResult, .seizure])
        XCTAssertEqual(Set(events.map(\.id)).count, 2)
        var state = PortState(rules: RuleSet.builtIn())
        for ev in events { state.apply(ev) }
        for ev in events { XCTAssertFalse(state.apply(ev), "applying a journal entry twice must not count twice") }
        state.recompute(now: t0 + 1)
        XCTAssertEqual(state.container(box)?.facts.seizures.first?.record.kg, 312.5)
        XCTAssertEqual(state.container(box)?.facts.seizures.first?.record.drug, .cocaine)
    }

    /// Another console holds the write lock past the timeout: the append
    /// fails as a storage failure and writes nothing.
    func testLockedJournalFailsAndWritesNothing() throws {
        let dir = try tempDir()
        let j = try Journal(directory: dir, busyTimeout: 0.2)
        let blocker = try DatabaseQueue(path: j.path)
        try blocker.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            XCTAssertThrowsError(try j.append(ActionRequest(.acknowledge, target: box), user: "sup", role: .supervisor, time: t0)) {
                let f = $0 as? Journal.Failure
                XCTAssertEqual(f?.kind, .storage)
                XCTAssertEqual(f?.description, "not written to the journal: the journal is locked by another console (timed out)")
            }
            try db.execute(sql: "ROLLBACK")
        }
        XCTAssertEqual(try j.entries().count, 0)
    }

    /// A full disk (SQLite's page limit stands in for it): the append fails
    /// and the journal still holds exactly what it held.
    func testFullJournalFailsAndWritesNothing() throws {
        let dir = try tempDir()
        let j = try Journal(directory: dir)
        _ = try j.append(ActionRequest(.acknowledge, target: other), user: "sup", role: .supervisor, time: t0)
        let pages = try DatabaseQueue(path: j.path).read { try Int.fetchOne($0, sql: "PRAGMA page_count") } ?? 1
        let limited = try Journal(directory: dir, busyTimeout: 1, pageLimit: pages)
        let big = String(repeating: "x", count: 200_000)
        XCTAssertThrowsError(try limited.append(ActionRequest(.note, target: box, payload: ["text": big]), user: "op", role: .operator, time: t0)) {
            let f = $0 as? Journal.Failure
            XCTAssertEqual(f?.kind, .storage)
            XCTAssertEqual(f?.description, "not written to the journal: the disk is full")
        }
        XCTAssertEqual(try j.entries().map(\.target), [other])
        XCTAssertEqual(try j.integrityCheck(), "ok")
    }

    // MARK: Two processes

    static let childEnv = "QUAYWATCH_JOURNAL_CHILD"

    /// Runs in a child process: journals acknowledgements and races for one assignment.
    func testChildWriter() throws {
        guard let spec = ProcessInfo.processInfo.environment[JournalTests.childEnv] else { return }
        let parts = spec.split(separator: "|").map(String.init)
        try writeBatch(Journal(directory: parts[0]), user: parts[1], prefix: parts[2])
    }

    private func writeBatch(_ j: Journal, user: String, prefix: String) throws {
        let owner = prefix  // e.g. "ABC"
        var assigned = 0
        for i in 0..<40 {
            let serial = String(format: "%06d", i)
            let digits = ContainerNumber.checkDigit(Array((owner + "U" + serial).utf8))
            let n = try ContainerNumber(validating: owner + "U" + serial + String(digits % 10))
            _ = try j.append(ActionRequest(.acknowledge, target: n), user: user, role: .supervisor, time: t0)
            if i % 10 == 0 {
                let result = Result { try j.append(ActionRequest(.assign, target: box, payload: ["assignee": user]), user: user, role: .supervisor, time: t0) }
                switch result {
                case .success: assigned += 1
                case .failure(let f): if (f as? Journal.Failure)?.kind != .conflict { throw f }
                }
            }
        }
        print("ASSIGNED \(assigned)")
    }

    func testTwoProcessesShareOneJournal() throws {
        guard ProcessInfo.processInfo.environment[JournalTests.childEnv] == nil else { return }
        let dir = try tempDir()
        let j = try Journal(directory: dir)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["QuayJournalTests.JournalTests/testChildWriter"]
        p.environment = ProcessInfo.processInfo.environment.merging([JournalTests.childEnv: "\(dir)|child|CHL"]) { $1 }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("qw-journal-child-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        try writeBatch(j, user: "parent", prefix: "PAR")
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        XCTAssertFalse(p.isRunning, "child writer did not finish")
        try handle.close()
        let childOut = try String(contentsOf: out, encoding: .utf8)
        XCTAssertEqual(p.terminationStatus, 0, childOut)
        let entries = try j.entries()
        XCTAssertEqual(entries.filter { $0.action == .acknowledge }.count, 80, "every acknowledgement of both processes is there")
        XCTAssertEqual(entries.filter { $0.action == .assign }.count, 1, "exactly one console won the assignment")
        XCTAssertEqual(entries.map(\.id), entries.map(\.id).sorted())
        XCTAssertEqual(Set(entries.map(\.user)), ["parent", "child"])
        XCTAssertEqual(try j.integrityCheck(), "ok")
    }

    /// Consoles started at the same moment on a new state directory (after
    /// a power cut, say) all open the journal: the first one's setup of the
    /// file must not make the others fail. Four openers race on a fresh
    /// directory, many times over.
    func testConsolesOpeningAFreshJournalTogetherAllSucceed() throws {
        for round in 0..<40 {
            let dir = try tempDir()
            let failures = LockedStrings()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try Journal(directory: dir) } catch { failures.append("\(error)") }
            }
            XCTAssertEqual(failures.all, [], "round \(round)")
            if !failures.all.isEmpty { break }
        }
    }
}

final class LockedStrings: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
