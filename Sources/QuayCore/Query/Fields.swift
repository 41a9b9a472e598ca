/// The value of a field on one container.
public enum FieldValue: Sendable, Equatable {
    case text(String?)
    case texts([String])
    case number(Double?)
    case bool(Bool)

    /// For evidence and exports.
    public var display: String {
        switch self {
        case .text(let s): return s ?? "-"
        case .texts(let a): return a.isEmpty ? "-" : a.joined(separator: ",")
        case .number(let d): return d.map(formatNumber) ?? "-"
        case .bool(let b): return b ? "yes" : "no"
        }
    }
}

func formatNumber(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : format1(d)
}

/// The unit a number is written in, with the suffixes a query may use.
public enum FieldUnit: Sendable, Equatable {
    case plain, hours, kilograms, percent

    /// Multiplier for a suffix, or nil when the suffix does not fit.
    func scale(for suffix: String) -> Double? {
        switch (self, suffix.lowercased()) {
        case (_, ""): return 1
        case (.hours, "h"): return 1
        case (.hours, "m"), (.hours, "min"): return 1.0 / 60
        case (.hours, "d"): return 24
        case (.hours, "w"): return 24 * 7
        case (.kilograms, "kg"): return 1
        case (.kilograms, "t"): return 1000
        case (.percent, "%"): return 1
        default: return nil
        }
    }

    var suffixes: String {
        switch self {
        case .plain: return "none"
        case .hours: return "m, h, d, w (bare numbers are hours)"
        case .kilograms: return "kg, t"
        case .percent: return "%"
        }
    }
}

/// A field of the query language: its name, kind and how to read it.
public struct FieldSpec: Sendable {
    public enum Kind: Sendable, Equatable { case text, texts, number(FieldUnit), bool }
    public let name: String
    public let aliases: [String]
    public let kind: Kind
    public let help: String
    /// Whether free text (a bare word) searches this field.
    public let freeText: Bool
    let read: @Sendable (Container, Timestamp) -> FieldValue

    public func value(_ c: Container, now: Timestamp) -> FieldValue { read(c, now) }
}

