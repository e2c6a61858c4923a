import CSQLite
import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

@Suite struct SearchQueryRules {
    func fts5(_ text: String) throws -> String { try #require(try SearchQuery(parsing: text).expression()).fts5 }

    @Test func quotesWordsFTS5CannotReadAndSpellsOutEveryOperator() throws {
        #expect(try fts5("1Z999AA10123456784") == "1Z999AA10123456784")
        #expect(try fts5("@alice") == "\"@alice\"")
        #expect(try fts5("ship-date OR posting") == "(\"ship-date\" OR posting)")
        #expect(try fts5("\"posting date\" NOT friday") == "(\"posting date\" NOT friday)")
        #expect(try fts5("track*") == "track*")
        #expect(try fts5("foo_bar*") == "\"foo_bar*\"", "a prefix is letters and digits, as a token is")
        #expect(try fts5("(a OR b)") == "(a OR b)")
        // The tree decides, not FTS5's precedence: NOT binds tighter than AND, AND than OR.
        #expect(try fts5("a NOT b c") == "((a NOT b) AND c)")
        #expect(try fts5("a OR b c") == "(a OR (b AND c))")
        #expect(try fts5("a b c d") == "(a AND b AND c AND d)", "chains are flat, not nested")
        #expect(throws: CampaignChatError.self) { try SearchQuery(parsing: "   ") }
        // AND, OR and NOT searched as words are FTS5 keywords: quoted.
        #expect(try fts5("AND") == "\"AND\"")
        #expect(try fts5("NOT OR") == "(\"NOT\" AND \"OR\")")
    }

    /// Whatever a person can type or paste is a search, as in a web search box: quotes and
    /// parentheses that do not pair are characters, operators without two terms are words, and
    /// terms without a letter or number are left out. Only the empty search is refused here.
    @Test func anythingAPersonTypesIsReadAsASearch() throws {
        func parts(_ text: String) throws -> [SearchQuery.Part] { try SearchQuery(parsing: text).parts }
        #expect(try parts("\"open") == [.word("\"open")])
        #expect(try parts("a \"b c\" \"d") == [.word("a"), .phrase("b c"), .word("\"d")])
        #expect(try parts("(ﾉಥ益ಥ）ﾉ") == [.word("(ﾉಥ益ಥ）ﾉ")])
        #expect(try parts("((a)") == [.word("("), .open, .word("a"), .close])
        #expect(try parts("a) OR (b") == [.word("a)"), .or, .word("(b")])
        #expect(try parts("\"(a\" b)") == [.phrase("(a"), .word("b)")], "a parenthesis in a phrase is the phrase's")
        #expect(try parts("AND") == [.word("AND")])
        #expect(try parts("NOT alpha") == [.word("NOT"), .word("alpha")])
        #expect(try parts("alpha OR") == [.word("alpha"), .word("OR")])
        #expect(try parts("(AND) OR b") == [.open, .word("AND"), .close, .or, .word("b")])
        #expect(try parts("a () b") == [.word("a"), .word("b")])
        #expect(try parts("(a OR b) NOT c") == [.open, .word("a"), .or, .word("b"), .close, .not, .word("c")], "operators between terms stay")
        for nothing in ["\"", "\"\"", "()", "(())", "-", "*", "^", "\\", "<>?:\"{}|_+", "🎉", "\u{200F}", "\u{200B}", "' OR '", "!@#$%^&*()"] {
            #expect(try SearchQuery(parsing: nothing).expression() == nil, "\(nothing)")
        }
        #expect(try fts5("alpha & beta") == "(alpha AND beta)", "a term without a word is left out")
        #expect(try fts5("alpha NOT \"\"") == "alpha")
        #expect(try SearchQuery(parsing: "\"\" NOT alpha").expression() == nil)
        #expect(try fts5("\"\" OR delta") == "delta")
        #expect(try fts5("NEAR(") == "\"NEAR(\"")
        #expect(try fts5("col:") == "\"col:\"")
    }

    /// A tracking number pasted in groups or with dashes is also searched as one word, as messages carry it;
    /// the words keep their meaning, so a search finds only more than before.
    @Test func aTrackingNumberInGroupsOrWithDashesIsAlsoSearchedAsOneWord() throws {
        let number = "1Z999AA10123456784"
        let groups: [SearchQuery.Part] = ["1Z", "999", "AA1", "0123", "4567", "84"].map { .word($0) }
        #expect(try SearchQuery(parsing: "1Z 999 AA1 0123 4567 84").parts == [.open] + groups + [.or, .word(number), .close])
        #expect(try SearchQuery(parsing: "ship 1z-999-aa1-0123-4567-84 soon").parts
                == [.word("ship"), .open, .word("1z-999-aa1-0123-4567-84"), .or, .word(number), .close, .word("soon")])
        #expect(try fts5("RB 123 456 785 GB OR x") == "((RB AND 123 AND 456 AND 785 AND GB) OR RB123456785GB OR x)")
        // One word as typed, words that make no right number, and operators between groups stay as they are.
        #expect(try SearchQuery(parsing: number).parts == [.word(number)])
        #expect(try SearchQuery(parsing: "1Z 999 AA1 0123 4567 85").parts == ["1Z", "999", "AA1", "0123", "4567", "85"].map { .word($0) })
        #expect(try SearchQuery(parsing: "1Z999AA1 OR 0123456784").parts == [.word("1Z999AA1"), .or, .word("0123456784")])
        // The limits are on what was typed: 128 numbers in two groups each are 256 words, and nest no deeper.
        let many = try SearchQuery(parsing: Array(repeating: "1Z999AA1 0123456784", count: 128).joined(separator: " ")).parts
        #expect(many.count == 128 * 6, "each number: ( word word OR number )")
        let nested = String(repeating: "(", count: 32) + "1Z 999 AA1 0123 4567 84" + String(repeating: ")", count: 32)
        #expect(throws: Never.self) { try SearchQuery(parsing: nested).expression() }
    }

