import Foundation
import Testing

/// man/campaignchat.1: valid mdoc, rendered by man, complete, and in step with the command table.
@Suite struct ManPage {
    static let file = repositoryRoot.appendingPathComponent("man/campaignchat.1")

    func page() throws -> String { try Sandbox().docs("man") }

    @Test func mandocLintReportsNothingWorseThanStyle() throws {
        let mandoc = try requiredProgram("mandoc", package: "mandoc")
        let result = try Sandbox().runProgram(mandoc, ["-Tlint", ManPage.file.path])
        let report = result.stdout + result.stderr
        #expect(result.status <= 1, "mandoc -Tlint exit \(result.status):\n\(report)")
        for level in ["WARNING", "ERROR", "UNSUPP", "BADARG", "SYSERR"] {
            #expect(!report.contains(": \(level):"), "\(report)")
        }
    }

    @Test func manRendersIt() throws {
        let man = try requiredProgram("man", package: "man-db")
        let cli = Sandbox()
        let result = try Sandbox.execute(man, ["-l", ManPage.file.path], stdin: nil, environment: [
            "PATH": cli.environment["PATH"]!, "HOME": cli.folder.path, "MANPAGER": "cat", "MANWIDTH": "80", "LC_ALL": "C.UTF-8",
        ], in: cli.folder)
        #expect(result.status == 0, "man -l: \(result.stderr)")
        for heading in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS", "JSON OUTPUT", "EXAMPLES", "SEE ALSO"] {
            #expect(result.stdout.contains("\n\(heading)\n"), "rendered page lacks \(heading)")
        }
        #expect(result.stdout.contains("campaignchat message send summer-launch --bulk shipments.csv"))
    }

    @Test func hasTheSectionsAndFactsOfTheContract() throws {
        let page = try page()
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS", "JSON OUTPUT", "EXAMPLES", "SEE ALSO"] {
            #expect(page.contains("\n.Sh \(section)\n"), "no section \(section)")
        }
        for variable in ["CAMPAIGNCHAT_DB", "CAMPAIGNCHAT_AS", "XDG_DATA_HOME", "HOME", "CAMPAIGNCHAT_BUSY_TIMEOUT", "NO_COLOR"] {
            #expect(page.contains(".It Ev \(variable)\n"), "ENVIRONMENT lacks \(variable)")
        }
        for code in [0, 64, 65, 66, 70, 73, 74, 75, 77, 78, 130] {
            #expect(page.contains("\n.It \(code)\n"), "EXIT STATUS lacks \(code)")
        }
        for global in ["Fl -db Ar PATH|URL", "Fl -as Ar ACTOR", "Fl -json", "Fl q , Fl -quiet", "Fl h , Fl -help", "Fl -version"] {
            #expect(page.contains(".It \(global)\n"), "no global option \(global)")
        }
        #expect(page.contains(".Pa ~/.local/share/campaignchat/campaignchat.db"))
        #expect(page.contains("never prints colour"))
        #expect(page.contains(#"@alice,1Z999AA10123456784,UPS"#) && page.contains(#"\-\-bulk shipments.csv"#))
        #expect(page.contains("\"replayed\": bool") && page.contains("unread entry  {"))
        #expect(page.contains(".Xr sqlite3 1"))
    }

    @Test func dateIsAFixedConstantNotToday() throws {
        let page = try page()
        let dates = page.split(separator: "\n").filter { $0.hasPrefix(".Dd ") }
        #expect(dates.count == 1)
        let date = try #require(dates.first).dropFirst(4)
        let parts = date.split(separator: " ")
        #expect(parts.count == 3 && parts[1].hasSuffix(",") && parts[2].count == 4, "\(date)")
        #expect(try self.page() == page)
    }

    @Test func listsEveryCommandOfTheHelpAndNoHiddenOne() throws {
        let cli = Sandbox()
        let page = try cli.docs("man")
        for path in try cli.helpCommandPaths() {
            #expect(page.contains(".It Cm \(path.joined(separator: " "))\n") || page.contains(".It Cm \(path.joined(separator: " ")) "),
                    "the man page lacks \(path.joined(separator: " "))")
        }
        #expect(!page.contains("__complete") && !page.contains("__man"))
    }
}
