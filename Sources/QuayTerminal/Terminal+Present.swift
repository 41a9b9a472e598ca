#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import QuayUI

extension Terminal {
    /// Shows `buffer`: only the cells that differ from the previously
    /// presented frame are drawn (everything when the size or the palette
    /// changed, or after invalidate()), then the screen is updated once.
    /// Cells outside the terminal are clipped; terminal cells outside the
    /// buffer are blank.
    public func present(_ buffer: ScreenBuffer, palette: Palette) {
        guard !isRestored else { return }
        if TTYRescue.get(.resumed) { resumeAfterStop() }
        guard noticeForeground() else {
            // A background job must not draw over the shell: repaint all on return.
            if previous != nil { invalidate() }
            return
        }

        let width = min(buffer.width, Int(qw_cols(window)))
        let height = min(buffer.height, Int(qw_lines(window)))
        var old = previous
        if let o = old, o.width != buffer.width || o.height != buffer.height { old = nil }
        if let p = previousPalette, !Terminal.samePalette(p, palette) { old = nil; looks = [:] }
        if previousPalette == nil { looks = [:] }
        if old == nil { _ = werase(window) }

        lastLook = nil
        buffer.cells.withUnsafeBufferPointer { new in
            (old?.cells ?? []).withUnsafeBufferPointer { last in
                withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: max(1, width)) { chars in
                    var run = CellRun(chars)
                    let stride = buffer.width
                    for y in 0..<height {
                        // Most rows of most frames are as they were: skip them whole.
                        if old != nil && Terminal.sameRow(y, stride, new, last) { continue }
                        drawRow(y, new, old == nil ? nil : last, stride: stride, width: width, palette: palette, run: &run)
                    }
                }
            }
        }

        previous = buffer
        previousPalette = palette
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Forgets the previous frame: the next present() clears the screen
    /// and draws every cell. Call after needsRedraw, or whenever the
    /// screen may have been disturbed.
    public func invalidate() {
        guard !isRestored else { return }
        previous = nil
        TTYRescue.set(.redraw, false)
        _ = clearok(window, true)
    }

    /// True after SIGCONT (resume from Ctrl-Z or a stop), SIGWINCH, or
    /// when the process is back in the foreground after running in the
    /// background (a shell may have written over the screen): call
    /// invalidate() and present a fresh frame.
    public var needsRedraw: Bool {
        guard !isRestored else { return false }
        _ = noticeForeground()
        return TTYRescue.get(.redraw)
    }

    /// Whether we own the terminal now. Coming back to the foreground
    /// without a stop (`kill -STOP`, `kill -CONT`, `fg`) sends no signal, and
    /// the shell may have left its own tty modes and output: put curses's
    /// modes back and ask for a redraw. Unknown (no tty) counts as ours.
    func noticeForeground() -> Bool {
        let group = tcgetpgrp(0)
        let foreground = group == -1 || group == getpgrp()
        if foreground && !wasForeground {
            _ = tcsetattr(0, TCSANOW, TTYRescue.programMode)
            TTYRescue.set(.redraw, true)
        }
        wasForeground = foreground
        return foreground
    }

    /// Back from Ctrl-Z: the signal handlers left and re-entered the
    /// screen behind curses's back, turning the mouse off on the way out.
    /// Ask curses for the mouse again and repaint everything.
    func resumeAfterStop() {
        TTYRescue.set(.resumed, false)
        if mouseMask != 0 { _ = mousemask(mouseMask, nil) }
        invalidate()
    }

