import CNCursesW
import QuayUI

/// curses key codes and characters to `Key`. `nil` means "nothing a caller
/// acts on" (an unknown function key, NUL, a C1 control): skip it.
enum KeyMapping {
    /// A code wget_wch returned with KEY_CODE_YES (not KEY_RESIZE or KEY_MOUSE).
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_BTAB: return .backTab
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        default:
            for n in 1...24 where code == qw_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }

    /// A character wget_wch returned with OK.
    static func character(_ c: UInt32) -> Key? {
        switch c {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(0x60 + c))))
        case 0..<0x20, 0x80..<0xA0: return nil
        default:
            guard let s = Unicode.Scalar(c) else { return nil }
            return .char(Character(s))
        }
    }

    /// A mouse report; wheel first (a wheel "press" is not a click).
    static func mouse(_ e: MEVENT) -> Key? {
        let b = e.bstate
        let kind: MouseEvent.Kind
        if b & qw_button4_pressed() != 0 { kind = .wheelUp }
        else if b & qw_button5_pressed() != 0 { kind = .wheelDown }
        else if b & qw_button1_pressed() != 0 { kind = .press }
        else if b & qw_button1_released() != 0 { kind = .release }
        else { return nil }
        return .mouse(MouseEvent(kind: kind, x: Int(e.x), y: Int(e.y)))
    }
}