    @Test func refusesSearchesPastTheLimitsInsteadOfOverflowingAParser() throws {
        let long = Array(repeating: "w", count: SearchQuery.maximumParts).joined(separator: " ")
        #expect(try SearchQuery(parsing: long).expression()?.andOperands.count == SearchQuery.maximumParts)
        #expect(chatError { _ = try SearchQuery(parsing: long + " w") }?.category == .usage)
        let nested = String(repeating: "(", count: SearchQuery.maximumDepth) + "w" + String(repeating: ")", count: SearchQuery.maximumDepth)
        #expect(try SearchQuery(parsing: nested).expression() == .word("w"))
        #expect(chatError { _ = try SearchQuery(parsing: "(" + nested + ")") }?.category == .usage)
        let deep = String(repeating: "(", count: 100_000) + "w" + String(repeating: ")", count: 100_000)
        #expect(chatError { _ = try SearchQuery(parsing: deep) }?.category == .usage)
        // Unpaired, they are characters of one word, which holds no letter: nothing to search for.
        #expect(try SearchQuery(parsing: String(repeating: "(", count: 100_000)).expression() == nil)
    }
}

@Suite struct TimestampParsing {
    @Test func readsRFC3339WithOffsetsAndFractions() {
        #expect(Timestamp(parsing: "2026-11-24T10:00:00Z")?.rfc3339 == "2026-11-24T10:00:00.000Z")
        #expect(Timestamp(parsing: "2026-11-24T10:00:00.5+02:00")?.rfc3339 == "2026-11-24T08:00:00.500Z")
        #expect(Timestamp(parsing: "2026-11-24T23:30:00.123456-01:00")?.rfc3339 == "2026-11-25T00:30:00.123Z")
        #expect(Timestamp(parsing: "2024-02-29")?.rfc3339 == "2024-02-29T00:00:00.000Z")
        #expect(Timestamp(parsing: "1970-01-01T00:00:00Z")?.rfc3339 == "1970-01-01T00:00:00.000Z")
        for bad in ["", "yesterday", "2026-13-01", "2026-11-24T25:00:00Z", "2026-11-24T10:00:00", "2026-11-24T10:00:00+0200", "2026-11-24T10:00:00.Z"] {
            #expect(Timestamp(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func refusesDaysTheMonthDoesNotHave() {
        for bad in ["2026-11-31", "2026-02-30", "2026-02-29", "2100-02-29", "2026-04-31", "2026-06-31T10:00:00Z", "2026-09-31", "2026-01-32"] {
            #expect(Timestamp(parsing: bad) == nil, "\(bad)")
        }
        for good in ["2026-11-30", "2026-12-31", "2028-02-29", "2000-02-29", "2026-02-28", "2026-01-31"] {
            #expect(Timestamp(parsing: good)?.rfc3339 == good + "T00:00:00.000Z", "\(good)")
        }
    }
}

@Suite struct History {
    func fixture(_ engine: TestEngine) throws -> ChatFixture {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your UPS tracking number is 1Z999AA10123456784.")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "Your DHL tracking number is JD014600006281234567.")
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "What is the posting date? Ask @bob too")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "The posting date is Friday.")
        return chat
    }

    /// Both engines count a message's length in its rank, so `--limit` keeps the same messages:
    /// short matches before long ones that mention the word once among many.
    @Test(arguments: TestEngine.selected) func aLimitedSearchKeepsTheSameMessagesOnEveryEngine(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let filler = Array(repeating: "the posting schedule for the campaign", count: 8).joined(separator: ", ")
        for number in 1...3 { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Old note \(number): \(filler), parcel soon.") }
        for number in 1...3 { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "parcel \(number)") }
        #expect(Set(try chat.brand.search("parcel", limit: 3).map(\.message.body)) == ["parcel 1", "parcel 2", "parcel 3"])
    }

    /// Matches are marked inside URLs and e-mail addresses on both engines, and the body around
    /// them is shown as it is stored.
    @Test(arguments: TestEngine.selected) func matchesInsideLinksAndAddressesAreMarkedOnEveryEngine(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let body = "Track it: https://www.ups.com/track?tracknum=1Z999AA10123456784 or write alice.smith@example.com  \u{E000}!"
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: body)
        let link = try chat.brand.search("1Z999AA10123456784")
        #expect(link.map(\.highlighted) == [body.replacingOccurrences(of: "1Z999AA10123456784", with: "\u{E000}1Z999AA10123456784\u{E001}")])
        let mail = try chat.brand.search("smith")
        #expect(mail.map(\.highlighted) == [body.replacingOccurrences(of: "smith@", with: "\u{E000}smith\u{E001}@")])
        // The body's own U+E000 is its text, not a mark.
        #expect(mail.map { $0.marked(start: "«", end: "»") } == [body.replacingOccurrences(of: "smith@", with: "«smith»@")])
    }

    @Test(arguments: TestEngine.selected) func findsTrackingNumbersHandlesAndPhrases(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let tracking = try chat.brand.search("1Z999AA10123456784")
        #expect(tracking.map(\.message.creator.value) == ["alice"])
        #expect(tracking[0].highlighted.contains("\u{E000}1Z999AA10123456784\u{E001}"))
        #expect(try chat.brand.search("@bob").map(\.message.body) == ["What is the posting date? Ask @bob too"])
        #expect(try chat.brand.search("\"posting date\"").count == 2)
        #expect(try chat.brand.search("\"posting date\"", filter: MessageFilter(from: .brand)).map(\.message.body) == ["The posting date is Friday."])
        #expect(try chat.brand.search("tracking", filter: MessageFilter(creator: "bob")).count == 1)
        #expect(try chat.brand.search("tracking", limit: 1).count == 1)
        #expect(try chat.brand.search("AND").isEmpty, "a lone AND is the word 'and'")
    }

    @Test(arguments: TestEngine.selected) func aCreatorSearchesOnlyTheirOwnThreads(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let bob = try chat.creator("bob")
        #expect(try bob.search("tracking").map(\.message.creator.value) == ["bob"])
        #expect(chatError { _ = try bob.search("tracking", filter: MessageFilter(creator: "alice")) } == .notYourThread(actor: try Handle(parsing: "bob")))
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "bob")
        #expect(try bob.search("tracking").isEmpty)
    }

    @Test(arguments: TestEngine.selected) func theIndexFollowsTransactionsRolledBackWithThem(engine: TestEngine) throws {
        let chat = try fixture(engine)
        var records: [BulkRecord] = [.row(BulkRow(line: 2, fields: ["handle": "alice", "t": "ZZTOP123"])),
                                     .row(BulkRow(line: 3, fields: ["handle": "carol", "t": "ZZTOP456"]))].reversed()
        _ = try chat.brand.bulkSend(campaign: "summer-launch", template: try MessageTemplate("{t}"), options: BulkSendOptions(atomic: true),
                                    next: { records.popLast() }, report: { _ in })
        #expect(try chat.brand.search("ZZTOP123").isEmpty, "nothing of a rolled-back send is searchable")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "ZZTOP123")
        #expect(try chat.brand.search("ZZTOP123").count == 1)
        try expectIndexInStep(chat, engine)
    }

    @Test(arguments: TestEngine.selected) func everyMessageOfABulkSendAndOfSingleSendsIsIndexed(engine: TestEngine) throws {
        let chat = try fixture(engine)
        // More rows than a chunk, to bob and alice in turn: several writes, several messages each.
        var records: [BulkRecord] = (1...2_500).map { row in
            .row(BulkRow(line: row + 1, fields: ["handle": row % 2 == 0 ? "alice" : "bob", "t": "PARCEL\(row)X"]))
        }.reversed()
        let summary = try chat.brand.bulkSend(campaign: "summer-launch", template: try MessageTemplate("tracking {t}"), options: BulkSendOptions(),
                                              next: { records.popLast() }, report: { _ in })
        #expect(summary.counts[.sent] == 2_500)
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "got PARCEL2X, thanks")
        for row in [1, 2, 999, 1_000, 1_001, 2_500] {
            #expect(try chat.brand.search("PARCEL\(row)X").count == (row == 2 ? 2 : 1), "row \(row)")
        }
        try expectIndexInStep(chat, engine)
    }

    /// One table of searches and what each finds, run on every engine: what a search means does
    /// not depend on where the messages are kept.
    @Test(arguments: TestEngine.selected) func aSearchFindsTheSameMessagesOnEveryEngine(engine: TestEngine) throws {
        let bodies = [
            "alpha beta gamma",                                            // 1
            "alpha gamma",                                                 // 2
            "beta delta",                                                  // 3
            "track it at https://ups.example/track?n=1Z999AA10123456784",  // 4
            "write to alice.smith@example.com about the ship-date",        // 5
            "posting date: Friday; ship_date tbd",                         // 6
            "tracking numbers follow",                                     // 7
            "printed label 1Z 999 AA1 0123 4567 84",                       // 8
            "Order 1234566 has 555 units",                                 // 9
        ]
        let cases: [(String, [Int])] = [
            ("alpha", [1, 2]),
            ("a NOT b", []),
            ("alpha NOT beta gamma", [2]),
            ("(alpha OR delta) beta", [1, 3]),
            ("alpha OR beta delta", [1, 2, 3]),
            ("\"\" NOT alpha", []),
            ("\"\" OR delta", [3]),
            ("alpha NOT \"\"", [1, 2]),
            ("1Z999AA10123456784", [4]),
            ("1Z 999 AA1 0123 4567 84", [4, 8]),
            ("1z-999-aa1-0123-4567-84", [4, 8]),
            ("84 0123 label", [8]),
            // 555 and 1234566 make a right DHL Express number, 5551234566: the words still match anywhere.
            ("555 1234566", [9]),
            ("ups", [4]),
            ("alice", [5]),
            ("example.com", [5]),
            ("alice.smith@example.com", [5]),
            ("ship-date", [5, 6]),
            ("\"posting date\"", [6]),
            ("date NOT ship", []),
            ("track*", [4, 7]),
            ("NEAR", []),
        ]
        try expectSearches(cases, among: bodies, on: engine)
    }

    /// Text pasted from anywhere (in the spirit of the Big List of Naughty Strings) is a search on
    /// every engine: never refused, never an FTS5 or tsquery error, and it finds the same messages on
    /// both. A message with `"` or `(ﾉಥ益ಥ）ﾉ` is found by its letters: both tokenizers split at
    /// punctuation and symbols, so `"` alone, emoji and invisible marks hold nothing to search for.
    @Test(arguments: TestEngine.selected) func hostileTextIsASearchThatFindsTheSameOnEveryEngine(engine: TestEngine) throws {
        let bodies = [
            "alpha beta",                       // 1
            "She said \"hi\" (ﾉಥ益ಥ）ﾉ",        // 2
            "and or not near",                  // 3
            "田中さんにあげて下さい",             // 4
            "col: body value",                  // 5
        ]
        let cases: [(String, [Int])] = [
            ("\"", []), ("\"\"", []), ("'", []), ("''", []), ("\"\"\"", []), ("(", []), (")", []), ("()", []), (")(", []), ("((", []),
            ("(ﾉಥ益ಥ）ﾉ", [2]), ("<>?:\"{}|_+", []), ("said \"hi", [2]), ("\"hi\"", [2]), ("hi\"", [2]),
            ("AND", [3]), ("OR", [3]), ("NOT", [3]), ("NEAR", [3]), ("AND OR NOT", [3]), ("NOT NOT", [3]),
            ("alpha AND", []), ("OR alpha", []), ("alpha NOT", []),
            ("NEAR(", [3]), ("NEAR(and or)", [3]), ("NEAR(alpha beta)", []),
            ("*", []), ("**", []), ("^", []), ("^alpha", [1]), ("alp*", [1]), ("col:", [5]), ("col:body", [5]), ("body:alpha", []),
            ("-", []), ("--", []), ("-alpha", [1]), ("alpha - beta", [1]), ("alpha & beta", [1]),
            ("\\", []), ("\\\\", []), ("\\'", []), ("' OR '1'='1", []), ("1; DROP TABLE message; --", []), ("%", []), ("_", []),
            ("😀", []), ("👨‍👩‍👧", []), ("\u{200F}", []), ("\u{200B}", []), ("\u{FEFF}", []), ("\u{202E}", []),
            ("\u{200F}alpha\u{200F}", [1]), ("田中さんにあげて下さい", [4]), ("<script>alert(1)</script>", []), ("!@#$%^&*()", []),
            ("(alpha", [1]), ("alpha)", [1]), ("\"alpha", [1]), ("alpha (", [1]), ("(alpha OR value) NOT beta", [5]),
        ]
        try expectSearches(cases, among: bodies, on: engine)
    }

    /// Sends `bodies` to one thread, then expects each search of `cases` to find the bodies
    /// numbered (from 1) as given, no more.
    func expectSearches(_ cases: [(String, [Int])], among bodies: [String], on engine: TestEngine,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        for body in bodies { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: body) }
        for (search, expected) in cases {
            let found = try chat.brand.search(search).compactMap { hit in bodies.firstIndex(of: hit.message.body).map { $0 + 1 } }.sorted()
            #expect(found == expected, "\(search)", sourceLocation: sourceLocation)
        }
    }

    /// Every message is indexed, and nothing else: FTS5's own check against its content table
    /// on SQLite (it fails on a message the index lacks), the stored tsvector on PostgreSQL.
    func expectIndexInStep(_ chat: ChatFixture, _ engine: TestEngine) throws {
        if engine == .sqlite {
            try chat.database.execute("INSERT INTO message_fts (message_fts, rank) VALUES ('integrity-check', 1)")
        } else {
            #expect(try chat.count("SELECT count(*) FROM message WHERE body_search IS NULL") == 0)
        }
    }

    @Test(arguments: TestEngine.selected) func exportStreamsMessagesWithReadState(engine: TestEngine) throws {
        let chat = try fixture(engine)
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in }
        var exported: [ExportedMessage] = []
        try chat.brand.export(filter: MessageFilter(campaign: "summer-launch", creator: "alice")) { exported.append($0) }
        #expect(exported.map(\.message.from) == [.brand, .creator, .brand])
        #expect(exported.map(\.read) == [true, true, false],
                "alice's reply read the first brand message, the brand read hers, and the last brand message is unread")
        var since: [ExportedMessage] = []
        try chat.brand.export(filter: MessageFilter(since: Timestamp(secondsSinceEpoch: 1_790_000_000 + 1_000))) { since.append($0) }
        #expect(since.isEmpty)
        var bobs: [ExportedMessage] = []
        try chat.creator("bob").export { bobs.append($0) }
        #expect(bobs.map(\.message.creator.value) == ["bob"])
    }

    @Test(arguments: TestEngine.selected) func feedbackStaysApartFromChat(engine: TestEngine) throws {
        let chat = try fixture(engine)
        let messagesBefore = try chat.count("SELECT count(*) FROM message")
        let feedback = try chat.brand.addFeedback(campaign: "summer-launch", handle: "alice", text: "Reshoot FEEDBACKWORD with the logo")
        #expect(feedback.creator.value == "alice")
        #expect(try chat.count("SELECT count(*) FROM message") == messagesBefore)
        #expect(try chat.brand.search("FEEDBACKWORD").isEmpty)
        #expect(try chat.brand.pushNotifications().allSatisfy { !$0.preview.contains("FEEDBACKWORD") })
        #expect(try chat.creator("alice").unread().map(\.lastMessage.body).allSatisfy { !$0.contains("FEEDBACKWORD") })
        var bodies: [String] = []
        try chat.creator("alice").readThread(campaign: "summer-launch", handle: "alice") { bodies.append($0.body) }
        #expect(!bodies.contains { $0.contains("FEEDBACKWORD") })
        #expect(try chat.brand.feedback(campaign: "summer-launch").map(\.body) == ["Reshoot FEEDBACKWORD with the logo"])
        #expect(try chat.creator("alice").feedback(campaign: "summer-launch").count == 1)
        #expect(try chat.creator("bob").feedback(campaign: "summer-launch").isEmpty)
        #expect(chatError { _ = try chat.creator("bob").feedback(campaign: "summer-launch", handle: "alice") }?.category == .notPermitted)
        #expect(chatError { _ = try chat.brand.addFeedback(campaign: "summer-launch", handle: "carol", text: "x") }?.category == .notPermitted)
        #expect(chatError { _ = try chat.creator("alice").addFeedback(campaign: "summer-launch", handle: "alice", text: "x") } == .brandOnly(action: "give feedback"))
    }

}

