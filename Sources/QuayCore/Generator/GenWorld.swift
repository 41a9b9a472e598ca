/// The simulated port: vessel calls over a window around the span, and
/// boxes whose lives (manifest, discharge, customs, gate-out or load)
/// overlap the span. Only events inside the span are kept, as a feed that
/// was switched on at the start of the span would show them, except that:
/// - a box is never shown leaving after a release that happened before the
///   span (its history would read as a gate-out without release);
/// - a box with a story (seizure, inspection, gate-out without release, late
///   amendment, scan, weighbridge gap on export) is placed so that the story
///   falls inside the span, so those rates are per box of the feed whatever
///   its span, and a one-day sample shows them.
struct GenWorld {
    typealias T = GenTuning

    let options: GeneratorOptions
    let spanStart: Int64
    let spanEnd: Int64
    var rng: GenRNG

    // Ports.
    var portCodes: [String] = []
    var portIndex: [String: Int] = [:]
    var portRisk: [Bool] = []
    var portOrigin: [GenOrigin] = []
    var regionPorts: [[Int]] = []
    var regionPortPick: [GenWeighted] = []
    var hubPorts: [Int] = []
    var hubWeights: [Double] = []
    var here = 0
    let terminals: [String]
    let placeCode: String

    // Vessels and calls.
    var vessels: [GenVessel] = []
    var calls: [GenCall] = []
    var regionCalls: [[Int]] = []
    var regionArrivals: [[Int64]] = []
    var usedIMO = Set<Int>()
    var fleetCounter: [Int] = []

    // Goods.
    var goodsByOrigin: [[Int]] = []
    var goodsPick: [GenWeighted] = []
    var coverReefers: [Int] = []
    var coverReeferPick = GenWeighted([])

    // Parties: JSON-quoted names.
    var parties = GenTable()
    var nameCounter: [Int] = Array(repeating: 0, count: 13)
    var fruitImporters: [Int32] = []
    var coffeeImporters: [Int32] = []
    var generalImporters: [Int32] = []
    var importerPool: [Int32] = []
    var riskShippers: [Int32] = []
    var belgianExporters: [Int32] = []
    var exporterPool: [Int32] = []
    var shipperPools: [[Int32]] = []
    var foreignPools: [[Int32]] = []
    var fronts: [Int32] = []
    var hostile: [Int32] = []

    // Owner codes.
    var owners: [String] = []
    var ownerIndex: [String: Int] = [:]

    // Output of the simulation.
    var boxes: [GenBox] = []
    var boxNumbers: [UInt8] = []
    var usedNumbers = Set<Int64>()
    var amendments: [GenAmendment] = []
    var seizures: [GenSeizure] = []
    var events: [GenEvent] = []
    private var scratch: [GenEvent] = []
    /// The rare stories are drawn systematically, not by independent coin
    /// flips, so that a small feed shows close to its expected number of them.
    private var contrabandQuota = GenQuota()
    private var findQuota = GenQuota()
    private var fraudQuota = GenQuota()
    private var offsets: [(GenType, Int64, UInt8)] = []

    init(options: GeneratorOptions) {
        self.options = options
        spanStart = options.start.ms
        spanEnd = options.start.ms + Int64(options.days) * GenTime.day
        rng = GenRNG(seed: options.seed)
        contrabandQuota = GenQuota(start: rng.unit())
        findQuota = GenQuota(start: rng.unit())
        fraudQuota = GenQuota(start: rng.unit())
        terminals = GenData.terminals(for: options.port)
        placeCode = String(options.port.suffix(3))
        here = port(options.port)
        buildPorts()
        buildGoods()
        buildCalls()
        buildParties()
    }

    // MARK: Tables

    mutating func port(_ code: String) -> Int {
        if let i = portIndex[code] { return i }
        let i = portCodes.count
        portCodes.append(code)
        portIndex[code] = i
        portRisk.append(GenData.riskPorts.contains(code))
        portOrigin.append(.europe)
        return i
    }

    private mutating func buildPorts() {
        regionPorts = Array(repeating: [], count: GenRegion.allCases.count)
        var weights: [[Double]] = Array(repeating: [], count: GenRegion.allCases.count)
        for p in GenData.ports where p.code != options.port {
            let i = port(p.code)
            portOrigin[i] = p.origin
            regionPorts[p.region.rawValue].append(i)
            weights[p.region.rawValue].append(p.weight)
        }
        regionPortPick = weights.map(GenWeighted.init)
        for (code, w) in GenData.hubs {
            hubPorts.append(port(code))
            hubWeights.append(w)
        }
    }

    private mutating func buildGoods() {
        goodsByOrigin = Array(repeating: [], count: 12)
        var weights: [[Double]] = Array(repeating: [], count: 12)
        var coverWeights: [Double] = []
        for (i, g) in GenData.goods.enumerated() {
            goodsByOrigin[g.origin.rawValue].append(i)
            weights[g.origin.rawValue].append(g.weight)
            if g.origin == .latamRisk && g.cover && g.reefer {
                coverReefers.append(i)
                coverWeights.append(g.weight)
            }
        }
        goodsPick = weights.map(GenWeighted.init)
        coverReeferPick = GenWeighted(coverWeights)
    }

