import CampaignChat

// Each option and argument is declared once, as a typed key: its name, its value type and how
// the text becomes that value. A command lists the keys' specs (which help, the man page and the
// completions read) and reads its values through the keys (`invocation[Self.limit]` is an `Int?`),
// so a misspelt name does not compile. The parser turns every given text into its value once,
// after the table's rules between options and arguments held, before the command runs.

/// How the text of an option or argument becomes a value: the name help shows for it (`N`,
/// `KEY`), the kind completions use, the fixed set of values if there is one, and the check.
struct ValueParser<Value: Sendable>: Sendable {
    var valueName: String
    var kind: ValueKind
    var choices: [String] = []
    /// A list of `choices` separated by commas.
    var isList = false
    let parse: @Sendable (String) throws -> Value

    /// For a spec, which stores values of every type.
    var erased: @Sendable (String) throws -> any Sendable {
        let parse = parse
        return { text in try parse(text) }
    }
}

/// Why a text is not a value of its option's or argument's type: the parser makes it a usage
/// error (64) that names the option (`--limit`) or argument (`FILE`). Any other error a parser
/// throws (an invalid handle is bad data, 65) is reported as it is.
enum InvalidValue: Error {
    /// What to give instead: `Invalid value '0' for '--limit': use a whole number above 0`.
    case expected(String)
    /// Why, quoting the text itself: `Invalid value for '--key': invalid key '': use ...`.
    case because(String)
    /// The whole message: `Invalid notification id 'x'`.
    case message(String)

    /// `label` names what the text was given to: `'--limit'`, `'FILE'`, `CAMPAIGNCHAT_DB`.
    func message(text: String, for label: String) -> String {
        switch self {
        case .expected(let hint): "Invalid value '\(TextRules.quotedForMessage(text))' for \(label): \(hint)"
        case .because(let reason): "Invalid value for \(label): \(reason)"
        case .message(let message): message
        }
    }
}

/// The value types of campaignchat's options and arguments, each checked in one place.
enum Parse {
    /// Any text, as given.
    static func text(_ valueName: String, _ kind: ValueKind = .text) -> ValueParser<String> {
        ValueParser(valueName: valueName, kind: kind) { $0 }
    }

    static let campaign = text("CAMPAIGN", .campaign)

    /// A creator's handle (`@alice` or `alice`); an invalid one is bad data (65), as the service says it.
    static let handle = ValueParser<Handle>(valueName: "HANDLE", kind: .creator) { try Handle(parsing: $0) }
    /// A handle no creator has yet (`creator add`): nothing to complete from the database.
    static let newHandle = ValueParser(valueName: "HANDLE", kind: .text, parse: handle.parse)

    /// An idempotency key (or a bulk key prefix): a bad one is a bad option value (64), not bad data.
    static func key(_ valueName: String) -> ValueParser<IdempotencyKey> {
        ValueParser(valueName: valueName, kind: .key) { text in
            do throws(CampaignChatError) {
                return try IdempotencyKey(text)
            } catch {
                throw InvalidValue.because(error.description)
            }
        }
    }

    /// A whole number above 0.
    static let positiveNumber = ValueParser<Int>(valueName: "N", kind: .number) { text in
        guard let number = Int(text), number > 0 else { throw InvalidValue.expected("use a whole number above 0") }
        return number
    }

    /// A number of seconds, 0 to a day.
    static let seconds = seconds(from: 0)

    /// A number of seconds, `minimum` to a day.
    static func seconds(from minimum: Int64) -> ValueParser<Int64> {
        ValueParser(valueName: "SECONDS", kind: .number) { text in
            guard let number = Int64(text), (minimum...86_400).contains(number) else {
                throw InvalidValue.expected("use seconds from \(minimum) to 86400")
            }
            return number
        }
    }

    /// An RFC 3339 time; `example` shows one in the error.
    static func time(example: String) -> ValueParser<Timestamp> {
        ValueParser(valueName: "TIME", kind: .text) { text in
            guard let time = Timestamp(parsing: text) else { throw InvalidValue.expected("use RFC 3339, e.g. \(example)") }
            return time
        }
    }

    /// An event cursor, 0 or more.
    static let cursor = ValueParser<Int64>(valueName: "CURSOR", kind: .number) { text in
        guard let cursor = Int64(text), cursor >= 0 else { throw InvalidValue.expected("use a cursor (0 or more)") }
        return cursor
    }

    /// One of a fixed set of words (the parser refuses any other, naming them), as its enum.
    static func choice<Choice: RawRepresentable & Sendable>(among cases: [Choice], _ valueName: String, _ kind: ValueKind = .text)
        -> ValueParser<Choice> where Choice.RawValue == String {
        ValueParser(valueName: valueName, kind: kind, choices: cases.map(\.rawValue)) { text in
            guard let choice = Choice(rawValue: text) else { preconditionFailure("the parser lets only the choices through") }
            return choice
        }
    }

