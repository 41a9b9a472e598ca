#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW

/// Giving the tty back from inside a signal handler.
///
/// A handler may only call async-signal-safe functions, so everything it
/// needs is prepared on the main thread beforehand and kept in memory
/// allocated once and never freed: the tty modes (`termios`) to put back,
/// the escape sequences that leave the alternate screen and show the
/// cursor (as bytes, for write(2)), flags, and the signal actions to chain
/// to. Handlers only load and store through these pointers and call
/// write, tcsetattr, sigaction, pthread_sigmask, raise and _exit.
enum TTYRescue {
    enum Flag: Int, CaseIterable {
        case active             // a Terminal is open and owns the screen
        case leaveLength        // bytes valid in leaveBytes
        case enterLength        // bytes valid in enterBytes
        case redraw             // SIGCONT / SIGWINCH / resume seen
        case resumed            // back from our SIGTSTP stop: mouse on again, repaint
        case handlersInstalled
        case winchInstalled
    }

    static let sequenceCapacity = 256
    static let signalSlots = 65  // indexed by signal number, 1...64

    nonisolated(unsafe) static let shellMode: UnsafeMutablePointer<termios> = zeroed(1)
    nonisolated(unsafe) static let programMode: UnsafeMutablePointer<termios> = zeroed(1)
    nonisolated(unsafe) static let leaveBytes: UnsafeMutablePointer<UInt8> = zeroed(sequenceCapacity)
    nonisolated(unsafe) static let enterBytes: UnsafeMutablePointer<UInt8> = zeroed(sequenceCapacity)
    nonisolated(unsafe) static let flags: UnsafeMutablePointer<sig_atomic_t> = zeroed(Flag.allCases.count)
    /// The action each signal had before we installed ours, by signal number.
    nonisolated(unsafe) static let previous: UnsafeMutablePointer<sigaction> = zeroed(signalSlots)
    /// [0] SIG_DFL, [1] our SIGTSTP action (re-installed after a stop).
    nonisolated(unsafe) static let spare: UnsafeMutablePointer<sigaction> = zeroed(2)
    nonisolated(unsafe) static let unblockSet: UnsafeMutablePointer<sigset_t> = zeroed(1)

