import HashTreeCollections
import HeapModule

/// A vessel call as the feed announced it.
public struct Vessel: Sendable, Equatable {
    public var imo: String
    public var name: String?
    public var voyage: String?
    public var from: String?
    public var arrivedAt: Timestamp
    public var port: String
}

/// The whole port, folded from events. Owned by one serial queue.
///
/// `apply` files an event into its container's history and marks the
/// container dirty; `recompute` refolds only dirty containers (and those
/// whose time-based rules came due), re-scores them, and moves their
/// contribution in the aggregates. Each container's state is a pure fold of
/// its time-ordered history, so arrival order does not change the result.
public struct PortState: Sendable {
    public let rules: RuleSet
    public internal(set) var containers = ContainerTable()
    public internal(set) var vessels: [String: Vessel] = [:]
    public private(set) var alerts: [ContainerNumber: Alert] = [:]
    public internal(set) var aggregates = Aggregates()
    /// Latest event time seen: the feed's clock.
    public internal(set) var clock = Timestamp(ms: 0)
    public internal(set) var events = 0
    public internal(set) var duplicates = 0
    /// Goes up whenever a recompute changed a container: views rebuild
    /// their lists only when it moved.
    public private(set) var revision = 0

    // Persistent (hash tree) or sharded where large, so a tick after a
    // snapshot was published copies a path or a shard, not the whole set
    // (see ContainerTable, SeenIDs).
    var seenIDs = SeenIDs()
    /// Boxes archived out of the live set (see `archive`), with the time of
    /// the last event of the visit that was archived.
    public internal(set) var archived = ArchivedBoxes()
    /// Events that arrived late for an archived box: ignored, counted.
    public internal(set) var lateForArchived = 0
    var dirty = Set<ContainerNumber>()
    /// Consignees of archived boxes, with when each of those visits ended.
    /// A consignee's box count is its live boxes plus these; each is
    /// forgotten `ArchivedBoxes.consigneeDays` after its visit ended, so the
    /// table follows a window of history, not all of it (half the boxes of
    /// a port have a consignee seen once).
    var archivedConsignees = TreeDictionary<String, ArchivedConsignee>()
    /// The last day (of the archive cutoff) whose window the remembered
    /// visits and consignees were cut to: the scan runs once a day, and each
    /// pass leaves out what is already outside its day's window.
    private var forgottenDay = Int.min
    private var byVessel: TreeDictionary<String, Set<ContainerNumber>> = [:]
    var byConsignee: TreeDictionary<String, Set<ContainerNumber>> = [:]
    private var byParty: TreeDictionary<String, Set<ContainerNumber>> = [:]
    /// Parties (normalised shipper or consignee) of boxes with a seizure.
    private var seizedParties: [String: Set<ContainerNumber>] = [:]
    private var timers = Heap<TimerEntry>()
    /// Text many boxes repeat (parties, goods, their normalised keys), one
    /// copy each, shared with the decoders that fill this state
    /// (`EventDecoder(pool:)`). Grows with the distinct names, not with the
    /// boxes.
    public let textPool = TextPool()
    /// Past this many entries, an archive pass keeps only the live boxes'
    /// (so the pool follows the live set; amortised: the next time is at
    /// twice what is kept).
    var sharedRebuildAt = 1 << 16

    /// A box's parties (normalised shipper and consignee), compared as a
    /// set of at most two without building one.
    struct PartyKeys: Equatable {
        let first: String?, second: String?
        init(_ shipper: String?, _ consignee: String?) {
            first = shipper ?? consignee
            second = shipper == nil || consignee == shipper ? nil : consignee
        }
        var keys: [String] { [first, second].compactMap { $0 } }
        func contains(_ p: String) -> Bool { p == first || p == second }
        static func == (a: PartyKeys, b: PartyKeys) -> Bool { a.within(b) && b.within(a) }
        private func within(_ o: PartyKeys) -> Bool { (first.map(o.contains) ?? true) && (second.map(o.contains) ?? true) }
    }

    struct TimerEntry: Comparable, Sendable {
        var at: Timestamp
        var container: ContainerNumber
        static func < (a: TimerEntry, b: TimerEntry) -> Bool { a.at < b.at }
    }

    public init(rules: RuleSet) { self.rules = rules }


