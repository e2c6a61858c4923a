import Foundation
import Testing

/// What campaignchat accepts from `CAMPAIGNCHAT_BUSY_TIMEOUT`: whole milliseconds from 0 to
/// 3600000, the range the man page and the README state.
@Suite struct EnvironmentVariables {
    @Test(arguments: ["-1", "3600001", "soon", "1e3", "99999999999999999999"])
    func aBusyTimeoutOutsideTheRangeIs64AndCreatesNothing(value: String) throws {
        let cli = Sandbox()
        let result = try cli.run(["campaign", "create", "X"], environment: ["CAMPAIGNCHAT_BUSY_TIMEOUT": value])
        #expect(result.status == 64, "\(value): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: Invalid CAMPAIGNCHAT_BUSY_TIMEOUT '\(value)': use milliseconds from 0 to 3600000\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.folder.path).isEmpty, "nothing was created")
    }

    @Test(arguments: ["0", "3600000", ""])
    func aBusyTimeoutInTheRangeOrEmptyIsAccepted(value: String) throws {
        let cli = Sandbox()
        let result = try cli.run(["campaign", "create", "X"], environment: ["CAMPAIGNCHAT_BUSY_TIMEOUT": value])
        #expect(result.status == 0, "\(value): \(result.stderr)")
    }
}
