import Foundation
import Testing

/// The documentation: README.md (short, a map) and docs/*.md (one page per topic).
enum Docs {
    static let readme = repositoryRoot.appendingPathComponent("README.md")
    static let folder = repositoryRoot.appendingPathComponent("docs")

    /// docs/*.md, by name.
    static func pages() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func text(_ file: URL) throws -> String { try String(contentsOf: file, encoding: .utf8) }

    static func lines(_ file: URL) throws -> [String] {
        try text(file).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The lines of a markdown text outside fenced code blocks, and inside them.
    static func split(_ text: String) -> (prose: [String], code: [String]) {
        var prose: [String] = [], code: [String] = [], fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            if fenced { code.append(line) } else { prose.append(line) }
        }
        return (prose, code)
    }

    /// The anchors GitHub gives the headings of a markdown text: lower case, punctuation but `-` and `_`
    /// dropped, spaces as `-`, a repeated one with `-1`, `-2`, ...
    static func anchors(_ text: String) -> Set<String> {
        var anchors: Set<String> = [], seen: [String: Int] = [:]
        for line in split(text).prose where line.hasPrefix("#") {
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
            let slug = String(title.lowercased().unicodeScalars.filter {
                CharacterSet.alphanumerics.contains($0) || $0 == " " || $0 == "-" || $0 == "_"
            }.map(Character.init)).replacingOccurrences(of: " ", with: "-")
            let count = seen[slug, default: 0]
            seen[slug] = count + 1
            anchors.insert(count == 0 ? slug : "\(slug)-\(count)")
        }
        return anchors
    }

    /// The targets of the markdown links of a text, outside code.
    static func links(_ text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        return split(text).prose.flatMap { line in
            pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)).map { String(line[Range($0.range(at: 1), in: line)!]) }
        }
    }

    /// The words of a shell command line, quotes taken away, up to a `#` comment.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = [], word = "", quote: Character? = nil, inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if character == "#" && !inWord {
                break
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// Each `campaignchat ...` a text shows, in its code blocks and code spans: the words after `campaignchat`.
    static func commandLines(_ text: String) -> [[String]] {
        let (prose, code) = split(text)
        let spans = prose.flatMap { line in line.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) } }
        return (code + spans).flatMap { line -> [[String]] in
            let words = shellWords(line.hasPrefix("$ ") ? String(line.dropFirst(2)) : line)
            return words.indices.filter { words[$0] == "campaignchat" }.map { Array(words[($0 + 1)...]) }
        }
    }
}

/// README.md is a map a newcomer reads in five minutes; every other fact is in docs/.
@Suite struct Readme {
    @Test func isAtMost250Lines() throws {
        let count = try Docs.text(Docs.readme).split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(count <= 250, "README.md has \(count) lines: move the reference to docs/")
    }

    @Test func keepsTheTwoQuickStartCommands() throws {
        let code = Docs.split(try Docs.text(Docs.readme)).code
        #expect(code.contains { $0.hasPrefix("swift run -c release campaignchat demo ") })
        #expect(code.contains { $0.hasPrefix("bash scripts/test ") })
    }

    /// Each `campaignchat ...` of the README (code blocks and code spans) names a command the binary's
    /// help knows: after the global options (and a `help`), the words start with a command's path.
    @Test func everyCommandTheReadmeShowsExists() throws {
        let cli = Sandbox()
        let paths = try cli.helpCommandPaths()
        let shown = Docs.commandLines(try Docs.text(Docs.readme))
        #expect(shown.count >= 10, "the README shows \(shown.count) commands")
        for line in shown {
            var words = line[...]
            while let first = words.first, first.hasPrefix("-") {
                words.removeFirst()
                if ["--as", "--db"].contains(first), !words.isEmpty { words.removeFirst() }
            }
            if words.first == "help" { words.removeFirst() }
            if words.isEmpty { continue }
            let known = paths.contains { words.starts(with: $0) }
            #expect(known, "README.md shows `campaignchat \(line.joined(separator: " "))`, which is no command of the binary")
            if known, let path = paths.first(where: { words.starts(with: $0) }) {
                #expect(try cli.run(["help"] + path).status == 0)
            }
        }
    }

    /// The README links every page of docs/, and the man page's SEE ALSO names each.
    @Test func readmeAndManPageNameEveryPageOfDocs() throws {
        let readmeLinks = Docs.links(try Docs.text(Docs.readme))
        let seeAlso = try #require(try Docs.text(ManPage.file).components(separatedBy: ".Sh SEE ALSO\n").last)
        for page in try Docs.pages() {
            let name = "docs/" + page.lastPathComponent
            #expect(readmeLinks.contains(name), "README.md does not link \(name)")
            #expect(seeAlso.contains(".It Pa \(name)\n"), "the man page's SEE ALSO does not name \(name)")
        }
        #expect(readmeLinks.contains("CHANGELOG.md"))
    }
}

