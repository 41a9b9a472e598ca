import Foundation

/// Containers as rows, for spreadsheets and scripts (`quaywatch export`).
/// Columns are documented in docs/export.md; their order is stable. Most
/// columns read the query field of the same meaning, so `dwell>3d` and the
/// `dwell_hours` column always agree.
public enum Export {
    public enum Format: String, CaseIterable, Sendable { case csv, json }

    /// One cell: text, a number, or nothing (empty in CSV, null in JSON).
    public enum Value: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A number shown with one decimal in CSV (`13.0`), rounded to tenths in JSON.
        case tenths(Double)
        case null

        /// The cell as CSV writes it (before quoting and the formula guard).
        public var text: String {
            switch self {
            case .text(let s): return s
            case .number(let d): return plainNumber(d)
            case .tenths(let d): return d.isFinite ? format1(d) : ""
            case .null: return ""
            }
        }
    }

    /// A column: its name and how to read it from a container (and its alert).
    struct Column: Sendable {
        let name: String
        let read: @Sendable (Container, Alert?, Timestamp) -> Value
    }

    /// The columns, in output order.
    public static let columns: [String] = table.map(\.name)

    static let table: [Column] = [
        Column(name: "container") { c, _, _ in .text(c.number.text) },
        Column(name: "lane") { c, _, _ in .text(c.lane.rawValue) },
        Column(name: "score") { c, _, _ in .number(Double(c.score)) },
        Column(name: "status") { c, _, _ in .text(c.status.rawValue) },
        field("rules", "rule"),
        field("origin", "origin"),
        field("transship", "transship"),
        field("dest", "dest"),
        field("goods", "goods"),
        field("shipper", "shipper"),
        field("consignee", "consignee"),
        field("terminal", "terminal"),
        field("vessel", "vessel"),
        Column(name: "dwell_hours") { c, _, now in
            guard let h = c.facts.dwellHours(now: now) else { return .null }
            return .tenths(h)
        },
        field("declared_kg", "kg"),
        field("measured_kg", "measured_kg"),
        field("seal_mismatch", "seal_mismatch"),
        Column(name: "alert") { _, a, _ in a.map { .text($0.raisedAt.description) } ?? .null },
    ]

    /// A column that reads the query field `name`: lists joined by `;`,
    /// yes/no as `yes`/`no`, absent values empty.
    static func field(_ column: String, _ name: String) -> Column {
        guard let spec = Fields.named(name) else { preconditionFailure("export column \(column): no query field '\(name)'") }
        return Column(name: column) { c, _, now in
            switch spec.value(c, now: now) {
            case .text(let s): return s.map { .text($0) } ?? .null
            case .texts(let items): return items.isEmpty ? .null : .text(items.joined(separator: ";"))
            case .number(let d): return d.map { .number($0) } ?? .null
            case .bool(let b): return .text(b ? "yes" : "no")
            }
        }
    }

    /// The containers matching `filter`, ordered like the dashboard's
    /// Containers pane: score descending, then container number.
    public static func select(_ state: PortState, filter: Query, now: Timestamp) -> [Container] {
        state.select(filter, now: now)
    }

    /// Each container's cells, in column order. `alerts` supplies the
    /// `alert` column (the time the box's alert was raised).
    public static func values(_ containers: [Container], alerts: [ContainerNumber: Alert] = [:], now: Timestamp) -> [[Value]] {
        containers.map { c in
            let alert = alerts[c.number]
            return table.map { $0.read(c, alert, now) }
        }
    }

    /// Each container as column name -> text (empty when unknown).
    public static func rows(_ containers: [Container], alerts: [ContainerNumber: Alert] = [:], now: Timestamp) -> [[String: String]] {
        let names = columns
        return values(containers, alerts: alerts, now: now).map { cells in
            Dictionary(uniqueKeysWithValues: zip(names, cells.map(\.text)))
        }
    }

    /// The whole file: CSV (RFC 4180, CRLF, header row) or a JSON array of
    /// objects with sorted keys, ending in a newline. Rows keep the order given.
    public static func render(_ containers: [Container], alerts: [ContainerNumber: Alert] = [:], format: Format, now: Timestamp) -> String {
        let cells = values(containers, alerts: alerts, now: now)
        switch format {
        case .csv: return csv(cells)
        case .json: return json(cells)
        }
    }

    /// The containers of `state` matching `filter`, in dashboard order, rendered
    /// with their alerts: what `quaywatch export` writes.
    public static func render(_ state: PortState, filter: Query, format: Format, now: Timestamp) -> String {
        render(select(state, filter: filter, now: now), alerts: state.alerts, format: format, now: now)
    }

    // MARK: CSV

    static func csv(_ rows: [[Value]]) -> String {
        var out = columns.map(csvField).joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { csvField($0.text) }.joined(separator: ",")
            out += "\r\n"
        }
        return out
    }

    /// Characters that make a spreadsheet read a cell as a formula when they
    /// lead it (tab and CR too: some spreadsheets strip them first).
    static let formulaLeads: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// One field: formula guard, then RFC 4180 quoting.
    public static func csvField(_ raw: String) -> String {
        var s = raw
        if let first = s.unicodeScalars.first, formulaLeads.contains(Character(first)) { s = "'" + s }
        let needsQuotes = s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        return needsQuotes ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    // MARK: JSON

    struct Row: Encodable {
        let cells: [Value]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            var k = encoder.container(keyedBy: Key.self)
            for (name, cell) in zip(Export.columns, cells) {
                let key = Key(stringValue: name)
                switch cell {
                case .text(let s): try k.encode(s, forKey: key)
                case .number(let d): try encodeNumber(d, &k, key)
                case .tenths(let d): try encodeNumber((d * 10).rounded() / 10, &k, key)
                case .null: try k.encodeNil(forKey: key)
                }
            }
        }
    }

    /// Whole numbers as integers (`21500`, not `21500.0`); never NaN or infinity.
    static func encodeNumber(_ d: Double, _ k: inout KeyedEncodingContainer<Row.Key>, _ key: Row.Key) throws {
        if !d.isFinite { try k.encodeNil(forKey: key) } else if d == d.rounded() && abs(d) < 1e15 { try k.encode(Int64(d), forKey: key) } else { try k.encode(d, forKey: key) }
    }

    static func json(_ rows: [[Value]]) -> String {
        if rows.isEmpty { return "[]\n" }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and finite numbers cannot fail.
        guard let data = try? enc.encode(rows.map(Row.init)) else { preconditionFailure("export rows did not encode") }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A number as a spreadsheet reads it back unchanged: whole numbers without
/// a fraction, others in the shortest form that round-trips.
func plainNumber(_ d: Double) -> String {
    if !d.isFinite { return "" }
    if d == d.rounded() && abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
}
