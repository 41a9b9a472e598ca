/// JSON output by appending bytes: keys in the order of docs/events.md,
/// strings escaped once when the tables are built.
enum GenJSON {
    /// `s` as a JSON string with its quotes: `"` and `\` escaped, control
    /// characters as \u00XX. Everything else passes as UTF-8.
    static func quoted(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 2)
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return out
    }
}

/// Many short byte strings in one buffer.
struct GenTable {
    private(set) var data: [UInt8] = []
    private(set) var ends: [Int] = []

    var count: Int { ends.count }

    mutating func append(_ bytes: [UInt8]) {
        data += bytes
        ends.append(data.count)
    }
}

struct GenOut {
    var bytes: [UInt8] = []

    @inline(__always) mutating func lit(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always) mutating func add(_ a: [UInt8]) { bytes.append(contentsOf: a) }

    @inline(__always) mutating func add(_ table: GenTable, _ i: Int) {
        let start = i == 0 ? 0 : table.ends[i - 1]
        let end = table.ends[i]
        let data = table.data
        for i in start..<end { bytes.append(data[i]) }
    }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func number(_ v: Int) {
        if v < 0 {
            bytes.append(0x2D)
            number(-v)
            return
        }
        if v < 10 {
            bytes.append(UInt8(48 + v))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = v
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 {
                buf[count] = UInt8(48 + n % 10)
                n /= 10
                count += 1
            }
            var i = count - 1
            while i >= 0 {
                bytes.append(buf[i])
                i -= 1
            }
        }
    }

    /// `v` with at least `width` digits, zero-padded.
    mutating func padded(_ v: Int, _ width: Int) {
        var w = 1
        var p = 10
        while p <= v { w += 1; p *= 10 }
        var k = width - w
        while k > 0 { bytes.append(0x30); k -= 1 }
        number(v)
    }

    @inline(__always) mutating func two(_ v: Int) {
        bytes.append(UInt8(48 + v / 10))
        bytes.append(UInt8(48 + v % 10))
    }
}

/// Turns the simulation's records into lines.
struct GenRenderer {
    let world: GenWorld
    let idWidth: Int
    var out = GenOut()
    private var dateCache: [Int: [UInt8]] = [:]
    private var dstCache: [Int: (Int64, Int64)] = [:]
    private let portBytes: [[UInt8]]
    private let goodsText: [[UInt8]]
    private let goodsHs: [[[UInt8]]]
    private let vagueText: [[UInt8]]
    private let here: [UInt8]
    private let hereCountry: [UInt8]
    private let place: [UInt8]
    private let police: [UInt8]
    private let terminals: [[UInt8]]
    private let parties: GenTable
    private let boxNumbers: [UInt8]
    private let scac: [[UInt8]]
    private let sealPrefix: [[UInt8]]
    private let goodsIso: [[[UInt8]]]
    /// Standard offset of the port's clock (minutes) for customs systems
    /// that stamp local time, and whether it keeps EU summer time.
    private let localOffset: Int?

    init(world: GenWorld, idWidth: Int) {
        self.world = world
        self.idWidth = idWidth
        portBytes = world.portCodes.map { Array($0.utf8) }
        goodsText = GenData.goods.map { GenJSON.quoted($0.text) }
        goodsHs = GenData.goods.map { $0.hs.map { Array($0.utf8) } }
        vagueText = GenData.vagueGoods.map { GenJSON.quoted($0) }
        here = Array(world.options.port.utf8)
        hereCountry = Array(world.options.port.prefix(2).utf8)
        place = Array(world.placeCode.utf8)
        police = world.options.port == "BEANR" ? Array("SCH".utf8) : Array(world.placeCode.utf8)
        terminals = world.terminals.map { Array($0.utf8) }
        parties = world.parties
        boxNumbers = world.boxNumbers
        scac = GenData.carriers.map { Array($0.scac.utf8) }
        sealPrefix = GenData.carriers.map { Array($0.sealPrefix.utf8) }
        goodsIso = GenData.goods.map { $0.iso.map { Array($0.utf8) } }
        switch String(world.options.port.prefix(2)) {
        case "BE", "NL", "DE", "FR", "ES", "IT", "PL", "DK", "SE", "NO", "AT", "HR", "SI", "MT", "LU":
            localOffset = 60
        case "GB", "IE", "PT":
            localOffset = 0
        default:
            localOffset = nil
        }
    }

    // MARK: Time

    private mutating func date(_ day: Int) -> [UInt8] {
        if let d = dateCache[day] { return d }
        let d = Array(Timestamp.fromDay(day).dateString.utf8)
        dateCache[day] = d
        return d
    }

