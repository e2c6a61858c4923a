import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

@Suite struct BulkMessageTemplateTests {
    @Test func placeholdersAreTrimmedDistinctAndInOrderOfFirstUse() throws {
        let template = try MessageTemplate("Hi { name }, your parcel {tracking} is on its way, {name}!")
        #expect(template.placeholders == ["name", "tracking"])
    }

    @Test func renderSubstitutesEachPlaceholderFromTheRow() throws {
        let template = try MessageTemplate("Hi {name}, tracking {tracking} ({courier})")
        let row = ["name": "Alice", "tracking": "TRK-1", "courier": "DHL"]
        #expect(template.render { row[$0] } == "Hi Alice, tracking TRK-1 (DHL)")
    }

    @Test func renderLeavesMissingValuesEmpty() throws {
        let template = try MessageTemplate("[{missing}] {name}")
        #expect(template.render { $0 == "name" ? "Bob" : nil } == "[] Bob")
    }

    @Test func renderAsksForTrimmedNames() throws {
        let template = try MessageTemplate("{  tracking number  }")
        var asked: [String] = []
        let text = template.render { name in
            asked.append(name)
            return "X1"
        }
        #expect(asked == ["tracking number"])
        #expect(text == "X1")
    }

    @Test func doubledBracesAreLiteralBraces() throws {
        let template = try MessageTemplate("{{tracking}} is {tracking}}}{{")
        #expect(template.placeholders == ["tracking"])
        #expect(template.render { _ in "T9" } == "{tracking} is T9}{")
    }

    @Test func textWithoutPlaceholdersRendersUnchangedWithoutLookingUpValues() throws {
        let template = try MessageTemplate("Your parcel is on its way.\nThanks!")
        #expect(template.placeholders.isEmpty)
        #expect(template.render { _ in
            Issue.record("no placeholder should be looked up")
            return nil
        } == "Your parcel is on its way.\nThanks!")
    }

    @Test func unclosedBraceIsRejectedNamingItsPosition() {
        #expect(throws: CampaignChatError.invalidValue("template: '{' at position 4 is never closed (write '{{' for a literal brace)")) {
            try MessageTemplate("Hi {name, thanks")
        }
    }

    @Test func positionsCountCharactersNotBytes() {
        let error = #expect(throws: CampaignChatError.self) { try MessageTemplate("Olá {name") }
        #expect(error?.description.contains("position 5") == true)
    }

    @Test func loneClosingBraceIsRejectedNamingItsPosition() {
        #expect(throws: CampaignChatError.invalidValue("template: '}' at position 8 has no matching '{' (write '}}' for a literal brace)")) {
            try MessageTemplate("Hi name} there")
        }
    }

    @Test func emptyPlaceholderIsRejected() {
        let error = #expect(throws: CampaignChatError.self) { try MessageTemplate("Hi {  }!") }
        #expect(error?.description == "template: the placeholder at position 4 has no column name")
    }

    @Test func braceInsidePlaceholderIsRejected() {
        let error = #expect(throws: CampaignChatError.self) { try MessageTemplate("{a{b}}") }
        #expect(error?.description.hasPrefix("template: '{' at position 3 is inside the placeholder opened at position 1") == true)
    }

    @Test func templateErrorsAreInvalidData() {
        let error = #expect(throws: CampaignChatError.self) { try MessageTemplate("}") }
        #expect(error?.category == .invalidData)
    }
}
