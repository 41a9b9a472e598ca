import Foundation
import QuayCore

/// Where Quaywatch finds its data and configuration.
enum Locations {
    /// The bundled sample day: ./sample-data/events from the package root,
    /// or next to the sources when run from elsewhere.
    static func sampleEvents() throws -> String {
        // Relative when run from the package root, so messages stay short.
        if FileManager.default.fileExists(atPath: "sample-data/events") { return "sample-data/events" }
        let candidates = [
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("sample-data/events").path,
        ]
        for c in candidates where FileManager.default.fileExists(atPath: c) { return c }
        throw CommandFailure(message: "no event files given and the sample data (sample-data/events) is not here; name files or directories to read", code: 2)
    }

    /// A file of the bundled sample data (sample-data/NAME).
    static func sampleFile(_ name: String) throws -> String {
        let events = try sampleEvents()
        return ((events as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    /// $XDG_CONFIG_HOME/quaywatch (default ~/.config/quaywatch).
    static var configDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_CONFIG_HOME"], x.hasPrefix("/") { return x + "/quaywatch" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.config/quaywatch"
    }

    /// $XDG_STATE_HOME/quaywatch (default ~/.local/state/quaywatch).
    static var stateDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") { return x + "/quaywatch" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/state/quaywatch"
    }

    /// Creates `dir` (and parents) readable by the user alone.
    static func ensurePrivateDirectory(_ dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    static var historyFile: String { stateDirectory + "/filter-history" }
    static var userFiltersFile: String { configDirectory + "/filters.yaml" }

    static func userRules() -> String? {
        let p = configDirectory + "/rules.yaml"
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }
}
