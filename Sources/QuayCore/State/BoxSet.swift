/// The boxes a key links (a vessel's, a party's): most keys link one box,
/// held inline; more are a set. Half the consignees of a port have one box,
/// and a `Set` of one is an allocation of its own (`perf` of `report`:
/// the indexes' set inserts were 8 % of refolding a box).
struct BoxSet: Sendable, Sequence, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case none
        case one(ContainerNumber)
        case many(Set<ContainerNumber>)
    }

    private var storage = Storage.none

    init() {}
    init(arrayLiteral boxes: ContainerNumber...) { for n in boxes { insert(n) } }

    var count: Int {
        switch storage {
        case .none: 0
        case .one: 1
        case .many(let s): s.count
        }
    }

    var isEmpty: Bool { count == 0 }

    func contains(_ n: ContainerNumber) -> Bool {
        switch storage {
        case .none: false
        case .one(let m): m == n
        case .many(let s): s.contains(n)
        }
    }

    mutating func insert(_ n: ContainerNumber) {
        switch storage {
        case .none: storage = .one(n)
        case .one(let m): if m != n { storage = .many([m, n]) }
        case .many(var s):
            storage = .none  // the set unshared while it is written
            s.insert(n)
            storage = .many(s)
        }
    }

    mutating func remove(_ n: ContainerNumber) {
        switch storage {
        case .none: return
        case .one(let m): if m == n { storage = .none }
        case .many(var s):
            storage = .none
            s.remove(n)
            storage = s.count == 1 ? .one(s.first!) : s.isEmpty ? .none : .many(s)
        }
    }

    struct Iterator: IteratorProtocol {
        fileprivate var one: ContainerNumber?
        fileprivate var many: Set<ContainerNumber>.Iterator?
        mutating func next() -> ContainerNumber? {
            if let n = one { one = nil; return n }
            return many?.next()
        }
    }

    func makeIterator() -> Iterator {
        switch storage {
        case .none: Iterator(one: nil, many: nil)
        case .one(let n): Iterator(one: n, many: nil)
        case .many(let s): Iterator(one: nil, many: s.makeIterator())
        }
    }
}