    /// Draws the cells of row `y` that differ from `old` (all of them when
    /// there is no old frame: the screen was just erased, so blanks with
    /// no colour or attribute are there already). `new` and `old` hold
    /// frames of `stride` columns, of which the first `width` are shown.
    /// One-column characters go in runs of one look; wide characters and
    /// characters with combining marks one by one.
    func drawRow(_ y: Int, _ new: UnsafeBufferPointer<Cell>, _ old: UnsafeBufferPointer<Cell>?, stride: Int, width: Int,
                 palette: Palette, run: inout CellRun) {
        let row = y * stride
        // Neighbouring cells mostly share a style: the last look, in a local.
        var shown: (style: Style, look: Look)? = nil
        func lookOf(_ style: Style) -> Look {
            if let shown, shown.style == style { return shown.look }
            let l = look(style, palette)
            shown = (style, l)
            return l
        }
        var x = 0
        while x < width {
            let i = row + x
            let style = new[i].style
            if new[i].isContinuation {
                // A right half with no wide character before it: blank.
                if old.map({ $0[i] != new[i] }) ?? true { run.add(0x20, x: x, y: y, lookOf(style), window) }
                x += 1
                continue
            }
            let wide = x + 1 < width && new[i + 1].isContinuation
            if let old {
                let wasWide = x + 1 < width && old[i + 1].isContinuation
                if old[i] == new[i] && wide == wasWide && (!wide || old[i + 1] == new[i + 1]) {
                    x += wide ? 2 : 1
                    continue
                }
            }
            if wide {
                run.flush(window)
                let used = put(new[i].text, style, x, y, palette, cells: 2)
                if used == 1 { put(" ", new[i + 1].style, x + 1, y, palette) }
                x += 2
                continue
            }
            let look = lookOf(style)
            let c: wchar_t
            if let a = Glyph.ascii(new[i].text) {
                c = a
            } else {
                _ = Glyph.encode(new[i].text, cells: 1, replacement: replacement, into: glyphBuffer)
                c = glyphBuffer[0]
                if glyphBuffer[1] != 0 {
                    // Combining marks ride on the base: a cchar_t of its own.
                    run.flush(window)
                    _ = qw_put_wch(window, Int32(y), Int32(x), glyphBuffer, look.attributes, look.pair)
                    x += 1
                    continue
                }
            }
            if old != nil || c != 0x20 || !look.isPlain { run.add(c, x: x, y: y, look, window) }
            x += 1
        }
        run.flush(window)
    }

    /// Draws one cell; returns the columns curses uses (1 or 2). The
    /// bottom-right cell returns ERR (the cursor cannot advance): expected.
    @discardableResult
    func put(_ text: String, _ style: Style, _ x: Int, _ y: Int, _ palette: Palette, cells: Int = 1) -> Int {
        let look = self.look(style, palette)
        let used = Glyph.encode(text, cells: cells, replacement: replacement, into: glyphBuffer)
        _ = qw_put_wch(window, Int32(y), Int32(x), glyphBuffer, look.attributes, look.pair)
        return used
    }

    /// Whether row `y` of two frames of `stride` columns holds the same cells.
    static func sameRow(_ y: Int, _ stride: Int, _ a: UnsafeBufferPointer<Cell>, _ b: UnsafeBufferPointer<Cell>) -> Bool {
        let start = y * stride
        for i in start..<(start + stride) where a[i] != b[i] { return false }
        return true
    }

    func look(_ style: Style, _ palette: Palette) -> Look {
        // Neighbouring cells mostly share a style: skip the hashing.
        if let (s, l) = lastLook, s == style { return l }
        if let l = looks[style] { lastLook = (style, l); return l }
        let r = palette.resolve(style)
        var a = qw_a_normal()
        if r.attributes.contains(.bold) { a |= qw_a_bold() }
        if r.attributes.contains(.reverse) { a |= qw_a_reverse() }
        if r.attributes.contains(.underline) { a |= qw_a_underline() }
        if r.attributes.contains(.dim) { a |= qw_a_dim() }
        let l = Look(attributes: a, pair: pairs.pair(fg: r.fg, bg: r.bg))
        looks[style] = l
        lastLook = (style, l)
        return l
    }

    static func samePalette(_ a: Palette, _ b: Palette) -> Bool {
        a.name == b.name && a.colors == b.colors && a.styles == b.styles
    }
}