    /// EU summer time: last Sunday of March 01:00Z to last Sunday of October 01:00Z.
    private mutating func summerTime(_ ms: Int64) -> Bool {
        let year = Timestamp(ms: ms).year
        let range: (Int64, Int64)
        if let r = dstCache[year] {
            range = r
        } else {
            func lastSunday(_ month: Int) -> Int64 {
                let d = Timestamp.daysFromCivil(year: year, month: month, day: 31)
                let weekday = ((d + 4) % 7 + 7) % 7  // 0 = Sunday; 1970-01-01 was a Thursday
                return Int64(d - weekday) * GenTime.day + GenTime.hour
            }
            range = (lastSunday(3), lastSunday(10))
            dstCache[year] = range
        }
        return ms >= range.0 && ms < range.1
    }

    /// RFC 3339: UTC with `Z`, or local time with its offset; no zone at all
    /// for the deliberately bad line.
    private mutating func time(_ utc: Int64, local: Bool, zone: Bool) {
        var offset = 0
        if local, let base = localOffset { offset = base + (summerTime(utc) ? 60 : 0) }
        let ms = utc + Int64(offset) * GenTime.minute
        let day = Int(ms >= 0 ? ms / GenTime.day : (ms - GenTime.day + 1) / GenTime.day)
        let inDay = Int(ms - Int64(day) * GenTime.day)
        out.add(date(day))
        out.byte(0x54)  // T
        let secs = inDay / 1000
        out.two(secs / 3600)
        out.byte(0x3A)
        out.two(secs / 60 % 60)
        out.byte(0x3A)
        out.two(secs % 60)
        let millis = inDay % 1000
        if millis != 0 {
            out.byte(0x2E)
            out.padded(millis, 3)
        }
        guard zone else { return }
        if local && localOffset != nil {
            out.byte(0x2B)  // +
            out.two(offset / 60)
            out.byte(0x3A)
            out.two(offset % 60)
        } else {
            out.byte(0x5A)  // Z
        }
    }

    // MARK: Pieces

    private mutating func containerNumber(_ box: Int, badCheck: Bool) {
        let base = box * 11
        out.byte(0x22)
        let numbers = boxNumbers
        for i in base..<base + 10 { out.bytes.append(numbers[i]) }
        var check = numbers[base + 10]
        if badCheck { check = UInt8(48 + (Int(check) - 48 + 1 + box % 9) % 10) }
        out.byte(check)
        out.byte(0x22)
    }

    private mutating func port(_ i: Int) {
        out.byte(0x22)
        out.add(portBytes[i])
        out.byte(0x22)
    }

    private mutating func terminal(_ i: Int) {
        out.lit(",\"terminal\":\"")
        out.add(terminals[i % terminals.count])
        out.byte(0x22)
    }

    private mutating func imo(_ call: Int32) {
        out.lit("\"")
        out.add(world.vessels[world.calls[Int(call)].vessel].imo)
        out.lit("\"")
    }

    private mutating func carrierSeal(_ b: GenBox, number: Int32) {
        out.byte(0x22)
        out.add(sealPrefix[Int(b.carrier)])
        out.padded(Int(number), 7)
        out.byte(0x22)
    }

    /// A cloned or replacement seal: same carrier style, another number.
    private func cloneSeal(_ seal: Int32) -> Int32 { (seal + 1 + seal % 97) % 10_000_000 }

    private mutating func otherSeal(_ b: GenBox, number: Int32, source: UInt8) {
        out.lit("{\"no\":\"")
        switch source {
        case 1: out.lit("SH")
        case 2: out.add(Array(portBytes[Int(b.pol)].prefix(2)))
        case 3: out.lit("VET")
        default: out.add(hereCountry)
        }
        if source == 3 { out.padded(Int(number % 1_000_000), 6) } else { out.padded(Int(number % 10_000_000), 7) }
        switch source {
        case 1: out.lit("\",\"source\":\"SHI\"}")
        case 3: out.lit("\",\"source\":\"VET\"}")
        default: out.lit("\",\"source\":\"CUS\"}")
        }
    }

    private mutating func seals(_ b: GenBox, extra: Int32 = 0, extraSource: UInt8 = 0) {
        out.lit(",\"seals\":[{\"no\":")
        carrierSeal(b, number: b.seal)
        out.lit(",\"source\":\"CAR\"}")
        if b.seal2 != 0 {
            out.byte(0x2C)
            otherSeal(b, number: b.seal2, source: b.seal2Source)
        }
        if extra != 0 {
            out.byte(0x2C)
            otherSeal(b, number: extra, source: extraSource)
        }
        out.byte(0x5D)
    }