/// Carriers' times: a moment when the text names one (any offset, UTC in the end), else "no
/// offset" (a scan's local time cannot be ordered) or "not a time".
@Suite struct CarrierTimeParsing {
    @Test func honoursEveryOffsetAServiceWrites() {
        #expect(Timestamp.carrierTime("2026-12-01T09:58:00-05:00") == .moment(Timestamp(rfc3339: "2026-12-01T14:58:00.000Z")))
        #expect(Timestamp.carrierTime("2026-12-01T09:58:00-0500") == .moment(Timestamp(rfc3339: "2026-12-01T14:58:00.000Z")))
        #expect(Timestamp.carrierTime("2026-12-01T09:58:00.123456+01:30") == .moment(Timestamp(rfc3339: "2026-12-01T08:28:00.123Z")))
        #expect(Timestamp.carrierTime("2018-09-23T15:00:00.000Z") == .moment(Timestamp(rfc3339: "2018-09-23T15:00:00.000Z")))
        #expect(Timestamp.carrierTime("2026-12-31T23:30:00-01:00").moment?.rfc3339 == "2027-01-01T00:30:00.000Z")
    }

    @Test func aTimeOrDateWithoutAnOffsetNamesNoMoment() {
        for local in ["2026-12-01T09:58:00", "2026-12-01T09:58:00.5", "2026-12-01 09:58:00", "2026-12-01"] {
            #expect(Timestamp.carrierTime(local) == .noOffset, "\(local)")
        }
        // People's --at keeps reading a date as midnight UTC, and refuses a time without an offset.
        #expect(Timestamp(parsing: "2026-12-01")?.rfc3339 == "2026-12-01T00:00:00.000Z")
        #expect(Timestamp(parsing: "2026-12-01T09:58:00") == nil)
    }

    @Test func textThatIsNoTimeIsSaidSo() {
        for bad in ["", "yesterday", "2026-12-01T09:58:00+05", "2026-12-01T09:58:00+05:0", "2026-12-01T09:58:00Zz",
                    "2026-12-01T09:58:00.+01:00", "2026-11-31T09:58:00Z", "2026-12-01T24:00:00Z", "2026-12-01T09:58"] {
            #expect(Timestamp.carrierTime(bad) == .notATime, "\(bad)")
        }
    }
}
