/// An ISO 6346 container number: owner code (3 letters), category
/// (U, J or Z), 6-digit serial and a check digit.
public struct ContainerNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number in 44 bits, ordered as the text is: four letters of 5 bits,
    /// then the seven digits as one decimal number. Held instead of the text:
    /// 8 bytes, hashed and compared as one integer (every set and tree of
    /// boxes in the model is keyed by it).
    public let packed: UInt64

    /// The 11 characters (a small string: no allocation).
    public var text: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 11) { bytes in
            var letters = packed >> 24, digits = packed & 0xFF_FFFF
            for i in stride(from: 3, through: 0, by: -1) { bytes[i] = UInt8(ascii: "A") + UInt8(letters & 31); letters >>= 5 }
            for i in stride(from: 10, through: 4, by: -1) { bytes[i] = UInt8(ascii: "0") + UInt8(digits % 10); digits /= 10 }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Validates `raw` and says exactly why it is not a container number.
    public init(validating raw: String) throws(IdentifierError) {
        let bytes = Array(raw.utf8)
        guard bytes.count == 11 else {
            // 11 characters but more bytes: something beyond A-Z and 0-9.
            let why = raw.count == 11 ? "must be capital letters A-Z and digits only" : "must be 11 characters (4 letters, 7 digits), got \(raw.count)"
            throw IdentifierError("container \(raw.quotedIfOdd): \(why)")
        }
        for i in 0..<3 where !bytes[i].isASCIIUpper {
            throw IdentifierError("container \(raw.quotedIfOdd): owner code must be 3 capital letters")
        }
        guard bytes[3] == UInt8(ascii: "U") || bytes[3] == UInt8(ascii: "J") || bytes[3] == UInt8(ascii: "Z") else {
            // The owner code is ASCII, so the 4th scalar starts at byte 3.
            let category = Sanitizer.clean(String(raw.unicodeScalars.dropFirst(3).prefix(1)))
            throw IdentifierError("container \(raw.quotedIfOdd): category must be U, J or Z, not \(category)")
        }
        for i in 4..<11 where !bytes[i].isASCIIDigit {
            throw IdentifierError("container \(raw.quotedIfOdd): serial and check digit must be 7 digits")
        }
        let expected = ContainerNumber.checkDigit(bytes[0..<10])
        let given = Int(bytes[10] - UInt8(ascii: "0"))
        guard expected == given else {
            throw IdentifierError("container \(raw): check digit should be \(expected), not \(given)")
        }
        var v: UInt64 = 0
        var digits: UInt64 = 0
        for i in 0..<11 {
            let b = bytes[i]
            if i < 4 { v = v << 5 | UInt64(b - UInt8(ascii: "A")) } else { digits = digits * 10 + UInt64(b - UInt8(ascii: "0")) }
        }
        packed = v << 24 | digits
    }

    /// A number `packed` gave (only valid numbers are ever packed).
    init(packed: UInt64) { self.packed = packed }

    /// Highest score first, then by number: what every list shows unless
    /// sorted otherwise. Sorts one 64-bit key a box (score over the packed
    /// number) instead of comparing texts: 1 M boxes in a fraction of the time.
    public static func byScoreThenNumber(_ rows: [(number: ContainerNumber, score: Int)]) -> [ContainerNumber] {
        let keys = rows.compactMap { sortKey(packed: $0.number.packed, score: $0.score) }
        guard keys.count == rows.count else {
            return rows.sorted { $0.score != $1.score ? $0.score > $1.score : $0.number < $1.number }.map(\.number)
        }
        return sorted(keys: keys)
    }

    /// Score (16 bits, highest first) over the packed number: ascending keys
    /// are the default list order. Nil for a score outside 16 bits.
    static func sortKey(packed: UInt64, score: Int) -> UInt64? {
        guard score >= -32_768 && score <= 32_767 else { return nil }
        return UInt64(32_767 - score) << 44 | packed
    }

    /// Numbers in the order of their sort keys.
    public static func sorted(keys: [UInt64]) -> [ContainerNumber] {
        var keys = keys
        keys.sort()
        return keys.map { ContainerNumber(packed: $0 & (1 << 44 - 1)) }
    }

    /// Builds the full number from 10 characters by appending the check digit.
    public static func completing(_ prefix: String) -> ContainerNumber? {
        let bytes = Array(prefix.utf8)
        guard bytes.count == 10 else { return nil }
        let digit = checkDigit(bytes[0..<10])
        return try? ContainerNumber(validating: prefix + String(digit))
    }

    /// ISO 6346 check digit of the first 10 characters.
    /// Letters: A=10, skipping multiples of 11; digits are themselves;
    /// position i weighs 2^i; sum mod 11, then mod 10.
    public static func checkDigit<C: Collection>(_ first10: C) -> Int where C.Element == UInt8 {
        var sum = 0
        var weight = 1
        for b in first10 {
            sum += letterValue(b) * weight
            weight <<= 1
        }
        return (sum % 11) % 10
    }

    static func letterValue(_ b: UInt8) -> Int {
        if b.isASCIIDigit { return Int(b - UInt8(ascii: "0")) }
        // A=10 .. Z, skipping 11, 22, 33.
        var v = 10 + Int(b - UInt8(ascii: "A"))
        v += (v - 1) / 10  // each multiple of 11 passed shifts by one
        return v
    }

    public var ownerCode: Substring { text.prefix(3) }
    public var description: String { text }
    public static func < (a: ContainerNumber, b: ContainerNumber) -> Bool { a.packed < b.packed }
}

