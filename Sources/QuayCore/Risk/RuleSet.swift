import Foundation
import Yams

/// The risk rules, lanes and lists: configuration, loaded from YAML.
public struct RuleSet: Sendable {
    public struct Rule: Sendable {
        public var id: String
        public var description: String
        public var points: Int
        public var autoRed: Bool
        public var when: Query {
            didSet { fields = when.fields }
        }
        /// The fields `when` reads (its evidence), worked out once.
        public private(set) var fields: [FieldSpec]

        public init(id: String, description: String, points: Int, autoRed: Bool, when: Query) {
            self.id = id; self.description = description; self.points = points; self.autoRed = autoRed
            self.when = when
            fields = when.fields
        }
    }

    public var amberAt = 30
    public var redAt = 60
    public var lateAmendmentHours = 24.0
    public var lists: [String: [String]] = [:]
    public var rules: [Rule] = []
    public var source = "built-in"

    /// Constants that the rules compare dwell against (hours).
    public private(set) var dwellThresholds: [Double] = []
    /// The largest consignee box count any rule compares against.
    public private(set) var consigneeThreshold: Double = 0

    public init() {}

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The rules shipped with Quaywatch.
    public static func builtIn() -> RuleSet {
        guard let url = Bundle.module.url(forResource: "rules", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              var set = try? parse(text, source: "built-in rules.yaml")
        else { fatalError("built-in rules.yaml is missing or invalid: the build is broken") }
        set.source = "built-in"
        return set
    }

    public static func load(path: String) throws -> RuleSet {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw LoadError(description: "\(path): cannot read rules: \(error.localizedDescription)")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String) throws -> RuleSet {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw LoadError(description: "\(source): not valid YAML: \(error)")
        }
        guard let doc = root as? [String: Any] else { throw LoadError(description: "\(source): expected a mapping at the top") }
        var set = RuleSet()
        set.source = source
        if let lanes = doc["lanes"] as? [String: Any] {
            if let a = lanes["amber"] as? Int { set.amberAt = a }
            if let r = lanes["red"] as? Int { set.redAt = r }
        }
        guard set.amberAt < set.redAt else { throw LoadError(description: "\(source): lanes: amber (\(set.amberAt)) must be below red (\(set.redAt))") }
        if let h = doc["late_amendment_hours"] as? Double { set.lateAmendmentHours = h } else if let h = doc["late_amendment_hours"] as? Int { set.lateAmendmentHours = Double(h) }
        if let lists = doc["lists"] as? [String: Any] {
            for (name, value) in lists {
                guard let items = value as? [Any] else { throw LoadError(description: "\(source): list '\(name)' must be a sequence") }
                set.lists[name] = items.map { "\($0)" }
            }
        }
        guard let rules = doc["rules"] as? [Any] else { throw LoadError(description: "\(source): no 'rules' sequence") }
        var ids = Set<String>()
        for (index, item) in rules.enumerated() {
            guard let r = item as? [String: Any] else { throw LoadError(description: "\(source): rule #\(index + 1) must be a mapping") }
            guard let id = r["id"] as? String, !id.isEmpty else { throw LoadError(description: "\(source): rule #\(index + 1) has no id") }
            guard ids.insert(id).inserted else { throw LoadError(description: "\(source): rule '\(id)' is defined twice") }
            guard let when = r["when"] as? String else { throw LoadError(description: "\(source): rule '\(id)' has no 'when' condition") }
            let points = r["points"] as? Int ?? 0
            let query: Query
            do { query = try Query.parse(when, lists: set.lists) } catch {
                throw LoadError(description: "\(source): rule '\(id)': when \"\(when)\": \(error)")
            }
            set.rules.append(Rule(id: id, description: r["description"] as? String ?? id, points: points,
                                  autoRed: r["auto_red"] as? Bool ?? false, when: query))
        }
        set.dwellThresholds = Array(Set(set.rules.flatMap { $0.when.thresholds(of: "dwell") })).sorted()
        set.consigneeThreshold = set.rules.flatMap { $0.when.thresholds(of: "consignee_boxes") }.max() ?? 0
        return set
    }

    /// Scores a container: every rule that holds adds its points, with the
    /// values of the fields it looked at as evidence.
    public func assess(_ c: Container, now: Timestamp) -> RiskAssessment {
        var a = RiskAssessment()
        // By index: a rule is copied (its id, text and fields retained)
        // only when it fires, not for every box it is asked of.
        for i in rules.indices where rules[i].when.matches(c, now: now) {
            let rule = rules[i]
            a.score += rule.points
            if rule.autoRed { a.autoRed = true }
            a.hits.append(RuleHit(rule: rule.id, description: rule.description, points: rule.points, autoRed: rule.autoRed,
                                  evidence: rule.fields.map { "\($0.name)=\(evidence($0, c, now))" }))
        }
        a.lane = a.autoRed || a.score >= redAt ? .red : a.score >= amberAt ? .amber : .green
        return a
    }

    func evidence(_ f: FieldSpec, _ c: Container, _ now: Timestamp) -> String {
        let v = f.value(c, now: now)
        if case .number(.hours) = f.kind, case .number(let h?) = v { return formatHours(h) }
        if f.name == "weight_gap", case .number(let p?) = v { return format1(p) + "%" }
        if f.name == "seal_mismatch", !c.facts.sealMismatches.isEmpty {
            return "yes (seen \(c.facts.sealMismatches.joined(separator: ",")), declared \(c.facts.manifest.seals?.map(\.number).joined(separator: ",") ?? "-"))"
        }
        if f.name == "linked_seizure", let case_ = c.linkedSeizure { return "yes (case \(case_))" }
        return v.display
    }
}

/// `45m`, `7.5h`, `17.2d`.
public func formatHours(_ h: Double) -> String {
    if h < 1 { return "\(Int((h * 60).rounded()))m" }
    if h < 48 { return format1(h) + "h" }
    return format1(h / 24) + "d"
}
