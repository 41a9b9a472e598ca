import Foundation
import QuayCore
import QuayTerminal
import QuayUI

extension Bench {
    /// View + diff + present through the real terminal code (Terminal.open,
    /// present, curses) on a pseudo terminal of the frame's size, and the
    /// bytes each frame writes to it. The pty stands in for stdin/stdout
    /// while it runs; results are printed after it is gone.
    func benchTerminal(_ start: AppState, width: Int, height: Int) throws {
        let termName = "xterm-256color"
        let savedTerm = getenv("TERM").map { String(cString: $0) }
        setenv("TERM", termName, 1)
        defer { if let savedTerm { setenv("TERM", savedTerm, 1) } else { unsetenv("TERM") } }
        guard let theme = Themes.available().first else { throw CommandFailure(message: "no theme found", code: 2) }

        let pty = try PseudoTerminal(width: width, height: height)
        defer { pty.finish() }
        try pty.attach()
        var lines: [String] = []
        do {
            let term = try Terminal.open()
            defer { term.restore() }
            let palette = theme.palette(colors: term.colors, noColor: false)
            var app = start
            _ = update(&app, .resize(width: term.size.width, height: term.size.height))
            term.present(view(app), palette: palette)
            _ = pty.drain()

            // One frame: view, then present (diff against the last frame,
            // curses, write to the pty); milliseconds of each and bytes written.
            func frame() -> (view: Double, present: Double, bytes: Int, screen: ScreenBuffer) {
                var buffer = ScreenBuffer(width: 0, height: 0)
                let v = Bench.time { buffer = view(app) }
                let p = Bench.time { term.present(buffer, palette: palette) }
                return (v, p, pty.drain().count, buffer)
            }
            typealias Samples = (view: [Double], present: [Double], total: [Double], bytes: [Int])
            func add(_ s: inout Samples, _ f: (view: Double, present: Double, bytes: Int, screen: ScreenBuffer)) {
                s.view.append(f.view); s.present.append(f.present); s.total.append(f.view + f.present); s.bytes.append(f.bytes)
            }
            let n = max(1, runs)

            // Full redraw: what a resize, a theme change or Ctrl-L costs.
            var full: Samples = ([], [], [], [])
            for _ in 0..<n {
                term.invalidate()
                add(&full, frame())
            }

            // A key moving the selection one row.
            var key: Samples = ([], [], [], [])
            for i in 0..<n {
                _ = update(&app, .key(i % 2 == 0 ? .down : .up))
                add(&key, frame())
            }

            // Idle ticks: the model publishes once a second for the clock;
            // nothing else changed.
            var idle: Samples = ([], [], [], [])
            var cells: [Int] = []
            var last = view(app)
            for _ in 0..<n {
                guard var s = app.snapshot else { break }
                s.now = Timestamp(ms: s.now.ms + 1000)
                s.wallNow += 1000
                s.generation += 1
                _ = update(&app, .snapshot(s))
                let f = frame()
                add(&idle, f)
                cells.append(zip(f.screen.cells, last.cells).filter { $0 != $1 }.count)
                last = f.screen
            }

            func med<T: Comparable>(_ a: [T]) -> T { a.sorted()[a.count / 2] }
            func line(_ label: String, _ s: Samples) -> String {
                label.padding(toLength: 20, withPad: " ", startingAt: 0)
                    + String(format: "%6.2f ms (view %.2f + present %.2f), %6d bytes", med(s.total), med(s.view), med(s.present), med(s.bytes))
            }
            lines.append("frame through the terminal (\(termName), \(term.colors) colours, pty \(width)x\(height)), median of \(n):")
            lines.append(line("  full redraw", full))
            lines.append(line("  selection moved", key))
            lines.append(line("  idle tick (clock)", idle)
                         + String(format: " (max %d), %d cells changed (max %d)", idle.bytes.max() ?? 0, med(cells), cells.max() ?? 0))
        }
        pty.detach()
        for l in lines { print(l) }
    }
}
