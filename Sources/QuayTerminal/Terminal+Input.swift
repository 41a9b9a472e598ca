import CNCursesW
import QuayUI

extension Terminal {
    /// The next key, mouse event or resize, or nil when none is waiting.
    /// Never blocks. Keys curses reports that we have no name for are
    /// skipped. On a resize the size is updated and the next present()
    /// draws everything.
    public func readKey() -> Key? {
        guard !isRestored else { return nil }
        while true {
            var ch: wint_t = 0
            let r = wget_wch(window, &ch)
            if r == ERR { return nil }
            if r == qw_key_code_yes() {
                let code = Int32(bitPattern: UInt32(ch))
                if code == qw_key_resize() {
                    size = (Int(qw_cols(window)), Int(qw_lines(window)))
                    invalidate()
                    return .resize
                }
                if code == qw_key_mouse() {
                    var event = MEVENT()
                    if getmouse(&event) == OK, let key = KeyMapping.mouse(event) { return key }
                    continue
                }
                if let key = KeyMapping.functionKey(code) { return key }
                continue
            }
            if let key = KeyMapping.character(UInt32(ch)) { return key }
        }
    }
}