    /// Files one event. Returns false for a duplicate id (ignored, counted).
    @discardableResult
    public mutating func apply(_ e: consuming Event) -> Bool {
        if let n = e.container, let last = archived.last[n] {
            // Containers come back: an event well after the archived visit
            // ended starts the box afresh; one from around that visit is late.
            guard e.ts > last + ArchivedBoxes.newVisitAfterHours else {
                lateForArchived += 1
                return false
            }
            archived.last[n] = nil
        }
        guard seenIDs.insert(e.id) else {
            duplicates += 1
            return false
        }
        if case .manifest(let m) = e.body, !m.isPooled { e = sharingText(e) }
        events += 1
        if e.ts > clock { clock = e.ts }
        if case .vesselArrival(let v) = e.body {
            if let old = vessels[v.imo], old.arrivedAt > e.ts { return true }
            vessels[v.imo] = Vessel(imo: v.imo, name: v.name, voyage: v.voyage, from: v.from, arrivedAt: e.ts, port: e.port)
            dirty.formUnion(byVessel[v.imo] ?? [])
            return true
        }
        guard let n = e.container else { return true }
        // In place: the box is neither copied out nor taken out and put
        // back, and its history array stays uniquely referenced.
        containers.raw[n, default: Container(number: n)].file(e)
        dirty.insert(n)
        return true
    }

    /// An event whose repeated text (a manifest's parties and goods) is the
    /// copy earlier events hold: pooled here unless its decoder did.
    func sharingText(_ e: Event) -> Event {
        guard case .manifest(let m) = e.body, !m.isPooled else { return e }
        var out = e
        out.body = .manifest(textPool.sharing(m))
        return out
    }

    /// Keeps the column store (what filters run over) from now on: writes
    /// every box now, then each box a `recompute` changes. A dashboard
    /// wants it (a filter per keystroke, over and over); a one-shot report
    /// or export is faster without (one pass box by box costs less than
    /// writing every row). Costs: `quaywatch bench`, BENCHMARKS.md.
    public mutating func keepColumns() {
        guard !containers.columns.enabled else { return }
        containers.columns.enabled = true
        for n in Array(containers.raw.keys) {
            // The row set in place: a copy taken out and put back would
            // share the box's contents and copy them to set one number.
            let row = containers.columns.allocate()
            containers.raw[n]?.row = row
            if let c = containers.raw[n] { containers.columns.write(c) }
        }
        containers.columns.sealText()
    }

    /// Containers waiting for `recompute`.
    public var pendingCount: Int { dirty.count }

    /// Refolds what changed and what came due by `now`. Returns the
    /// containers whose state changed.
    @discardableResult
    public mutating func recompute(now: Timestamp) -> Set<ContainerNumber> {
        while let top = timers.min, top.at <= now {
            _ = timers.removeMin()
            // Only a box still in port has a dwell that moves (a box that
            // left or was archived since the timer was set is as it was).
            if let c = containers.raw[top.container], !c.facts.dwellEnded { dirty.insert(top.container) }
        }
        var changed = Set<ContainerNumber>()
        // Pass by pass over what is dirty (a refresh can dirty other boxes,
        // or this one again): each box still dirty when its turn comes is
        // refreshed once per pass, as popping one at a time would, without
        // popFirst's scan from the first bucket on every pop.
        while !dirty.isEmpty {
            for n in inTableOrder(dirty) where dirty.remove(n) != nil {
                refresh(n, now: now)
                changed.insert(n)
            }
        }
        // Alerts follow the settled state: a box re-scored twice in one pass
        // (a count it depends on moved after it) raises no passing alert,
        // whatever order the pass took.
        let settled = inTableOrder(changed)
        for n in settled {
            if let c = containers.raw[n] { updateAlert(c, now: now) }
        }
        if containers.columns.enabled {
            for n in settled {
                if let c = containers.raw[n] { containers.columns.write(c) }
            }
            containers.columns.sealText()
        }
        if !changed.isEmpty { revision += 1 }
        return changed
    }

