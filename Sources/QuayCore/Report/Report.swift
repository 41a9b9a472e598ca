import Foundation

/// Port-wide figures at a moment, for `report` (table or JSON) and the
/// dashboard's panes. Keys of the JSON form are documented in docs/report.md.
public struct Report: Codable, Sendable {
    public struct Feed: Codable, Sendable {
        public var files: Int
        public var events: Int
        public var rejected: Int
        public var duplicates: Int
        public var warnings: Int
        /// Valid events after `at`, left out.
        public var later: Int
        public var rejectsByReason: [String: Int]
    }
    public struct Containers: Codable, Sendable {
        public var total: Int
        public var matching: Int
        public var byStatus: [String: Int]
        public var byLane: [String: Int]
    }
    public struct QueueFigure: Codable, Sendable {
        public var length: Int
        public var oldestHours: Double?
        public var oldestContainer: String?
    }
    public struct Alerts: Codable, Sendable {
        public var total: Int
        public var open: Int
        public var active: Int
        public var critical: Int
    }
    public struct Tally: Codable, Sendable, Equatable {
        public var cases: Int = 0
        public var kg: Double = 0
        mutating func add(_ s: SeizureEntry) { cases += 1; kg += s.kg }
    }
    public struct Window: Codable, Sendable {
        public var from: String
        public var total: Tally
        public var byDrug: [String: Tally]
    }
    public struct DayTally: Codable, Sendable {
        public var date: String
        public var cases: Int
        public var kg: Double
    }
    public struct Seizures: Codable, Sendable {
        public var windows: [String: Window]
        public var byOriginCountry: [String: Tally]
        public var byTerminal: [String: Tally]
        public var byConcealment: [String: Tally]
        public var byDetection: [String: Tally]
        public var perDay: [DayTally]
    }
    public struct HitRates: Codable, Sendable {
        public var scans: Int
        public var scanAnomalies: Int
        public var scanHitRate: Double?
        public var inspections: Int
        public var inspectionHits: Int
        public var inspectionHitRate: Double?
    }

    public var at: String
    public var filter: String?
    public var ports: [String]
    public var feed: Feed
    public var containers: Containers
    public var queues: [String: QueueFigure]
    public var alerts: Alerts
    public var seizures: Seizures
    public var hitRates: HitRates
    /// Acknowledgements and inspections, when a journal was read.
    public var workflow: Workflow?

    public struct Workflow: Codable, Sendable {
        public var journalEntries: Int
        public var acknowledged: Int
        public var meanMinutesToAcknowledge: Double?
        public var inspectionsOpen: Int
        public var inspectionsOverdue: Int
        public var inspectionsDone: Int
        public var flagged: Int
    }

    /// Adds the journal's figures; alerts acknowledged there are no longer open.
    public mutating func include(_ w: WorkflowState, state: PortState, now: Timestamp, filter: Query = .matchAll) {
        let alerts = state.alerts.values.filter { a in state.containers[a.container].map { filter.matches($0, now: now) } ?? false }
        let acked = alerts.compactMap { a in w[a.container]?.acknowledged.map { $0.time.hours(since: a.raisedAt) * 60 } }
        self.alerts.open = alerts.count - acked.count
        let inFilter = { (n: ContainerNumber) in state.containers[n].map { filter.matches($0, now: now) } ?? false }
        let files = w.files.filter { inFilter($0.key) }.values
        workflow = Workflow(journalEntries: w.entryCount, acknowledged: acked.count,
                            meanMinutesToAcknowledge: acked.isEmpty ? nil : max(0, acked.reduce(0, +) / Double(acked.count)),
                            inspectionsOpen: files.filter { $0.assignment?.isOpen == true }.count,
                            inspectionsOverdue: w.overdue(now: now).filter(inFilter).count,
                            inspectionsDone: files.filter { $0.assignment?.completed != nil }.count,
                            flagged: files.filter(\.flagged).count)
    }

    /// Window names, in display order.
    public static let windowNames = ["today", "7d", "30d", "ytd"]

