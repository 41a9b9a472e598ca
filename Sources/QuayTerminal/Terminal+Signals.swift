extension Terminal {
    /// Makes every way out leave the terminal usable. Call once, early
    /// (before or after open()):
    /// - SIGINT, SIGTERM, SIGHUP: leave the alternate screen, show the
    ///   cursor, put back the tty modes saved at open, exit 128 + signal
    ///   (130 for Ctrl-C, 143 for SIGTERM).
    /// - SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGQUIT:
    ///   the same tty reset, then the previous handler (default, or the
    ///   Swift runtime's backtracer) is put back and the signal re-raised.
    /// - SIGTSTP (Ctrl-Z): the same tty reset, stop; after `fg` the tty is
    ///   taken again and `needsRedraw` is set (present() re-enters curses).
    /// - SIGCONT: `needsRedraw`.
    /// The handlers are async-signal-safe: they use only write, tcsetattr,
    /// sigaction, pthread_sigmask, raise and _exit on memory prepared here
    /// and at open(). SIGWINCH is wrapped at open() (curses needs its own).
    public static func installSignalHandlers() {
        TTYRescue.installHandlers()
    }
}