    private mutating func goods(_ b: GenBox, _ goods: Int16, vague: UInt8) {
        if vague > 0 {
            out.lit(",\"goods\":")
            out.add(vagueText[Int(vague) - 1])
            return
        }
        let g = Int(goods)
        out.lit(",\"goods\":")
        out.add(goodsText[g])
        let hs = goodsHs[g]
        out.lit(",\"hs\":")
        if b.hsAsString && hs.count == 1 {
            out.byte(0x22)
            out.add(hs[0])
            out.byte(0x22)
            return
        }
        out.byte(0x5B)
        for (i, h) in hs.enumerated() {
            if i > 0 { out.byte(0x2C) }
            out.byte(0x22)
            out.add(h)
            out.byte(0x22)
        }
        out.byte(0x5D)
    }

    private mutating func releaseRef(_ b: GenBox) {
        out.byte(0x22)
        out.add(hereCountry)
        out.two(Int(b.releaseYear))
        out.lit("REL")
        out.padded(Int(b.release), 7)
        out.byte(0x22)
    }

    // MARK: Lines

    /// Appends one line (with its newline) for `e`, numbered `id`.
    mutating func line(_ e: GenEvent, id: Int) {
        let start = out.bytes.count
        out.lit("{\"id\":\"ev-")
        out.padded(id, idWidth)
        out.lit("\",\"ts\":\"")
        time(e.ts, local: e.type == .customsHold || e.type == .customsRelease, zone: e.defect != .tsWithoutOffset)
        out.lit("\",\"type\":\"")
        if e.defect == .unknownType {
            switch e.uid % 3 {
            case 0: out.lit("reefer_alarm")
            case 1: out.lit("container_wash")
            default: out.lit("gate_transit")
            }
        } else {
            out.lit(e.type.name)
        }
        out.lit("\",\"port\":\"")
        if e.defect == .badLocode {
            switch e.uid % 4 {
            case 0: out.add(Array(world.options.port.lowercased().utf8))
            case 1: out.add(Array(here.prefix(4))); out.byte(0x31)
            case 2: out.add(Array(here.prefix(2))); out.byte(0x20); out.add(Array(here.suffix(3)))
            default: out.add(Array(here.prefix(4)))
            }
        } else {
            out.add(here)
        }
        out.byte(0x22)
        if e.type == .vesselArrival {
            vesselArrival(e)
        } else {
            let boxIndex = Int(e.box)
            if e.defect != .missingField {
                out.lit(",\"container\":")
                containerNumber(boxIndex, badCheck: e.defect == .badCheckDigit)
            }
            body(e, world.boxes[boxIndex])
        }
        out.byte(0x7D)
        if e.defect == .truncated {
            let length = out.bytes.count - start
            let fraction = 35 + Int((UInt32(bitPattern: e.uid) &* 2_654_435_761) % 50)
            var cut = start + length * fraction / 100
            while cut > start && out.bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            out.bytes.removeSubrange(cut...)
        }
        out.byte(0x0A)
    }

    private mutating func vesselArrival(_ e: GenEvent) {
        let call = world.calls[Int(e.ref)]
        let v = world.vessels[call.vessel]
        out.lit(",\"vessel_imo\":\"")
        out.add(v.imo)
        out.lit("\",\"vessel_name\":")
        out.add(v.name)
        out.lit(",\"voyage\":\"")
        out.add(call.voyage)
        out.lit("\",\"from\":")
        port(call.from)
        terminal(call.terminal)
    }