public struct IdentifierError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// IMO ship identification number: 7 digits, the last a weighted check digit.
public enum IMONumber {
    public enum Verdict: Equatable, Sendable {
        case valid
        case badCheckDigit(expected: Int)
        case malformed
    }

    public static func verify(_ raw: String) -> Verdict {
        let digits = Array(raw.utf8)
        guard digits.count == 7, digits.allSatisfy(\.isASCIIDigit) else { return .malformed }
        let d = digits.map { Int($0 - UInt8(ascii: "0")) }
        let check = (d[0] * 7 + d[1] * 6 + d[2] * 5 + d[3] * 4 + d[4] * 3 + d[5] * 2) % 10
        return check == d[6] ? .valid : .badCheckDigit(expected: check)
    }

    /// Appends the check digit to 6 digits.
    public static func completing(_ six: Int) -> String {
        let s = String(six)
        let padded = String(repeating: "0", count: max(0, 6 - s.count)) + s
        let d = padded.utf8.map { Int($0 - UInt8(ascii: "0")) }
        let check = (d[0] * 7 + d[1] * 6 + d[2] * 5 + d[3] * 4 + d[4] * 3 + d[5] * 2) % 10
        return padded + String(check)
    }
}

/// UN/LOCODE: 2-letter ISO country code and 3 characters from A-Z, 2-9.
public enum LOCODE {
    public static func validate(_ raw: String) -> IdentifierError? {
        let b = Array(raw.utf8)
        guard b.count == 5 else { return IdentifierError("LOCODE \(raw.quotedIfOdd): must be 5 characters") }
        guard b[0].isASCIIUpper, b[1].isASCIIUpper else {
            return IdentifierError("LOCODE \(raw.quotedIfOdd): must start with a 2-letter country code")
        }
        for c in b[2...] where !(c.isASCIIUpper || (c >= UInt8(ascii: "2") && c <= UInt8(ascii: "9"))) {
            return IdentifierError("LOCODE \(raw.quotedIfOdd): location part allows only A-Z and 2-9")
        }
        return nil
    }

    public static func country(_ code: String) -> String { String(code.prefix(2)) }
}

/// ISO 6346 size/type code, e.g. 45R1.
public struct SizeType: Hashable, Sendable {
    public let code: String
    public init?(_ raw: String) {
        let b = Array(raw.utf8)
        guard b.count == 4, b.allSatisfy({ $0.isASCIIDigit || $0.isASCIIUpper }) else { return nil }
        code = raw
    }
    /// Type group letter (G general, R reefer, U open top, T tank, ...).
    public var group: Character { code[code.index(code.startIndex, offsetBy: 2)] }
    public var isReefer: Bool { group == "R" }
    public var lengthFeet: Int? {
        switch code.first {
        case "2": return 20
        case "4": return 40
        case "L": return 45
        default: return nil
        }
    }
}

extension UInt8 {
    @inline(__always) var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    @inline(__always) var isASCIIUpper: Bool { self >= 0x41 && self <= 0x5A }
}

extension String {
    /// The string itself when it is plain, else quoted with escapes, for messages.
    var quotedIfOdd: String {
        if !isEmpty, utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") }) { return self }
        return "\"" + Sanitizer.clean(self, limit: 40) + "\""
    }
}