    /// The boxes of `set` in the order the table holds them, when they are
    /// a good part of it (the first recompute of a load: all of them): one
    /// box's path through the table's tree is mostly the last one's, where a
    /// set's own order sends each lookup to a far part of a large table
    /// (memory, not work: a refresh of 1 M events' boxes spent 0.5 s finding
    /// them). A few boxes are taken as they come. Numbers not in the table
    /// come last; the order of a pass changes no result (see `recompute`).
    private func inTableOrder(_ set: Set<ContainerNumber>) -> [ContainerNumber] {
        guard set.count >= 4096, set.count >= containers.raw.count / 8 else { return Array(set) }
        var out: [ContainerNumber] = []
        out.reserveCapacity(set.count)
        for n in containers.raw.keys where set.contains(n) { out.append(n) }
        if out.count < set.count {
            for n in set where containers.raw[n] == nil { out.append(n) }
        }
        return out
    }

    private mutating func refresh(_ n: ContainerNumber, now: Timestamp) {
        // Taken out of the table in one walk of its tree (a placeholder
        // keeps its place), so the writes below happen in place unless a
        // snapshot shares the box. A number not in the table takes its
        // placeholder out again.
        guard var c = containers.raw.updateValue(Container.placeholder(n), forKey: n) else {
            containers.raw[n] = nil
            return
        }
        if c.row < 0 && containers.columns.enabled { c.row = containers.columns.allocate() }
        // What the box added to the figures, to take back: none on its first refresh.
        let hadContribution = c.facts.firstSeen != nil
        let old = hadContribution && !c.events.isEmpty ? Contribution(c) : nil
        let oldFacts = (vesselIMO: c.facts.vesselIMO, seized: !c.facts.seizures.isEmpty)
        let vessels = self.vessels
        c.facts = ContainerFacts.fold(c.events, arrival: { vessels[$0]?.arrivedAt }, lateAmendmentHours: rules.lateAmendmentHours)
        c.vesselName = c.facts.vesselIMO.flatMap { vessels[$0]?.name }

        // Indexes that link boxes to each other.
        let imo = (old: oldFacts.vesselIMO, new: c.facts.vesselIMO)
        if imo.old != imo.new {
            if let o = imo.old { byVessel[o]?.remove(n) }
            if let v = imo.new { byVessel[v, default: []].insert(n) }
        }
        // Normalised once per refresh; the old keys are the ones kept from
        // the last refresh (what normalising the old facts would give).
        let consignee = (old: c.consigneeKey, new: textPool.partyKey(c.facts.manifest.consignee))
        let shipper = (old: c.shipperKey, new: textPool.partyKey(c.facts.manifest.shipper))
        if consignee.old != consignee.new {
            if let o = consignee.old { byConsignee[o]?.remove(n); recount(o, excluding: n) }
            if let k = consignee.new { byConsignee[k, default: []].insert(n); recount(k, excluding: n) }
        }
        c.consigneeKey = consignee.new
        c.shipperKey = shipper.new
        c.consigneeBoxes = consignee.new.flatMap { containers.consigneeCounts[$0] } ?? 0
        let parties = (old: PartyKeys(shipper.old, consignee.old), new: PartyKeys(shipper.new, consignee.new))
        if parties.old != parties.new {
            for p in parties.old.keys where !parties.new.contains(p) { byParty[p]?.remove(n) }
            for p in parties.new.keys where !parties.old.contains(p) { byParty[p, default: []].insert(n) }
        }
        let wasSeized = oldFacts.seized && hadContribution
        let isSeized = !c.facts.seizures.isEmpty
        if wasSeized != isSeized || (isSeized && parties.old != parties.new) {
            if wasSeized { for p in parties.old.keys { seizedParties[p]?.remove(n) } }
            if isSeized { for p in parties.new.keys { seizedParties[p, default: []].insert(n) } }
            for p in Set(parties.old.keys + parties.new.keys) {
                for other in byParty[p] ?? [] where other != n { dirty.insert(other) }
            }
        }
        c.linkedSeizure = linkedSeizure(n, parties.new)?.record.caseID

        c.risk = rules.assess(c, now: now)
        scheduleTimers(c, now: now)
        containers.raw[n] = c
        if let old { aggregates.add(n, old, sign: -1) }
        aggregates.add(n, Contribution(c), sign: 1)
    }

    /// A consignee's box count changed: one counter for all its boxes; the
    /// boxes are re-scored only while the count is near a rule's threshold.
    private mutating func recount(_ key: String, excluding n: ContainerNumber?) {
        let members = byConsignee[key]
        let count = (members?.count ?? 0) + (archivedConsignees[key]?.boxes ?? 0)
        containers.consigneeCounts[key] = count == 0 ? nil : count
        guard let members else { return }
        if members.isEmpty { byConsignee[key] = nil; return }
        if Double(count) <= rules.consigneeThreshold + 1 {
            for m in members where m != n { dirty.insert(m) }
        }
    }

