import ArgumentParser
import QuayCore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one container: its timeline, derived facts and risk breakdown rule by rule.")

    @Argument(help: ArgumentHelp("Container number (ISO 6346), e.g. MSCU6639870.", valueName: "container"))
    var container: String

    @Argument(help: ArgumentHelp("Event files or directories; default: the sample day.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var feed: FeedOptions

    func run() throws {
        let number: ContainerNumber
        do { number = try ContainerNumber(validating: container.uppercased()) } catch {
            throw ValidationError(error.message)
        }
        let (state, _, now) = try feed.load(paths)
        guard let c = state.container(number) else {
            throw CommandFailure(message: "container \(number) does not appear in the events read", code: 1)
        }
        print(Explanation(c, state: state, now: now).text())
    }
}
