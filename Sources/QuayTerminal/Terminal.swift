#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import QuayUI

/// The one owner of the real terminal: curses set-up and tear-down, drawing
/// ScreenBuffers, reading keys. Not thread-safe, like curses itself: create
/// it, use it and drop it on the main thread only.
///
/// ```
/// Terminal.installSignalHandlers()
/// let term = try Terminal.open()          // TerminalError when not a tty
/// defer { term.restore() }
/// loop: poll(term.inputFileDescriptor, ...)
///       while let key = term.readKey() { ... }
///       if term.needsRedraw { term.invalidate() }
///       term.present(view(...), palette: palette)
/// ```
public final class Terminal {
    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>

    /// Colours the terminal has; 0 when it has none.
    public private(set) var colors: Int
    /// Columns and rows, updated on KEY_RESIZE.
    public internal(set) var size: (width: Int, height: Int)
    /// The file descriptor keys arrive on, for the caller's poll().
    public var inputFileDescriptor: Int32 { 0 }

    var pairs: ColorPairs
    /// The last frame presented and the palette it was drawn with; nil
    /// after invalidate() (the next present draws everything).
    var previous: ScreenBuffer?
    var previousPalette: Palette?
    /// Curses attributes and pair per cell style, for `previousPalette`.
    var looks: [Style: Look] = [:]
    /// The last style looked up and its look (valid during one present).
    var lastLook: (Style, Look)?
    /// Mouse events asked for at open (0 when the terminal has no mouse).
    let mouseMask: mmask_t
    let glyphBuffer: UnsafeMutablePointer<wchar_t>
    let replacement: Unicode.Scalar
    var isRestored = false
    /// Whether our process group had the terminal when last looked.
    var wasForeground = true

    struct Look: Equatable {
        var attributes: attr_t
        var pair: Int16
        /// What an erased screen holds: no attributes, the terminal's colours.
        var isPlain: Bool { attributes == qw_a_normal() && pair == 0 }
    }

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, colors: Int, pairs: ColorPairs, mouseMask: mmask_t) {
        self.screen = screen
        self.mouseMask = mouseMask
        self.window = window
        self.colors = colors
        self.pairs = pairs
        size = (Int(qw_cols(window)), Int(qw_lines(window)))
        glyphBuffer = .allocate(capacity: Glyph.capacity)
        glyphBuffer.initialize(repeating: 0, count: Glyph.capacity)
        replacement = Glyph.replacement()
    }

    deinit {
        restore()
        glyphBuffer.deallocate()
    }

    /// Takes over the terminal: locale, curses in cbreak/noecho/keypad
    /// mode with the cursor hidden, colours, mouse clicks and wheel.
    /// Throws when standard input or output is not a terminal, when TERM
    /// is unusable, or when a Terminal is already open.
    public static func open() throws -> Terminal {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError(.notATerminal, "standard input and standard output must both be a terminal")
        }
        TTYRescue.prepare()
        guard !TTYRescue.get(.active) else {
            throw TerminalError(.alreadyOpen, "the terminal is already open in this process")
        }
        guard tcgetattr(0, TTYRescue.shellMode) == 0 else {
            throw TerminalError(.notATerminal, "cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        _ = qw_setlocale_all()
        guard let screen = qw_newterm(), let window = qw_stdscr() else {
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw TerminalError(.cannotInitialize, term.isEmpty
                ? "TERM is not set; set it to your terminal's type (e.g. TERM=xterm-256color)"
                : "cannot use terminal type TERM=\(term); try TERM=xterm-256color")
        }
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = intrflush(window, false)
        _ = keypad(window, true)
        _ = nodelay(window, true)
        _ = set_escdelay(25)
        _ = curs_set(0)

        var colors = 0
        var defaultColors = false
        if has_colors() {
            _ = start_color()
            defaultColors = use_default_colors() == OK
            colors = Int(qw_colors())
        }
        let pairs = ColorPairs(colors: colors, colorPairs: colors > 0 ? Int(qw_color_pairs()) : 0,
                               defaultColors: defaultColors)

        let wanted = qw_button1_pressed() | qw_button4_pressed() | qw_button5_pressed()
        let mouse = mousemask(wanted, nil) != 0
        _ = mouseinterval(0)

        // What a signal handler needs to give the tty back, and to take it again.
        _ = tcgetattr(0, TTYRescue.programMode)
        TTYRescue.setLeaveSequence(leaveSequence(mouse: mouse))
        TTYRescue.setEnterSequence(["smcup", "civis", "smkx"].flatMap(TerminfoString.bytes))
        TTYRescue.installWinch()
        TTYRescue.set(.resumed, false)
        TTYRescue.set(.redraw, false)
        TTYRescue.set(.active, true)

        return Terminal(screen: screen, window: window, colors: colors, pairs: pairs, mouseMask: mouse ? wanted : 0)
    }

    /// Bytes that undo what curses did to the screen, for signal handlers:
    /// mouse reporting off, keypad transmit off, attributes off, cursor
    /// on, leave the alternate screen.
    private static func leaveSequence(mouse: Bool) -> [UInt8] {
        var out: [UInt8] = []
        if mouse && !TerminfoString.bytes("kmous").isEmpty {
            out += Array("\u{1B}[?1006l\u{1B}[?1003l\u{1B}[?1002l\u{1B}[?1000l".utf8)
        }
        for cap in ["rmkx", "sgr0", "cnorm", "rmcup"] { out += TerminfoString.bytes(cap) }
        return out
    }

    /// Gives the terminal back: cursor shown, alternate screen left, tty
    /// modes as they were at open (icanon, echo). Safe to call more than
    /// once; the Terminal draws and reads nothing afterwards.
    public func restore() {
        guard !isRestored else { return }
        isRestored = true
        TTYRescue.set(.active, false)
        _ = curs_set(1)
        _ = endwin()
        _ = tcsetattr(0, TCSANOW, TTYRescue.shellMode)
        delscreen(screen)
    }
}