    /// Time-based rules (dwell) change their answer without any event:
    /// wake the container when its dwell crosses the next threshold.
    private mutating func scheduleTimers(_ c: Container, now: Timestamp) {
        guard !rules.dwellThresholds.isEmpty, !c.facts.dwellEnded, let start = c.facts.dwellStart else { return }
        for t in rules.dwellThresholds {
            let at = PortState.dwellCrossing(start, t)
            if at > now {
                timers.insert(TimerEntry(at: at, container: c.number))
                break
            }
        }
    }

    private mutating func updateAlert(_ c: Container, now: Timestamp) {
        let red = c.lane == .red
        if var a = alerts[c.number] {
            a.active = red
            if red {
                a.score = c.score
                a.reasons = c.risk.hits
                a.severity = c.risk.autoRed ? .critical : .high
            }
            alerts[c.number] = a
        } else if red {
            alerts[c.number] = Alert(id: "AL-" + c.number.text, container: c.number, severity: c.risk.autoRed ? .critical : .high,
                                     score: c.score, reasons: c.risk.hits, raisedAt: raisedAt(c, now: now), active: true)
        }
    }

    /// The first seizure on another box that links this one (a shared
    /// shipper or consignee); of two at the same time, the one on the box
    /// first in order.
    private func linkedSeizure(_ n: ContainerNumber, _ parties: PartyKeys) -> ContainerFacts.SeizureFact? {
        guard !seizedParties.isEmpty else { return nil }
        var first: (ts: Timestamp, box: ContainerNumber, seizure: ContainerFacts.SeizureFact)?
        for p in parties.keys {
            for other in seizedParties[p] ?? [] where other != n {
                guard let s = containers.raw[other]?.facts.seizures.first else { continue }
                if first.map({ (s.ts, other) < ($0.ts, $0.box) }) ?? true { first = (s.ts, other, s) }
            }
        }
        return first?.seizure
    }

