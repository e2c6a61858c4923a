import Testing
@testable import CampaignChat

/// The core's one JSON reader, on whole values: what a carrier's webhook body needs (nesting,
/// escapes, every kind of value) and what it must refuse (truncated or trailing text).
@Suite struct JSONParserValues {
    func value(_ text: String) throws -> JSONParser.Value {
        try JSONParser.value(in: Array(text.utf8))
    }

    func failure(_ text: String) -> String? {
        do { _ = try value(text); return nil } catch let failure as JSONParser.Failure { return failure.message } catch { return "\(error)" }
    }

    @Test func keepsNestedObjectsAndArraysInOrder() throws {
        let body = try value(#"{"msg": {"tracking_number": "1Z999AA10123456784", "checkpoints": [{"tag": "InTransit"}, {"tag": "Delivered"}]}, "ts": 1701234567}"#)
        #expect(body[["msg", "tracking_number"]] == .string("1Z999AA10123456784"))
        guard case .array(let checkpoints)? = body[["msg", "checkpoints"]] else { Issue.record("no array"); return }
        #expect(checkpoints.map { $0["tag"] } == [.string("InTransit"), .string("Delivered")])
        #expect(body["ts"] == .number("1701234567"))
        #expect(body[["msg", "missing"]] == nil && body[["ts", "deeper"]] == nil)
    }

    @Test func readsEveryKindOfValue() throws {
        #expect(try value(#"[true, false, null, -0.5e+3, 0, "x"]"#)
                == .array([.bool(true), .bool(false), .null, .number("-0.5e+3"), .number("0"), .string("x")]))
        #expect(try value("  \n\"alone\"\r\n ") == .string("alone"))
        #expect(try value("{}") == .object([]) && (try value("[ ]")) == .array([]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try value(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(failure(#""\ud83d""#)?.contains("unpaired surrogate \\uD83D") == true)
        #expect(failure(#""\ude00x""#)?.contains("unpaired surrogate") == true)
        #expect(failure(#""\x""#)?.contains("unknown escape") == true)
    }

    /// A repeated key reads as its last value, as JavaScript (and so the services) would.
    @Test func aRepeatedKeyReadsAsItsLastValue() throws {
        #expect(try value(#"{"status": "in_transit", "status": "delivered"}"#)["status"] == .string("delivered"))
    }

    @Test func refusesTruncatedTrailingAndMalformedText() {
        #expect(failure(#"{"msg": {"tag": "Delivered""#) == "invalid JSON at column 28: expected ',' or '}', found end of input")
        #expect(failure(#"{"a": 1} {"b": 2}"#) == "invalid JSON at column 10: unexpected '{' after the value")
        #expect(failure("") == "invalid JSON at column 1: expected a value, found end of input")
        #expect(failure("[01]")?.contains("unexpected '1' in a number") == true)
        #expect(failure("[tru]") != nil && failure("[1,]") != nil && failure(#"{"a" 1}"#) != nil)
        #expect(failure(String(repeating: "[", count: JSONParser.maximumDepth + 2)) != nil)
    }

    /// A pretty-printed body spans lines: the error says which line of it.
    @Test func placesAnErrorInAMultiLineValue() {
        #expect(failure("{\n  \"msg\": {\n    \"tag\": Delivered\n  }\n}") == "invalid JSON at line 3 column 12 of the value: expected a value, found 'D'")
    }

    @Test func refusesAStringThatIsNotUTF8() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.value(in: [0x22, 0xFF, 0x22]) }
    }
}
