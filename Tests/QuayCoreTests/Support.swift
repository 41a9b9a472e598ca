import Foundation
@testable import QuayCore

/// Builds event lines the way a feed would carry them.
struct FeedBuilder {
    var lines: [String] = []
    var next = 1
    var port = "BEANR"

    mutating func add(_ type: String, _ ts: String, container: String? = nil, _ fields: [String: Any] = [:], id: String? = nil) {
        var obj: [String: Any] = ["id": id ?? String(format: "t-%05d", next), "ts": ts, "type": type, "port": port]
        next += 1
        if let container { obj["container"] = container }
        for (k, v) in fields { obj[k] = v }
        let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
        lines.append(String(decoding: data, as: UTF8.self))
    }

    func events() -> [Event] {
        lines.enumerated().map { i, line in
            switch EventDecoder().decode(line: line, source: SourceRef(file: "test", line: i + 1)) {
            case .success(let d): return d.event
            case .failure(let r): fatalError("test feed line rejected: \(r)")
            }
        }
    }

    func state(rules: RuleSet = RuleSet.builtIn(), now: Timestamp? = nil, order: [Int]? = nil) -> PortState {
        var s = PortState(rules: rules)
        let evs = events()
        for i in order ?? Array(evs.indices) { s.apply(evs[i]) }
        s.recompute(now: now ?? s.clock)
        return s
    }
}

func ts(_ s: String) -> Timestamp {
    guard case .success(let t) = Timestamp.parse(s) else { fatalError("bad test timestamp \(s)") }
    return t
}

func box(_ s: String) -> ContainerNumber { try! ContainerNumber(validating: s) }

/// A deterministic generator for shuffles in tests.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The package root, for reading docs and sample data.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
