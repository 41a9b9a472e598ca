#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell-style patterns (`*`, `?`, `[...]`) on file names, for paths given
/// quoted on a command line: the shell leaves them to us, so a followed
/// pattern is matched again every tick and picks up new files.
enum Glob {
    static func isPattern(_ path: String) -> Bool {
        path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The paths `pattern` matches now, sorted; empty when none do.
    static func match(_ pattern: String) throws(FeedError) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        let rc = glob(pattern, 0, nil, &g)
        if rc == GLOB_NOMATCH { return [] }
        guard rc == 0 else {
            throw FeedError("\(pattern): cannot expand pattern: \(rc == GLOB_ABORTED ? "a directory could not be read" : "out of memory")")
        }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out
    }
}
