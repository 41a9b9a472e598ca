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

    /// What of a manifest many boxes repeat.
    static let textFields: [any WritableKeyPath<Manifest, String?> & Sendable] = [\.shipper, \.consignee, \.goods]
    static let listFields: [any WritableKeyPath<Manifest, [String]?> & Sendable] = [\.hs, \.transship]

    /// Entries held: text, lists and parties' keys.
    var count: Int { lock.withLock { text.count + lists.count + keys.count } }
    var texts: Set<String> { lock.withLock { text } }
    var codeLists: Set<[String]> { lock.withLock { lists } }

    /// `m` with its repeated text the pool's copies (and its parties' keys
    /// worked out), marked so the state does not pool it again.
    public func sharing(_ m: Manifest) -> Manifest {
        var m = m
        lock.withLock {
            for f in TextPool.textFields { m[keyPath: f] = sharedLocked(m[keyPath: f]) }
            for f in TextPool.listFields { m[keyPath: f] = listLocked(m[keyPath: f]) }
            _ = keyLocked(m.shipper)
            _ = keyLocked(m.consignee)
        }
        m.markPooled()
        return m
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
            for t in TextPool.textFields.map({ m[keyPath: $0] }) + [c.shipperKey, c.consigneeKey] {
                if let t, TextPool.isOwnAllocation(t) { text.insert(t) }
            }
            for f in TextPool.listFields {
                if let l = m[keyPath: f], !l.isEmpty { lists.insert(l) }
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
