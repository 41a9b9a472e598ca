import Foundation
import Yams

/// Named queries: shipped ones, then the user's (which win by name).
public struct SavedFilter: Sendable, Equatable {
    public var name: String
    public var query: String
    public init(name: String, query: String) { self.name = name; self.query = query }
}

public enum SavedFilters {
    public struct LoadError: Error, CustomStringConvertible { public let description: String }

    public static func builtIn() -> [SavedFilter] {
        guard let url = Bundle.module.url(forResource: "filters", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let list = try? parse(text, source: "built-in filters.yaml")
        else { fatalError("built-in filters.yaml is missing or invalid: the build is broken") }
        return list
    }

    public static func parse(_ text: String, source: String) throws -> [SavedFilter] {
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch { throw LoadError(description: "\(source): not valid YAML: \(error)") }
        guard let root else { return [] }
        guard let items = root as? [Any] else { throw LoadError(description: "\(source): expected a list of {name, query}") }
        return try items.enumerated().map { i, item in
            guard let d = item as? [String: Any], let name = d["name"] as? String, let query = d["query"] as? String else {
                throw LoadError(description: "\(source): entry #\(i + 1) needs a name and a query")
            }
            return SavedFilter(name: name, query: query)
        }
    }

    /// Shipped filters with the user's merged in: same name replaces, new names follow.
    public static func merge(_ base: [SavedFilter], _ user: [SavedFilter]) -> [SavedFilter] {
        var out = base
        for f in user {
            if let i = out.firstIndex(where: { $0.name == f.name }) { out[i] = f } else { out.append(f) }
        }
        return out
    }

    public static func yaml(_ filters: [SavedFilter]) -> String {
        filters.map { f in
            "- name: \(yamlQuote(f.name))\n  query: \(yamlQuote(f.query))"
        }.joined(separator: "\n") + "\n"
    }

    static func yamlQuote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
