/// What a user may do in the control room.
public enum UserRole: String, Sendable, Codable, CaseIterable {
    /// Not in the roster: looks, never writes.
    case viewer, `operator`, supervisor, admin
}

/// Things people do, each one a row in the journal.
public enum ActionKind: String, Sendable, Codable, CaseIterable {
    case acknowledge, assign, reassign, cancel, result, release, note, flag

    /// Who may do it.
    public var minimumRole: UserRole {
        switch self {
        case .note, .flag: return .operator
        default: return .supervisor
        }
    }

    /// Past tense for status lines and the audit trail.
    public var done: String {
        switch self {
        case .acknowledge: return "acknowledged"
        case .assign: return "assigned"
        case .reassign: return "reassigned"
        case .cancel: return "cancelled the inspection of"
        case .result: return "recorded the result for"
        case .release: return "released"
        case .note: return "noted"
        case .flag: return "flagged"
        }
    }
}

public enum Priority: String, Sendable, CaseIterable { case low, normal, high, urgent }

/// Why an action may not be taken by `user` in `role`; nil when it may.
public func refusal(_ action: ActionKind, user: String, role: UserRole) -> String? {
    if role == .viewer { return "read-only: \(user) is not in the roster, so \(action.rawValue) is not possible" }
    let rank: [UserRole: Int] = [.viewer: 0, .operator: 1, .supervisor: 2, .admin: 3]
    if rank[role]! < rank[action.minimumRole]! {
        return "\(action.rawValue) needs the \(action.minimumRole.rawValue) role; you are \(role.rawValue)"
    }
    return nil
}

/// An action someone asks for, before it is journaled.
public struct ActionRequest: Sendable, Equatable {
    public var action: ActionKind
    public var target: ContainerNumber
    public var payload: [String: String]
    public init(_ action: ActionKind, target: ContainerNumber, payload: [String: String] = [:]) {
        self.action = action; self.target = target; self.payload = payload
    }
}

/// One row of the append-only journal.
public struct JournalEntry: Sendable, Equatable {
    /// Order of the journal (SQLite rowid): the fold follows it.
    public var id: Int64
    /// Wall time of the action.
    public var time: Timestamp
    public var user: String
    public var role: UserRole
    public var action: ActionKind
    public var target: ContainerNumber
    public var payload: [String: String]

    public init(id: Int64, time: Timestamp, user: String, role: UserRole, action: ActionKind, target: ContainerNumber, payload: [String: String]) {
        self.id = id; self.time = time; self.user = user; self.role = role; self.action = action; self.target = target; self.payload = payload
    }

    /// The time the action refers to on the model's clock (the replay time
    /// in a demo, the wall clock live).
    public var modelTime: Timestamp {
        payload["model_time"].flatMap { try? Timestamp.parse($0).get() } ?? time
    }

    /// One line for the audit trail.
    public var summary: String {
        var s = "\(user) (\(role.rawValue)) \(action.done) \(target)"
        let shown = payload.filter { $0.key != "model_time" }.sorted { $0.key < $1.key }
        if !shown.isEmpty { s += ": " + shown.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
        return s
    }
}

/// Who did something and when.
public struct Stamp: Sendable, Equatable {
    public var user: String
    public var time: Timestamp
    public var entry: Int64
}

public struct Assignment: Sendable, Equatable {
    /// A team, or `team/officer`.
    public var assignee: String
    public var priority: Priority
    public var due: Timestamp
    public var by: Stamp
    /// Set when a result came back.
    public var completed: Stamp?

    public var isOpen: Bool { completed == nil }
    public func overdue(now: Timestamp) -> Bool { isOpen && due < now }
}

public struct InspectionRecord: Sendable, Equatable {
    public var outcome: String
    public var by: Stamp
}

public struct Remark: Sendable, Equatable {
    public var kind: ActionKind
    public var text: String
    public var by: Stamp
}

/// What people did about one container.
public struct CaseFile: Sendable, Equatable {
    public var acknowledged: Stamp?
    public var assignment: Assignment?
    public var remarks: [Remark] = []
    public var results: [InspectionRecord] = []
    public var released: Stamp?
    public var flagged: Bool { remarks.contains { $0.kind == .flag } }

    public init() {}