    private mutating func body(_ e: GenEvent, _ b: GenBox) {
        let term = Int(b.terminal)
        switch e.type {
        case .vesselArrival:
            break
        case .manifest:
            manifest(b)
        case .amendment:
            amendment(world.amendments[Int(e.ref)], b)
        case .discharge, .load:
            let call = world.calls[Int(e.ref)]
            terminal(call.terminal)
            out.lit(",\"vessel_imo\":")
            imo(e.ref)
        case .gateIn, .gateOut:
            terminal(term)
            out.lit(",\"seal\":")
            carrierSeal(b, number: e.variant & GenGateFlag.sealMismatch != 0 ? cloneSeal(b.seal) : b.seal)
            if e.variant & GenGateFlag.measured != 0 {
                out.lit(",\"measured_kg\":")
                out.number(Int(e.num))
            }
            if e.type == .gateOut && e.variant & GenGateFlag.noRelease == 0 {
                out.lit(",\"release_ref\":")
                releaseRef(b)
            }
        case .scanSelected, .inspectionSelected:
            terminal(term)
        case .scanResult:
            terminal(term)
            out.lit(",\"result\":\"")
            out.lit((GenScanResult(rawValue: e.variant) ?? .clear).text)
            out.lit("\",\"scanner\":\"SCAN-")
            out.add(terminals[term % terminals.count])
            out.byte(0x2D)
            out.number(Int(e.num))
            out.byte(0x22)
        case .sealCheck:
            terminal(term)
            out.lit(",\"seal_seen\":")
            carrierSeal(b, number: e.variant != 0 ? cloneSeal(b.seal) : b.seal)
            out.lit(e.variant != 0 ? ",\"intact\":false" : ",\"intact\":true")
        case .inspectionResult:
            terminal(term)
            out.lit(",\"outcome\":\"")
            out.lit((GenOutcome(rawValue: e.variant) ?? .nothingFound).text)
            out.lit("\",\"team\":\"")
            if e.num > 100 {
                out.lit("POL-")
                out.add(police)
                out.byte(0x2D)
                out.number(Int(e.num) - 100)
            } else {
                out.lit("CUS-")
                out.add(place)
                out.byte(0x2D)
                out.number(Int(e.num))
            }
            out.byte(0x22)
        case .customsHold:
            out.lit(",\"reason\":\"")
            out.lit((GenHoldReason(rawValue: e.variant) ?? .documents).text)
            out.byte(0x22)
        case .customsRelease:
            out.lit(",\"release_ref\":")
            releaseRef(b)
        case .seizure:
            let s = world.seizures[Int(e.ref)]
            terminal(term)
            out.lit(",\"case_id\":\"")
            out.add(place)
            out.byte(0x2D)
            out.number(Int(s.caseYear))
            out.byte(0x2D)
            out.padded(Int(s.caseNumber), 4)
            out.lit("\",\"drug\":\"")
            out.lit(s.drug.text)
            out.lit("\",\"kg\":")
            out.number(Int(s.decikg / 10))
            if s.decikg % 10 != 0 {
                out.byte(0x2E)
                out.number(Int(s.decikg % 10))
            }
            out.lit(",\"packages\":")
            out.number(Int(s.packages))
            out.lit(",\"concealment\":\"")
            out.lit(s.concealment.text)
            out.lit("\",\"detection\":\"")
            out.lit(s.detection.text)
            out.lit("\",\"origin\":")
            port(Int(s.origin))
        }
    }

    private mutating func manifest(_ b: GenBox, amendment a: GenAmendment? = nil) {
        if a != nil { out.lit(",\"amends\":true") }
        out.lit(",\"bl\":\"")
        out.add(scac[Int(b.carrier)])
        let tag = portBytes[Int(b.kind == .exportBox ? b.pod : b.pol)]
        out.byte(tag[2] >= 0x41 ? tag[2] : 0x58)
        out.byte(tag[3] >= 0x41 ? tag[3] : 0x58)
        out.padded(Int(b.bl), 6)
        out.lit("\",\"shipper\":")
        out.add(parties, Int(b.shipper))
        out.lit(",\"consignee\":")
        if let a, a.consignee >= 0 {
            out.add(parties, Int(a.consignee))
        } else {
            out.add(parties, Int(b.consignee))
        }
        if let a, a.goods != Int16.min {
            goods(b, a.goods, vague: 0)
        } else {
            goods(b, b.goods, vague: b.vague)
        }
        out.lit(",\"declared_kg\":")
        out.number(Int(a.map { $0.declaredKg > 0 ? $0.declaredKg : b.declaredKg } ?? b.declaredKg))
        out.lit(",\"iso_type\":\"")
        let isoList = goodsIso[Int(b.goods)]
        out.add(isoList[Int(b.iso) % isoList.count])
        out.lit("\",\"pol\":")
        port(Int(b.pol))
        if b.hub >= 0 || b.viaHere {
            out.lit(",\"transship\":[")
            if b.hub >= 0 { port(Int(b.hub)) }
            if b.viaHere {
                if b.hub >= 0 { out.byte(0x2C) }
                out.byte(0x22)
                out.add(here)
                out.byte(0x22)
            }
            out.byte(0x5D)
        }
        out.lit(",\"pod\":")
        port(Int(b.pod))
        seals(b, extra: a?.addSeal ?? 0, extraSource: a?.addSealSource ?? 0)
        out.lit(",\"payment\":\"")
        out.lit((a?.payment ?? b.payment).text)
        out.lit("\",\"vessel_imo\":")
        imo(b.kind == .exportBox ? b.callOut : b.callIn)
    }

    private mutating func amendment(_ a: GenAmendment, _ b: GenBox) {
        if a.full {
            manifest(b, amendment: a)
            return
        }
        out.lit(",\"amends\":true")
        if a.consignee >= 0 {
            out.lit(",\"consignee\":")
            out.add(parties, Int(a.consignee))
        }
        if a.goods != Int16.min { goods(b, a.goods, vague: 0) }
        if a.declaredKg > 0 {
            out.lit(",\"declared_kg\":")
            out.number(Int(a.declaredKg))
        }
        if a.addSeal != 0 { seals(b, extra: a.addSeal, extraSource: a.addSealSource) }
        if let p = a.payment {
            out.lit(",\"payment\":\"")
            out.lit(p.text)
            out.byte(0x22)
        }
    }
}
