/// Why a line was refused. `kind` groups rejects for counting; `message`
/// says exactly what is wrong with this line.
public struct Reject: Error, Equatable, Sendable, CustomStringConvertible {
    public var kind: String
    public var message: String
    public var source: SourceRef?
    public init(kind: String, message: String, source: SourceRef? = nil) {
        self.kind = kind; self.message = message; self.source = source
    }
    public var description: String { source.map { "\($0): \(message)" } ?? message }
}

/// Something worth knowing about a line that was kept.
public struct Warning: Equatable, Sendable, CustomStringConvertible {
    public var kind: String
    public var message: String
    public var source: SourceRef?
    public var description: String { source.map { "\($0): warning: \(message)" } ?? "warning: \(message)" }
}

/// Turns one line of bytes into a validated, sanitised Event. This is the
/// one seam between bytes and the domain: a faster parser replaces the
/// inside, never the callers.
public struct EventDecoder: Sendable {
    /// Weights a container can carry: a 45' box grosses about 32.5 t; a
    /// weighbridge reading includes the truck. Anything heavier is a unit
    /// error, not a box, and would poison the tallies.
    public static let maxContainerKg = 60_000.0

    /// Lines longer than this are refused without being parsed.
    public static let maxLineBytes = 1 << 20
    public static let maxTextLength = 512

    /// Where a manifest's repeated text is pooled as it is decoded (the
    /// state's, so the thread applying events need not).
    public var pool: TextPool?

    public init(pool: TextPool? = nil) { self.pool = pool }

    public struct Decoded: Sendable {
        public var event: Event
        public var warnings: [Warning]
    }

    public func decode(line: String, source: SourceRef? = nil) -> Result<Decoded, Reject> {
        var copy = line
        return copy.withUTF8 { decode(bytes: $0, source: source) }
    }

    public func decode(bytes raw: UnsafeBufferPointer<UInt8>, source: SourceRef? = nil) -> Result<Decoded, Reject> {
        var bytes = raw
        if bytes.count > EventDecoder.maxLineBytes {
            return .failure(Reject(kind: "line too long", message: "line is \(bytes.count) bytes, over the \(EventDecoder.maxLineBytes)-byte limit", source: source))
        }
        // Tolerate CRLF and a UTF-8 byte order mark.
        if let last = bytes.last, last == 0x0D { bytes = UnsafeBufferPointer(rebasing: bytes[0..<(bytes.count - 1)]) }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes = UnsafeBufferPointer(rebasing: bytes[3...])
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            let kind = error.message.hasPrefix("invalid UTF-8") ? "invalid UTF-8" : "invalid JSON"
            return .failure(Reject(kind: kind, message: error.description, source: source))
        }
        var fields = LineFields(json: json, source: source)
        fields.pool = pool
        do {
            let event = try fields.event()
            return .success(Decoded(event: event, warnings: fields.warnings))
        } catch {
            return .failure(error)
        }
    }
}

/// Field access with precise reasons.
struct LineFields {
    let json: JSONValue
    let source: SourceRef?
    var warnings: [Warning] = []
    var type: EventType = .manifest
    var pool: TextPool?

    init(json: JSONValue, source: SourceRef?) { self.json = json; self.source = source }

    func reject(_ kind: String, _ message: String) -> Reject { Reject(kind: kind, message: message, source: source) }