    private mutating func buildCalls() {
        let windowStart = spanStart - 50 * GenTime.day
        let windowEnd = spanEnd + 10 * GenTime.day
        let perDay = max(3.0, Double(options.containers) / Double(options.days) / 3000.0)
        fleetCounter = Array(repeating: 0, count: GenData.carriers.count)
        var list: [GenCall] = []
        for region in GenRegion.allCases {
            let rate = perDay * (GenData.callShare[region] ?? 0.1)
            let meanGap = Double(GenTime.day) / rate
            let carrierPick = GenWeighted(GenData.carriers.map { $0.regionWeight[region] ?? 0 })
            let fromList = (GenData.previousPorts[region] ?? []).filter { $0.0 != options.port }
            let fromPick = GenWeighted(fromList.map(\.1))
            let codes = GenData.serviceCodes[region] ?? ["XX"]
            var t = Double(windowStart) + rng.unit() * meanGap
            while t < Double(windowEnd) {
                let carrier = carrierPick.pick(&rng)
                let c = GenData.carriers[carrier]
                let termPick = GenWeighted(c.terminals.map(\.1))
                let terminal = c.terminals[termPick.pick(&rng)].0 % terminals.count
                let from = fromList.isEmpty ? here : port(fromList[fromPick.pick(&rng)].0)
                var voyage = Array(codes[rng.below(codes.count)].utf8)
                let n = 100 + rng.below(900)
                voyage += [UInt8(48 + n / 100), UInt8(48 + n / 10 % 10), UInt8(48 + n % 10)]
                voyage.append(Array("NESWRA".utf8)[rng.below(6)])
                let vessel = newVessel(carrier)
                let arrival = Int64(t) / GenTime.minute * GenTime.minute
                list.append(GenCall(arrival: arrival, region: region, carrier: carrier, vessel: vessel, terminal: terminal,
                                    from: from, voyage: voyage))
                t += meanGap * rng.real(0.3, 1.7)
            }
        }
        list.sort { $0.arrival != $1.arrival ? $0.arrival < $1.arrival : $0.region.rawValue < $1.region.rawValue }
        calls = list
        regionCalls = Array(repeating: [], count: GenRegion.allCases.count)
        for (i, c) in calls.enumerated() { regionCalls[c.region.rawValue].append(i) }
        regionArrivals = regionCalls.map { $0.map { calls[$0].arrival } }
    }

    /// A vessel of `carrier` with an IMO number of its own; one in twenty
    /// carries a wrong check digit, as real registries do.
    private mutating func newVessel(_ carrier: Int) -> Int {
        let names = GenData.carriers[carrier].vessels
        let k = fleetCounter[carrier]
        fleetCounter[carrier] += 1
        var name = names[(k * 7 + carrier) % names.count]
        if k >= names.count { name += " " + GenWorld.roman(k / names.count + 1) }
        var six = 0
        repeat { six = 930_000 + rng.below(60_000) } while !usedIMO.insert(six).inserted
        var imo = Array(IMONumber.completing(six).utf8)
        if rng.chance(0.05) {
            let check = Int(imo[6] - 48)
            imo[6] = UInt8(48 + (check + 1 + rng.below(9)) % 10)
        }
        vessels.append(GenVessel(imo: imo, name: GenJSON.quoted(name)))
        return vessels.count - 1
    }

