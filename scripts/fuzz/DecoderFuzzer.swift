// libFuzzer harness for the line decoder: JSON parse, event decode and
// sanitising, on one line of bytes. Compiled by scripts/fuzz/run.sh
// (FUZZ_TARGET=decoder) together with Sources/QuayCore, as module QuayCore;
// not part of the Swift package.
//
// An input is one line (any bytes). Checks:
//   - no crash, no hang (libFuzzer's -timeout);
//   - decoding is deterministic (same result twice);
//   - a reject has a non-empty kind from the known set and a non-empty
//     message with no control or bidi character (messages reach terminals);
//     a JSON error's column lies in 1...(bytes + 1);
//   - an accepted event's strings hold no C0, DEL, C1 or bidi control and
//     respect the length caps; its ts parses back, its container has a good
//     check digit, its LOCODEs have the right shape;
//   - the parser agrees with JSONSerialization on accept/reject, except where
//     they are known to differ (see JSONDifferentialTests.swift): duplicate
//     keys, nesting deeper than 64, trailing commas, a leading BOM and a zero
//     byte among the first two (Foundation then reads UTF-16 or UTF-32), which
//     Foundation accepts and the parser refuses, and integers of hundreds of
//     digits, which Foundation refuses.
//   - a line the splitter hands over with a trailing "\r" or a leading BOM
//     decodes like the bare line.

import Foundation

private let kinds: Set<String> = [
    "line too long", "invalid JSON", "invalid UTF-8", "not an object", "missing field", "wrong type",
    "unknown type", "bad timestamp", "bad LOCODE", "container check digit", "container format",
    "bad value", "bad IMO",
]

private func die(_ what: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Never {
    fatalError("\(what)\n  input: \(String(reflecting: String(decoding: bytes, as: UTF8.self))) (\(bytes.count) bytes)")
}

private func isCleanText(_ s: String) -> Bool {
    !s.unicodeScalars.contains(where: Sanitizer.isUnsafe) && !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F })
}

/// Every string an event stores, with the cap its field has in scalars (plus
/// one for the ellipsis a capped text ends with). B/L (20) and seal numbers
/// (15) are limited in characters, checked in `checkEvent`: a character can
/// hold several scalars (a letter and combining marks).
private func texts(_ e: Event) -> [(String, Int)] {
    var out: [(String, Int)] = [(e.id, 64), (e.port, 5)]
    if let t = e.terminal { out.append((t, 33)) }
    if let c = e.container { out.append((c.text, 11)) }
    func add(_ s: String?, _ cap: Int = EventDecoder.maxTextLength + 1) { if let s { out.append((s, cap)) } }
    switch e.body {
    case .vesselArrival(let v): add(v.imo, 7); add(v.name, 65); add(v.voyage, 33); add(v.from, 5)
    case .manifest(let m):
        add(m.bl, 65); add(m.shipper); add(m.consignee); add(m.goods); add(m.isoType, 4)
        add(m.pol, 5); add(m.pod, 5); add(m.vesselIMO, 7)
        for h in m.hs ?? [] { add(h, 10) }
        for t in m.transship ?? [] { add(t, 5) }
        for s in m.seals ?? [] { add(s.number, 33) }
    case .discharge(let imo), .load(let imo): add(imo, 7)
    case .gateIn(let seal, _): add(seal, 33)
    case .gateOut(let seal, _, let ref): add(seal, 33); add(ref, 65)
    case .scanSelected, .inspectionSelected: break
    case .scanResult(_, let scanner): add(scanner, 65)
    case .sealCheck(let seen, _): add(seen, 33)
    case .inspectionResult(_, let team): add(team, 65)
    case .customsRelease(let ref): add(ref, 65)
    case .customsHold(let reason): add(reason)
    case .seizure(let s): add(s.caseID, 65); add(s.origin, 5)
    }
    return out
}

private func checkEvent(_ e: Event, _ bytes: UnsafeBufferPointer<UInt8>) {
    for (s, cap) in texts(e) {
        if !isCleanText(s) { die("stored string \(String(reflecting: s)) holds a control or bidi character", bytes) }
        if s.unicodeScalars.count > cap { die("stored string of \(s.unicodeScalars.count) scalars over its cap \(cap)", bytes) }
    }
    if case .manifest(let m) = e.body {
        if let bl = m.bl, bl.count > 20 { die("bl of \(bl.count) characters kept", bytes) }
        for seal in m.seals ?? [] where seal.number.count > 15 { die("seal of \(seal.number.count) characters kept", bytes) }
    }
    if let c = e.container, (try? ContainerNumber(validating: c.text)) == nil { die("accepted container \(c.text) does not validate", bytes) }
    if LOCODE.validate(e.port) != nil { die("accepted port \(e.port) is no LOCODE", bytes) }
    guard case .success(let back) = Timestamp.parse(e.ts.description), back == e.ts else { die("ts \(e.ts) does not parse back", bytes) }
    // 1970-2199 local time; an offset can move the UTC year by one.
    if !(1969...2200).contains(e.ts.year) { die("ts \(e.ts) outside the plausible years", bytes) }
    switch e.body {
    case .seizure(let s): if !(s.kg > 0 && s.kg <= 1e9) { die("seizure kg \(s.kg) out of range", bytes) }
    case .gateIn(_, let kg?), .gateOut(_, let kg?, _): if !(kg > 0 && kg <= 1e9) { die("measured kg \(kg) out of range", bytes) }
    default: break
    }
}

