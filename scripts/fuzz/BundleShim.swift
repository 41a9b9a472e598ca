// SwiftPM generates `Bundle.module` for QuayCore's resources; the fuzz build
// compiles the sources with swiftc directly, so it supplies its own. The
// harness never loads the built-in rules (run.sh passes the rules file).
import Foundation

extension Foundation.Bundle {
    static var module: Bundle { Bundle.main }
}
