import HashTreeCollections

/// Every container by number, as of one moment. Figures shared between
/// boxes (how many boxes a consignee has) are kept once, per consignee, and
/// filled in as a container is read: a new box for a big consignee costs one
/// counter update, not a write to each of its boxes.
///
/// A persistent hash tree, not a Dictionary: the UI holds the last snapshot
/// while the model changes the next, and a change then copies only the
/// path to the box that changed instead of every box in port.
public struct ContainerTable: Sendable, Sequence {
    var raw: TreeDictionary<ContainerNumber, Container> = [:]
    /// Boxes per normalised consignee.
    var consigneeCounts: [String: Int] = [:]
    /// What queries read, in columns (see ColumnStore); rows are written as
    /// `PortState.recompute` settles a container.
    var columns = ColumnStore()

    public init() {}

    public var count: Int { raw.count }
    public var isEmpty: Bool { raw.isEmpty }
    public var keys: TreeDictionary<ContainerNumber, Container>.Keys { raw.keys }

    public subscript(n: ContainerNumber) -> Container? { raw[n].map(fresh) }

    public var values: LazyMapSequence<TreeDictionary<ContainerNumber, Container>.Values, Container> {
        raw.values.lazy.map(fresh)
    }

    public func makeIterator() -> some IteratorProtocol<(key: ContainerNumber, value: Container)> {
        raw.lazy.map { (key: $0.key, value: fresh($0.value)) }.makeIterator()
    }

    /// A box's risk score, without copying the box.
    public func score(of n: ContainerNumber) -> Int? { raw[n]?.risk.score }

    /// Numbers and scores of the containers `query` matches, in no
    /// particular order. Runs over the column store when it is kept
    /// (`PortState.keepColumns`) and every box has its row (always, after
    /// `PortState.recompute`), else box by box.
    public func matching(_ query: Query, now: Timestamp) -> [(number: ContainerNumber, score: Int)] {
        if columns.enabled && columns.live == raw.count {
            return ColumnQuery(query, store: columns, consigneeCounts: consigneeCounts, now: now).run(columns)
        }
        return matchingRows(query, now: now)
    }

    /// The boxes `query` matches as list sort keys (`ContainerNumber.sorted(keys:)`
    /// gives them in the default order): what the dashboard's lists take,
    /// without a string per box. Nil when the column store is not in use or a
    /// score does not fit a key; `matching` answers then.
    public func matchingKeys(_ query: Query, now: Timestamp) -> [UInt64]? {
        guard columns.enabled && columns.live == raw.count else { return nil }
        return ColumnQuery(query, store: columns, consigneeCounts: consigneeCounts, now: now).runKeys(columns)
    }

    /// The box-by-box evaluation (`Query.matches` on each container).
    func matchingRows(_ query: Query, now: Timestamp) -> [(number: ContainerNumber, score: Int)] {
        let needsFresh = query.fields.contains { $0.name == "consignee_boxes" }
        var out: [(number: ContainerNumber, score: Int)] = []
        for (n, c) in raw where query.isEmpty || query.matches(needsFresh ? fresh(c) : c, now: now) {
            out.append((n, c.risk.score))
        }
        return out
    }

    func fresh(_ c: Container) -> Container {
        var c = c
        c.consigneeBoxes = c.consigneeKey.flatMap { consigneeCounts[$0] } ?? 0
        return c
    }
}