    /// When the box first scored red, as a console running all along would
    /// have seen it: the first moment its own history made it red, being an
    /// event, a dwell threshold crossed between events, or the seizure that
    /// links it. A history read long after (a restart, a month opened at
    /// once) gives the same time as one followed live. What other boxes say
    /// (how many boxes its consignee has) is taken as it is now; `now` when
    /// no moment of its own history made it red.
    private func raisedAt(_ c: Container, now: Timestamp) -> Timestamp {
        let vessels = self.vessels
        let linked = c.linkedSeizure == nil ? nil : linkedSeizure(c.number, PartyKeys(c.shipperKey, c.consigneeKey))?.ts
        let events = c.events
        var probe = c
        /// The first moment of the window after event `k` (the facts
        /// `facts`) at which the box scores red, if one does.
        func red(after k: Int, _ facts: ContainerFacts) -> Timestamp? {
            probe.facts = facts
            defer { probe.facts = ContainerFacts() }  // the folder's arrays stay unshared
            // The moments until the next event at which the answer can change.
            let from = events[k - 1].ts
            let until = k < events.count ? events[k].ts : now
            var moments = [from]
            if let start = facts.dwellStart, !facts.dwellEnded {
                moments += rules.dwellThresholds.map { PortState.dwellCrossing(start, $0) }.filter { $0 > from && $0 < until }
            }
            if let linked, linked > from, linked < until { moments.append(linked) }
            // Not only up to `now`: a history opened at once is read in
            // slices, and a slice can hold events ahead of the point the load
            // is scored at; the alert still carries the event that made it.
            for at in moments.sorted() {
                probe.linkedSeizure = linked.map { at >= $0 } == true ? c.linkedSeizure : nil
                if rules.assess(probe, now: at).lane == .red { return at }
            }
            return nil
        }
        func facts(_ k: Int) -> ContainerFacts {
            ContainerFacts.fold(Array(events[0..<k]), arrival: { vessels[$0]?.arrivedAt }, lateAmendmentHours: rules.lateAmendmentHours)
        }
        guard !events.isEmpty else { return now }
        if events.count > PortState.raisedAtScanLimit {
            // A history this long (a sender repeating one line) is searched
            // by halving, in a few folds instead of one assessment per event:
            // the first event after which the box is red, exact when a box
            // that turned red stays red until the last event.
            var lo = 1, hi = events.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if red(after: mid, facts(mid)) != nil { hi = mid } else { lo = mid + 1 }
            }
            return red(after: lo, facts(lo)) ?? now
        }
        var folder = ContainerFacts.Folder()
        for k in 1...events.count {
            folder.add(events[k - 1])
            if let at = red(after: k, folder.facts(arrival: { vessels[$0]?.arrivedAt }, lateAmendmentHours: rules.lateAmendmentHours)) { return at }
        }
        return now
    }

    /// Histories longer than this are searched by halving for when an alert
    /// was raised (see `raisedAt`).
    static let raisedAtScanLimit = 1_000

    /// The first moment a box's dwell from `start` is over `hours`.
    static func dwellCrossing(_ start: Timestamp, _ hours: Double) -> Timestamp {
        Timestamp(ms: start.ms + Int64(hours * 3_600_000) + 1)
    }

    // MARK: Retention

    /// Takes boxes that left the port (gated out or loaded) before `cutoff`
    /// out of the live set, so memory follows the boxes in port, not the
    /// length of the history. Kept: boxes with an active alert or a seizure
    /// (the linked-seizure rule needs their parties), and what history
    /// figures need: hit rates, seizure tallies, consignee box counts. Gone:
    /// the box, its history and event ids, its place in status, lane and
    /// queue counts, and its inactive alert. A late event for an archived
    /// box (from up to a day after its visit's last event) is ignored and
    /// counted (`lateForArchived`); a later one is the box's next visit.
    /// Returns how many went.
    @discardableResult
    public mutating func archive(leftBefore cutoff: Timestamp) -> Int {
        let window = PortState.windows(cutoff)
        var gone: [ContainerNumber] = []
        for (n, c) in containers.raw {
            guard !dirty.contains(n), c.facts.dwellStart != nil, c.facts.dwellEnded, c.facts.seizures.isEmpty,
                  let last = c.events.last?.ts, last < cutoff, alerts[n]?.active != true else { continue }
            gone.append(n)
        }
        for n in gone {
            guard let c = containers.raw[n] else { continue }
            var live = Contribution(c)
            live.scans = []
            live.inspections = []
            aggregates.add(n, live, sign: -1)
            if let imo = c.facts.vesselIMO { byVessel[imo]?.remove(n) }
            for p in PartyKeys(c.shipperKey, c.consigneeKey).keys { byParty[p]?.remove(n) }
            for e in c.events { seenIDs.remove(e.id) }
            let ended = c.events.last?.ts ?? cutoff
            // The box leaves its consignee's members for its count: the
            // consignee's box count stays as it was.
            // (Unless its visit ended before the windows: then it is not
            // remembered at all, as the day's scan would drop it.)
            if let k = c.consigneeKey {
                byConsignee[k]?.remove(n)
                if byConsignee[k]?.isEmpty == true { byConsignee[k] = nil }
                if ended >= window.consignees {
                    archivedConsignees[k, default: ArchivedConsignee()].add(ended)
                } else {
                    recount(k, excluding: nil)
                }
            }
            alerts[n] = nil
            containers.columns.release(c.row)
            containers.raw[n] = nil
            if ended >= window.boxes { archived.last[n] = ended }
            archived.total += 1
        }
        forgetOldArchives(window)
        containers.columns.sealText()
        containers.columns.compactSymbolsIfSparse()
        if textPool.count > sharedRebuildAt {
            textPool.keepOnly(containers.raw.values)
            sharedRebuildAt = max(1 << 16, 2 * textPool.count)
        }
        if !gone.isEmpty { revision += 1 }
        return gone.count
    }

    /// What the archive remembers as of `cutoff`'s day: visits that ended
    /// from `boxes` on (`ArchivedBoxes.keepDays` before that day), and
    /// consignees' boxes that left from `consignees` on
    /// (`ArchivedBoxes.consigneeDays` before).
    static func windows(_ cutoff: Timestamp) -> (day: Int, boxes: Timestamp, consignees: Timestamp) {
        let day = cutoff.day
        return (day, .fromDay(day - ArchivedBoxes.keepDays), .fromDay(day - ArchivedBoxes.consigneeDays))
    }

    /// Forgets archived visits and consignees' archived boxes outside the
    /// windows (an event for a forgotten visit is filed as for a box not
    /// seen before: whether it is one cannot be told, and an event of a box
    /// never seen is never dropped; a consignee's box count drops by the
    /// boxes forgotten). The scan runs once per day of
    /// the cutoff; a pass in between leaves out at once what it archives
    /// outside the windows, so one pass ends as many passes do.
    private mutating func forgetOldArchives(_ window: (day: Int, boxes: Timestamp, consignees: Timestamp)) {
        guard window.day > forgottenDay else { return }
        forgottenDay = window.day
        let old = archived.last.filter { $0.value < window.boxes }
        for (n, _) in old { archived.last[n] = nil }
        let gone = archivedConsignees.filter { ($0.value.oldest ?? window.consignees) < window.consignees }
        for (k, v) in gone {
            var kept = v
            kept.forget(before: window.consignees)
            archivedConsignees[k] = kept.boxes == 0 ? nil : kept
            recount(k, excluding: nil)
        }
    }

    // MARK: Queries

    public func container(_ n: ContainerNumber) -> Container? { containers[n] }


    /// Containers matching `query`, ordered by score then number.
    public func select(_ query: Query, now: Timestamp) -> [Container] {
        ContainerNumber.byScoreThenNumber(containers.matching(query, now: now)).compactMap { containers[$0] }
    }

    /// Alerts, most severe and newest first.
    public var sortedAlerts: [Alert] {
        alerts.values.sorted {
            if $0.active != $1.active { return $0.active }
            if $0.severity != $1.severity { return $0.severity > $1.severity }
            if $0.raisedAt != $1.raisedAt { return $0.raisedAt > $1.raisedAt }
            return $0.container < $1.container
        }
    }
}

