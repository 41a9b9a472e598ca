import Foundation
import XCTest
@testable import QuayUI

final class ThemeTests: XCTestCase {
    /// The package root: this file is Tests/QuayUITests/ThemeTests.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let themesDir = root.appendingPathComponent("themes").path

    func shipped() throws -> [Theme] {
        try Theme.shippedOrder.map { try Theme.load(path: "\(Self.themesDir)/\($0).yaml") }
    }

    /// Every theme we ship, plus the compiled-in one.
    func allThemes() throws -> [Theme] { try shipped() + [Theme.builtInDefault] }

    func rgb(_ hex: String) -> RGB {
        guard case .rgb(let r, let g, let b)? = ThemeColor(hex) else { fatalError("bad test colour \(hex)") }
        return RGB(Int(r), Int(g), Int(b))
    }

    func theme(_ yaml: String, name: String = "test") throws -> Theme { try Theme.parse(yaml, name: name) }

    func parseError(_ yaml: String, name: String = "test", file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try Theme.parse(yaml, name: name)
            XCTFail("expected a parse error", file: file, line: line)
            return ""
        } catch let e as ThemeError {
            return e.description
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
            return ""
        }
    }

    // MARK: - Shipped themes

    func testEachShippedThemeParsesAndDefinesEveryRole() throws {
        for name in Theme.shippedOrder {
            let t = try Theme.load(path: "\(Self.themesDir)/\(name).yaml")
            XCTAssertEqual(t.name, name)
            XCTAssertFalse(t.description.isEmpty, name)
            XCTAssertEqual(t.missingRoles, [], "\(name).yaml leaves out roles")
            XCTAssertEqual(Set(t.specs.keys), Set(Role.allCases))
        }
    }

    func testShippedThemesAreTheOnlyFilesAndDiscoverInOrder() {
        var errors: [ThemeError] = []
        let themes = Theme.discover(searchPaths: [Self.themesDir]) { errors.append($0) }
        XCTAssertEqual(errors, [])
        XCTAssertEqual(themes.map(\.name), ["default", "light", "high-contrast", "mono"])
    }

    func testMonoThemeUsesNoColourAndIsTheFallbackTable() throws {
        let mono = try Theme.load(path: "\(Self.themesDir)/mono.yaml")
        for role in Role.allCases {
            XCTAssertFalse(mono[role].usesColor, role.rawValue)
            XCTAssertEqual(mono[role].attributes, Theme.monoAttributes(role), "mono.yaml and Theme.monoAttributes disagree on \(role.rawValue)")
        }
        for colors in [0, 8, 16, 256] {
            let p = mono.palette(colors: colors)
            for role in Role.allCases {
                XCTAssertEqual(p.styles[role]?.fg, -1)
                XCTAssertEqual(p.styles[role]?.bg, -1)
            }
        }
    }

    func testBuiltInDefaultIsComplete() {
        let t = Theme.builtInDefault
        XCTAssertEqual(t.name, "default")
        XCTAssertEqual(t.source, "built-in")
        XCTAssertEqual(t.missingRoles, [])
        XCTAssertTrue(Role.allCases.allSatisfy { t[$0].fg != nil }, "every built-in role sets a foreground")
    }

    /// Foreground against background, as a 256-colour terminal shows the
    /// theme (terminal default taken as #000000 / #d0d0d0, a dark terminal).
    func testShippedThemesAreReadable() throws {
        for t in try shipped() where t.name != "mono" {
            let p = t.palette(colors: 256)
            for role in Role.allCases {
                let s = p.styles[role]!
                let fg = s.fg < 0 ? RGB(208, 208, 208) : XTerm.rgb(ofIndex: s.fg)
                let bg = s.bg < 0 ? RGB(0, 0, 0) : XTerm.rgb(ofIndex: s.bg)
                let ratio = fg.contrast(with: bg)
                let needed: Double
                if t.name == "high-contrast" { needed = 4.5 } else if [.border, .borderFocused, .bar].contains(role) { needed = 2.5 } else if s.attributes.contains(.bold) { needed = 4.0 } else { needed = 4.5 }
                XCTAssertGreaterThanOrEqual(ratio, needed, "\(t.name) \(role.rawValue): contrast \(ratio)")
            }
        }
    }

    // MARK: - Parsing

    func testColourForms() {
        XCTAssertEqual(ThemeColor("#FF8700"), .rgb(255, 135, 0))
        XCTAssertEqual(ThemeColor("#f80"), .rgb(255, 136, 0))
        XCTAssertEqual(ThemeColor("208"), .index(208))
        XCTAssertEqual(ThemeColor("0"), .index(0))
        XCTAssertEqual(ThemeColor("red"), .index(1))
        XCTAssertEqual(ThemeColor("bright-red"), .index(9))
        XCTAssertEqual(ThemeColor("Bright_White"), .index(15))
        XCTAssertEqual(ThemeColor("default"), .terminalDefault)
        for bad in ["256", "-1", "#12345", "#gggggg", "ornage", "", "bright-", "rgb(1,2,3)"] {
            XCTAssertNil(ThemeColor(bad), bad)
        }
        XCTAssertEqual(ThemeColor.rgb(0, 95, 135).description, "#005f87")
        XCTAssertEqual(ThemeColor.index(12).description, "bright-blue")
    }

    func testRoleMissingFromFileFallsBackToNormal() throws {
        let t = try theme("""
            roles:
              normal: { fg: "#d0d0d0", bg: "#1c1c1c", attributes: [bold] }
              lane-red: { fg: red }
            """)
        XCTAssertEqual(t[.laneGreen], t[.normal])
        XCTAssertTrue(t.missingRoles.contains(.laneGreen))
        XCTAssertFalse(t.missingRoles.contains(.laneRed))
        // A role without bg paints normal's background; attributes stay its own.
        let p = t.palette(colors: 256)
        XCTAssertEqual(p.styles[.laneRed], ResolvedStyle(fg: 1, bg: 234, attributes: []))
        XCTAssertEqual(p.styles[.laneGreen], ResolvedStyle(fg: 252, bg: 234, attributes: .bold))
    }

    func testRoleFormsAndAttributes() throws {
        let t = try theme("""
            name: test
            description: forms
            roles:
              normal:
              header: { fg: white, bg: 24, attributes: [bold, reverse, underline, dim] }
              footer: { attributes: reverse }
              selection: { fg: default, bg: blue }
            """)
        XCTAssertEqual(t.description, "forms")
        XCTAssertEqual(t[.normal], Theme.RoleSpec())
        XCTAssertEqual(t[.header], Theme.RoleSpec(fg: .index(7), bg: .index(24), attributes: [.bold, .reverse, .underline, .dim]))
        XCTAssertEqual(t[.footer].attributes, .reverse)
        XCTAssertEqual(t.palette(colors: 256).styles[.selection], ResolvedStyle(fg: -1, bg: 4))
    }

    func testErrorNamesRoleAndBadColour() {
        let e = parseError("""
            roles:
              normal: { fg: white }
              lane-red: { fg: ornage }
            """, name: "dusk")
        XCTAssertTrue(e.hasPrefix("dusk:3: role 'lane-red': fg 'ornage' is not a colour"), e)
        XCTAssertTrue(e.contains("#rrggbb"), e)
        XCTAssertTrue(e.contains("bright-black"), e)
    }

    func testErrorForColourOutOfRange() {
        let e = parseError("roles:\n  header: { bg: 300 }\n")
        XCTAssertEqual(e, "test:2: role 'header': bg 300 is out of range; colour numbers are 0-255")
    }

    func testErrorForUnquotedHexExplainsTheComment() {
        let e = parseError("roles:\n  normal:\n    fg: #ff0000\n")
        XCTAssertTrue(e.hasPrefix("test:3: role 'normal': fg is empty"), e)
        XCTAssertTrue(e.contains("quote hex colours"), e)
    }

    func testErrorForUnknownRoleListsKnownRolesAndSuggests() {
        let e = parseError("roles:\n  normal: {}\n  lane-rde: { fg: red }\n")
        XCTAssertTrue(e.hasPrefix("test:3: unknown role 'lane-rde' (did you mean 'lane-red'?); known roles: normal, dim, header"), e)
        for role in Role.allCases { XCTAssertTrue(e.contains(role.rawValue), role.rawValue) }
        let far = parseError("roles:\n  zebra: {}\n")
        XCTAssertFalse(far.contains("did you mean"), far)
    }

    func testErrorForUnknownAttributeAndKeys() {
        XCTAssertEqual(parseError("roles:\n  match: { attributes: [bold, blink] }\n"),
                       "test:2: role 'match': attribute 'blink' is unknown; use bold, reverse, underline, dim")
        XCTAssertEqual(parseError("roles:\n  match: { colour: red }\n"),
                       "test:2: role 'match': unknown key 'colour'; a role has: fg, bg, attributes")
        XCTAssertEqual(parseError("rols:\n  normal: {}\n"),
                       "test:1: unknown key 'rols'; a theme has: name, description, roles")
        XCTAssertTrue(parseError("roles:\n  header: red\n").hasPrefix("test:2: role 'header': expected a mapping"))
        XCTAssertTrue(parseError("roles:\n  header: { fg: [red, blue] }\n").hasPrefix("test:2: role 'header': fg must be one colour"))
    }

    func testErrorForNameNotMatchingFile() {
        let e = parseError("name: default\nroles:\n  normal: {}\n", name: "mine")
        XCTAssertEqual(e, "mine:1: name 'default' does not match the file name 'mine.yaml'; a theme is known by its file name, so make them the same")
    }

    func testErrorForInvalidYamlAndEmptyFile() {
        let e = parseError("roles:\n  normal: { fg: red\n  header: {}\n")
        XCTAssertTrue(e.hasPrefix("test:"), e)
        XCTAssertTrue(e.contains("not valid YAML"), e)
        XCTAssertFalse(e.contains("\n"), "one line: \(e)")
        XCTAssertEqual(parseError(""), "test: the file is empty; a theme needs at least 'roles:'")
        XCTAssertTrue(parseError("roles:\n  normal: {}\n  normal: {}\n").contains("normal"))
    }

    func testLoadNamesThePathInErrors() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("dusk.yaml").path
        try "roles:\n  normal: { fg: blurple }\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Theme.load(path: path)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path):2: role 'normal': fg 'blurple'"), "\(error)")
        }
        XCTAssertThrowsError(try Theme.load(path: dir.appendingPathComponent("absent.yaml").path)) { error in
            XCTAssertTrue("\(error)".contains("absent.yaml: cannot read theme"), "\(error)")
        }
    }

    // MARK: - Nearest colours

    func testHexToNearest256() {
        let expected: [(String, Int)] = [
            ("#ff0000", 196), ("#00ff00", 46), ("#0000ff", 21), ("#ffffff", 231), ("#000000", 16),
            ("#808080", 244), ("#ffaf00", 214), ("#ff8000", 208), ("#eeeeee", 255), ("#121212", 233),
            ("#5f87af", 67), ("#d0d0d0", 252),
        ]
        for (hex, index) in expected { XCTAssertEqual(XTerm.nearest256(rgb(hex)), index, hex) }
        XCTAssertEqual(XTerm.rgb(ofIndex: 208), RGB(255, 135, 0))
        XCTAssertEqual(XTerm.rgb(ofIndex: 244), RGB(128, 128, 128))
    }

    func testHexToNearest16KeepsHue() {
        let expected: [(String, Int)] = [
            ("#ff0000", 9), ("#cd0000", 1), ("#af0000", 1), ("#ffaf00", 3), ("#5fd75f", 2), ("#808080", 8),
            ("#d0d0d0", 7), ("#ffffff", 15), ("#1c2833", 0), ("#005f87", 6), ("#005fd7", 4), ("#ff5fff", 13),
        ]
        for (hex, index) in expected { XCTAssertEqual(XTerm.nearest16(rgb(hex)), index, hex) }
        // Plain RGB distance would call a muted green grey (8); hue keeps it green.
        XCTAssertEqual(XTerm.nearest16(rgb("#5faf5f")), 2)
    }

    func testSixteenColourFallback() throws {
        let t = try theme("""
            roles:
              normal: { fg: "#d0d0d0" }
              lane-red: { fg: 196 }
              lane-amber: { fg: "#ffaf00" }
              lane-green: { fg: bright-green }
              header: { fg: "#ffffff", bg: "#005f87" }
            """)
        let p = t.palette(colors: 16)
        XCTAssertEqual(p.colors, 16)
        XCTAssertEqual(p.styles[.normal], ResolvedStyle(fg: 7))
        XCTAssertEqual(p.styles[.laneRed], ResolvedStyle(fg: 9))
        XCTAssertEqual(p.styles[.laneAmber], ResolvedStyle(fg: 3))
        XCTAssertEqual(p.styles[.laneGreen], ResolvedStyle(fg: 10))
        // Teal becomes cyan; white on ANSI cyan would be 2:1, so black (10:1).
        XCTAssertEqual(p.styles[.header], ResolvedStyle(fg: 0, bg: 6))
        XCTAssertEqual(t.palette(colors: 88).colors, 16, "anything between 16 and 255 is treated as 16")
    }

    func testEightColourFallbackFoldsBrightAndAddsBold() throws {
        let t = try theme("""
            roles:
              normal: { fg: "#d0d0d0" }
              lane-red: { fg: "#ff0000" }
              lane-amber: { fg: "#ffaf00" }
              lane-green: { fg: 46 }
              alert-critical: { fg: bright-white, bg: bright-red }
              dim: { fg: "#808080" }
              footer: { bg: "#808080" }
            """)
        let p = t.palette(colors: 8)
        XCTAssertEqual(p.colors, 8)
        XCTAssertEqual(p.styles[.laneRed], ResolvedStyle(fg: 1, attributes: .bold))
        XCTAssertEqual(p.styles[.laneAmber], ResolvedStyle(fg: 3))
        XCTAssertEqual(p.styles[.laneGreen], ResolvedStyle(fg: 2, attributes: .bold))
        XCTAssertEqual(p.styles[.alertCritical], ResolvedStyle(fg: 7, bg: 1, attributes: .bold))
        XCTAssertEqual(p.styles[.dim], ResolvedStyle(fg: 7, attributes: .dim), "grey is dim white, not bold black")
        XCTAssertEqual(p.styles[.footer]?.bg, 0)
    }

    func testLowColourFallbackNeverExceedsTheTerminal() throws {
        for t in try allThemes() {
            for (colors, limit) in [(8, 8), (15, 8), (16, 16), (255, 16), (256, 256), (16_777_216, 256)] {
                let p = t.palette(colors: colors)
                for role in Role.allCases {
                    let s = p.styles[role]!
                    XCTAssertTrue((-1..<limit).contains(s.fg) && (-1..<limit).contains(s.bg),
                                  "\(t.name) at \(colors) colours: \(role.rawValue) is \(s)")
                }
            }
        }
    }

    func testFaintForegroundIsAvoidedOnKnownBackground() throws {
        // Amber on light grey: ANSI yellow would be unreadable (1.35:1).
        let t = try theme("""
            roles:
              normal: { fg: "#1c1c1c", bg: "#eeeeee" }
              warning: { fg: "#af8700" }
            """)
        for colors in [8, 16] {
            let s = t.palette(colors: colors).styles[.warning]!
            XCTAssertEqual(s.bg, 7)
            XCTAssertFalse([3, 7, 11, 15].contains(s.fg), "\(colors): \(s)")
        }
    }

    // MARK: - No colour

    func testNoColourKeepsRolesApartByAttributes() throws {
        for t in try allThemes() {
            for p in [t.palette(colors: 0), t.palette(colors: 256, noColor: true), t.palette(colors: 2)] {
                XCTAssertEqual(p.colors, 0)
                for role in Role.allCases {
                    XCTAssertEqual(p.styles[role]?.fg, -1, "\(t.name) \(role.rawValue)")
                    XCTAssertEqual(p.styles[role]?.bg, -1, "\(t.name) \(role.rawValue)")
                }
                let a = { (r: Role) in p.styles[r]!.attributes }
                XCTAssertNotEqual(a(.laneRed), a(.laneGreen), t.name)
                XCTAssertNotEqual(a(.laneRed), a(.laneAmber), t.name)
                XCTAssertNotEqual(a(.laneAmber), a(.laneGreen), t.name)
                XCTAssertNotEqual(a(.selection), a(.normal), t.name)
                XCTAssertTrue(a(.selection).contains(.reverse), t.name)
                XCTAssertNotEqual(a(.header), a(.normal), t.name)
                XCTAssertNotEqual(a(.titleFocused), a(.title), t.name)
                XCTAssertNotEqual(a(.alertCritical), a(.alertHigh), t.name)
                XCTAssertNotEqual(a(.unacked), a(.normal), t.name)
            }
        }
    }

    func testColourOnlyThemeGainsAttributesWithoutColour() throws {
        let t = try theme("""
            roles:
              normal: { fg: white }
              selection: { bg: blue }
              lane-red: { fg: red }
              lane-amber: { fg: yellow }
              lane-green: { fg: green }
              alert-critical: { fg: white, bg: red }
            """)
        let p = t.palette(colors: 0)
        XCTAssertEqual(p.styles[.selection]?.attributes, .reverse)
        XCTAssertEqual(p.styles[.laneRed]?.attributes, [.bold, .reverse])
        XCTAssertEqual(p.styles[.laneAmber]?.attributes, [.bold, .underline])
        XCTAssertEqual(p.styles[.laneGreen]?.attributes, [])
        XCTAssertEqual(p.styles[.alertCritical]?.attributes, [.bold, .reverse])
        XCTAssertEqual(p.styles[.header]?.attributes, [], "a role left out looks like normal, also without colour")
    }

    /// Whatever the terminal, roles the theme styles differently never
    /// collapse into one look.
    func testRolesThatMustDifferStayApartAtEveryDepth() throws {
        for t in try allThemes() {
            for colors in [0, 8, 16, 256] {
                let p = t.palette(colors: colors)
                for (a, b) in Theme.mustDiffer where t[a] != t[b] {
                    XCTAssertFalse(Theme.looksSame(p.styles[a]!, p.styles[b]!),
                                   "\(t.name) at \(colors) colours: \(a.rawValue) looks like \(b.rawValue): \(p.styles[a]!)")
                }
            }
        }
    }

    func testCollisionAtLowDepthAddsAttributes() throws {
        // Two reds that only 256 colours tell apart.
        let t = try theme("""
            roles:
              lane-red: { fg: "#ff0000" }
              lane-amber: { fg: "#ff5f00" }
            """)
        XCTAssertNotEqual(t.palette(colors: 256).styles[.laneRed], t.palette(colors: 256).styles[.laneAmber])
        let p = t.palette(colors: 16)
        XCTAssertEqual(p.styles[.laneRed]?.fg, p.styles[.laneAmber]?.fg)
        XCTAssertEqual(p.styles[.laneRed]?.attributes, [.bold, .reverse])
    }

    func testNoColorEnvironment() {
        XCTAssertTrue(Theme.noColorRequested(environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(Theme.noColorRequested(environment: ["NO_COLOR": "0"]), "any non-empty value counts")
        XCTAssertFalse(Theme.noColorRequested(environment: ["NO_COLOR": ""]))
        XCTAssertFalse(Theme.noColorRequested(environment: [:]))
    }

    // MARK: - Discovery

    func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quaywatch-theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testDiscoveryOverridesByNameOrdersAndReportsBadFiles() throws {
        let user = try tempDir()
        try "name: default\ndescription: mine\nroles:\n  normal: { fg: green }\n"
            .write(to: user.appendingPathComponent("default.yaml"), atomically: true, encoding: .utf8)
        try "roles:\n  normal: { fg: cyan }\n".write(to: user.appendingPathComponent("aurora.yaml"), atomically: true, encoding: .utf8)
        try "roles:\n  normal: { fg: cyan }\n".write(to: user.appendingPathComponent("zz-top.yaml"), atomically: true, encoding: .utf8)
        try "roles:\n  normal: { fg: nope }\n".write(to: user.appendingPathComponent("mono.yaml"), atomically: true, encoding: .utf8)
        try "not a theme".write(to: user.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        var errors: [ThemeError] = []
        let themes = Theme.discover(searchPaths: [Self.themesDir, user.path, "/nonexistent/quaywatch"]) { errors.append($0) }
        XCTAssertEqual(themes.map(\.name), ["default", "light", "high-contrast", "mono", "aurora", "zz-top"])
        XCTAssertEqual(themes[0].description, "mine")
        XCTAssertEqual(themes[0].source, user.appendingPathComponent("default.yaml").path)
        XCTAssertEqual(themes[3].source, "\(Self.themesDir)/mono.yaml", "a broken override keeps the shipped theme")
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.description.contains("mono.yaml:2: role 'normal': fg 'nope'") ?? false, "\(errors)")
    }

    func testDiscoveryWithoutThemesFallsBackToBuiltIn() {
        let themes = Theme.discover(searchPaths: ["/nonexistent/themes"])
        XCTAssertEqual(themes, [Theme.builtInDefault])
    }

    func testUserDirectoryFollowsXDG() {
        XCTAssertEqual(Theme.userDirectory(environment: ["XDG_CONFIG_HOME": "/cfg", "HOME": "/home/op"]), "/cfg/quaywatch/themes")
        XCTAssertEqual(Theme.userDirectory(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/op"]), "/home/op/.config/quaywatch/themes")
        XCTAssertEqual(Theme.userDirectory(environment: ["XDG_CONFIG_HOME": "rel", "HOME": "/home/op"]), "/home/op/.config/quaywatch/themes")
        XCTAssertNil(Theme.userDirectory(environment: [:]))
    }
}