    public init(state: PortState, stats: IngestStats, now: Timestamp, filter: Query = .matchAll) {
        at = now.description
        self.filter = filter.isEmpty ? nil : filter.source
        feed = Feed(files: stats.files.count, events: stats.events, rejected: stats.rejected, duplicates: stats.duplicates,
                    warnings: stats.warningCounts.values.reduce(0, +), later: stats.later, rejectsByReason: stats.rejectCounts)

        // Unfiltered: the incrementally kept aggregates. Filtered: the same
        // contributions summed over the matching boxes only.
        var agg: Aggregates
        var matchingAlerts: [Alert]
        if filter.isEmpty {
            agg = state.aggregates
            matchingAlerts = Array(state.alerts.values)
        } else {
            agg = Aggregates()
            matchingAlerts = []
            for c in state.containers.values where filter.matches(c, now: now) {
                agg.add(c.number, Contribution(c), sign: 1)
                if let a = state.alerts[c.number] { matchingAlerts.append(a) }
            }
        }
        self.ports = agg.byPort.keys.sorted()
        containers = Containers(
            total: state.containers.count, matching: agg.containers,
            byStatus: Dictionary(uniqueKeysWithValues: ContainerStatus.allCases.map { ($0.rawValue, agg.byStatus[$0] ?? 0) }),
            byLane: Dictionary(uniqueKeysWithValues: Lane.allCases.map { ($0.rawValue, agg.byLane[$0] ?? 0) }))
        var q: [String: QueueFigure] = [:]
        for queue in Queue.allCases {
            let members = agg.queues[queue] ?? [:]
            let oldest = members.min { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }
            q[queue.rawValue] = QueueFigure(length: members.count, oldestHours: oldest.map { max(0, now.hours(since: $0.value)) },
                                            oldestContainer: oldest?.key.text)
        }
        queues = q
        alerts = Alerts(total: matchingAlerts.count, open: matchingAlerts.count,
                        active: matchingAlerts.filter(\.active).count,
                        critical: matchingAlerts.filter { $0.active && $0.severity == .critical }.count)

        let today = now.day
        let starts: [String: Int] = ["today": today, "7d": today - 6, "30d": today - 29, "ytd": Timestamp.startOfYear(now.year).day]
        let entries = agg.seizures.values.filter { $0.ts <= now }
        var windows: [String: Window] = [:]
        for name in Report.windowNames {
            let from = starts[name]!
            var total = Tally()
            var byDrug: [String: Tally] = Dictionary(uniqueKeysWithValues: Drug.allCases.map { ($0.rawValue, Tally()) })
            for s in entries where s.ts.day >= from {
                total.add(s)
                byDrug[s.drug.rawValue]!.add(s)
            }
            windows[name] = Window(from: Timestamp.fromDay(from).dateString, total: total, byDrug: byDrug)
        }
        let ytdStart = starts["ytd"]!
        var origin: [String: Tally] = [:], terminal: [String: Tally] = [:], concealment: [String: Tally] = [:], detection: [String: Tally] = [:]
        for s in entries where s.ts.day >= ytdStart {
            origin[s.origin.map(LOCODE.country) ?? "unknown", default: Tally()].add(s)
            terminal[s.terminal ?? "unknown", default: Tally()].add(s)
            concealment[s.concealment ?? "unknown", default: Tally()].add(s)
            detection[s.detection ?? "unknown", default: Tally()].add(s)
        }
        var perDay: [DayTally] = []
        for d in (today - 29)...today {
            var t = Tally()
            for s in entries where s.ts.day == d { t.add(s) }
            perDay.append(DayTally(date: Timestamp.fromDay(d).dateString, cases: t.cases, kg: t.kg))
        }
        seizures = Seizures(windows: windows, byOriginCountry: origin, byTerminal: terminal, byConcealment: concealment,
                            byDetection: detection, perDay: perDay)
        let scans = agg.scanResults.values.reduce(0, +)
        let inspections = agg.inspectionOutcomes.values.reduce(0, +)
        let inspectionHits = (agg.inspectionOutcomes[.discrepancy] ?? 0) + (agg.inspectionOutcomes[.seizure] ?? 0)
        hitRates = HitRates(scans: scans, scanAnomalies: agg.scanResults[.anomaly] ?? 0, scanHitRate: agg.scanHitRate,
                            inspections: inspections, inspectionHits: inspectionHits, inspectionHitRate: agg.inspectionHitRate)
    }

