import CampaignChat

/// A JSON value with ordered keys, rendered compactly on one line.
///
/// Control characters, DEL, C1 controls and bidi controls are written as
/// `\uXXXX`, so JSON output is safe even when it lands on a terminal.
enum JSON {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    static func int(_ value: Int) -> JSON { .int(Int64(value)) }

    /// This object with more keys after its own (the shapes only ever grow by adding).
    func adding(_ extra: [(String, JSON)]) -> JSON {
        guard case .object(let fields) = self else { return self }
        return .object(fields + extra)
    }
    static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }

    var rendered: String {
        var bytes: [UInt8] = []
        render(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the UTF-8 of this value: bytes, not Strings, because `thread read
    /// --json` renders every message of a thread through here.
    func render(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): JSON.renderString(value, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                item.render(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in fields.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                JSON.renderString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.render(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Writes a string literal, escaping what JSON requires and every scalar
    /// `TextRules.isTerminalControl` names, working on the UTF-8 bytes.
    static func renderString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
                case UInt8(ascii: "\n"): out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20, 0x7F: escape(UInt32(byte), into: &out)
                case 0x20..<0x80: out.append(byte)
                default:
                    // Multi-byte: decode the scalar only to decide whether to escape it.
                    let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                    let end = min(index + length, bytes.count)
                    var value = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                    for continuation in bytes[(index + 1)..<end] { value = value << 6 | UInt32(continuation & 0x3F) }
                    if let scalar = Unicode.Scalar(value), TextRules.isTerminalControl(scalar) {
                        escape(value, into: &out)
                    } else {
                        out.append(contentsOf: bytes[index..<end])
                    }
                    index = end
                    continue
                }
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func escape(_ value: UInt32, into out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)]) }
    }
}
