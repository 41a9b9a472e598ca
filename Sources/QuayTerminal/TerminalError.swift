/// Why the terminal could not be opened, with a message a user can act on.
public struct TerminalError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Standard input or standard output is not a terminal (piped, redirected, cron, CI).
        case notATerminal
        /// curses could not set up the terminal (unknown or missing TERM).
        case cannotInitialize
        /// A Terminal is already open in this process; restore it first.
        case alreadyOpen
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