    /// JSON with sorted, snake_case keys (stable for scripts).
    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? enc.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// An aligned plain-text table.
    public func table() -> String {
        var out: [String] = []
        out.append("Quaywatch report at \(at)" + (ports.isEmpty ? "" : " - \(ports.joined(separator: ", "))") + (filter.map { " - filter: \($0)" } ?? ""))
        out.append("")
        out.append("Feed        \(feed.files) files, \(group(feed.events)) events, \(group(feed.rejected)) rejected, \(group(feed.duplicates)) duplicates, \(group(feed.warnings)) warnings")
        if !feed.rejectsByReason.isEmpty { out.append("            rejected: \(IngestStats.summarise(feed.rejectsByReason))") }
        if feed.later > 0 { out.append("            \(group(feed.later)) events after \(at) left out") }
        out.append("Containers  \(group(containers.matching))" + (filter == nil ? "" : " of \(group(containers.total))")
                   + "   lanes: " + Lane.allCases.reversed().map { "\($0.rawValue) \(group(containers.byLane[$0.rawValue] ?? 0))" }.joined(separator: ", "))
        out.append("")
        out.append(Table(["status", "boxes"], ContainerStatus.allCases.map { [$0.rawValue, group(containers.byStatus[$0.rawValue] ?? 0)] },
                         rightAligned: [1]).render())
        out.append("")
        out.append(Table(["queue", "length", "oldest", "oldest box"], Queue.allCases.map { q in
            let f = queues[q.rawValue]!
            return [q.rawValue, group(f.length), f.oldestHours.map(formatHours) ?? "-", f.oldestContainer ?? "-"]
        }, rightAligned: [1, 2]).render())
        out.append("")
        out.append("Alerts      \(alerts.total) raised, \(alerts.active) active (\(alerts.critical) critical), \(alerts.open) unacknowledged")
        if let w = workflow {
            out.append("Workflow    \(w.journalEntries) journal entries, \(w.acknowledged) alerts acknowledged"
                       + (w.meanMinutesToAcknowledge.map { " (mean \(format1($0)) min to acknowledge)" } ?? "")
                       + ", inspections: \(w.inspectionsOpen) open, \(w.inspectionsOverdue) overdue, \(w.inspectionsDone) done, \(w.flagged) flagged")
        }
        out.append("Hit rates   scans \(hitRates.scanAnomalies)/\(hitRates.scans) anomalies (\(percent(hitRates.scanHitRate))), inspections \(hitRates.inspectionHits)/\(hitRates.inspections) found something (\(percent(hitRates.inspectionHitRate)))")
        out.append("")
        let drugs = Drug.allCases.map(\.rawValue)
        out.append(Table(["seizures", "from", "cases", "kg"] + drugs, Report.windowNames.map { name in
            let w = seizures.windows[name]!
            return [name, w.from, String(w.total.cases), kgText(w.total.kg)] + drugs.map { kgText(w.byDrug[$0]?.kg ?? 0) }
        }, rightAligned: Set(2..<(4 + drugs.count))).render())
        for (title, tallies) in [("origin (ytd)", seizures.byOriginCountry), ("concealment (ytd)", seizures.byConcealment),
                                 ("terminal (ytd)", seizures.byTerminal), ("detection (ytd)", seizures.byDetection)] where !tallies.isEmpty {
            out.append("")
            let rows = tallies.sorted { $0.value.kg != $1.value.kg ? $0.value.kg > $1.value.kg : $0.key < $1.key }
            out.append(Table([title, "cases", "kg"], rows.map { [$0.key, String($0.value.cases), kgText($0.value.kg)] }, rightAligned: [1, 2]).render())
        }
        return out.joined(separator: "\n")
    }
}

func group(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, ch) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}

func percent(_ v: Double?) -> String { v.map { format1($0 * 100) + "%" } ?? "-" }

func kgText(_ kg: Double) -> String { kg == 0 ? "0" : format1(kg) }

/// A plain text table with a header rule.
public struct Table {
    let header: [String]
    let rows: [[String]]
    let right: Set<Int>

    public init(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header; self.rows = rows; self.right = rightAligned
    }

    public func render() -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, cell) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let padding = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return right.contains(i) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
