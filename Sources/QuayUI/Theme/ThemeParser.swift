import Foundation
import Yams

/// A theme file a user can fix: where (file and line) and what.
public struct ThemeError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file's path, or the theme's name when parsed from a string.
    public var source: String
    public var line: Int?
    public var message: String

    public init(source: String, line: Int? = nil, message: String) {
        self.source = source; self.line = line; self.message = message
    }

    /// `themes/light.yaml:14: role 'lane-red': fg 'ornage' is not a colour; use ...`
    public var description: String {
        if let line { return "\(source):\(line): \(message)" }
        return "\(source): \(message)"
    }
}

extension Theme {
    /// Reads a theme file; the theme is named after the file (`light.yaml`
    /// is `light`), and errors name the path.
    public static func load(path: String) throws -> Theme {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ThemeError(source: path, message: "cannot read theme: \(error.localizedDescription)")
        }
        let file = (path as NSString).lastPathComponent
        let name = file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file
        return try parse(text, name: name, source: path)
    }

    /// Parses a theme written in YAML (see `Theme` for the format).
    /// `name` is the theme's name and what errors mention.
    public static func parse(_ yaml: String, name: String) throws -> Theme {
        try parse(yaml, name: name, source: name)
    }

    static func parse(_ yaml: String, name: String, source: String) throws -> Theme {
        func fail(_ node: Node?, _ message: String) -> ThemeError {
            ThemeError(source: source, line: node?.mark?.line, message: message)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw yamlError(error, source: source)
        } catch {
            throw ThemeError(source: source, message: "not valid YAML: \(error)")
        }
        guard let root else { throw ThemeError(source: source, message: "the file is empty; a theme needs at least 'roles:'") }
        guard let top = root.mapping else {
            throw fail(root, "expected a mapping with name, description and roles at the top")
        }

        var description = ""
        var rolesNode: (key: Node, value: Node)?
        for (key, value) in top {
            switch key.scalar?.string {
            case "name":
                guard let n = value.scalar?.string else { throw fail(key, "name must be a plain string") }
                guard n == name else {
                    throw fail(key, "name '\(n)' does not match the file name '\(name).yaml'; a theme is known by its file name, so make them the same")
                }
            case "description":
                guard let d = value.scalar?.string else { throw fail(key, "description must be a plain string") }
                description = d
            case "roles":
                rolesNode = (key, value)
            default:
                throw fail(key, "unknown key '\(key.scalar?.string ?? "?")'; a theme has: name, description, roles")
            }
        }
        guard let rolesNode else { throw ThemeError(source: source, line: root.mark?.line, message: "no 'roles:' mapping; a theme must style at least 'normal'") }
        guard let roles = rolesNode.value.mapping else {
            if rolesNode.value.null != nil { throw fail(rolesNode.key, "'roles:' is empty; a theme must style at least 'normal'") }
            throw fail(rolesNode.key, "'roles:' must be a mapping from role to style, e.g. normal: { fg: white }")
        }

        var specs: [Role: RoleSpec] = [:]
        for (key, value) in roles {
            let roleName = key.scalar?.string ?? "?"
            guard let role = Role(rawValue: roleName) else {
                let known = Role.allCases.map(\.rawValue)
                let hint = closest(to: roleName, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw fail(key, "unknown role '\(roleName)'\(hint); known roles: \(known.joined(separator: ", "))")
            }
            specs[role] = try roleSpec(value, role: roleName, key: key, fail: fail)
        }
        return Theme(name: name, description: description, source: source, specs: specs)
    }

    /// One role's `{ fg, bg, attributes }`.
    private static func roleSpec(_ node: Node, role: String, key: Node,
                                 fail: (Node?, String) -> ThemeError) throws -> RoleSpec {
        var spec = RoleSpec()
        if node.null != nil { return spec }
        guard let map = node.mapping else {
            throw fail(key, "role '\(role)': expected a mapping like { fg: white, bg: \"#005f87\", attributes: [bold] }, found '\(node.scalar?.string ?? "a list")'")
        }
        for (k, v) in map {
            let field = k.scalar?.string ?? "?"
            switch field {
            case "fg", "bg":
                let color = try self.color(v, role: role, field: field, at: k, fail: fail)
                if field == "fg" { spec.fg = color } else { spec.bg = color }
            case "attributes":
                spec.attributes = try attributes(v, role: role, at: k, fail: fail)
            default:
                throw fail(k, "role '\(role)': unknown key '\(field)'; a role has: fg, bg, attributes")
            }
        }
        return spec
    }

    private static func color(_ node: Node, role: String, field: String, at key: Node,
                              fail: (Node?, String) -> ThemeError) throws -> ThemeColor {
        guard let scalar = node.scalar else {
            throw fail(key, "role '\(role)': \(field) must be one colour; use \(ThemeColor.accepted)")
        }
        let text = scalar.string
        if text.isEmpty || (scalar.style == .plain && node.null != nil) {
            throw fail(key, "role '\(role)': \(field) is empty; write a colour, and quote hex colours (\(field): \"#5fafd7\") because an unquoted # starts a YAML comment")
        }
        if let c = ThemeColor(text) { return c }
        if let n = Int(text), n < 0 || n > 255 {
            throw fail(key, "role '\(role)': \(field) \(text) is out of range; colour numbers are 0-255")
        }
        throw fail(key, "role '\(role)': \(field) '\(text)' is not a colour; use \(ThemeColor.accepted)")
    }

    static let attributeNames: [(String, Attributes)] = [
        ("bold", .bold), ("reverse", .reverse), ("underline", .underline), ("dim", .dim),
    ]

    private static func attributes(_ node: Node, role: String, at key: Node,
                                   fail: (Node?, String) -> ThemeError) throws -> Attributes {
        let items: [Node]
        if let seq = node.sequence { items = Array(seq) } else if node.scalar != nil {
            items = node.null != nil ? [] : [node]
        } else {
            throw fail(key, "role '\(role)': attributes must be a list, e.g. [bold, underline]")
        }
        var result: Attributes = []
        for item in items {
            let word = item.scalar?.string ?? "?"
            guard let a = attributeNames.first(where: { $0.0 == word.lowercased() })?.1 else {
                throw fail(key, "role '\(role)': attribute '\(word)' is unknown; use \(attributeNames.map(\.0).joined(separator: ", "))")
            }
            result.insert(a)
        }
        return result
    }

    /// A libyaml error as one line with the file's line number.
    private static func yamlError(_ error: YamlError, source: String) -> ThemeError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let where_ = context.map { "\($0.text) " } ?? ""
            return ThemeError(source: source, line: mark.line, message: "not valid YAML: \(where_)\(problem)")
        case let .duplicatedKeysInMapping(duplicates, _):
            return ThemeError(source: source, message: "not valid YAML: defined twice: \(duplicates.sorted().joined(separator: ", "))")
        default:
            return ThemeError(source: source, message: "not valid YAML: \(error)")
        }
    }

    /// The known word nearest to a misspelt one, if it is close.
    static func closest(to word: String, in known: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            if a.isEmpty { return b.count }
            if b.isEmpty { return a.count }
            var row = Array(0...b.count)
            for i in 1...a.count {
                var prev = row[0]
                row[0] = i
                for j in 1...b.count {
                    let cur = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                    prev = cur
                }
            }
            return row[b.count]
        }
        let w = Array(word.lowercased())
        guard let best = known.min(by: { distance(w, Array($0)) < distance(w, Array($1)) }) else { return nil }
        return distance(w, Array(best)) <= max(2, w.count / 3) ? best : nil
    }
}
