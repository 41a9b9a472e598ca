/// Raised when a container enters the red lane or an automatic-red rule fires.
public struct Alert: Sendable, Equatable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case high, critical
        public static func < (a: Severity, b: Severity) -> Bool { a == .high && b == .critical }
    }
    public var id: String
    public var container: ContainerNumber
    public var severity: Severity
    public var score: Int
    public var reasons: [RuleHit]
    public var raisedAt: Timestamp
    /// False once the container no longer scores red (kept, never dropped silently).
    public var active: Bool
}
