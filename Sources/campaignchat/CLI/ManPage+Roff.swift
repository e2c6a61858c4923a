/// Roff for the page: text escaped, one sentence per line as mdoc wants, words made safe for
/// macro lines, and long lines broken the way mandoc writes them.
extension ManPage {
    /// Text for text lines: roff escapes, dashes of options as `\-`, one sentence per line, and
    /// indented or example lines (`campaignchat ...`) kept as a literal display.
    static func paragraphs(_ text: String) -> String {
        var result = ""
        for paragraph in text.split(separator: "\n\n", omittingEmptySubsequences: true) {
            var prose: [Substring] = []
            var literal: [Substring] = []
            func flush() {
                if !prose.isEmpty { result += ".Pp\n" + lines(prose.map { trimmed($0) }.joined(separator: " ")) }
                if !literal.isEmpty {
                    result += ".Bd -literal -offset indent\n" + literal.map { escaped(String($0)) + "\n" }.joined() + ".Ed\n"
                }
                prose = []
                literal = []
            }
            for line in paragraph.split(separator: "\n") {
                if line.first == " " || line.hasPrefix("campaignchat ") {
                    if !prose.isEmpty { flush() }
                    literal.append(line)
                } else {
                    if !literal.isEmpty { flush() }
                    prose.append(line)
                }
            }
            flush()
        }
        return result
    }

    /// Text lines for `text`, one sentence per line (mdoc's rule), escaped.
    static func lines(_ text: String) -> String {
        var result = ""
        var sentence = ""
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            sentence.append(character)
            if ".!?".contains(character) {
                var end = index + 1
                while end < characters.count, "\"')".contains(characters[end]) {
                    sentence.append(characters[end])
                    end += 1
                }
                if end + 1 < characters.count, characters[end] == " ", characters[end + 1].isUppercase {
                    result += escaped(sentence) + "\n"
                    sentence = ""
                    index = end + 1
                    continue
                }
                index = end
                continue
            }
            index += 1
        }
        if !sentence.isEmpty { result += escaped(sentence) + "\n" }
        return result
    }

    /// A line of text made safe for roff: backslashes as `\e`, a leading `.` or `'` guarded,
    /// and a dash that starts a word (an option, `-` for stdin) as a real minus `\-`.
    static func escaped(_ text: String) -> String {
        var result = ""
        var previous: Character? = nil
        for character in text {
            switch character {
            case "\\": result += "\\e"
            case "-" where previous == nil || previous!.isWhitespace || "([|'\"-".contains(previous!): result += "\\-"
            default: result.append(character)
            }
            previous = character
        }
        if result.hasPrefix(".") || result.hasPrefix("'") { result = "\\&" + result }
        return result
    }

    /// One word for a macro line: escaped, guarded when it could be read as a macro name or a
    /// delimiter, quoted when it has spaces.
    static func argument(_ word: String) -> String {
        var text = escaped(word)
        let first = word.first, rest = word.dropFirst()
        let looksLikeMacro = first?.isUppercase == true && (1...2).contains(rest.count) && rest.allSatisfy(\.isLowercase)
        if looksLikeMacro || (word.count == 1 && ".,:;()[]|".contains(word)) { text = "\\&" + text }
        return text.contains(" ") ? "\"\(text)\"" : text
    }

    private static func trimmed(_ line: Substring) -> Substring {
        var line = line.drop { $0 == " " }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Text lines longer than 80 bytes broken at spaces (mandoc's style), outside literal displays;
    /// never right after a sentence's end, which roff would widen.
    static func reflowed(_ page: String) -> String {
        var result = ""
        var literal = false
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".Bd -literal") { literal = true }
            if line.hasPrefix(".Ed") { literal = false }
            var rest = line
            while !literal && !rest.hasPrefix(".") && rest.utf8.count > 80 {
                let candidates = rest.indices.filter { index in
                    rest[index] == " " && rest[..<index].utf8.count <= 80 && index > rest.startIndex
                        && !".!?".contains(rest[rest.index(before: index)])
                }
                guard let cut = candidates.last else { break }
                result += rest[..<cut] + "\n"
                rest = rest[rest.index(after: cut)...]
                if rest.hasPrefix(".") || rest.hasPrefix("'") { rest = "\\&" + rest }
            }
            result += rest + "\n"
        }
        return String(result.dropLast())
    }
}
