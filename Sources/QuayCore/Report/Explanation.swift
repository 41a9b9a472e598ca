/// Everything known about one container, for `explain` and the detail view:
/// what happened, what follows, and why it scores what it scores.
public struct Explanation: Sendable {
    public struct Fact: Sendable { public var name: String; public var value: String }
    public struct RuleLine: Sendable { public var rule: String; public var points: Int; public var fired: Bool; public var autoRed: Bool; public var description: String; public var evidence: [String] }
    public struct TimelineLine: Sendable { public var ts: Timestamp; public var type: EventType; public var summary: String; public var source: String? }

    public var container: String
    public var status: ContainerStatus
    public var lane: Lane
    public var score: Int
    public var autoRed: Bool
    public var facts: [Fact]
    public var rules: [RuleLine]
    public var timeline: [TimelineLine]
    public var alert: Alert?

    public init(_ c: Container, state: PortState, now: Timestamp) {
        let f = c.facts
        let m = f.manifest
        container = c.number.text
        status = c.status
        lane = c.lane
        score = c.score
        autoRed = c.risk.autoRed
        alert = state.alerts[c.number]
        var facts: [Fact] = []
        func add(_ name: String, _ value: String?) { if let value, !value.isEmpty { facts.append(Fact(name: name, value: value)) } }
        add("port", f.port + (f.terminal.map { " terminal \($0)" } ?? ""))
        let route = ([m.pol] + (m.transship ?? []).map { Optional($0) } + [m.pod]).map { $0 ?? "?" }.joined(separator: " -> ")
        add("route", m.pol == nil && m.pod == nil ? nil : route)
        if let imo = f.vesselIMO { add("vessel", (c.vesselName.map { "\($0) " } ?? "") + "(IMO \(imo))" + (f.arrivedAt.map { ", arrived \($0)" } ?? "")) }
        add("bill of lading", m.bl)
        add("shipper", m.shipper)
        add("consignee", m.consignee.map { "\($0) (\(c.consigneeBoxes) box\(c.consigneeBoxes == 1 ? "" : "es") in feed)" })
        add("goods", m.goods.map { $0 + (m.hs.map { " (HS \($0.joined(separator: ", ")))" } ?? "") })
        add("type", m.isoType.map { $0 + (f.isReefer ? " reefer" : "") })
        add("payment", m.payment?.rawValue)
        let declared = m.declaredKg.map { "declared \(group(Int($0))) kg" }
        let measured = f.measuredKg.map { "weighed \(group(Int($0))) kg" }
        add("weight", [declared, measured, f.weightGapPercent.map { "gap \(format1($0))%" }].compactMap { $0 }.joined(separator: ", "))
        add("seals declared", m.seals?.map { $0.number + ($0.source.map { " (\($0.rawValue))" } ?? "") }.joined(separator: ", "))
        add("seals seen", f.sealsSeen.isEmpty ? nil : f.sealsSeen.joined(separator: ", ") + (f.sealBroken ? " - seal NOT intact" : ""))
        add("seal mismatch", f.sealMismatches.isEmpty ? "no" : "YES: " + f.sealMismatches.joined(separator: ", "))
        add("amendments", f.amendments == 0 ? "none" : "\(f.amendments)" + (f.lateAmendment ? " (late)" : ""))
        add("dwell", f.dwellHours(now: now).map { formatHours($0) + (f.dwellEnded ? "" : " and counting") })
        add("customs", f.held ? "HELD since \(f.heldSince.map { $0.description } ?? "?")" + (f.holdReason.map { ": \($0)" } ?? "")
            : f.released ? "released \(f.releasedAt.map { $0.description } ?? "")" : "not released")
        add("released to gate-out", f.releaseToGateOutHours.map(formatHours))
        add("moved without release", f.movedWithoutRelease ? "YES" : nil)
        add("scan", f.scanResult.map { $0.rawValue } ?? (f.awaitingScan ? "awaiting" : nil))
        add("inspection", f.inspectionOutcome.map { $0.rawValue + (f.inspectionTeam.map { " (team \($0))" } ?? "") } ?? (f.awaitingInspection ? "awaiting" : nil))
        add("linked seizure", c.linkedSeizure.map { "case \($0)" })
        for s in f.seizures { add("seizure", "\(s.record.caseID): \(formatKg(s.record.kg)) \(s.record.drug.rawValue)") }
        self.facts = facts

        let fired = Dictionary(uniqueKeysWithValues: c.risk.hits.map { ($0.rule, $0) })
        rules = state.rules.rules.map { r in
            let hit = fired[r.id]
            return RuleLine(rule: r.id, points: r.points, fired: hit != nil, autoRed: r.autoRed, description: r.description,
                            evidence: hit?.evidence ?? [])
        }
        timeline = c.events.map { TimelineLine(ts: $0.ts, type: $0.type, summary: $0.summary, source: $0.source?.description) }
    }

    public func text() -> String {
        var out: [String] = []
        out.append("\(container)  lane \(lane.rawValue.uppercased())  score \(score)\(autoRed ? " (automatic red)" : "")  status \(status.rawValue)")
        if let a = alert {
            out.append("alert \(a.id) \(a.severity.rawValue), raised \(a.raisedAt)\(a.active ? "" : " (no longer red)")")
        }
        out.append("")
        let w = facts.map(\.name.count).max() ?? 0
        for f in facts { out.append("  " + f.name + String(repeating: " ", count: w - f.name.count) + "  " + f.value) }
        out.append("")
        out.append("Risk: \(score) points -> \(lane.rawValue)")
        for r in rules where r.fired {
            out.append("  +\(String(r.points).leftPad(3))  \(r.rule)\(r.autoRed ? " [auto-red]" : "")  \(r.description)")
            out.append("        evidence: \(r.evidence.joined(separator: "; "))")
        }
        let quiet = rules.filter { !$0.fired }.map(\.rule)
        if !quiet.isEmpty { out.append("  not fired: \(quiet.joined(separator: ", "))") }
        out.append("")
        out.append("Timeline (\(timeline.count) events):")
        for t in timeline { out.append("  \(t.ts)  \(t.summary)" + (t.source.map { "  [\($0)]" } ?? "")) }
        return out.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
