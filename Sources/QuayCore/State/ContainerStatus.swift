/// Where a container is in its lifecycle.
public enum ContainerStatus: String, CaseIterable, Sendable, Codable {
    case announced
    case onVessel = "on_vessel"
    case discharged
    case gatedIn = "gated_in"
    case awaitingScan = "awaiting_scan"
    case scanned
    case awaitingInspection = "awaiting_inspection"
    case inspected
    case held
    case released
    case gatedOut = "gated_out"
    case seized
}

public enum Lane: String, CaseIterable, Sendable, Codable, Comparable {
    case green, amber, red
    private var rank: Int { self == .green ? 0 : self == .amber ? 1 : 2 }
    public static func < (a: Lane, b: Lane) -> Bool { a.rank < b.rank }
}

/// The queues a control room works through.
public enum Queue: String, CaseIterable, Sendable, Codable {
    case awaitingScan = "awaiting_scan"
    case awaitingInspection = "awaiting_inspection"
    case held
}
