/// A point in time, milliseconds since the Unix epoch (UTC).
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var ms: Int64
    public init(ms: Int64) { self.ms = ms }
    public init(seconds: Int64) { self.ms = seconds * 1000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.ms < b.ms }
    public static func + (a: Timestamp, hours: Double) -> Timestamp { Timestamp(ms: a.ms + Int64(hours * 3_600_000)) }
    public func hours(since other: Timestamp) -> Double { Double(ms - other.ms) / 3_600_000 }

    /// Days since the epoch (UTC), for per-day buckets.
    public var day: Int { Int(ms >= 0 ? ms / 86_400_000 : (ms - 86_399_999) / 86_400_000) }

    public enum ParseError: Error, Equatable { case message(String) }

    /// Parses RFC 3339 with a mandatory offset: `2026-11-26T08:14:03Z`,
    /// `2026-11-26T09:14:03.250+01:00`. Says why anything else is refused.
    public static func parse(_ text: String) -> Result<Timestamp, ParseError> {
        var b = Array(text.utf8)
        func fail(_ why: String) -> Result<Timestamp, ParseError> { .failure(.message("ts \(text.quotedIfOdd): \(why)")) }
        guard b.count >= 19 else { return fail("not RFC 3339 (want 2026-11-26T08:14:03Z)") }
        func num(_ from: Int, _ len: Int) -> Int? {
            var v = 0
            for i in from..<(from + len) {
                guard i < b.count, b[i].isASCIIDigit else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        if b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " ") { b[10] = UInt8(ascii: "T") }
        guard let year = num(0, 4), b[4] == UInt8(ascii: "-"), let month = num(5, 2), b[7] == UInt8(ascii: "-"),
              let dayOfMonth = num(8, 2), b[10] == UInt8(ascii: "T"), let hour = num(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = num(14, 2), b[16] == UInt8(ascii: ":"), let second = num(17, 2)
        else { return fail("not RFC 3339 (want 2026-11-26T08:14:03Z)") }
        guard (1...12).contains(month) else { return fail("month \(month) out of range") }
        guard dayOfMonth >= 1 && dayOfMonth <= daysIn(month: month, year: year) else { return fail("day \(dayOfMonth) out of range") }
        guard hour < 24, minute < 60, second < 61 else { return fail("time of day out of range") }
        guard (1970...2199).contains(year) else { return fail("year \(year) is not plausible") }
        var i = 19
        var millis = 0
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < b.count && b[i].isASCIIDigit {
                if digits < 3 { millis = millis * 10 + Int(b[i] - 48) }
                digits += 1; i += 1
            }
            guard digits > 0 else { return fail("empty fraction of a second") }
            var scale = digits
            while scale < 3 { millis *= 10; scale += 1 }
        }
        guard i < b.count else { return fail("no UTC offset (add Z or +01:00)") }
        var offsetMinutes = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let om = num(i + 4, 2),
                  oh < 24, om < 60 else { return fail("bad UTC offset") }
            offsetMinutes = sign * (oh * 60 + om)
            i += 6
        } else {
            return fail("no UTC offset (add Z or +01:00)")
        }
        guard i == b.count else { return fail("trailing characters") }
        let days = daysFromCivil(year: year, month: month, day: dayOfMonth)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
        return .success(Timestamp(ms: secs * 1000 + Int64(millis)))
    }

    /// `2026-11-26T08:14:03Z` (milliseconds only when present).
    public var description: String {
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - secs * 1000)
        let days = Int(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let rem = Int(secs - Int64(days) * 86_400)
        let (y, m, d) = Timestamp.civilFromDays(days)
        var s = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(rem / 3600, 2)):\(pad(rem / 60 % 60, 2)):\(pad(rem % 60, 2))"
        if millis != 0 { s += "." + pad(millis, 3) }
        return s + "Z"
    }

    /// `2026-11-26 08:14Z`, for status lines.
    public var clockString: String {
        let d = description
        return String(d.prefix(10)) + " " + String(d.dropFirst(11).prefix(5)) + "Z"
    }

    /// `2026-11-26`
    public var dateString: String { String(description.prefix(10)) }

    public static func fromDay(_ day: Int) -> Timestamp { Timestamp(ms: Int64(day) * 86_400_000) }

    public var year: Int { Timestamp.civilFromDays(day).0 }

    public static func startOfYear(_ year: Int) -> Timestamp {
        Timestamp(ms: Int64(daysFromCivil(year: year, month: 1, day: 1)) * 86_400_000)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil calendar algorithms.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

@inline(__always)
func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
