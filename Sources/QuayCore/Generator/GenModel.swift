/// Compact records the generator keeps for a whole run.

/// Event types, in the order of docs/events.md.
enum GenType: UInt8 {
    case vesselArrival, manifest, amendment, discharge, load, gateIn, gateOut, scanSelected, scanResult,
         inspectionSelected, sealCheck, inspectionResult, customsHold, customsRelease, seizure

    var name: StaticString {
        switch self {
        case .vesselArrival: return "vessel_arrival"
        case .manifest, .amendment: return "manifest"
        case .discharge: return "discharge"
        case .load: return "load"
        case .gateIn: return "gate_in"
        case .gateOut: return "gate_out"
        case .scanSelected: return "scan_selected"
        case .scanResult: return "scan_result"
        case .inspectionSelected: return "inspection_selected"
        case .sealCheck: return "seal_check"
        case .inspectionResult: return "inspection_result"
        case .customsHold: return "customs_hold"
        case .customsRelease: return "customs_release"
        case .seizure: return "seizure"
        }
    }
}

/// What makes a deliberately bad line bad.
enum GenDefect: UInt8 {
    case none = 0, badCheckDigit, truncated, missingField, unknownType, tsWithoutOffset, badLocode
    static let kinds: [GenDefect] = [.badCheckDigit, .truncated, .missingField, .unknownType, .tsWithoutOffset, .badLocode]
}

/// Flags on gate events (`GenEvent.variant`).
enum GenGateFlag {
    static let sealMismatch: UInt8 = 1
    static let measured: UInt8 = 2
    static let noRelease: UInt8 = 4
}

/// One line to write: an event, a duplicate of one, or a bad line.
struct GenEvent {
    var ts: Int64
    var delivery: Int64 = 0
    /// Box index, -1 for vessel_arrival.
    var box: Int32
    /// Call (vessel_arrival, discharge, load), amendment or seizure index.
    var ref: Int32 = -1
    /// Measured kg (gates), scanner or team number.
    var num: Int32 = 0
    /// Same for an event and its duplicates.
    var uid: Int32 = 0
    var type: GenType
    /// Result, outcome, reason or gate flags, by type.
    var variant: UInt8 = 0
    var defect: GenDefect = .none
    var copy: Bool = false
}

struct GenVessel {
    var imo: [UInt8]
    var name: [UInt8]
}

struct GenCall {
    var arrival: Int64
    var region: GenRegion
    var carrier: Int
    var vessel: Int
    var terminal: Int
    var from: Int
    var voyage: [UInt8]
}

enum GenKind: UInt8 { case importBox, exportBox, transship }

/// Payment terms, in the order of the format's enumeration.
enum GenPayment: UInt8 {
    case prepaid, collect, cash, thirdParty
    var text: StaticString {
        switch self {
        case .prepaid: return "prepaid"
        case .collect: return "collect"
        case .cash: return "cash"
        case .thirdParty: return "third_party"
        }
    }
}

struct GenBox {
    var kind: GenKind = .importBox
    var carrier: UInt8 = 0
    var pol: UInt16 = 0
    var pod: UInt16 = 0
    /// Risk hub on the way (port index), or -1.
    var hub: Int16 = -1
    /// Transshipped here: the reporting port is listed in `transship`.
    var viaHere = false
    var shipper: Int32 = 0
    var consignee: Int32 = 0
    /// Goods catalogue index.
    var goods: Int16 = 0
    /// Declared as vague goods (index + 1 into `GenData.vagueGoods`), 0: no.
    var vague: UInt8 = 0
    var hsAsString = false
    var iso: UInt8 = 0
    var declaredKg: Int32 = 0
    var seal: Int32 = 0
    /// Second seal (shipper or customs at origin), 0 when none.
    var seal2: Int32 = 0
    var seal2Source: UInt8 = 0
    var payment: GenPayment = .prepaid
    var callIn: Int32 = -1
    var callOut: Int32 = -1
    var bl: Int32 = 0
    var release: Int32 = 0
    var releaseYear: UInt8 = 0
    var terminal: UInt8 = 0
}

/// Fields a manifest amendment changes (absent ones are kept).
struct GenAmendment {
    /// Restates the whole manifest (EDIFACT "replace"), not only the changes.
    var full = false
    var consignee: Int32 = -1
    /// Sentinel `Int16.min`: unchanged.
    var goods: Int16 = Int16.min
    /// Adds a seal applied in port (customs or veterinary) to the declared ones.
    var addSeal: Int32 = 0
    var addSealSource: UInt8 = 0
    var declaredKg: Int32 = 0
    var payment: GenPayment?
}

enum GenDrug: UInt8 {
    case cocaine, cannabis, heroin, synthetic
    var text: StaticString {
        switch self {
        case .cocaine: return "cocaine"
        case .cannabis: return "cannabis"
        case .heroin: return "heroin"
        case .synthetic: return "synthetic"
        }
    }
}

enum GenConcealment: UInt8 {
    case ripOnRipOff, coverLoad, reeferUnit, structure, insideGoods
    var text: StaticString {
        switch self {
        case .ripOnRipOff: return "rip_on_rip_off"
        case .coverLoad: return "cover_load"
        case .reeferUnit: return "reefer_unit"
        case .structure: return "structure"
        case .insideGoods: return "inside_goods"
        }
    }
}

enum GenDetection: UInt8 {
    case riskProfile, scan, dog, tipOff, routine
    var text: StaticString {
        switch self {
        case .riskProfile: return "risk_profile"
        case .scan: return "scan"
        case .dog: return "dog"
        case .tipOff: return "tip_off"
        case .routine: return "routine"
        }
    }
}

struct GenSeizure {
    var box: Int32
    var ts: Int64 = 0
    var drug: GenDrug
    /// Tenths of a kilogram.
    var decikg: Int32
    var packages: Int32
    var concealment: GenConcealment
    var detection: GenDetection
    var origin: UInt16
    var caseNumber: Int32 = 0
    var caseYear: Int32 = 0
}

enum GenScanResult: UInt8 {
    case clear, anomaly, inconclusive
    var text: StaticString {
        switch self {
        case .clear: return "clear"
        case .anomaly: return "anomaly"
        case .inconclusive: return "inconclusive"
        }
    }
}

enum GenOutcome: UInt8 {
    case nothingFound, discrepancy, seizure
    var text: StaticString {
        switch self {
        case .nothingFound: return "nothing_found"
        case .discrepancy: return "discrepancy"
        case .seizure: return "seizure"
        }
    }
}

enum GenHoldReason: UInt8 {
    case narcotics, misdeclared, documents, sanitary
    var text: StaticString {
        switch self {
        case .narcotics: return "narcotics found"
        case .misdeclared: return "misdeclared goods"
        case .documents: return "documents incomplete"
        case .sanitary: return "sanitary inspection (FASFC)"
        }
    }
}
