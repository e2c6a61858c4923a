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

    /// Text lines for text written as in the README, where `code` spans mark what a user types:
    /// the prose as `lines` makes it, each span on a macro line of its own (`--db` as `Fl -db`, a
    /// path as `Pa`, a variable as `Ev`, `campaignchat` as `Nm`, other words as `Cm`), with the
    /// brackets and punctuation around it as delimiters, so mdoc sets them tight against it.
    static func lines(markdown text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`"), let close = rest[rest.index(after: open)...].firstIndex(of: "`") {
            var before = rest[..<open]
            var opening: [String] = []
            while let last = before.last, "([".contains(last) {
                opening.insert(String(last), at: 0)
                before.removeLast()
            }
            if !trimmed(before).isEmpty { result += lines(String(trimmed(before))) }
            var after = rest[rest.index(after: close)...]
            var closing: [String] = []
            while let first = after.first, ".,:;)]?!".contains(first) {
                closing.append(String(first))
                after.removeFirst()
            }
            precondition(after.isEmpty || after.first == " ", "a code span must end a word: \(text)")
            var words = macroWords(for: rest[rest.index(after: open)..<close])
            words.insert(contentsOf: opening, at: 1)
            result += "." + (words + closing).joined(separator: " ") + "\n"
            rest = after
        }
        if !trimmed(rest).isEmpty { result += lines(String(trimmed(rest))) }
        return result
    }

    /// The macro line for the words of one code span: `Cm push deliver Fl -exec`, `Pa /bin/sh`,
    /// `Ev HOME`, as words; a macro is named again only where the kind of word changes.
    private static func macroWords(for code: Substring) -> [String] {
        var words: [String] = []
        var current = ""
        for word in code.split(separator: " ").map(String.init) {
            let (macro, value): (String, String?)
            if word == "campaignchat" {
                (macro, value) = ("Nm", nil)
            } else if word.hasPrefix("-") && word.count > 1 {
                (macro, value) = ("Fl", (word.hasPrefix("--") ? "-" : "") + argument(String(word.drop { $0 == "-" })))
            } else if let first = word.first, "/~$".contains(first) {
                (macro, value) = ("Pa", argument(word))
            } else if word.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) && word.contains(where: \.isLetter) {
                (macro, value) = ("Ev", argument(word))
            } else {
                (macro, value) = ("Cm", argument(word))
            }
            if macro != current || value == nil { words.append(macro) }
            current = macro
            if let value { words.append(value) }
        }
        return words
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
