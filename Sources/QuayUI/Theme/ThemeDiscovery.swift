import Foundation

extension Theme {
    /// Every `*.yaml` theme in `searchPaths`, a later directory overriding an
    /// earlier one's theme of the same name (pass the shipped `themes/`
    /// first, then `userDirectory(environment:)`). Ordered: default, light,
    /// high-contrast, mono, then the rest alphabetically. A directory that
    /// does not exist is skipped quietly; a file that does not parse is
    /// reported to `onError` and skipped (an earlier good theme of that name
    /// stays). If no `default` theme was found, `builtInDefault` is first, so
    /// the result is never empty.
    public static func discover(searchPaths: [String], onError: (ThemeError) -> Void = { _ in }) -> [Theme] {
        var byName: [String: Theme] = [:]
        let fm = FileManager.default
        for dir in searchPaths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            let files: [String]
            do { files = try fm.contentsOfDirectory(atPath: dir) } catch {
                onError(ThemeError(source: dir, message: "cannot list themes: \(error.localizedDescription)"))
                continue
            }
            for file in files.sorted() where file.hasSuffix(".yaml") && !file.hasPrefix(".") {
                let path = (dir as NSString).appendingPathComponent(file)
                do {
                    let theme = try load(path: path)
                    byName[theme.name] = theme
                } catch let error as ThemeError {
                    onError(error)
                } catch {
                    onError(ThemeError(source: path, message: "\(error)"))
                }
            }
        }
        if byName["default"] == nil { byName["default"] = builtInDefault }
        return byName.values.sorted { a, b in
            let ra = shippedOrder.firstIndex(of: a.name) ?? shippedOrder.count
            let rb = shippedOrder.firstIndex(of: b.name) ?? shippedOrder.count
            return (ra, a.name) < (rb, b.name)
        }
    }

    /// Where a user's own themes live: `$XDG_CONFIG_HOME/quaywatch/themes`,
    /// or `~/.config/quaywatch/themes` when XDG_CONFIG_HOME is unset, empty
    /// or relative (as the XDG spec says). nil without a HOME either.
    public static func userDirectory(environment: [String: String]) -> String? {
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") {
            return (x as NSString).appendingPathComponent("quaywatch/themes")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return (home as NSString).appendingPathComponent(".config/quaywatch/themes")
    }
}
