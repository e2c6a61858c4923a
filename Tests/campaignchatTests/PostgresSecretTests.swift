import Foundation
import Testing

/// What campaignchat shows of a PostgreSQL location with a password in it, from the real binary:
/// never the password, nor a part of it. These need no server (libpq refuses the URL, or finds
/// nothing listening), so they run on both passes; `db info` needs the test server.
@Suite struct PostgresSecrets {
    /// An `@` before a `?` in a password that was not %-encoded: libpq ends the user information
    /// at that `@` and cannot read the rest, so nothing of the URL is shown.
    static let unencoded = "postgresql://chat:Xk9@mZ2pQ?v7@db.example.com/campaignchat"

    func expectNoSecret(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!["Xk9", "mZ2pQ", "v7"].contains { text.contains($0) }, "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [["campaign", "list"], ["db", "info", "--json"], ["db", "info"]])
    func noPartOfAPasswordWithAnAtBeforeAQuestionMarkIsShown(command: [String]) throws {
        let cli = Sandbox()
        for result in [try cli.run(["--db", Self.unencoded] + command), try cli.run(command, environment: ["CAMPAIGNCHAT_DB": Self.unencoded])] {
            #expect(result.status == 69, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: cannot connect to PostgreSQL at the postgresql:// URL given: "), "\(result.stderr)")
            expectNoSecret(result.stderr + result.stdout)
        }
    }

    @Test func aOneLetterPasswordIsMaskedOnlyAsAWord() throws {
        let result = try Sandbox().run("--db", "postgresql://chat:p@localhost:1/campaignchat", "campaign", "list")
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: cannot connect to PostgreSQL at postgresql://chat:***@localhost:1/campaignchat: "), "\(result.stderr)")
        #expect(result.stderr.contains("port 1 failed") && !result.stderr.contains("***ort"), "\(result.stderr)")
    }

    /// The test server trusts its socket: a password in the URL is never asked for, and never shown.
    @Test(.enabled(if: Sandbox.server != nil, "needs CAMPAIGNCHAT_TEST_DB"), arguments: ["Xk9%40mZ2pQ%3Fv7", "p"])
    func dbInfoShowsTheLocationAsLibpqReadsItWithoutThePassword(password: String) throws {
        let cli = try acceptedCreators(1, engine: .postgres)
        let url = cli.database.replacing("postgresql://", with: "postgresql://postgres:\(password)@", maxReplacements: 1)
        let info = try cli.run(["--db", url, "db", "info", "--json"])
        #expect(info.status == 0, "\(info.stderr)")
        let location = try jq(".location", info.stdout)
        let server = try #require(URLComponents(string: cli.database))
        #expect(location == "\"postgresql://postgres:***@" + (server.host ?? "") + server.path + "\"", "\(location)")
        expectNoSecret(info.stdout)
        #expect(password.count == 1 || !info.stdout.contains(password), "\(info.stdout)")
    }
}
