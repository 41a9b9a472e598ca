import Foundation
import QuayUI

enum Themes {
    /// Shipped themes (themes/ of the package) and the user's, by name.
    static func available() -> [Theme] {
        var dirs: [String] = []
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes").path
        let cwd = FileManager.default.currentDirectoryPath + "/themes"
        dirs.append(FileManager.default.fileExists(atPath: cwd) ? cwd : repo)
        if let user = Theme.userDirectory(environment: ProcessInfo.processInfo.environment) { dirs.append(user) }
        return Theme.discover(searchPaths: dirs) { error in
            FileHandle.standardError.write(Data("quaywatch: theme skipped: \(error)\n".utf8))
        }
    }
}
