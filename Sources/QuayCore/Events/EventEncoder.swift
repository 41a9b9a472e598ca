/// Writes an Event back as one JSON line in the feed's own format (the
/// field names EventDecoder reads), so that `EventDecoder` decodes it to
/// the same event. Absent optional fields are left out. The model
/// checkpoint is made of these lines.
public enum EventEncoder {
    /// The event as a JSON object, without a newline. `extra` fields (already
    /// encoded JSON values) are appended last, in the order given.
    public static func line(_ e: Event, extra: [(String, String)] = []) -> String {
        var w = Writer()
        w.text("id", e.id)
        w.text("ts", e.ts.description)
        w.text("type", e.type.rawValue)
        w.text("port", e.port)
        if let c = e.container { w.text("container", c.text) }
        if let t = e.terminal { w.text("terminal", t) }
        switch e.body {
        case .vesselArrival(let v):
            w.text("vessel_imo", v.imo)
            w.text("vessel_name", v.name)
            w.text("voyage", v.voyage)
            w.text("from", v.from)
        case .manifest(let m):
            if m.amends { w.raw("amends", "true") }
            w.text("bl", m.bl)
            w.text("shipper", m.shipper)
            w.text("consignee", m.consignee)
            w.text("goods", m.goods)
            w.texts("hs", m.hs)
            w.number("declared_kg", m.declaredKg)
            w.text("iso_type", m.isoType)
            w.text("pol", m.pol)
            w.texts("transship", m.transship)
            w.text("pod", m.pod)
            if let seals = m.seals {
                let items = seals.map { s in
                    "{\"no\":" + quoted(s.number) + (s.source.map { ",\"source\":" + quoted($0.rawValue) } ?? "") + "}"
                }
                w.raw("seals", "[" + items.joined(separator: ",") + "]")
            }
            w.text("payment", m.payment?.rawValue)
            w.text("vessel_imo", m.vesselIMO)
        case .discharge(let imo), .load(let imo):
            w.text("vessel_imo", imo)
        case .gateIn(let seal, let kg):
            w.text("seal", seal)
            w.number("measured_kg", kg)
        case .gateOut(let seal, let kg, let ref):
            w.text("seal", seal)
            w.number("measured_kg", kg)
            w.text("release_ref", ref)
        case .scanSelected, .inspectionSelected:
            break
        case .scanResult(let r, let scanner):
            w.text("result", r.rawValue)
            w.text("scanner", scanner)
        case .sealCheck(let seen, let intact):
            w.text("seal_seen", seen)
            if let intact { w.raw("intact", intact ? "true" : "false") }
        case .inspectionResult(let o, let team):
            w.text("outcome", o.rawValue)
            w.text("team", team)
        case .customsRelease(let ref):
            w.text("release_ref", ref)
        case .customsHold(let reason):
            w.text("reason", reason)
        case .seizure(let s):
            w.text("case_id", s.caseID)
            w.text("drug", s.drug.rawValue)
            w.number("kg", s.kg)
            if let p = s.packages { w.raw("packages", String(p)) }
            w.text("concealment", s.concealment?.rawValue)
            w.text("detection", s.detection?.rawValue)
            w.text("origin", s.origin)
        }
        for (k, v) in extra { w.raw(k, v) }
        return w.finish()
    }

    /// `s` as a JSON string: quotes, backslashes and control characters
    /// escaped, everything else as it is (UTF-8).
    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        var plain = true
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C { plain = false; break }
        if plain {
            out += s
        } else {
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 {
                        let hex = String(u.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
        }
        out += "\""
        return out
    }

    /// A number as JSON: the shortest text that reads back as the same Double.
    static func number(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    private struct Writer {
        var out = "{"
        var first = true

        mutating func raw(_ key: String, _ value: String) {
            if !first { out += "," }
            first = false
            out += "\""
            out += key
            out += "\":"
            out += value
        }

        mutating func text(_ key: String, _ value: String?) {
            guard let value else { return }
            raw(key, EventEncoder.quoted(value))
        }

        mutating func texts(_ key: String, _ values: [String]?) {
            guard let values else { return }
            raw(key, "[" + values.map(EventEncoder.quoted).joined(separator: ",") + "]")
        }

        mutating func number(_ key: String, _ value: Double?) {
            guard let value else { return }
            raw(key, EventEncoder.number(value))
        }

        mutating func finish() -> String { out + "}" }
    }
}
