import CampaignChat
import Glibc

/// The command line as the kernel gave it: `CommandLine.arguments` has already
/// replaced bytes that are not UTF-8 with U+FFFD, which would store a changed
/// text without a word. These are the same words, plus which of them were not UTF-8.
package struct RawArguments {
    /// The arguments after the program name; a word that is not UTF-8 is decoded with U+FFFD.
    package let words: [String]
    /// Indexes into `words` of the arguments that are not valid UTF-8.
    package let notUTF8: Set<Int>

    package static func current() -> RawArguments {
        var words: [String] = []
        var notUTF8: Set<Int> = []
        // argc is 0 when a parent starts us with an empty argv: there is nothing after the program name then.
        for index in 1..<max(1, Int(CommandLine.argc)) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
            if let word = String(validating: bytes, as: UTF8.self) {
                words.append(word)
            } else {
                notUTF8.insert(words.count)
                words.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return RawArguments(words: words, notUTF8: notUTF8)
    }
}

/// An argument or environment variable that is not valid UTF-8: bad data (exit 65),
/// refused before anything runs.
struct ArgumentNotUTF8: Error, CustomStringConvertible {
    /// `argument 5 (TEXT)`, `the environment variable CAMPAIGNCHAT_DB`
    let what: String

    /// `position` is 1-based, counting the words after the program name; `role` is what the
    /// argument was for (`the value of '--key'`, `TEXT`), when the parser knew.
    init(position: Int, role: String?) {
        what = "argument \(position)" + (role.map { " (\($0))" } ?? "")
    }

    init(variable: String) {
        what = "the environment variable \(variable)"
    }

    var description: String { "\(what) is not valid UTF-8" }
}