    static func roman(_ n: Int) -> String {
        let table: [(Int, String)] = [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var n = n
        var s = ""
        for (v, r) in table { while n >= v { s += r; n -= v } }
        return s
    }

    // MARK: Parties

    private mutating func addParty(_ name: String) -> Int32 {
        parties.append(GenJSON.quoted(name))
        return Int32(parties.count - 1)
    }

    private static func styleId(_ origin: GenOrigin) -> Int {
        switch origin {
        case .belgium: return 0
        case .latamRisk, .latamOther: return 1
        case .asia: return 2
        case .northAmerica: return 3
        case .turkey: return 4
        case .morocco: return 5
        case .southAfrica: return 6
        case .westAfrica: return 7
        case .india: return 8
        case .eastMed: return 9
        case .europe: return 10
        }
    }

    /// A name never used before, in the style of `origin` (`nil`: front company).
    private mutating func newName(_ origin: GenOrigin?, exporter: Bool = false) -> Int32 {
        let style: GenNameStyle
        let id: Int
        if exporter {
            style = .belgianExporter
            id = 12
        } else if let origin {
            style = GenNameStyle.forOrigin(origin)
            id = GenWorld.styleId(origin)
        } else {
            style = .front
            id = 11
        }
        let k = nameCounter[id]
        nameCounter[id] += 1
        return addParty(style.name(k))
    }

    private mutating func buildParties() {
        let n = max(1, options.containers)
        fruitImporters = GenFixedNames.fruitImporters.map { addParty($0) }
        coffeeImporters = GenFixedNames.coffeeImporters.map { addParty($0) }
        generalImporters = GenFixedNames.generalImporters.map { addParty($0) }
        riskShippers = GenFixedNames.riskShippers.map { addParty($0) }
        belgianExporters = GenFixedNames.belgianExporters.map { addParty($0) }
        hostile = GenFixedNames.hostile.map { addParty($0) }
        let frontCount = max(3, n / 1000)
        for i in 0..<frontCount {
            fronts.append(i < GenFixedNames.fronts.count ? addParty(GenFixedNames.fronts[i]) : newName(nil))
        }
        for _ in 0..<max(30, n / 40) { importerPool.append(newName(.belgium)) }
        for _ in 0..<max(20, n / 60) { exporterPool.append(newName(nil, exporter: true)) }
        shipperPools = Array(repeating: [], count: 12)
        foreignPools = Array(repeating: [], count: 12)
        let origins: [GenOrigin] = [.latamRisk, .latamOther, .asia, .northAmerica, .turkey, .morocco, .southAfrica,
                                    .westAfrica, .india, .eastMed, .europe]
        for o in origins {
            for _ in 0..<max(8, n / 100) { shipperPools[o.rawValue].append(newName(o)) }
            for _ in 0..<max(8, n / 150) { foreignPools[o.rawValue].append(newName(o)) }
        }
    }

    /// Skewed towards the front of `pool`: a few names carry most boxes.
    private mutating func skewed(_ pool: [Int32]) -> Int32 {
        let u = rng.unit()
        return pool[min(pool.count - 1, Int(u * u * Double(pool.count)))]
    }

    // MARK: Picks

    private mutating func pickRegion(_ list: [(GenRegion, Double)]) -> GenRegion {
        var x = rng.unit() * list.reduce(0) { $0 + $1.1 }
        for (r, w) in list {
            if x < w { return r }
            x -= w
        }
        return list[list.count - 1].0
    }

    private mutating func pickPort(_ region: GenRegion) -> Int {
        let list = regionPorts[region.rawValue]
        if list.isEmpty { return here }
        return list[regionPortPick[region.rawValue].pick(&rng)]
    }

    private mutating func pickHub(not pol: Int) -> Int {
        for _ in 0..<8 {
            let h = hubPorts[GenWeighted(hubWeights).pick(&rng)]
            if h != pol { return h }
        }
        return -1
    }

    private mutating func pickGoods(_ origin: GenOrigin) -> Int {
        let list = goodsByOrigin[origin.rawValue]
        if list.isEmpty { return goodsByOrigin[GenOrigin.asia.rawValue][0] }
        return list[goodsPick[origin.rawValue].pick(&rng)]
    }

    /// A call on `region` arriving in [from, to), else the nearest one.
    private mutating func pickCall(_ region: GenRegion, from: Int64, to: Int64) -> Int {
        let r = regionCalls[region.rawValue].isEmpty ? GenRegion.asia.rawValue : region.rawValue
        let a = regionArrivals[r].withUnsafeBufferPointer { GenWorld.firstAtOrAfter($0, from) }
        let b = regionArrivals[r].withUnsafeBufferPointer { GenWorld.firstAtOrAfter($0, to) }
        let list = regionCalls[r]
        if b > a { return list[a + rng.below(b - a)] }
        return list[min(a, list.count - 1)]
    }

    private static func firstAtOrAfter(_ times: UnsafeBufferPointer<Int64>, _ t: Int64) -> Int {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private mutating func newContainer(carrier: Int, reefer: Bool) -> Int {
        let c = GenData.carriers[carrier]
        let lessor = rng.chance(0.4)
        let list = reefer ? (lessor ? GenData.lessorReeferOwners : c.reeferOwners) : (lessor ? GenData.lessorOwners : c.owners)
        let owner = list[rng.below(list.count)]
        let oi: Int
        if let i = ownerIndex[owner] { oi = i } else {
            oi = owners.count
            owners.append(owner)
            ownerIndex[owner] = oi
        }
        var serial = 0
        repeat { serial = rng.below(1_000_000) } while !usedNumbers.insert(Int64(oi) << 20 | Int64(serial)).inserted
        let digits = String(serial)
        let ten = String(owner.prefix(3)) + "U" + String(repeating: "0", count: 6 - digits.count) + digits
        guard let number = ContainerNumber.completing(ten) else { preconditionFailure("bad container prefix \(ten)") }
        boxNumbers += Array(number.text.utf8)
        return boxNumbers.count / 11 - 1
    }

    private mutating func payment(unusual p: Double) -> GenPayment {
        if rng.chance(p) { return rng.chance(0.45) ? .cash : .thirdParty }
        return rng.chance(0.63) ? .prepaid : .collect
    }

    /// Weighbridge reading for a declared weight.
    private mutating func measured(_ declared: Int32, gap: Bool) -> Int32 {
        let d = Double(declared)
        let f: Double
        if gap {
            f = rng.real(0.12, 0.35) * (rng.chance(0.7) ? 1 : -1)
        } else if rng.chance(T.weightDrift) {
            f = rng.real(0.035, 0.09) * (rng.chance(0.5) ? 1 : -1)
        } else {
            f = (rng.unit() + rng.unit() - 1) * 0.025
        }
        return Int32((d * (1 + f) / 10).rounded()) * 10
    }

    private mutating func daytime(_ t: Int64) -> Int64 {
        let dayStart = t - ((t % GenTime.day) + GenTime.day) % GenTime.day
        let hour = (t - dayStart) / GenTime.hour
        if hour < 5 && rng.chance(0.7) { return dayStart + 6 * GenTime.hour + rng.between(0, 4 * GenTime.hour) }
        return t
    }

    private mutating func dwell() -> Int64 {
        let u = rng.unit()
        if u < 0.05 { return rng.between(8 * GenTime.hour, GenTime.day) }
        if u < 0.70 { return rng.between(GenTime.day, 8 * GenTime.day) }
        if u < 0.95 { return rng.between(8 * GenTime.day, 15 * GenTime.day) }
        return rng.between(15 * GenTime.day, 40 * GenTime.day)
    }

    private mutating func releaseGap() -> Int64 {
        if rng.chance(0.02) { return rng.between(10 * GenTime.minute, 2 * GenTime.hour) }
        let u = rng.unit()
        return 2 * GenTime.hour + Int64(u * u * Double(70 * GenTime.hour))
    }

    // MARK: Boxes

    mutating func run() {
        boxes.reserveCapacity(options.containers)
        events.reserveCapacity(options.containers * 3)
        for _ in 0..<options.containers {
            let u = rng.unit()
            if u < T.importShare {
                makeInbound(transship: false)
            } else if u < T.importShare + T.exportShare {
                makeExport()
            } else {
                makeInbound(transship: true)
            }
        }
        for (i, c) in calls.enumerated() where c.arrival >= spanStart && c.arrival < spanEnd {
            events.append(GenEvent(ts: c.arrival, box: -1, ref: Int32(i), type: .vesselArrival))
        }
    }

    private func inSpan(_ t: Int64) -> Bool { t >= spanStart && t < spanEnd }

    private mutating func commit(_ box: GenBox) {
        let index = Int32(boxes.count)
        boxes.append(box)
        // With manifest history, a box seen in the span brings its manifest
        // filed before it, as a console that kept its history would have it.
        let history = options.manifestHistory && scratch.contains { inSpan($0.ts) }
        for var e in scratch where inSpan(e.ts) || (history && e.type == .manifest && e.ts < spanStart) {
            e.box = index
            events.append(e)
        }
    }

    private mutating func pickConcealment() -> GenConcealment {
        let u = rng.unit()
        if u < 0.70 { return .ripOnRipOff }
        if u < 0.82 { return .coverLoad }
        if u < 0.87 { return .reeferUnit }
        if u < 0.95 { return .structure }
        return .insideGoods
    }

    private mutating func pickDrug(_ origin: GenOrigin, riskRoute: Bool) -> GenDrug {
        let u = rng.unit()
        if riskRoute || origin == .latamRisk || origin == .latamOther {
            return u < 0.94 ? .cocaine : (u < 0.97 ? .synthetic : .cannabis)
        }
        switch origin {
        case .morocco: return u < 0.9 ? .cannabis : .cocaine
        case .india, .turkey, .eastMed: return u < 0.6 ? .heroin : (u < 0.8 ? .synthetic : .cocaine)
        case .westAfrica: return u < 0.7 ? .cocaine : .cannabis
        default: return u < 0.5 ? .cocaine : .synthetic
        }
    }

    private mutating func seizedKg(_ drug: GenDrug, _ concealment: GenConcealment) -> Int32 {
        let u = rng.unit()
        var kg: Double
        if concealment == .ripOnRipOff {
            kg = 20 + 380 * u * u  // sports bags behind the doors
        } else if u < 0.85 {
            kg = 20 + 480 * rng.unit() * rng.unit()
        } else if u < 0.97 {
            kg = rng.real(500, 1500)
        } else {
            kg = rng.real(1500, 8000)  // the rare multi-tonne haul
        }
        if drug == .heroin || drug == .synthetic { kg = max(5, kg / 4) }
        return Int32((kg * 2).rounded()) * 5
    }

    private mutating func makeInbound(transship: Bool) {
        let region = transship ? pickRegion(GenData.transshipInRegions) : pickRegion(GenData.importRegions)
        let pol = pickPort(region)
        let origin = portOrigin[pol]
        let risk = portRisk[pol]
        var hub = -1
        if region == .latam {
            if rng.chance(risk ? T.hubFromRiskPort : T.hubFromOtherLatam) { hub = pickHub(not: pol) }
        } else if rng.chance(T.hubFromElsewhere) {
            hub = pickHub(not: pol)
        }
        let riskRoute = risk || hub >= 0
        var pc = risk ? T.contrabandRiskPort : (hub >= 0 ? T.contrabandViaHub : T.contrabandOther(origin))
        if transship { pc *= 0.5 }
        let contraband = contrabandQuota.take(pc)
        let concealment = contraband ? pickConcealment() : .ripOnRipOff
        let rip = contraband && concealment == .ripOnRipOff

        // Goods.
        var goods = pickGoods(origin)
        if contraband && (concealment == .coverLoad || concealment == .reeferUnit) && !GenData.goods[goods].reefer {
            goods = coverReefers[coverReeferPick.pick(&rng)]
        }
        let g = GenData.goods[goods]
        let vague = !g.reefer && rng.chance(contraband && !rip ? T.vagueGoodsContraband : T.vagueGoods)

        // Manifest story.
        var late = false
        var normalAmend = false
        if contraband && !rip {
            late = rng.chance(T.lateAmendmentContraband)
        } else if g.reefer && g.cover && riskRoute {
            // Fruit is often sold while afloat: consignee changes are common.
            if rng.chance(T.amendmentAfloat) {
                if rng.chance(T.lateShareAfloat) { late = true } else { normalAmend = true }
            }
        } else if rng.chance(T.amendment) {
            if rng.chance(T.lateShareOfAmendments) { late = true } else { normalAmend = true }
        }
        let pay = payment(unusual: contraband && !rip ? T.unusualPaymentContraband : T.unusualPayment)
        let gap = rng.chance(contraband && (concealment == .structure || concealment == .insideGoods) ? T.weightGapContraband : T.weightGap)
        let mismatch = rip && rng.chance(T.ripSealMismatch)
        let coverRisk = g.reefer && g.cover && riskRoute

        // Parties.
        var box = GenBox()
        var consignee: Int32
        var shipper: Int32
        let outRegion = transship ? pickRegion(GenData.transshipOutRegions) : .europe
        if transship {
            let pod = pickPort(outRegion)
            let pool = foreignPools[portOrigin[pod].rawValue]
            consignee = rng.chance(0.9) ? skewed(pool) : newName(portOrigin[pod])
            box.pod = UInt16(pod)
        } else {
            box.pod = UInt16(here)
            if contraband {
                if rip {
                    consignee = rng.chance(0.5) ? skewed(importerPool) : newName(.belgium)
                } else {
                    consignee = rng.chance(0.6) ? fronts[rng.below(fronts.count)] : newName(.belgium)
                }
            } else {
                let u = rng.unit()
                if u < T.regularConsignee {
                    let fixed: [Int32]
                    if g.hs[0].hasPrefix("0901") || g.hs[0].hasPrefix("1801") {
                        fixed = coffeeImporters
                    } else if g.reefer && (g.cover || g.hs[0].hasPrefix("08")) {
                        fixed = fruitImporters
                    } else {
                        fixed = generalImporters
                    }
                    consignee = skewed(fixed)
                } else if u < 1 - T.oneOffConsignee {
                    consignee = skewed(importerPool)
                } else {
                    consignee = newName(.belgium)
                }
            }
            if rng.chance(0.0005) { consignee = hostile[rng.below(hostile.count)] }
        }
        if contraband {
            shipper = rng.chance(0.8) ? newName(origin) : skewed(shipperPools[origin.rawValue])
        } else if origin == .latamRisk && rng.chance(0.4) {
            shipper = skewed(riskShippers)
        } else {
            shipper = rng.chance(0.95) ? skewed(shipperPools[origin.rawValue]) : newName(origin)
        }
        if rng.chance(0.0005) { shipper = hostile[rng.below(hostile.count)] }

        // Customs path.
        let scanP = contraband ? T.scanContraband
            : transship ? (riskRoute ? T.scanViaHub : T.scanTransship)
            : risk ? T.scanRiskPort : hub >= 0 ? T.scanViaHub : T.scanOther
        let scanned = rng.chance(scanP)
        var scanResult = GenScanResult.clear
        if scanned {
            let u = rng.unit()
            if contraband {
                let a = rip ? 0.45 : 0.6
                scanResult = u < a ? .anomaly : (u < a + 0.1 ? .inconclusive : .clear)
            } else {
                scanResult = u < T.anomalyInnocent ? .anomaly : (u < T.anomalyInnocent + T.inconclusiveInnocent ? .inconclusive : .clear)
            }
        }
        var detection: GenDetection?
        if mismatch && rng.chance(T.inspectOnMismatch) {
            detection = rng.chance(0.1) ? .dog : .riskProfile
        } else if scanned && scanResult == .anomaly && rng.chance(T.inspectOnAnomaly) {
            detection = .scan
        } else if scanned && scanResult == .inconclusive && rng.chance(T.inspectOnInconclusive) {
            detection = .scan
        } else if coverRisk && late && rng.chance(T.inspectCoverLateAmendment) {
            detection = .riskProfile
        } else if contraband && rng.chance(T.tipOff) {
            detection = .tipOff
        } else if contraband && g.reefer && rng.chance(T.dogOnReefer) {
            detection = .dog
        } else if rng.chance(risk ? T.profileRiskPort : T.profileOther) {
            detection = rng.chance(0.7) ? .riskProfile : .routine
        }
        let inspected = detection != nil
        var outcome = GenOutcome.nothingFound
        if inspected {
            if contraband {
                outcome = findQuota.take(rip ? T.findRateRipOff : T.findRate) ? .seizure : .nothingFound
            } else if rng.chance(T.discrepancy) {
                outcome = .discrepancy
            }
        }
        let seized = outcome == .seizure
        var holdReason: GenHoldReason?
        if seized {
            holdReason = .narcotics
        } else if outcome == .discrepancy {
            holdReason = .misdeclared
        } else if !transship && rng.chance(T.otherHold) {
            holdReason = g.reefer ? .sanitary : .documents
        }
        let fraud = !transship && !seized && fraudQuota.take(contraband && !inspected ? T.fraudGateContrabandMissed : T.fraudGate)
        let team: Int32 = detection == .tipOff && rng.chance(0.6)
            ? Int32(101 + rng.below(GenData.policeTeams)) : Int32(1 + rng.below(GenData.customsTeams))
        let scanner = Int32(1 + rng.below(2))

        // A box with a story (customs found something, it left without
        // release, its manifest changed late, it was scanned) is placed so
        // that the story is inside the span: the rates above are then the
        // rates a feed shows, whatever its span.
        let focus: [GenType]
        if seized {
            focus = [.seizure]
        } else if inspected {
            focus = [.inspectionResult]
        } else if fraud {
            focus = [.gateOut]
        } else if late {
            focus = [.amendment, .discharge]
        } else if scanned {
            focus = [.scanResult]
        } else {
            focus = []
        }

        // Timing: draw offsets from the vessel's arrival, then a call that puts
        // some of them inside the span.
        var callIn = 0
        var callOut = -1
        var releaseTs: Int64 = 0
        var seizureTs: Int64 = 0
        for attempt in 0..<T.maxAttempts {
            scratch.removeAll(keepingCapacity: true)
            let dOff = rng.between(GenTime.hour, 22 * GenTime.hour)
            let lead = normalAmend ? rng.between(30 * GenTime.hour, 120 * GenTime.hour) : rng.between(24 * GenTime.hour, 120 * GenTime.hour)
            offsets.removeAll(keepingCapacity: true)
            offsets.append((.manifest, -lead, 0))
            if normalAmend {
                offsets.append((.amendment, -lead + rng.between(30 * GenTime.minute, lead - 24 * GenTime.hour - 10 * GenTime.minute), 0))
            } else if late {
                let off = rng.chance(0.5) ? -rng.between(GenTime.hour, 23 * GenTime.hour) : dOff + rng.between(15 * GenTime.minute, 36 * GenTime.hour)
                offsets.append((.amendment, off, 0))
            }
            offsets.append((.discharge, dOff, 0))
            var cur = dOff
            if scanned {
                cur += rng.between(30 * GenTime.minute, 10 * GenTime.hour)
                offsets.append((.scanSelected, cur, 0))
                cur += rng.between(20 * GenTime.minute, 4 * GenTime.hour)
                offsets.append((.scanResult, cur, scanResult.rawValue))
            }
            if inspected {
                cur += rng.between(20 * GenTime.minute, 10 * GenTime.hour)
                offsets.append((.inspectionSelected, cur, 0))
                cur += rng.between(30 * GenTime.minute, 6 * GenTime.hour)
                offsets.append((.sealCheck, cur, mismatch ? 1 : 0))
                cur += rng.between(30 * GenTime.minute, 5 * GenTime.hour)
                offsets.append((.inspectionResult, cur, outcome.rawValue))
            }
            var releaseAfter = cur
            if let reason = holdReason {
                cur += rng.between(2 * GenTime.minute, 40 * GenTime.minute)
                offsets.append((.customsHold, cur, reason.rawValue))
                releaseAfter = cur + rng.between(GenTime.day, 3 * GenTime.day)
            }
            if seized {
                cur += rng.between(15 * GenTime.minute, 3 * GenTime.hour)
                offsets.append((.seizure, cur, 0))
            }
            var hi = cur
            if !seized && !transship {
                if fraud {
                    let gate = dOff + rng.between(2 * GenTime.hour, 36 * GenTime.hour)
                    offsets.append((.gateOut, max(gate, cur + 20 * GenTime.minute), GenGateFlag.noRelease))
                } else {
                    var gate = dOff + dwell()
                    let earliest = max(releaseAfter + 15 * GenTime.minute, dOff + 30 * GenTime.minute)
                    let release = max(earliest, gate - releaseGap())
                    if gate < release + 10 * GenTime.minute { gate = release + rng.between(10 * GenTime.minute, 6 * GenTime.hour) }
                    offsets.append((.customsRelease, release, 0))
                    offsets.append((.gateOut, gate, 0))
                }
            }
            var lo = Int64.max
            var focusLo = Int64.max
            var focusHi = Int64.min
            for o in offsets {
                lo = min(lo, o.1)
                hi = max(hi, o.1)
                if focus.contains(o.0) {
                    focusLo = min(focusLo, o.1)
                    focusHi = max(focusHi, o.1)
                }
            }
            if transship && !seized { hi = max(hi, dOff + 8 * GenTime.day) }
            let anchored = attempt < T.maxAttempts - T.unanchoredAttempts && focusLo <= focusHi
            if anchored {
                if focusHi - focusLo >= spanEnd - spanStart - GenTime.minute { continue }
                callIn = pickCall(region, from: spanStart - focusLo, to: spanEnd - focusHi)
            } else {
                callIn = pickCall(region, from: spanStart - hi, to: spanEnd - lo)
            }
            let arrival = calls[callIn].arrival
            callOut = -1
            for o in offsets {
                var t = (arrival + o.1) / GenTime.second * GenTime.second
                if o.0 == .gateOut { t = daytime(t) + Int64(rng.below(1000)) }
                if o.0 == .gateOut, let r = scratch.last, r.type == .customsRelease, t <= r.ts + GenTime.minute {
                    t = r.ts + rng.between(10 * GenTime.minute, 3 * GenTime.hour) / GenTime.second * GenTime.second + Int64(rng.below(1000))
                }
                scratch.append(GenEvent(ts: t, box: 0, type: o.0, variant: o.2))
            }
            if transship && !seized {
                let earliest = arrival + max(dOff + 20 * GenTime.hour, cur + 2 * GenTime.hour)
                callOut = pickCall(outRegion, from: earliest, to: arrival + dOff + 7 * GenTime.day)
                var t = calls[callOut].arrival + rng.between(4 * GenTime.hour, 26 * GenTime.hour)
                if t < earliest { t = earliest + rng.between(GenTime.hour, 12 * GenTime.hour) }
                t = t / GenTime.second * GenTime.second
                scratch.append(GenEvent(ts: t, box: 0, type: .load))
            }
            // Accept when something falls in the span, and never show a
            // gate-out whose release happened before the span.
            var hit = false
            var gateInSpan = false
            var releaseInSpan = false
            var focusMissed = false
            for e in scratch {
                if inSpan(e.ts) {
                    hit = true
                    if e.type == .gateOut { gateInSpan = true }
                    if e.type == .customsRelease { releaseInSpan = true }
                } else if anchored && focus.contains(e.type) {
                    focusMissed = true
                }
            }
            if hit && !focusMissed && (!gateInSpan || fraud || releaseInSpan) { break }
            if attempt == T.maxAttempts - 1 { scratch.removeAll() }
        }
        for e in scratch {
            switch e.type {
            case .customsRelease: releaseTs = e.ts
            case .seizure: seizureTs = e.ts
            default: break
            }
        }

        // Box record, now that the carrier is known.
        let call = calls[callIn]
        box.kind = transship ? .transship : .importBox
        box.carrier = UInt8(call.carrier)
        box.pol = UInt16(pol)
        box.hub = Int16(hub)
        box.viaHere = transship
        box.shipper = shipper
        box.consignee = consignee
        box.goods = Int16(goods)
        box.vague = vague ? UInt8(1 + rng.below(GenData.vagueGoods.count)) : 0
        box.hsAsString = rng.chance(0.1)
        box.iso = UInt8(rng.below(g.iso.count))
        box.declaredKg = Int32(rng.int(g.kgLow, g.kgHigh) / 10 * 10)
        box.seal = Int32(rng.below(10_000_000))
        if riskRoute || rng.chance(0.15) {
            box.seal2 = Int32(1 + rng.below(9_999_999))
            box.seal2Source = rng.chance(0.5) ? 1 : 2
        }
        box.payment = pay
        box.callIn = Int32(callIn)
        box.callOut = Int32(callOut)
        box.bl = Int32(rng.below(1_000_000))
        box.terminal = UInt8(call.terminal)
        let number = newContainer(carrier: call.carrier, reefer: g.reefer)
        precondition(number == boxes.count)

        // Amendment content.
        var finalKg = box.declaredKg
        var amendIndex: Int32 = -1
        if late || normalAmend {
            var a = GenAmendment()
            a.full = rng.chance(late ? (contraband ? 0.8 : 0.5) : 0.25)
            if late {
                let u = rng.unit()
                if contraband && !rip {
                    if u < 0.7 { a.consignee = fronts[rng.below(fronts.count)] } else { a.goods = Int16(coverReefers[coverReeferPick.pick(&rng)]) }
                } else if u < 0.5 {
                    a.consignee = rng.chance(0.5) ? skewed(importerPool) : newName(.belgium)
                } else if u < 0.75 {
                    a.goods = Int16(pickGoods(origin))
                } else {
                    a.addSeal = Int32(1 + rng.below(9_999_999))
                    a.addSealSource = rng.chance(0.5) ? 3 : 4
                }
            } else {
                let u = rng.unit()
                if u < 0.5 {
                    a.declaredKg = Int32(Double(box.declaredKg) * rng.real(0.94, 1.06) / 10) * 10
                    finalKg = a.declaredKg
                } else if u < 0.65 {
                    a.payment = box.payment == .prepaid ? .collect : .prepaid
                } else if u < 0.85 {
                    a.goods = Int16(pickGoods(origin))
                } else {
                    a.consignee = skewed(importerPool)
                }
            }
            amendments.append(a)
            amendIndex = Int32(amendments.count - 1)
        }
        box.release = Int32(number % 10_000_000)
        box.releaseYear = UInt8(GenWorld.yearOf(releaseTs != 0 ? releaseTs : spanStart) % 100)

        var seizureIndex: Int32 = -1
        if seized {
            let drug = pickDrug(origin, riskRoute: riskRoute)
            let decikg = seizedKg(drug, concealment)
            let kg = Double(decikg) / 10
            let perPackage: Double
            switch drug {
            case .cocaine: perPackage = 1.1
            case .cannabis: perPackage = rng.real(1.0, 2.5)
            case .heroin: perPackage = 1.0
            case .synthetic: perPackage = rng.real(0.5, 1.5)
            }
            let packages = max(1, Int32((kg / perPackage * rng.real(0.97, 1.03)).rounded()))
            seizures.append(GenSeizure(box: Int32(number), ts: seizureTs, drug: drug, decikg: decikg, packages: packages,
                                       concealment: concealment, detection: detection ?? .riskProfile,
                                       origin: UInt16(hub >= 0 && rng.chance(0.3) ? hub : pol)))
            seizureIndex = Int32(seizures.count - 1)
        }
        let measuredKg = measured(finalKg, gap: gap)
        for i in scratch.indices {
            switch scratch[i].type {
            case .amendment: scratch[i].ref = amendIndex
            case .discharge: scratch[i].ref = Int32(callIn)
            case .load: scratch[i].ref = Int32(callOut)
            case .seizure: scratch[i].ref = seizureIndex
            case .scanResult: scratch[i].num = scanner
            case .inspectionResult: scratch[i].num = team
            case .gateOut:
                scratch[i].num = measuredKg
                if mismatch { scratch[i].variant |= GenGateFlag.sealMismatch }
                if rng.chance(0.9) { scratch[i].variant |= GenGateFlag.measured }
            default: break
            }
        }
        commit(box)
    }

    static func yearOf(_ ms: Int64) -> Int { Timestamp(ms: ms).year }

    private mutating func makeExport() {
        let region = pickRegion(GenData.exportRegions)
        let pod = pickPort(region)
        let goods = pickGoods(.belgium)
        let g = GenData.goods[goods]
        let vague = !g.reefer && rng.chance(T.vagueGoods)
        let u = rng.unit()
        var shipper = u < 0.4 ? skewed(belgianExporters) : (u < 0.95 ? skewed(exporterPool) : newName(nil, exporter: true))
        if rng.chance(0.0005) { shipper = hostile[rng.below(hostile.count)] }
        let consignee = rng.chance(0.9) ? skewed(foreignPools[portOrigin[pod].rawValue]) : newName(portOrigin[pod])
        let pay = payment(unusual: T.unusualPayment)
        let gap = rng.chance(T.weightGap)
        let amend = rng.chance(T.amendment)
        let scanned = rng.chance(T.scanExport)
        let su = rng.unit()
        let scanResult: GenScanResult = su < 0.01 ? .anomaly : (su < 0.04 ? .inconclusive : .clear)
        let inspected = scanned && scanResult == .anomaly
        let scanner = Int32(1 + rng.below(2))
        let team = Int32(1 + rng.below(GenData.customsTeams))

        var callOut = 0
        for attempt in 0..<T.maxAttempts {
            scratch.removeAll(keepingCapacity: true)
            let loadOff = rng.between(4 * GenTime.hour, 26 * GenTime.hour)
            let gateOff = loadOff - rng.between(18 * GenTime.hour, 6 * GenTime.day)
            let mOff = gateOff + rng.between(GenTime.hour, min(36 * GenTime.hour, loadOff - gateOff - 3 * GenTime.hour))
            offsets.removeAll(keepingCapacity: true)
            offsets.append((.gateIn, gateOff, 0))
            offsets.append((.manifest, mOff, 0))
            if amend { offsets.append((.amendment, mOff + rng.between(30 * GenTime.minute, loadOff - mOff - GenTime.hour), 0)) }
            if scanned {
                var cur = gateOff + rng.between(GenTime.hour, max(2 * GenTime.hour, (loadOff - gateOff) / 3))
                offsets.append((.scanSelected, cur, 0))
                cur += rng.between(20 * GenTime.minute, 3 * GenTime.hour)
                offsets.append((.scanResult, cur, scanResult.rawValue))
                if inspected {
                    cur += rng.between(20 * GenTime.minute, 2 * GenTime.hour)
                    offsets.append((.inspectionSelected, cur, 0))
                    cur += rng.between(20 * GenTime.minute, 2 * GenTime.hour)
                    offsets.append((.sealCheck, cur, 0))
                    cur += rng.between(20 * GenTime.minute, 2 * GenTime.hour)
                    offsets.append((.inspectionResult, cur, GenOutcome.nothingFound.rawValue))
                }
                if cur >= loadOff { offsets.removeSubrange(2...) }
            }
            offsets.append((.load, loadOff, 0))
            // Stories: a scan, or a weighbridge gap (gate-in and manifest together).
            let scanAt = offsets.first(where: { $0.0 == .scanResult })?.1
            let anchored = (scanAt != nil || gap) && attempt < T.maxAttempts - T.unanchoredAttempts
            if let at = scanAt, anchored {
                callOut = pickCall(region, from: spanStart - at, to: spanEnd - at)
            } else if anchored {
                if mOff - gateOff >= spanEnd - spanStart - GenTime.minute { continue }
                callOut = pickCall(region, from: spanStart - gateOff, to: spanEnd - mOff)
            } else {
                callOut = pickCall(region, from: spanStart - loadOff, to: spanEnd - gateOff)
            }
            let arrival = calls[callOut].arrival
            var hit = false
            var focusMissed = false
            for o in offsets {
                var t = (arrival + o.1) / GenTime.second * GenTime.second
                if o.0 == .gateIn { t += Int64(rng.below(1000)) }
                scratch.append(GenEvent(ts: t, box: 0, type: o.0, variant: o.2))
                if inSpan(t) {
                    hit = true
                } else if anchored && (o.0 == .scanResult || (scanAt == nil && (o.0 == .gateIn || o.0 == .manifest))) {
                    focusMissed = true
                }
            }
            if hit && !focusMissed { break }
            if attempt == T.maxAttempts - 1 { scratch.removeAll() }
        }
        let call = calls[callOut]
        var box = GenBox()
        box.kind = .exportBox
        box.carrier = UInt8(call.carrier)
        box.pol = UInt16(here)
        box.pod = UInt16(pod)
        box.shipper = shipper
        box.consignee = consignee
        box.goods = Int16(goods)
        box.vague = vague ? UInt8(1 + rng.below(GenData.vagueGoods.count)) : 0
        box.hsAsString = rng.chance(0.1)
        box.iso = UInt8(rng.below(g.iso.count))
        box.declaredKg = Int32(rng.int(g.kgLow, g.kgHigh) / 10 * 10)
        box.seal = Int32(rng.below(10_000_000))
        box.payment = pay
        box.callOut = Int32(callOut)
        box.bl = Int32(rng.below(1_000_000))
        box.terminal = UInt8(call.terminal)
        let number = newContainer(carrier: call.carrier, reefer: g.reefer)
        precondition(number == boxes.count)
        var finalKg = box.declaredKg
        var amendIndex: Int32 = -1
        if amend {
            var a = GenAmendment()
            let v = rng.unit()
            a.full = rng.chance(0.25)
            if v < 0.6 {
                a.declaredKg = Int32(Double(box.declaredKg) * rng.real(0.94, 1.06) / 10) * 10
                finalKg = a.declaredKg
            } else if v < 0.8 {
                a.payment = box.payment == .prepaid ? .collect : .prepaid
            } else {
                a.goods = Int16(pickGoods(.belgium))
            }
            amendments.append(a)
            amendIndex = Int32(amendments.count - 1)
        }
        let measuredKg = measured(finalKg, gap: gap)
        for i in scratch.indices {
            switch scratch[i].type {
            case .amendment: scratch[i].ref = amendIndex
            case .load: scratch[i].ref = Int32(callOut)
            case .scanResult: scratch[i].num = scanner
            case .inspectionResult: scratch[i].num = team
            case .gateIn:
                scratch[i].num = measuredKg
                scratch[i].variant |= GenGateFlag.measured
            default: break
            }
        }
        commit(box)
    }
}