    /// Choices separated by commas (`delivered,returned`), each once, in the order given.
    static func choices<Choice: RawRepresentable & CaseIterable & Hashable & Sendable>(_ type: Choice.Type, _ valueName: String)
        -> ValueParser<[Choice]> where Choice.RawValue == String {
        ValueParser(valueName: valueName, kind: .text, choices: type.allCases.map(\.rawValue), isList: true) { text in
            text.split(separator: ",").compactMap { Choice(rawValue: String($0)) }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
    }

    static func choice<Choice: RawRepresentable & CaseIterable & Sendable>(_ type: Choice.Type, _ valueName: String,
                                                                          _ kind: ValueKind = .text) -> ValueParser<Choice>
        where Choice.RawValue == String {
        choice(among: Array(type.allCases), valueName, kind)
    }
}

// MARK: - Options

/// An option with a value, `--limit N`: `invocation[key]` is the value, or nil when not given.
struct Option<Value: Sendable>: Sendable {
    let spec: OptionSpec

    init(_ long: String, _ value: ValueParser<Value>, onlyWith: String? = nil, notWith: String? = nil, orElse: String? = nil,
         abstract: String) {
        spec = OptionSpec(long: long, valueName: value.valueName, kind: value.kind, choices: value.choices, isList: value.isList,
                          onlyWith: onlyWith, notWith: notWith, orElse: orElse, abstract: abstract, parse: value.erased)
    }
}

/// An option the command cannot run without, `--exec COMMAND`: `invocation[key]` is its value.
struct RequiredOption<Value: Sendable>: Sendable {
    let spec: OptionSpec

    init(_ long: String, _ value: ValueParser<Value>, abstract: String) {
        spec = OptionSpec(long: long, valueName: value.valueName, kind: value.kind, choices: value.choices, isList: value.isList,
                          required: true, abstract: abstract, parse: value.erased)
    }
}

/// An option without a value, `--follow`: `invocation[key]` says whether it was given.
struct Flag: Sendable {
    let spec: OptionSpec

    init(_ long: String, short: Character? = nil, onlyWith: String? = nil, notWith: String? = nil, abstract: String) {
        spec = OptionSpec(long: long, short: short, onlyWith: onlyWith, notWith: notWith, abstract: abstract)
    }
}

// MARK: - Arguments

/// A positional argument the command needs, `CAMPAIGN`: `invocation[key]` is its value.
struct Argument<Value: Sendable>: Sendable {
    let spec: ArgumentSpec

    init(_ name: String, _ value: ValueParser<Value>, anyCreator: Bool = false, abstract: String) {
        spec = ArgumentSpec(name: name, kind: value.kind, abstract: abstract, choices: value.choices, anyCreator: anyCreator,
                            parse: value.erased)
    }
}

/// One that may be left out, `[CAMPAIGN]`: `invocation[key]` is its value or nil.
struct OptionalArgument<Value: Sendable>: Sendable {
    let spec: ArgumentSpec

    init(_ name: String, _ value: ValueParser<Value>, requiredUnless: String? = nil, notWith: String? = nil, abstract: String) {
        spec = ArgumentSpec(name: name, kind: value.kind, abstract: abstract, optional: true, choices: value.choices,
                            requiredUnless: requiredUnless, notWith: notWith, parse: value.erased)
    }
}

/// One given any number of times, `HANDLE...` (at least once unless `optional`): `invocation[key]` is every value.
struct RepeatingArgument<Value: Sendable>: Sendable {
    let spec: ArgumentSpec

    init(_ name: String, _ value: ValueParser<Value>, optional: Bool = false, anyCreator: Bool = false, abstract: String) {
        spec = ArgumentSpec(name: name, kind: value.kind, abstract: abstract, optional: optional, repeating: true,
                            choices: value.choices, anyCreator: anyCreator, parse: value.erased)
    }
}

// MARK: - Reading them

extension Invocation {
    subscript<Value>(key: Option<Value>) -> Value? { arguments.parsedValue(key.spec.long).map { $0 as! Value } }

    subscript<Value>(key: RequiredOption<Value>) -> Value {
        guard let value = arguments.parsedValue(key.spec.long) else { preconditionFailure("--\(key.spec.long) is required: the parser made sure") }
        return value as! Value
    }

    subscript(key: Flag) -> Bool { arguments.flag(key.spec.long) }

    subscript<Value>(key: Argument<Value>) -> Value {
        guard let value = arguments.parsedArguments(key.spec.name).first else { preconditionFailure("\(key.spec.name) is required: the parser made sure") }
        return value as! Value
    }

    subscript<Value>(key: OptionalArgument<Value>) -> Value? { arguments.parsedArguments(key.spec.name).first.map { $0 as! Value } }

    subscript<Value>(key: RepeatingArgument<Value>) -> [Value] { arguments.parsedArguments(key.spec.name).map { $0 as! Value } }
}
