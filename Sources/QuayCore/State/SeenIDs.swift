/// The ids of the events filed, to tell a line sent twice from a new one.
///
/// Hash sets, one per shard of the ids: an insert is one probe of a flat
/// table, where a hash tree (`TreeSet`) walked a node per level, each a
/// cache miss in a set of a million ids (0.75 us an insert, 0.75 s of
/// `report` on 1 M events). The shards keep what the tree gave a state
/// shared with a published snapshot: the first insert after a snapshot
/// copies the shard it lands in (a 512th of the ids), not the whole set.
struct SeenIDs: Sendable, Sequence {
    private static let shardBits = 9
    private var shards = [Set<String>](repeating: [], count: 1 << shardBits)
    private(set) var count = 0

    /// By Swift's own hash of the string, which, as its `==`, sees
    /// canonically equal text as one (é as one scalar or as e and an
    /// accent; K and the Kelvin sign): those ids are one id in one shard,
    /// as they were one id in one set.
    private static func shard(_ id: String) -> Int { id.hashValue & (1 << shardBits - 1) }

    /// Adds `id`; false when it was there already.
    mutating func insert(_ id: String) -> Bool {
        let inserted = shards[SeenIDs.shard(id)].insert(id).inserted
        if inserted { count += 1 }
        return inserted
    }

    mutating func remove(_ id: String) {
        if shards[SeenIDs.shard(id)].remove(id) != nil { count -= 1 }
    }

    func contains(_ id: String) -> Bool { shards[SeenIDs.shard(id)].contains(id) }

    func makeIterator() -> FlattenSequence<[Set<String>]>.Iterator { shards.joined().makeIterator() }
}