/// Every field the query language knows, in the order help lists them.
public enum Fields {
    public static let all: [FieldSpec] = [
        FieldSpec(name: "container", aliases: ["box", "id"], kind: .text, help: "container number (ISO 6346)", freeText: true) { c, _ in .text(c.number.text) },
        FieldSpec(name: "owner", aliases: [], kind: .text, help: "owner code, first 3 letters", freeText: false) { c, _ in .text(String(c.number.ownerCode)) },
        FieldSpec(name: "status", aliases: [], kind: .text, help: "lifecycle status (awaiting_scan, held, released, ...)", freeText: false) { c, _ in .text(c.status.rawValue) },
        FieldSpec(name: "lane", aliases: [], kind: .text, help: "risk lane: green, amber, red", freeText: false) { c, _ in .text(c.lane.rawValue) },
        FieldSpec(name: "risk", aliases: ["score"], kind: .number(.plain), help: "risk score (points)", freeText: false) { c, _ in .number(Double(c.score)) },
        FieldSpec(name: "rule", aliases: ["hit"], kind: .texts, help: "ids of the risk rules that fired", freeText: false) { c, _ in .texts(c.risk.hits.map(\.rule)) },
        FieldSpec(name: "port", aliases: [], kind: .text, help: "reporting port (LOCODE)", freeText: false) { c, _ in .text(c.facts.port) },
        FieldSpec(name: "terminal", aliases: [], kind: .text, help: "terminal code", freeText: true) { c, _ in .text(c.facts.terminal) },
        FieldSpec(name: "origin", aliases: ["pol"], kind: .text, help: "port of loading (LOCODE)", freeText: true) { c, _ in .text(c.facts.manifest.pol) },
        FieldSpec(name: "country", aliases: [], kind: .text, help: "country of the port of loading", freeText: false) { c, _ in .text(c.facts.manifest.pol.map(LOCODE.country)) },
        FieldSpec(name: "transship", aliases: ["via"], kind: .texts, help: "transshipment ports (LOCODEs)", freeText: true) { c, _ in .texts(c.facts.manifest.transship ?? []) },
        FieldSpec(name: "dest", aliases: ["pod"], kind: .text, help: "port of discharge (LOCODE)", freeText: true) { c, _ in .text(c.facts.manifest.pod) },
        FieldSpec(name: "goods", aliases: [], kind: .text, help: "goods description", freeText: true) { c, _ in .text(c.facts.manifest.goods) },
        FieldSpec(name: "hs", aliases: [], kind: .texts, help: "HS codes", freeText: false) { c, _ in .texts(c.facts.manifest.hs ?? []) },
        FieldSpec(name: "shipper", aliases: [], kind: .text, help: "shipper name", freeText: true) { c, _ in .text(c.facts.manifest.shipper) },
        FieldSpec(name: "consignee", aliases: [], kind: .text, help: "consignee name", freeText: true) { c, _ in .text(c.facts.manifest.consignee) },
        FieldSpec(name: "bl", aliases: [], kind: .text, help: "bill of lading", freeText: true) { c, _ in .text(c.facts.manifest.bl) },
        FieldSpec(name: "vessel", aliases: [], kind: .text, help: "vessel name", freeText: true) { c, _ in .text(c.vesselName) },
        FieldSpec(name: "imo", aliases: [], kind: .text, help: "vessel IMO number", freeText: false) { c, _ in .text(c.facts.vesselIMO) },
        FieldSpec(name: "iso", aliases: ["type"], kind: .text, help: "ISO size/type code (45R1)", freeText: false) { c, _ in .text(c.facts.manifest.isoType) },
        FieldSpec(name: "reefer", aliases: [], kind: .bool, help: "refrigerated (from iso_type)", freeText: false) { c, _ in .bool(c.facts.isReefer) },
        FieldSpec(name: "payment", aliases: [], kind: .text, help: "freight payment: prepaid, collect, cash, third_party", freeText: false) { c, _ in .text(c.facts.manifest.payment?.rawValue) },
        FieldSpec(name: "kg", aliases: ["declared_kg"], kind: .number(.kilograms), help: "declared gross weight", freeText: false) { c, _ in .number(c.facts.manifest.declaredKg) },
        FieldSpec(name: "measured_kg", aliases: [], kind: .number(.kilograms), help: "weighbridge weight", freeText: false) { c, _ in .number(c.facts.measuredKg) },
        FieldSpec(name: "weight_gap", aliases: [], kind: .number(.percent), help: "declared vs weighbridge gap, % of declared", freeText: false) { c, _ in .number(c.facts.weightGapPercent) },
        FieldSpec(name: "dwell", aliases: [], kind: .number(.hours), help: "time in port since discharge or gate-in", freeText: false) { c, now in .number(c.facts.dwellHours(now: now)) },
        FieldSpec(name: "release_to_gate_out", aliases: [], kind: .number(.hours), help: "time from customs release to gate-out", freeText: false) { c, _ in .number(c.facts.releaseToGateOutHours) },
        FieldSpec(name: "seals", aliases: ["seal"], kind: .texts, help: "declared seal numbers", freeText: true) { c, _ in .texts(c.facts.manifest.seals?.map(\.number) ?? []) },
        FieldSpec(name: "seal_mismatch", aliases: [], kind: .bool, help: "a seal seen differs from the seals declared", freeText: false) { c, _ in .bool(c.facts.hasSealMismatch) },
        FieldSpec(name: "seal_broken", aliases: [], kind: .bool, help: "a seal check found the seal not intact", freeText: false) { c, _ in .bool(c.facts.sealBroken) },
        FieldSpec(name: "amendments", aliases: [], kind: .number(.plain), help: "number of manifest amendments", freeText: false) { c, _ in .number(Double(c.facts.amendments)) },
        FieldSpec(name: "late_amendment", aliases: [], kind: .bool, help: "manifest amended shortly before arrival or after discharge", freeText: false) { c, _ in .bool(c.facts.lateAmendment) },
        FieldSpec(name: "consignee_boxes", aliases: [], kind: .number(.plain), help: "boxes in the feed for the same consignee", freeText: false) { c, _ in .number(c.facts.manifest.consignee == nil ? nil : Double(c.consigneeBoxes)) },
        FieldSpec(name: "linked_seizure", aliases: [], kind: .bool, help: "shipper or consignee linked to a seizure on another box", freeText: false) { c, _ in .bool(c.linkedSeizure != nil) },
        FieldSpec(name: "moved_without_release", aliases: [], kind: .bool, help: "gated out without customs release", freeText: false) { c, _ in .bool(c.facts.movedWithoutRelease) },
        FieldSpec(name: "scan", aliases: [], kind: .text, help: "last scan result: clear, anomaly, inconclusive", freeText: false) { c, _ in .text(c.facts.scanResult?.rawValue) },
        FieldSpec(name: "inspection", aliases: ["outcome"], kind: .text, help: "last inspection outcome", freeText: false) { c, _ in .text(c.facts.inspectionOutcome?.rawValue) },
        FieldSpec(name: "team", aliases: [], kind: .text, help: "inspection team", freeText: true) { c, _ in .text(c.facts.inspectionTeam) },
        FieldSpec(name: "released", aliases: [], kind: .bool, help: "customs released", freeText: false) { c, _ in .bool(c.facts.released) },
        FieldSpec(name: "held", aliases: [], kind: .bool, help: "under customs hold", freeText: false) { c, _ in .bool(c.facts.held) },
        FieldSpec(name: "seized", aliases: [], kind: .bool, help: "drugs seized from this box", freeText: false) { c, _ in .bool(c.facts.seized) },
        FieldSpec(name: "drug", aliases: [], kind: .texts, help: "drugs seized from this box", freeText: false) { c, _ in .texts(c.facts.seizures.map(\.record.drug.rawValue)) },
    ]

    static let byName: [String: FieldSpec] = {
        var d: [String: FieldSpec] = [:]
        for f in all {
            d[f.name] = f
            for a in f.aliases { d[a] = f }
        }
        return d
    }()

    public static func named(_ name: String) -> FieldSpec? { byName[name.lowercased()] }

    public static var names: [String] { all.map(\.name) }

    static let freeTextFields: [FieldSpec] = all.filter(\.freeText)
}