    private static func zeroed<T>(_ n: Int) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: n)
        UnsafeMutableRawPointer(p).initializeMemory(as: UInt8.self, repeating: 0, count: n * MemoryLayout<T>.stride)
        return p
    }

    /// Forces the lazy globals into existence on the calling (main) thread,
    /// so a handler only ever takes the already-initialised fast path.
    static func prepare() {
        _ = shellMode; _ = programMode; _ = leaveBytes; _ = enterBytes; _ = flags
        _ = previous; _ = spare; _ = unblockSet
    }

    // MARK: flags

    @inline(__always) static func get(_ f: Flag) -> Bool { qw_flag_load(flags + f.rawValue) != 0 }
    @inline(__always) static func set(_ f: Flag, _ on: Bool) { qw_flag_store(flags + f.rawValue, on ? 1 : 0) }

    /// Sets the sequence written on the way out (mouse off, keypad off,
    /// attributes off, cursor on, leave the alternate screen).
    static func setLeaveSequence(_ bytes: [UInt8]) { store(bytes, in: leaveBytes, length: .leaveLength) }

    /// Sets the sequence written when taking the screen back after a stop
    /// (enter the alternate screen, cursor off, keypad on).
    static func setEnterSequence(_ bytes: [UInt8]) { store(bytes, in: enterBytes, length: .enterLength) }

    private static func store(_ bytes: [UInt8], in buffer: UnsafeMutablePointer<UInt8>, length: Flag) {
        let n = min(bytes.count, sequenceCapacity)
        qw_flag_store(flags + length.rawValue, 0)
        for i in 0..<n { buffer[i] = bytes[i] }
        qw_flag_store(flags + length.rawValue, sig_atomic_t(n))
    }

    // MARK: async-signal-safe actions

    /// Writes the leave sequence and puts back the tty modes saved at open.
    /// Does nothing unless a Terminal owns the screen. Async-signal-safe.
    static func leave() {
        guard qw_flag_load(flags + Flag.active.rawValue) != 0 else { return }
        qw_flag_store(flags + Flag.active.rawValue, 0)
        writeAll(leaveBytes, Int(qw_flag_load(flags + Flag.leaveLength.rawValue)))
        _ = tcsetattr(0, TCSANOW, shellMode)
    }

    /// Takes the tty back after a stop: curses's tty modes, alternate
    /// screen, cursor off, keypad on. Async-signal-safe.
    static func enter() {
        _ = tcsetattr(0, TCSANOW, programMode)
        writeAll(enterBytes, Int(qw_flag_load(flags + Flag.enterLength.rawValue)))
        qw_flag_store(flags + Flag.active.rawValue, 1)
    }

    private static func writeAll(_ bytes: UnsafeMutablePointer<UInt8>, _ n: Int) {
        var off = 0
        while off < n {
            let r = write(1, bytes + off, n - off)
            if r > 0 { off += r } else if r < 0 && errno == EINTR { continue } else { break }
        }
    }

    /// SIGINT, SIGTERM, SIGHUP: give the tty back and exit 128 + signal.
    static func onTerminate(_ sig: Int32) {
        leave()
        _exit(128 + sig)
    }

    /// SIGSEGV and friends: give the tty back, then hand the signal to
    /// whatever handled it before. A previous handler (the Swift runtime's
    /// backtracer) is called with the original siginfo and context, so its
    /// report names the real fault.
    static func onCrash(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        leave()
        let prev = previous + Int(sig)
        var fault = false  // raised by the CPU at an instruction that will run again
        if let info, info.pointee.si_code > 0 {
            fault = sig != SIGABRT && sig != SIGQUIT && !trapResumesAfter(sig)
        }
        if prev.pointee.takesInfo, let handler = prev.pointee.infoHandler {
            _ = sigaction(sig, prev, nil)
            handler(sig, info, context)
        } else if prev.pointee.handlerWord > 1, let handler = prev.pointee.plainHandler {
            _ = sigaction(sig, prev, nil)
            handler(sig)
        }
        // Whatever ran before us has returned: die with the default action.
        // A CPU fault repeats when this handler returns; anything else is
        // raised again (it stays pending until this handler returns).
        _ = sigaction(sig, spare, nil)
        if !fault { _ = raise(sig) }
    }

    /// On x86 a breakpoint trap (int3) returns past the instruction, so
    /// returning would not repeat it; elsewhere (arm64 brk) it repeats.
    private static func trapResumesAfter(_ sig: Int32) -> Bool {
        #if arch(x86_64) || arch(i386)
        return sig == SIGTRAP
        #else
        return false
        #endif
    }

    /// SIGTSTP (Ctrl-Z): give the tty back, stop for real, and on SIGCONT
    /// take the tty again. What curses believes about the terminal stays
    /// true (alternate screen, cursor off, keypad on) except the mouse
    /// mode and the screen's content: the main thread turns the mouse on
    /// again and repaints everything on its next present (see `resumed`).
    static func onStop(_ sig: Int32) {
        let savedErrno = errno
        let wasActive = get(.active)
        leave()
        _ = sigaction(SIGTSTP, spare, nil)
        sigemptyset(unblockSet)
        sigaddset(unblockSet, SIGTSTP)
        _ = pthread_sigmask(SIG_UNBLOCK, unblockSet, nil)
        _ = raise(SIGTSTP)
        // Stopped here until SIGCONT.
        _ = sigaction(SIGTSTP, spare + 1, nil)
        if wasActive {
            enter()
            set(.resumed, true)
        }
        set(.redraw, true)
        errno = savedErrno
    }

    /// SIGCONT: the screen may hold anything now; ask for a full redraw.
    /// In the foreground, also put curses's tty modes back: after a
    /// `kill -STOP`/`kill -CONT` the shell may have left its own (icanon echo).
    static func onContinue(_ sig: Int32) {
        let savedErrno = errno
        set(.redraw, true)
        if get(.active) && tcgetpgrp(0) == getpgrp() { _ = tcsetattr(0, TCSANOW, programMode) }
        errno = savedErrno
    }

    /// SIGWINCH: ask for a redraw and pass the signal on to curses's own
    /// handler, which turns it into KEY_RESIZE.
    static func onWinch(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        let savedErrno = errno
        set(.redraw, true)
        let prev = previous + Int(sig)
        if prev.pointee.takesInfo {
            prev.pointee.infoHandler?(sig, info, context)
        } else if prev.pointee.handlerWord > 1 {
            prev.pointee.plainHandler?(sig)
        }
        errno = savedErrno
    }

    // MARK: installing (main thread)

    /// The signals whose handlers must not interrupt each other.
    private static var asyncMask: sigset_t {
        var m = sigset_t()
        sigemptyset(&m)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&m, s) }
        return m
    }

    static let terminateSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGQUIT]

    /// Installs the handlers once per process. Safe to call before or after
    /// Terminal.open(): curses only installs its own SIGINT/SIGTERM/SIGTSTP
    /// handlers where it finds the default, and ours replace them otherwise.
    static func installHandlers() {
        prepare()
        guard !get(.handlersInstalled) else { return }
        set(.handlersInstalled, true)
        let mask = asyncMask
        spare[0] = .plain(nil, flags: 0, blocking: sigset_t())
        spare[1] = .plain({ TTYRescue.onStop($0) }, flags: SA_RESTART, blocking: mask)

        var terminate = sigaction.plain({ TTYRescue.onTerminate($0) }, flags: 0, blocking: mask)
        for s in terminateSignals { _ = sigaction(s, &terminate, previous + Int(s)) }

        installAlternateStack()
        var crash = sigaction.info({ TTYRescue.onCrash($0, $1, $2) }, flags: SA_ONSTACK, blocking: mask)
        for s in crashSignals { _ = sigaction(s, &crash, previous + Int(s)) }

        _ = sigaction(SIGTSTP, spare + 1, previous + Int(SIGTSTP))
        var cont = sigaction.plain({ TTYRescue.onContinue($0) }, flags: SA_RESTART, blocking: mask)
        _ = sigaction(SIGCONT, &cont, previous + Int(SIGCONT))
    }

    /// Wraps curses's SIGWINCH handler (installed by newterm); once per process.
    static func installWinch() {
        prepare()
        guard !get(.winchInstalled) else { return }
        set(.winchInstalled, true)
        var winch = sigaction.info({ TTYRescue.onWinch($0, $1, $2) }, flags: SA_RESTART, blocking: asyncMask)
        _ = sigaction(SIGWINCH, &winch, previous + Int(SIGWINCH))
    }

    /// A stack overflow leaves no stack to run the crash handler on: give the
    /// main thread an alternate one unless something (the Swift runtime) did.
    private static func installAlternateStack() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        let size = 64 * 1024
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        _ = sigaltstack(&stack, nil)
    }
}