/// Boxes taken out of the live set, each with the time of the last event of
/// its archived visit (8 + 8 bytes a box in a persistent hash tree).
public struct ArchivedBoxes: Sendable, Sequence {
    /// An event this long after the archived visit's last event is the
    /// box's next visit (containers come back to the port, days or weeks
    /// later); one before is a late event of the visit that was archived.
    public static let newVisitAfterHours = 24.0
    /// How long an archived visit is remembered (to tell a late event from
    /// the next visit): a week after it ended, far past any late event.
    public static let keepDays = 7
    /// How long a consignee's archived boxes count for its box count (the
    /// new-consignee rule): a consignee with no box in a quarter is new
    /// again.
    public static let consigneeDays = 90

    var last = TreeDictionary<ContainerNumber, Timestamp>()
    /// Visits taken out of the live set so far, those no longer remembered
    /// (`keepDays`) included: what the feed overlay shows as archived.
    public internal(set) var total = 0

    public init() {}
    public var count: Int { last.count }
    public var isEmpty: Bool { last.isEmpty }
    public func contains(_ n: ContainerNumber) -> Bool { last[n] != nil }
    public func makeIterator() -> TreeDictionary<ContainerNumber, Timestamp>.Keys.Iterator { last.keys.makeIterator() }
}

/// When each archived box of a consignee left (the last event of its
/// visit), oldest first: the first inline, as most consignees have one box.
struct ArchivedConsignee: Sendable, Equatable {
    private var first = Int64.max  // none
    private var rest: [Int64] = []

    init() {}
    init(ends: [Timestamp]) { for t in ends { add(t) } }

    var boxes: Int { first == .max ? 0 : 1 + rest.count }
    var oldest: Timestamp? { first == .max ? nil : Timestamp(ms: first) }
    var ends: [Timestamp] { first == .max ? [] : ([first] + rest).map { Timestamp(ms: $0) } }

    mutating func add(_ ended: Timestamp) {
        let t = ended.ms
        if first == .max { first = t; return }
        if t < first { rest.insert(first, at: 0); first = t; return }
        var i = rest.count
        while i > 0 && rest[i - 1] > t { i -= 1 }
        rest.insert(t, at: i)
    }

    /// Drops the boxes that left before `t`.
    mutating func forget(before t: Timestamp) {
        guard first != .max, first < t.ms else { return }
        let kept = rest.drop { $0 < t.ms }
        first = kept.first ?? .max
        rest = Array(kept.dropFirst())
    }
}