    /// Why `request` cannot be journaled on top of this file (a conflict
    /// another console caused), nil when it can.
    public func conflict(with request: ActionRequest) -> String? {
        switch request.action {
        case .acknowledge:
            if let a = acknowledged { return "already acknowledged by \(a.user) at \(a.time.clockString)" }
        case .assign:
            if let a = assignment, a.isOpen {
                return "already assigned to \(a.assignee) by \(a.by.user) at \(a.by.time.clockString); reassign to change it"
            }
        case .reassign, .cancel:
            if assignment?.isOpen != true { return "no open inspection to \(request.action.rawValue)" }
        case .release:
            if let r = released { return "already released by \(r.user) at \(r.time.clockString)" }
        case .result, .note, .flag:
            break
        }
        return nil
    }
}

/// The journal folded in order: one case file per container.
public struct WorkflowState: Sendable, Equatable {
    public private(set) var files: [ContainerNumber: CaseFile] = [:]
    /// Id of the last entry folded in.
    public private(set) var lastEntry: Int64 = 0
    public private(set) var entryCount = 0

    public init() {}

    public subscript(_ n: ContainerNumber) -> CaseFile? { files[n] }

    /// Folds `e` in. Entries must come in id order; an entry already folded
    /// is ignored. An entry that conflicts with the file (it cannot be
    /// written so, but a journal edited by hand might hold one) changes nothing.
    public mutating func fold(_ e: JournalEntry) {
        guard e.id > lastEntry else { return }
        lastEntry = e.id
        entryCount += 1
        var file = files[e.target] ?? CaseFile()
        let request = ActionRequest(e.action, target: e.target, payload: e.payload)
        if file.conflict(with: request) != nil { return }
        let stamp = Stamp(user: e.user, time: e.modelTime, entry: e.id)
        switch e.action {
        case .acknowledge:
            file.acknowledged = stamp
        case .assign, .reassign:
            file.assignment = Assignment(assignee: e.payload["assignee"] ?? "?",
                                         priority: Priority(rawValue: e.payload["priority"] ?? "") ?? .normal,
                                         due: e.payload["due"].flatMap { try? Timestamp.parse($0).get() } ?? e.modelTime + 2,
                                         by: stamp, completed: nil)
        case .cancel:
            file.assignment = nil
            file.remarks.append(Remark(kind: .cancel, text: e.payload["reason"] ?? "", by: stamp))
        case .result:
            file.results.append(InspectionRecord(outcome: e.payload["outcome"] ?? "?", by: stamp))
            if file.assignment?.isOpen == true { file.assignment?.completed = stamp }
        case .release:
            file.released = stamp
        case .note, .flag:
            file.remarks.append(Remark(kind: e.action, text: e.payload["text"] ?? "", by: stamp))
        }
        files[e.target] = file
    }

    /// Open inspections past their due time.
    public func overdue(now: Timestamp) -> [ContainerNumber] {
        files.filter { $0.value.assignment?.overdue(now: now) == true }.map(\.key).sorted()
    }

    /// Events the journal adds to the feed: a recorded result is an
    /// inspection result (and a seizure, which then counts in the tallies);
    /// a release is a customs release. Ids are derived from the entry, so
    /// folding twice cannot count twice.
    public static func events(for e: JournalEntry, port: String) -> [Event] {
        let ts = e.modelTime
        let base = "journal-\(e.id)"
        switch e.action {
        case .result:
            guard let outcome = InspectionOutcome(rawValue: e.payload["outcome"] ?? "") else { return [] }
            var out = [Event(id: base, ts: ts, type: .inspectionResult, port: port, container: e.target, terminal: nil,
                             body: .inspectionResult(outcome, team: e.payload["team"] ?? e.user))]
            if outcome == .seizure {
                let record = SeizureRecord(caseID: e.payload["case_id"] ?? "J\(e.id)",
                                           drug: Drug(rawValue: e.payload["drug"] ?? "") ?? .other,
                                           kg: Double(e.payload["kg"] ?? "") ?? 0,
                                           packages: e.payload["packages"].flatMap { Int($0) },
                                           concealment: e.payload["concealment"].flatMap { Concealment(rawValue: $0) },
                                           detection: .riskProfile, origin: nil)
                out.append(Event(id: base + "-seizure", ts: ts, type: .seizure, port: port, container: e.target, terminal: nil,
                                 body: .seizure(record)))
            }
            return out
        case .release:
            return [Event(id: base, ts: ts, type: .customsRelease, port: port, container: e.target, terminal: nil,
                          body: .customsRelease(ref: "journal #\(e.id)"))]
        default:
            return []
        }
    }
}

extension PortState {
    /// Applies the events a journal entry adds (results, releases), filed
    /// at the container's port; returns how many were new.
    @discardableResult
    public mutating func apply(journal e: JournalEntry) -> Int {
        let port = container(e.target)?.events.last?.port ?? "-"
        return WorkflowState.events(for: e, port: port).filter { apply($0) }.count
    }
}