    func raw(_ key: String) -> JSONValue? {
        guard let v = json[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    func required(_ key: String) throws(Reject) -> JSONValue {
        guard let v = raw(key) else {
            throw reject("missing field", "missing field \"\(key)\"" + (key == "type" || key == "id" || key == "ts" || key == "port" ? "" : " (required by \(type.rawValue))"))
        }
        return v
    }

    func text(_ key: String, required: Bool = false, maxLength: Int = EventDecoder.maxTextLength) throws(Reject) -> String? {
        guard let v = required ? try self.required(key) : raw(key) else { return nil }
        guard case .string(let s) = v else { throw reject("wrong type", "\(key) must be a string, not \(v.typeName)") }
        let clean = Sanitizer.clean(s, limit: maxLength)
        if required && isBlank(clean) { throw reject("missing field", "\(key) is empty") }
        return clean
    }

    /// White space only (or empty). A first byte that is printable ASCII
    /// other than a space settles it without looking at characters.
    private func isBlank(_ s: String) -> Bool {
        if let b = s.utf8.first, b > 0x20 && b < 0x7F { return false }
        return s.allSatisfy(\.isWhitespace)
    }

    func number(_ key: String, required: Bool = false, positive: Bool = false, max limit: Double? = nil) throws(Reject) -> Double? {
        guard let v = required ? try self.required(key) : raw(key) else { return nil }
        guard case .number(let d) = v else { throw reject("wrong type", "\(key) must be a number, not \(v.typeName)") }
        if positive && !(d > 0) { throw reject("bad value", "\(key) \(format1(d)): must be greater than 0") }
        if d < 0 { throw reject("bad value", "\(key) \(format1(d)): must not be negative") }
        if d > 1e9 { throw reject("bad value", "\(key) \(format1(d)): out of range") }
        if let limit, d > limit { throw reject("bad value", "\(key) \(format1(d)): more than a container holds (at most \(format1(limit)))") }
        return d
    }

    func bool(_ key: String) throws(Reject) -> Bool? {
        guard let v = raw(key) else { return nil }
        guard case .bool(let b) = v else { throw reject("wrong type", "\(key) must be true or false, not \(v.typeName)") }
        return b
    }

    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type, required: Bool = false) throws(Reject) -> E?
    where E.RawValue == String {
        guard let s = try text(key, required: required, maxLength: 64) else { return nil }
        guard let e = E(rawValue: s) else {
            throw reject("bad value", "\(key) \(s.quotedForMessage): must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return e
    }

    func locode(_ key: String, required: Bool = false) throws(Reject) -> String? {
        guard let s = try text(key, required: required, maxLength: 16) else { return nil }
        if let e = LOCODE.validate(s) { throw reject("bad LOCODE", "\(key): \(e.message)") }
        return s
    }

    mutating func imo(_ key: String, required: Bool = false) throws(Reject) -> String? {
        guard let v = required ? try self.required(key) : raw(key) else { return nil }
        let s: String
        switch v {
        case .string(let t): s = Sanitizer.clean(t, limit: 16)
        case .number(let d) where d == d.rounded() && d >= 0 && d < 1e7: s = String(Int(d))
        default: throw reject("wrong type", "\(key) must be a 7-digit string, not \(v.typeName)")
        }
        switch IMONumber.verify(s) {
        case .valid: break
        case .malformed: throw reject("bad IMO", "\(key) \(s.quotedForMessage): must be 7 digits")
        case .badCheckDigit(let expected):
            warnings.append(Warning(kind: "IMO check digit", message: "\(key) \(s): check digit should be \(expected) (kept)", source: source))
        }
        return s
    }

    func texts(_ key: String, maxLength: Int = 64) throws(Reject) -> [String]? {
        guard let v = raw(key) else { return nil }
        switch v {
        case .string(let s): return [Sanitizer.clean(s, limit: maxLength)]
        case .array(let items):
            var out: [String] = []
            for item in items {
                guard case .string(let s) = item else { throw reject("wrong type", "\(key) must hold strings, not \(item.typeName)") }
                out.append(Sanitizer.clean(s, limit: maxLength))
            }
            return out
        default: throw reject("wrong type", "\(key) must be a string or an array of strings, not \(v.typeName)")
        }
    }

    mutating func event() throws(Reject) -> Event {
        guard case .object = json else { throw reject("not an object", "line is \(json.typeName), not an event object") }
        guard let id = try text("id", required: true, maxLength: 64) else { throw reject("missing field", "missing field \"id\"") }
        // Cut to 64, two ids would become one and the second event a "duplicate".
        if id.utf8.count > 64 && id.unicodeScalars.count > 64 { throw reject("bad value", "id \(id.quotedForMessage): longer than 64 characters") }
        guard let typeText = try text("type", required: true, maxLength: 64) else { throw reject("missing field", "missing field \"type\"") }
        guard let type = EventType.named[typeText] else {
            throw reject("unknown type", "type \(typeText.quotedForMessage) is not an event type")
        }
        self.type = type
        guard let tsText = try text("ts", required: true, maxLength: 64) else { throw reject("missing field", "missing field \"ts\"") }
        let ts: Timestamp
        switch Timestamp.parse(tsText) {
        case .success(let t): ts = t
        case .failure(.message(let m)): throw reject("bad timestamp", m)
        }
        guard let port = try locode("port", required: true) else { throw reject("missing field", "missing field \"port\"") }
        var container: ContainerNumber?
        if type != .vesselArrival {
            guard let c = try text("container", required: true, maxLength: 32) else { throw reject("missing field", "missing field \"container\"") }
            do {
                container = try ContainerNumber(validating: c)
            } catch {
                throw reject(error.message.contains("check digit") ? "container check digit" : "container format", error.message)
            }
        }
        let terminal = try text("terminal", maxLength: 32)
        let body = try self.body(type)
        return Event(id: id, ts: ts, type: type, port: port, container: container, terminal: terminal, body: body, source: source)
    }

    mutating func body(_ type: EventType) throws(Reject) -> EventBody {
        switch type {
        case .vesselArrival:
            return .vesselArrival(VesselArrival(
                imo: try imo("vessel_imo", required: true) ?? "", name: try text("vessel_name", maxLength: 64),
                voyage: try text("voyage", maxLength: 32), from: try locode("from")))
        case .manifest:
            var m = Manifest()
            m.amends = try bool("amends") ?? false
            let req = !m.amends
            m.bl = try text("bl", required: req, maxLength: 64)
            if let bl = m.bl, bl.count > 20 { throw reject("bad value", "bl \(bl.quotedForMessage): longer than 20 characters") }
            m.shipper = try text("shipper")
            m.consignee = try text("consignee")
            m.goods = try text("goods")
            m.hs = try texts("hs", maxLength: 16)
            for code in m.hs ?? [] where !(code.count >= 4 && code.count <= 10 && code.utf8.allSatisfy(\.isASCIIDigit))
            {
                throw reject("bad value", "hs \(code.quotedForMessage): must be 4-10 digits")
            }
            m.declaredKg = try number("declared_kg", positive: true, max: EventDecoder.maxContainerKg)
            m.isoType = try text("iso_type", maxLength: 8)
            if let t = m.isoType, SizeType(t) == nil { throw reject("bad value", "iso_type \(t.quotedForMessage): must be a 4-character size/type code like 45R1") }
            m.pol = try locode("pol", required: req)
            m.pod = try locode("pod", required: req)
            if let hubs = try texts("transship", maxLength: 16) {
                for h in hubs { if let e = LOCODE.validate(h) { throw reject("bad LOCODE", "transship: \(e.message)") } }
                m.transship = hubs
            }
            if let sealsValue = raw("seals") {
                guard case .array(let items) = sealsValue else { throw reject("wrong type", "seals must be an array of {no, source}") }
                var seals: [Seal] = []
                for item in items {
                    guard case .object = item, case .string(let no)? = item["no"] else {
                        throw reject("wrong type", "seals must be an array of {no, source}")
                    }
                    let number = Sanitizer.clean(no, limit: 32)
                    if number.isEmpty || number.count > 15 { throw reject("bad value", "seal \(number.quotedForMessage): must be 1-15 characters") }
                    var source: SealSource?
                    switch item["source"] {
                    case nil, .null?: break
                    case .string(let s)?:
                        guard let v = SealSource(rawValue: s) else {
                            throw reject("bad value", "seal source \(Sanitizer.clean(s, limit: 16).quotedForMessage): must be one of CAR, SHI, CUS, VET")
                        }
                        source = v
                    case let other?:
                        throw reject("wrong type", "seal source must be a string, not \(other.typeName)")
                    }
                    seals.append(Seal(number: number, source: source))
                }
                m.seals = seals
            }
            m.payment = try enumeration("payment", Payment.self)
            m.vesselIMO = try imo("vessel_imo")
            return .manifest(pool.map { $0.sharing(m) } ?? m)
        case .discharge: return .discharge(vesselIMO: try imo("vessel_imo"))
        case .load: return .load(vesselIMO: try imo("vessel_imo"))
        case .gateIn: return .gateIn(seal: try text("seal", maxLength: 32), measuredKg: try number("measured_kg", positive: true, max: EventDecoder.maxContainerKg))
        case .gateOut:
            return .gateOut(seal: try text("seal", maxLength: 32), measuredKg: try number("measured_kg", positive: true, max: EventDecoder.maxContainerKg),
                            releaseRef: try text("release_ref", maxLength: 64))
        case .scanSelected: return .scanSelected
        case .scanResult:
            return .scanResult(try enumeration("result", ScanResult.self, required: true)!, scanner: try text("scanner", maxLength: 64))
        case .inspectionSelected: return .inspectionSelected
        case .sealCheck: return .sealCheck(seen: try text("seal_seen", maxLength: 32), intact: try bool("intact"))
        case .inspectionResult:
            return .inspectionResult(try enumeration("outcome", InspectionOutcome.self, required: true)!, team: try text("team", maxLength: 64))
        case .customsRelease: return .customsRelease(ref: try text("release_ref", maxLength: 64))
        case .customsHold: return .customsHold(reason: try text("reason"))
        case .seizure:
            var packages: Int?
            if let p = try number("packages") {
                guard p == p.rounded() else { throw reject("bad value", "packages \(format1(p)): must be a whole number") }
                packages = Int(p)
            }
            return .seizure(SeizureRecord(
                caseID: try text("case_id", required: true, maxLength: 64)!,
                drug: try enumeration("drug", Drug.self, required: true)!,
                kg: try number("kg", required: true, positive: true, max: EventDecoder.maxContainerKg)!,
                packages: packages,
                concealment: try enumeration("concealment", Concealment.self),
                detection: try enumeration("detection", Detection.self),
                origin: try locode("origin")))
        }
    }
}

extension String {
    var quotedForMessage: String { "\"" + Sanitizer.clean(self, limit: 40) + "\"" }
}