private func describe(_ r: Result<EventDecoder.Decoded, Reject>) -> String {
    switch r {
    case .success(let d): return "event \(d.event) warnings \(d.warnings)"
    case .failure(let e): return "reject \(e.kind): \(e.message)"
    }
}

private func checkReject(_ r: Reject, _ bytes: UnsafeBufferPointer<UInt8>) {
    if !kinds.contains(r.kind) { die("unknown reject kind \(String(reflecting: r.kind))", bytes) }
    if r.message.isEmpty { die("empty reject message", bytes) }
    if !isCleanText(r.message) { die("reject message \(String(reflecting: r.message)) holds a control or bidi character", bytes) }
    if r.description != "fuzz.jsonl:1: " + r.message { die("reject description \(String(reflecting: r.description)) does not name file and line", bytes) }
    // A JSON error's column lies within the line (counted after a BOM the decoder strips).
    if r.message.hasPrefix("invalid JSON at column "), let colon = r.message.dropFirst(23).firstIndex(of: ":") {
        guard let column = Int(r.message[r.message.index(r.message.startIndex, offsetBy: 23)..<colon]), (1...(bytes.count + 1)).contains(column) else {
            die("reject column outside 1...\(bytes.count + 1): \(r.message)", bytes)
        }
    }
}

/// Accept/reject agreement with Foundation, outside the documented differences.
private func checkAgainstFoundation(_ bytes: UnsafeBufferPointer<UInt8>) {
    let ours = Result { () throws(JSONError) -> JSONValue in try JSONParser.parse(bytes) }
    let theirs = try? JSONSerialization.jsonObject(with: Data(buffer: bytes), options: [.fragmentsAllowed])
    switch (ours, theirs) {
    case (.success, nil):
        // Foundation refuses integers past 308 digits and numbers its Decimal cannot hold.
        let digits = bytes.split(whereSeparator: { !$0.isASCIIDigit }).map(\.count).max() ?? 0
        if digits > 300 { return }
        die("the parser accepts what JSONSerialization refuses", bytes)
    case (.failure(let e), _?):
        let m = e.message
        if m.hasPrefix("duplicate key") || m.hasPrefix("nested deeper") { return }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return }
        // A zero byte among the first two: Foundation reads UTF-16 or UTF-32.
        if bytes.count >= 2, bytes[0] == 0 || bytes[1] == 0 { return }
        // A trailing comma: Foundation accepts `[1,]` and `{"a":1,}`.
        if m.hasPrefix("expected a key in quotes") || m.hasPrefix("unexpected character ']'") {
            var i = e.column - 2
            while i >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i -= 1 }
            if i >= 0, bytes[i] == UInt8(ascii: ",") { return }
        }
        die("JSONSerialization accepts what the parser refuses (\(e))", bytes)
    case (.failure(let e), nil):
        if !(1...(bytes.count + 1)).contains(e.column) { die("JSON error column \(e.column) outside 1...\(bytes.count + 1)", bytes) }
    case (.success, _?):
        break
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let empty: [UInt8] = []
    return empty.withUnsafeBufferPointer { none in
        let bytes = data.map { UnsafeBufferPointer(start: $0, count: size) } ?? none
        let source = SourceRef(file: "fuzz.jsonl", line: 1)
        let decoder = EventDecoder()
        let first = decoder.decode(bytes: bytes, source: source)
        let second = decoder.decode(bytes: bytes, source: source)
        if describe(first) != describe(second) { die("decode is not deterministic", bytes) }
        switch first {
        case .success(let d):
            checkEvent(d.event, bytes)
            for w in d.warnings where w.message.isEmpty || !isCleanText(w.message) { die("bad warning \(String(reflecting: w.message))", bytes) }
        case .failure(let r):
            checkReject(r, bytes)
        }
        // The decoder forgives a trailing CR and a leading BOM: same outcome.
        if bytes.last != 0x0D && !bytes.starts(with: [0xEF, 0xBB, 0xBF]) && size + 4 <= EventDecoder.maxLineBytes {
            let wrapped = [0xEF, 0xBB, 0xBF] + Array(bytes) + [0x0D]
            let again = wrapped.withUnsafeBufferPointer { decoder.decode(bytes: $0, source: source) }
            let a = describe(first), b = describe(again)
            if a != b { die("a BOM and a CR change the outcome: \(a) vs \(b)", bytes) }
        }
        if size <= 1 << 16 { checkAgainstFoundation(bytes) }
        return 0
    }
}
