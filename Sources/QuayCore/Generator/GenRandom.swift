/// xoshiro256** seeded through SplitMix64: small, fast and the same on every
/// platform and toolchain (the generator never touches the system generator,
/// the standard library's shuffles or libm, so a seed gives the same bytes
/// everywhere).
struct GenRNG {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var x = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&x)
        s1 = splitMix(&x)
        s2 = splitMix(&x)
        s3 = splitMix(&x)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = GenRNG.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = GenRNG.rotl(s3, 45)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<n (n > 0).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: UInt64(n).multipliedFullWidth(by: next()).high)
    }

    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Uniform in [a, b) (returns a when b <= a).
    @inline(__always)
    mutating func between(_ a: Int64, _ b: Int64) -> Int64 {
        b <= a ? a : a + Int64(unit() * Double(b - a))
    }

    /// Uniform in [a, b].
    @inline(__always)
    mutating func int(_ a: Int, _ b: Int) -> Int { b <= a ? a : a + below(b - a + 1) }

    /// Uniform in [a, b).
    @inline(__always)
    mutating func real(_ a: Double, _ b: Double) -> Double { a + unit() * (b - a) }
}

/// Weighted choice over a fixed list, by cumulative weights.
struct GenWeighted {
    private(set) var cumulative: [Double] = []
    private(set) var total: Double = 0

    init(_ weights: [Double]) {
        cumulative.reserveCapacity(weights.count)
        for w in weights {
            total += max(0, w)
            cumulative.append(total)
        }
    }

    var isEmpty: Bool { total <= 0 }

    func pick(_ rng: inout GenRNG) -> Int {
        let x = rng.unit() * total
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// Milliseconds, for readability.
enum GenTime {
    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
}

/// Systematic sampling: `take(p)` is true about p of the time, like a coin
/// flip, but the count over n calls stays within one of the sum of p.
struct GenQuota {
    private var level: Double

    init(start: Double = 0.5) { level = start }

    mutating func take(_ p: Double) -> Bool {
        level += p
        if level >= 1 {
            level -= 1
            return true
        }
        return false
    }
}
