import QuayCore

/// A small keyboard-only form for a journaled action: assign, record a
/// result, note, flag. Esc cancels without writing; Enter confirms.
public struct ActionForm: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var label: String
        public var value: String
        /// Fixed choices (Left/Right cycle); empty for free text.
        public var choices: [String] = []
        /// Completion candidates for free text (Tab).
        public var completions: [String] = []
        public var hint = ""
    }

    public var action: ActionKind
    public var targets: [ContainerNumber]
    public var fields: [Field]
    public var focus = 0
    /// A line of context (what is assigned now, and by whom).
    public var context: String?
    public var error: String?

    public var title: String {
        let what: String
        switch action {
        case .assign: what = "Assign inspection"
        case .reassign: what = "Reassign inspection"
        case .result: what = "Record inspection result"
        case .note: what = "Add a note"
        case .flag: what = "Flag for a supervisor"
        default: what = action.rawValue
        }
        return targets.count == 1 ? "\(what): \(targets[0])" : "\(what): \(targets.count) marked containers"
    }

    public func value(_ label: String) -> String {
        fields.first { $0.label == label }?.value.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// Candidates for the focused field that start with what is typed.
    public var suggestions: [String] {
        let f = fields[focus]
        guard !f.completions.isEmpty else { return [] }
        let typed = f.value.lowercased()
        return f.completions.filter { $0.lowercased().hasPrefix(typed) }
    }

    static func assign(_ targets: [ContainerNumber], reassign: Bool, roster: Roster, context: String?) -> ActionForm {
        ActionForm(action: reassign ? .reassign : .assign, targets: targets, fields: [
            Field(label: "team", value: "", completions: roster.assignees, hint: "team or team/officer; Tab completes"),
            Field(label: "priority", value: Priority.normal.rawValue, choices: Priority.allCases.map(\.rawValue)),
            Field(label: "due", value: "2h", hint: "in 30m, 2h, 1d, or a time (RFC 3339)"),
        ], context: context)
    }

    static func result(_ targets: [ContainerNumber], roster: Roster, team: String?) -> ActionForm {
        ActionForm(action: .result, targets: targets, fields: [
            Field(label: "outcome", value: InspectionOutcome.nothingFound.rawValue, choices: InspectionOutcome.allCases.map(\.rawValue)),
            Field(label: "drug", value: Drug.cocaine.rawValue, choices: Drug.allCases.map(\.rawValue), hint: "seizures only"),
            Field(label: "kg", value: "", hint: "seizures only"),
            Field(label: "concealment", value: Concealment.ripOnRipOff.rawValue, choices: Concealment.allCases.map(\.rawValue), hint: "seizures only"),
            Field(label: "team", value: team ?? "", completions: roster.assignees),
        ])
    }

    static func text(_ action: ActionKind, _ targets: [ContainerNumber]) -> ActionForm {
        ActionForm(action: action, targets: targets, fields: [
            Field(label: action == .flag ? "why" : "note", value: "", hint: action == .flag ? "what the supervisor should look at" : ""),
        ])
    }

    /// The requests the form stands for, or why it cannot be sent yet.
    func requests(roster: Roster, now: Timestamp) -> Result<[ActionRequest], FormError> {
        var payload: [String: String] = [:]
        switch action {
        case .assign, .reassign:
            let team = value("team")
            guard !team.isEmpty else { return .failure(FormError("name a team (Tab completes from the roster)")) }
            guard roster.knows(assignee: team) else {
                return .failure(FormError("no team or officer '\(team)' in the roster (\(roster.teams.map(\.name).joined(separator: ", ")))"))
            }
            guard let due = ActionForm.dueTime(value("due"), now: now) else {
                return .failure(FormError("due: write 30m, 2h, 1d or an RFC 3339 time"))
            }
            payload = ["assignee": team, "priority": value("priority"), "due": due.description]
        case .result:
            let outcome = value("outcome")
            payload = ["outcome": outcome]
            if !value("team").isEmpty { payload["team"] = value("team") }
            if outcome == InspectionOutcome.seizure.rawValue {
                guard let kg = Double(value("kg")), kg > 0, kg < 1_000_000 else {
                    return .failure(FormError("kg: a seizure needs its weight in kg (a number above 0)"))
                }
                payload["drug"] = value("drug")
                payload["kg"] = value("kg")
                payload["concealment"] = value("concealment")
            }
        case .note, .flag:
            let text = Sanitizer.clean(fields[0].value.trimmingCharacters(in: .whitespaces))
            if action == .note && text.isEmpty { return .failure(FormError("write the note first")) }
            payload = ["text": text]
        default:
            break
        }
        return .success(targets.map { ActionRequest(action, target: $0, payload: payload) })
    }

    /// `30m`, `2h`, `1d` from now, or an RFC 3339 time.
    static func dueTime(_ text: String, now: Timestamp) -> Timestamp? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = t.last, let n = Double(t.dropLast()), n > 0, n < 10_000 {
            switch unit {
            case "m": return now + n / 60
            case "h": return now + n
            case "d": return now + n * 24
            default: break
            }
        }
        return try? Timestamp.parse(text.trimmingCharacters(in: .whitespaces)).get()
    }
}

public struct FormError: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}

/// A question asked once before a bulk or destructive action.
public struct Confirmation: Sendable, Equatable {
    public var question: String
    public var requests: [ActionRequest]
}
