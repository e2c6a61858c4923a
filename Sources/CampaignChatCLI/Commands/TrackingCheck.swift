import CampaignChat
import Glibc

/// `tracking check NUMBER... | -`: which carrier issued each number, and whether its check digit is right.
enum TrackingCheck {
    static let spec = CommandSpec(
        path: ["tracking", "check"],
        abstract: "Recognise courier tracking numbers and verify their check digits, offline.",
        discussion: """
            For each NUMBER (or each line of stdin, with - or no NUMBER): the carrier and service that issue
            numbers of its format, the country where the format says it, the number as recognised (spaces and
            dashes dropped, upper case), whether its check digit is right, and the carrier's tracking page.
            Known formats: UPS (1Z), FedEx (Express, Ground, Ground 96, SmartPost), USPS (IMpb, 420+ZIP),
            UPU S10 international numbers (AA123456789CC: Royal Mail, La Poste, Deutsche Post, China Post, ...),
            DHL Express, DPD, GLS and PostNL. A number of no known format is "unknown", not an error. Text that
            a bulk send refuses as no tracking number (empty, a placeholder such as - or n/a, no letter or digit,
            control or invisible characters, starting with = + or @, more than 64 characters) is invalid, with why.
            A byte order mark in front of stdin is dropped. Exit 0 when every number is valid or unknown, 65 when
            any is invalid.
            """,
        arguments: [Self.numbers.spec]
    ) { invocation in
        let numbers = try readNumbers(invocation)
        let results = numbers.map(TrackingRules.report)
        let output = invocation.output
        if output.json {
            for result in results { output.json(result.json) }
        } else {
            output.table(["NUMBER", "CARRIER", "SERVICE", "COUNTRY", "CHECK", "TRACKING URL", "NOTE"], results.map { result in
                let (check, note): (String, String) = switch result.validity {
                case .valid: ("valid", result.alsoValidFor.isEmpty ? "" : "also valid for " + result.alsoValidFor.map(\.name).joined(separator: ", "))
                case .invalid(let reason): ("INVALID", reason)
                case .unknown: ("unknown", result.carrier == nil ? "no known format" : "this format has no check digit")
                }
                return [result.normalized, result.carrier?.name ?? "-", result.service ?? "-", result.country ?? "-", check,
                        result.trackingURL ?? "-", note]
            })
        }
        let invalid = results.filter { if case .invalid = $0.validity { true } else { false } }.count
        if invalid > 0 {
            throw InputError(code: .dataError, description: "\(invalid) of \(results.count) tracking numbers are not valid")
        }
    }

    static let numbers = RepeatingArgument("NUMBER", Parse.text("NUMBER"), optional: true,
                                           abstract: "A tracking number; - or nothing reads one a line from stdin.")

    /// The numbers from the arguments, or one a line from stdin (blank lines skipped).
    private static func readNumbers(_ invocation: Invocation) throws -> [String] {
        let arguments = invocation[Self.numbers]
        if !arguments.isEmpty && arguments != ["-"] {
            if arguments.contains("-") { throw UsageError(message: "Give NUMBERs or -, not both", path: invocation.command.path) }
            return arguments
        }
        if arguments.isEmpty && isatty(0) != 0 {
            throw UsageError(message: "Missing NUMBER: give tracking numbers, or pipe them on stdin, one a line", path: invocation.command.path)
        }
        // A byte order mark in front is not part of the first number, as in a bulk file.
        let bytes = TextRules.withoutByteOrderMark(try InputFile.readAll(0, limit: 64 << 20, what: "tracking numbers on stdin")[...])
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError(code: .dataError, description: "the tracking numbers on stdin are not valid UTF-8")
        }
        let numbers = text.split(whereSeparator: \.isNewline).map { TextRules.trimmed(String($0)) }.filter { !$0.isEmpty }
        guard !numbers.isEmpty else { throw InputError(code: .dataError, description: "no tracking numbers on stdin") }
        return numbers
    }
}
