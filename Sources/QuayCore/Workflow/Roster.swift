import Yams

/// Who works in the control room: users with a role, teams with officers.
///
/// ```yaml
/// users:
///   - {name: sup.dewinter, role: supervisor}
///   - {name: op.janssens, role: operator}
/// teams:
///   - {name: customs-a, officers: [peeters, claes]}
/// ```
public struct Roster: Sendable, Equatable {
    public struct User: Sendable, Equatable {
        public var name: String
        public var role: UserRole
        public init(name: String, role: UserRole) { self.name = name; self.role = role }
    }
    public struct Team: Sendable, Equatable {
        public var name: String
        public var officers: [String]
        public init(name: String, officers: [String]) { self.name = name; self.officers = officers }
    }

    public var users: [User] = []
    public var teams: [Team] = []

    public init(users: [User] = [], teams: [Team] = []) { self.users = users; self.teams = teams }

    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// The role of `name`; a user not in the roster may only look.
    public func role(of name: String) -> UserRole {
        users.first { $0.name == name }?.role ?? .viewer
    }

    /// Teams and `team/officer` pairs, for the assignment form's completion.
    public var assignees: [String] {
        teams.flatMap { t in [t.name] + t.officers.map { "\(t.name)/\($0)" } }
    }

    /// Whether `assignee` names a team or a team's officer.
    public func knows(assignee: String) -> Bool { assignees.contains(assignee) }

    public static func parse(_ text: String, source: String) throws(LoadError) -> Roster {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw LoadError(description: "\(source): not valid YAML: \(error)") }
        guard let map = root as? [String: Any] else { throw LoadError(description: "\(source): expected a map with 'users' and 'teams'") }
        for key in map.keys where key != "users" && key != "teams" {
            throw LoadError(description: "\(source): unknown key '\(key)' (expected users, teams)")
        }
        var roster = Roster()
        var seen = Set<String>()
        for (i, item) in ((map["users"] as? [Any]) ?? []).enumerated() {
            guard let u = item as? [String: Any], let name = u["name"] as? String, !name.isEmpty else {
                throw LoadError(description: "\(source): users[\(i)]: needs a name")
            }
            guard let r = u["role"] as? String, let role = UserRole(rawValue: r), role != .viewer else {
                throw LoadError(description: "\(source): user '\(name)': role must be operator, supervisor or admin")
            }
            guard seen.insert(name).inserted else { throw LoadError(description: "\(source): user '\(name)' is listed twice") }
            roster.users.append(User(name: name, role: role))
        }
        var teamNames = Set<String>()
        for (i, item) in ((map["teams"] as? [Any]) ?? []).enumerated() {
            guard let t = item as? [String: Any], let name = t["name"] as? String, !name.isEmpty, !name.contains("/") else {
                throw LoadError(description: "\(source): teams[\(i)]: needs a name without '/'")
            }
            guard teamNames.insert(name).inserted else { throw LoadError(description: "\(source): team '\(name)' is listed twice") }
            let officers = (t["officers"] as? [Any] ?? []).map { "\($0)" }
            roster.teams.append(Team(name: name, officers: officers))
        }
        return roster
    }
}
