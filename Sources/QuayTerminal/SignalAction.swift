#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

typealias PlainSignalHandler = @convention(c) (Int32) -> Void
typealias InfoSignalHandler = @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void

/// `struct sigaction` spelled the same on every platform (the handler union
/// has different names in Glibc and Darwin).
extension sigaction {
    /// A handler that takes the signal number. `nil` is SIG_DFL.
    static func plain(_ handler: PlainSignalHandler?, flags: Int32, blocking mask: sigset_t) -> sigaction {
        var a = sigaction()
        #if canImport(Darwin)
        a.__sigaction_u.__sa_handler = handler
        #else
        a.__sigaction_handler.sa_handler = handler
        #endif
        a.sa_flags = flags
        a.sa_mask = mask
        return a
    }

    /// A handler that also takes siginfo and the context (SA_SIGINFO is added).
    static func info(_ handler: InfoSignalHandler, flags: Int32, blocking mask: sigset_t) -> sigaction {
        var a = sigaction()
        #if canImport(Darwin)
        a.__sigaction_u.__sa_sigaction = handler
        #else
        a.__sigaction_handler.sa_sigaction = handler
        #endif
        a.sa_flags = flags | SA_SIGINFO
        a.sa_mask = mask
        return a
    }

    var plainHandler: PlainSignalHandler? {
        #if canImport(Darwin)
        __sigaction_u.__sa_handler
        #else
        __sigaction_handler.sa_handler
        #endif
    }

    var infoHandler: InfoSignalHandler? {
        #if canImport(Darwin)
        __sigaction_u.__sa_sigaction
        #else
        __sigaction_handler.sa_sigaction
        #endif
    }

    var takesInfo: Bool { sa_flags & SA_SIGINFO != 0 }

    /// The raw handler word: 0 is SIG_DFL, 1 is SIG_IGN, anything else a function.
    var handlerWord: Int { unsafeBitCast(plainHandler, to: Int.self) }
}
