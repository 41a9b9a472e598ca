/// Rates that shape the synthetic feed, per box. Stories (contraband,
/// inspections, scans, late amendments, gate-out without release) are
/// placed inside the span, so a feed shows them at these rates; ordinary
/// events show only where a box's life overlaps the span (see `GenWorld`).
/// Measured with the built-in rules: sample day (3,000 boxes) red ~0.5 %,
/// amber ~1.1 %; a 7-day feed red ~0.8 %, amber ~2 % (more manifests in view).
enum GenTuning {
    // Lifecycle mix.
    static let importShare = 0.55
    static let exportShare = 0.40  // the rest transshipment

    // Routing.
    static let hubFromRiskPort = 0.25
    static let hubFromOtherLatam = 0.08
    static let hubFromElsewhere = 0.003

    // Hidden truth: boxes that carry drugs. Far above reality (a big port
    // seizes ~0.3-0.5 boxes a day) so that a sample day has a handful of
    // seizures; proportional to the number of boxes.
    static let contrabandRiskPort = 0.09
    static let contrabandViaHub = 0.03
    static func contrabandOther(_ origin: GenOrigin) -> Double {
        switch origin {
        case .morocco: return 0.004
        case .westAfrica: return 0.003
        case .india, .turkey, .eastMed: return 0.002
        default: return 0.0003
        }
    }

    /// A rip-on/rip-off box carries a cloned or replaced seal.
    static let ripSealMismatch = 0.95

    // Manifests.
    static let amendment = 0.03
    static let lateShareOfAmendments = 0.25
    static let lateAmendmentContraband = 0.6
    static let amendmentAfloat = 0.10
    static let lateShareAfloat = 0.5
    static let vagueGoods = 0.01
    static let vagueGoodsContraband = 0.05
    static let unusualPayment = 0.015
    static let unusualPaymentContraband = 0.3
    static let weightGap = 0.005
    static let weightGapContraband = 0.3
    static let weightDrift = 0.025  // between 3 % and 10 % off

    // Consignees of imports: a few big regulars, a middle, a long tail.
    static let regularConsignee = 0.55
    static let oneOffConsignee = 0.07

    // Customs.
    static let scanContraband = 0.45
    static let scanRiskPort = 0.14
    static let scanViaHub = 0.10
    static let scanOther = 0.025
    static let scanExport = 0.01
    static let scanTransship = 0.03
    static let anomalyInnocent = 0.035
    static let inconclusiveInnocent = 0.03
    static let inspectOnMismatch = 0.9
    static let inspectOnAnomaly = 0.95
    static let inspectOnInconclusive = 0.5
    static let inspectCoverLateAmendment = 0.8
    static let tipOff = 0.15
    static let dogOnReefer = 0.1
    static let profileRiskPort = 0.03
    static let profileOther = 0.002
    /// Inspecting a box that carries drugs finds them; behind the doors of a
    /// rip-on/rip-off box the bags are often already gone.
    static let findRate = 0.85
    static let findRateRipOff = 0.15
    static let discrepancy = 0.15
    static let otherHold = 0.003

    /// Gate-out without customs release (PIN / pick-up fraud).
    static let fraudGate = 0.0018
    static let fraudGateContrabandMissed = 0.25

    static let maxAttempts = 200
    /// The last attempts drop the focus and take any hit.
    static let unanchoredAttempts = 40
}
