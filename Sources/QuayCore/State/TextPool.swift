import Foundation

/// Text many boxes repeat, one copy each: a manifest's parties and goods,
/// its lists of HS codes and transshipment ports, and the parties'
/// normalised keys. A string over 15 bytes is an allocation of its own, and
/// a shipper's name is repeated on every box it ships.
///
/// One pool serves a state and the threads that decode lines for it: a
/// manifest is pooled where it is decoded, so the thread that applies
/// events does not hash its text (`perf` of `report` on 1 M events: 8 % of
/// the time, on that thread, went to pooling manifests and 6 % to
/// normalising parties). Hence a class behind a lock. What it holds never
/// changes a value (a pooled string equals the string it stands for), so
/// copies of a state share it.
public final class TextPool: @unchecked Sendable {
    private let lock = NSLock()
    private var text = Set<String>()
    private var lists = Set<[String]>()
    /// A party's name -> its normalised key ("" when it has none).
    private var keys: [String: String] = [:]

    public init() {}

    /// Entries held: text, lists and parties' keys.
    var count: Int { lock.withLock { text.count + lists.count + keys.count } }
    var texts: Set<String> { lock.withLock { text } }
    var codeLists: Set<[String]> { lock.withLock { lists } }

    /// `m` with its repeated text the pool's copies (and its parties' keys
    /// worked out), marked so the state does not pool it again.
    public func sharing(_ m: consuming Manifest) -> Manifest {
        var one = [m]
        share(&one)
        return one[0]
    }

    /// Pools a run of manifests at once, each as `sharing` does: the lock is
    /// taken once for the run (twice when a party's name is new: it is
    /// normalised outside the lock). Threads that decode lines at the same
    /// time pool a run each instead of taking turns line by line (`perf` of
    /// a restart: a tenth of the decoding threads' time went to waiting for
    /// this lock when it was taken per manifest).
    public func share(_ manifests: inout [Manifest]) {
        guard !manifests.isEmpty else { return }
        var newNames: [String] = []
        lock.withLock {
            for i in manifests.indices {
                manifests[i].pool { shipper, consignee, goods, hs, transship in
                    shipper = sharedLocked(shipper)
                    consignee = sharedLocked(consignee)
                    goods = sharedLocked(goods)
                    hs = listLocked(hs)
                    transship = listLocked(transship)
                    for name in [shipper, consignee] { if let name, keys[name] == nil { newNames.append(name) } }
                }
            }
        }
        guard !newNames.isEmpty else { return }
        let normalised = newNames.map { ($0, normaliseParty($0)) }
        lock.withLock {
            for (name, key) in normalised where keys[name] == nil { keys[name] = sharedLocked(key) ?? "" }
        }
    }

    /// Pools the manifests a run of decoded lines holds: `take(k)` hands
    /// over line k's manifest if it has one not yet pooled (the line keeps
    /// no copy, so the pool writes it in place), `put(k, m)` gives it back.
    func share(_ lines: Range<Int>, take: (Int) -> Manifest?, put: (Int, Manifest) -> Void) {
        var at: [Int] = [], manifests: [Manifest] = []
        for k in lines {
            guard let m = take(k) else { continue }
            at.append(k)
            manifests.append(m)
        }
        share(&manifests)
        for (j, k) in at.enumerated() { put(k, manifests[j]) }
    }

    /// A party's normalised key (`normaliseParty`), the pool's copy, worked
    /// out once per name.
    public func partyKey(_ name: String?) -> String? {
        guard let name else { return nil }
        return lock.withLock { keyLocked(name) }
    }

    /// Keeps only what `boxes` hold: an archive pass calls this, so the
    /// pool follows the live set, not the history.
    func keepOnly<S: Sequence>(_ boxes: S) where S.Element == Container {
        var text = Set<String>(), lists = Set<[String]>(), keys: [String: String] = [:]
        for c in boxes {
            let m = c.facts.manifest
            for t in [m.shipper, m.consignee, m.goods, c.shipperKey, c.consigneeKey] {
                if let t, TextPool.isOwnAllocation(t) { text.insert(t) }
            }
            for l in [m.hs, m.transship] {
                if let l, !l.isEmpty { lists.insert(l) }
            }
            if let s = m.shipper { keys[s] = c.shipperKey ?? "" }
            if let s = m.consignee { keys[s] = c.consigneeKey ?? "" }
        }
        lock.withLock { (self.text, self.lists, self.keys) = (text, lists, keys) }
    }

    /// Text over 15 bytes is an allocation of its own (shorter text is held
    /// inline): only that is worth a copy in the pool.
    private static func isOwnAllocation(_ s: String) -> Bool { s.utf8.count > 15 }

    private func sharedLocked(_ s: String?) -> String? {
        guard let s, TextPool.isOwnAllocation(s) else { return s }
        return text.insert(s).memberAfterInsert
    }

    private func listLocked(_ l: [String]?) -> [String]? {
        guard let l, !l.isEmpty else { return l }
        return lists.insert(l).memberAfterInsert
    }

    private func keyLocked(_ name: String?) -> String? {
        guard let name else { return nil }
        if let k = keys[name] { return k.isEmpty ? nil : k }
        let k = sharedLocked(normaliseParty(name))
        keys[name] = k ?? ""
        return k
    }
}