/// Every relative link of README.md and docs/*.md leads to a file that exists, and to a heading of it.
@Suite struct DocsLinks {
    @Test func everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws {
        var checked = 0
        for file in [Docs.readme] + (try Docs.pages()) {
            let name = file.path.replacingOccurrences(of: repositoryRoot.path + "/", with: "")
            for link in Docs.links(try Docs.text(file)) where !link.contains("://") && !link.hasPrefix("mailto:") {
                checked += 1
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? file : file.deletingLastPathComponent().appendingPathComponent(parts[0]).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    Issue.record("\(name) links \(link): no such file")
                    continue
                }
                if parts.count == 2 {
                    let anchors = Docs.anchors(try Docs.text(target))
                    #expect(anchors.contains(parts[1]), "\(name) links \(link): no such heading in \(target.lastPathComponent)")
                }
            }
        }
        #expect(checked >= 20, "only \(checked) links checked")
    }
}

/// The docs' tables that come from code (`campaignchat-docs table NAME`, from `ExitCode`,
/// `EnvironmentVariable`, `DatabaseProblem.Kind` and `CarrierStatusTable`): docs/ holds each once, exactly those rows, in that order.
@Suite struct DocsTables {
    @Test(arguments: ["exit-codes", "environment", "db-check-problems", "carrier-statuses"])
    func docsHoldExactlyTheRowsTheToolPrintsOnce(table: String) throws {
        let generated = try Sandbox().docs("table", table).split(separator: "\n").map(String.init)
        let header = try #require(generated.first)
        var found: [(page: String, rows: [String])] = []
        for file in [Docs.readme] + (try Docs.pages()) {
            let lines = try Docs.lines(file)
            for start in lines.indices where lines[start] == header {
                found.append((file == Docs.readme ? "README.md" : file.lastPathComponent, Array(lines[start...].prefix { $0.hasPrefix("|") })))
            }
        }
        try #require(found.count == 1, """
            README.md and docs/ have \(found.count) tables headed '\(header)' (\(found.map(\.page))), not one: \
            paste `campaignchat-docs table \(table)` where it belongs
            """)
        #expect(found[0].page != "README.md", "the table '\(header)' belongs in docs/, not in README.md")
        let committed = found[0].rows
        let upToDate = committed == generated
        #expect(upToDate, """
            docs/\(found[0].page)'s table is not what `campaignchat-docs table \(table)` prints: paste that over it
            \(DocsTables.difference(committed: committed, generated: generated))
            """)
    }

    @Test func everyExitCodeIsInTheTable() throws {
        let rows = try Sandbox().docs("table", "exit-codes").split(separator: "\n").dropFirst(2)
        #expect(rows.map { $0.split(separator: " ")[1] } == ["0", "64", "65", "66", "69", "70", "73", "74", "75", "77", "78", "130", "141"])
    }

    /// The rows only one side has, or, when both have the same rows, the first one out of place.
    static func difference(committed: [String], generated: [String]) -> String {
        let missing = generated.filter { !committed.contains($0) }.map { "  not in the page: \($0)" }
        let extra = committed.filter { !generated.contains($0) }.map { "  only in the page: \($0)" }
        if !missing.isEmpty || !extra.isEmpty { return (missing + extra).joined(separator: "\n") }
        let index = generated.indices.first { !committed.indices.contains($0) || committed[$0] != generated[$0] } ?? generated.count
        return "  the same rows in another order: row \(index + 1) should be \(generated.indices.contains(index) ? generated[index] : "the last")"
    }
}

/// docs/guarantees.md names the test that proves each promise: every test function and file it names exists.
@Suite struct GuaranteesTable {
    @Test func everyTestItNamesExists() throws {
        let sources = try FileManager.default.subpathsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Tests").path)
            .filter { $0.hasSuffix(".swift") }
        let code = try sources.map { try String(contentsOf: repositoryRoot.appendingPathComponent("Tests").appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
        let rows = try Docs.lines(Docs.folder.appendingPathComponent("guarantees.md")).filter { $0.hasPrefix("| ") && !$0.hasPrefix("| promise") }
        #expect(rows.count >= 30)
        var named = 0
        for row in rows {
            let proof = row.components(separatedBy: " | ").last ?? ""
            let spans = proof.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            for span in spans {
                named += 1
                if span.hasSuffix(".swift") {
                    #expect(sources.contains { $0.hasSuffix("/" + span) || $0 == span }, "guarantees.md names \(span): no such test file")
                } else {
                    let function = span.split(separator: ".").last.map(String.init) ?? span
                    #expect(code.contains("func \(function)(") || code.contains("func \(function)<"), "guarantees.md names \(span): no such test")
                }
            }
        }
        #expect(named >= rows.count)
    }
}
