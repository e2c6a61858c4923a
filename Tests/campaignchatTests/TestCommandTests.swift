import Foundation
import Testing

/// The README's test command, `bash scripts/test`, on a machine that lacks what the tests need.
@Suite struct TestCommand {
    /// Without root or sudo it cannot install: it stops before building anything, with one line
    /// naming every missing package and the command that installs them.
    @Test func stopsBeforeBuildingNamingWhatToInstallWhenItCannotInstall() throws {
        let sandbox = Sandbox()
        // A copy of the script and its package list, readable by anyone, and a PATH with only the
        // programs the script itself runs: no sudo, no apt-get, and none of the tests' tools.
        let scripts = sandbox.folder.appendingPathComponent("checkout/scripts")
        let tools = sandbox.folder.appendingPathComponent("tools")
        for folder in [scripts, tools] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for name in ["test", "test-packages"] {
            try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("scripts/\(name)"),
                                             to: scripts.appendingPathComponent(name))
        }
        for tool in ["bash", "dirname", "id"] {
            try FileManager.default.createSymbolicLink(at: tools.appendingPathComponent(tool),
                                                       withDestinationURL: URL(fileURLWithPath: "/usr/bin/\(tool)"))
        }
        for folder in [sandbox.folder, scripts.deletingLastPathComponent(), scripts, tools] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        }
        // As root, the script would install: run it as an unprivileged user instead.
        let asUser = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "nobody", "--"] : []
        let result = try Sandbox.execute(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["PATH=\(tools.path)"] + asUser + ["bash", scripts.appendingPathComponent("test").path],
                                         stdin: nil, environment: [:], in: sandbox.folder)
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        let line = String(lines.first ?? "")
        #expect(line.hasPrefix("Error: the tests need packages that are not installed: "), "\(line)")
        for package in ["postgresql-client", "sqlite3", "jq", "python3", "zsh", "fish", "mandoc", "man-db", "tmux", "faketime"] {
            #expect(line.contains(" \(package)"), "\(package) is not named: \(line)")
        }
        let named = try #require(line.components(separatedBy: "install them with: sudo apt-get install ").last)
        let listed = line.dropFirst("Error: the tests need packages that are not installed: ".count)
            .components(separatedBy: ";").first ?? ""
        #expect(named == listed)
        #expect(!FileManager.default.fileExists(atPath: scripts.deletingLastPathComponent().appendingPathComponent(".build").path))
    }
}
