import Foundation

/// Time from main() to the dashboard's first full frame (the snapshot after
/// the history load, with its lists, presented), with the stages on the way,
/// written to the file named by the hidden `--startup-log` option once that
/// frame is on the screen. Standard error is the terminal, hence a file.
enum StartupLog {
    /// Monotonic nanoseconds at the start of main().
    nonisolated(unsafe) private(set) static var start: UInt64 = 0
    nonisolated(unsafe) private static var stages: [(String, UInt64)] = []

    /// First thing main() does.
    static func begin() { start = DispatchTime.now().uptimeNanoseconds }

    /// Notes a stage (main thread only).
    static func mark(_ stage: String) { stages.append((stage, DispatchTime.now().uptimeNanoseconds)) }

    /// Appends one line to `path`: total ms, then each stage's ms since start.
    static func write(to path: String) {
        let end = DispatchTime.now().uptimeNanoseconds
        func ms(_ t: UInt64) -> String { String(format: "%.1f", Double(t - start) / 1e6) }
        var line = "first full frame \(ms(end)) ms after main()"
        if !stages.isEmpty { line += " (" + stages.map { "\($0.0) \(ms($0.1))" }.joined(separator: ", ") + ")" }
        // CPU time of all threads: what the machine's other load cannot inflate.
        var usage = rusage()
        if getrusage(RUSAGE_SELF.rawValue, &usage) == 0 {
            let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
            line += String(format: ", cpu %.1f ms", cpu)
        }
        line += "\n"
        guard let h = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        h.seekToEndOfFile()
        h.write(Data(line.utf8))
        h.closeFile()
    }
}
