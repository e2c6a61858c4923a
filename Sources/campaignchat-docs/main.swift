import CampaignChatCLI
import Glibc

// campaignchat-docs: the development tool that prints what the docs take from campaignchat's
// code, so that the shipped binary carries no generator.
//
//   campaignchat-docs man          the man page campaignchat(1), in mdoc (completions/generate.sh writes man/campaignchat.1)
//   campaignchat-docs table NAME   a table of docs/ in markdown: exit-codes, environment, db-check-problems or carrier-statuses

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments {
case ["man"]:
    print(ManPage.text(for: CommandTable.main), terminator: "")
case let words where words.count == 2 && words[0] == "table" && DocsTable(rawValue: words[1]) != nil:
    print(DocsTable(rawValue: words[1])!.markdown, terminator: "")
default:
    let tables = DocsTable.allCases.map(\.rawValue).joined(separator: "|")
    Output.standardError("Usage: campaignchat-docs man | campaignchat-docs table \(tables)")
    exit(64)
}
