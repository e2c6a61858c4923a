import Testing
@testable import CampaignChat
@testable import CampaignChatSQLite

@Suite struct Messaging {
    @Test(arguments: TestEngine.selected) func brandMessagesAcceptedCreatorAndFirstMessageCreatesThread(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        #expect(try chat.count("SELECT count(*) FROM thread") == 0)
        let sent = try chat.brand.send(campaign: "summer-launch", handle: "@alice", body: "Tracking: 1Z999AA10123456784")
        #expect(!sent.replayed)
        #expect(sent.message.from == .brand)
        #expect(sent.message.creator.description == "@alice")
        #expect(try chat.count("SELECT count(*) FROM thread") == 1)
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Second")
        #expect(try chat.count("SELECT count(*) FROM thread") == 1)
        #expect(try chat.count("SELECT count(*) FROM message") == 2)
    }

    @Test(arguments: TestEngine.selected, [("bob", MembershipStatus.invited), ("carol", .declined), ("dave", .removed)])
    func refusesNonAcceptedCreatorsAndWritesNothing(engine: TestEngine, creator: (handle: String, status: MembershipStatus)) throws {
        let (handle, status) = creator
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let error = chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: try Handle(parsing: handle), body: "hi") }
        #expect(error == .notAccepted(campaign: "summer-launch", creator: try Handle(parsing: handle), status: status))
        #expect(error?.description.contains(status.rawValue) == true)
        #expect(error?.category == .notPermitted)
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
        #expect(try chat.count("SELECT count(*) FROM thread") == 0)
    }

    @Test(arguments: TestEngine.selected) func nonAcceptedCreatorsCannotWriteEither(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        for handle in ["bob", "carol", "dave", "erin"] {
            let error = chatError { _ = try chat.creator(handle).send(campaign: "summer-launch", handle: try Handle(parsing: handle), body: "hello?") }
            #expect(error?.category == .notPermitted, "\(handle)")
        }
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
    }

    @Test(arguments: TestEngine.selected) func creatorCanStartTheConversation(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let sent = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "When do I post?")
        #expect(sent.message.from == .creator)
        let threads = try chat.brand.threads()
        #expect(threads.count == 1)
        #expect(threads[0].unread(for: .brand) == 1)
        #expect(threads[0].unread(for: .creator) == 0)
    }

    @Test(arguments: TestEngine.selected) func creatorCannotWriteIntoAnotherCreatorsThread(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        let error = chatError { _ = try chat.creator("bob").send(campaign: "summer-launch", handle: "alice", body: "hi") }
        #expect(error == .notYourThread(actor: try Handle(parsing: "bob")))
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
    }

    @Test(arguments: TestEngine.selected) func archivedCampaignRefusesNewMessages(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "before")
        _ = try chat.brand.archiveCampaign("summer-launch")
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "after") } == .campaignArchived("summer-launch"))
        #expect(chatError { _ = try chat.brand.invite(campaign: "summer-launch", group: "Group A", handles: ["erin"]) } == .campaignArchived("summer-launch"))
        var bodies: [String] = []
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { bodies.append($0.body) }
        #expect(bodies == ["before"])
    }

    @Test(arguments: TestEngine.selected) func invalidBodiesAreRefusedBeforeAnythingIsWritten(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "  ") }?.category == .invalidData)
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: String(repeating: "x", count: 10_001)) }?.category == .invalidData)
        #expect(try chat.count("SELECT count(*) FROM message") == 0)
    }

    @Test(arguments: TestEngine.selected) func unknownNamesAreNotFound(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        #expect(chatError { _ = try chat.brand.send(campaign: "nope", handle: "alice", body: "x") } == .campaignNotFound("nope"))
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "zed", body: "x") } == .creatorNotFound(try Handle(parsing: "zed")))
        #expect(chatError { try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in } }
                == .threadNotFound(campaign: "summer-launch", creator: try Handle(parsing: "alice")))
    }
}

@Suite struct Idempotency {
    @Test(arguments: TestEngine.selected) func sameKeyAndBodyReplaysTheOriginal(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let first = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "1Z999", key: "ship-1")
        let second = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "1Z999", key: "ship-1")
        #expect(!first.replayed)
        #expect(second.replayed)
        #expect(second.message == first.message)
        #expect(try chat.count("SELECT count(*) FROM message") == 1)
    }

    @Test(arguments: TestEngine.selected) func sameKeyWithAnotherBodyIsADataErrorAndWritesNothing(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "1Z999", key: "ship-1")
        #expect(chatError { _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "1Z000", key: "ship-1") } == .keyConflict(key: "ship-1"))
        #expect(try chat.count("SELECT count(*) FROM message") == 1)
    }

    @Test(arguments: TestEngine.selected) func keysBelongToOneSideOfOneThread(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        let brandSend = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "same", key: "k")
        let aliceSend = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "same", key: "k")
        #expect(!aliceSend.replayed && aliceSend.message.id != brandSend.message.id)
        // A creator cannot take a key the brand will use with someone else, nor learn whether it was used.
        _ = try chat.creator("bob").send(campaign: "summer-launch", handle: "bob", body: "squat", key: "wave1@alice")
        #expect(try !chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Parcel 1Z1", key: "wave1@alice").replayed)
        #expect(try !chat.creator("bob").send(campaign: "summer-launch", handle: "bob", body: "probe", key: "k").replayed)
        #expect(try chat.count("SELECT count(*) FROM message") == 5)
    }
}

@Suite struct ReadState {
    @Test(arguments: TestEngine.selected) func redDotsFollowEachSide(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let alice = try chat.creator("alice")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel: 1Z999")
        #expect(try chat.brand.unread().isEmpty)
        let aliceDots = try alice.unread()
        #expect(aliceDots.map(\.unread) == [1])
        _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "Thanks!")
        _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "Posting Friday")
        let brandDots = try chat.brand.unread()
        #expect(brandDots.count == 1)
        #expect(brandDots[0].unread == 2)
        #expect(brandDots[0].lastMessage.body == "Posting Friday")

        var read: [String] = []
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { read.append($0.body) }
        #expect(read == ["Your parcel: 1Z999", "Thanks!", "Posting Friday"])
        #expect(try chat.brand.unread().isEmpty)
        #expect(try alice.unread().isEmpty, "alice's reply marked the brand's message read for her")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "See you Friday")
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in }
        #expect(try alice.unread().map(\.unread) == [1], "the brand reading does not clear the creator's dot")
        try alice.readThread(campaign: "summer-launch", handle: "alice") { _ in }
        #expect(try alice.unread().isEmpty)
    }

    @Test(arguments: TestEngine.selected) func sendingMarksTheThreadReadForTheSender(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let alice = try chat.creator("alice")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Hi")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Your parcel: 1Z999")
        #expect(try alice.unread().map(\.unread) == [2])
        _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "Got it")
        #expect(try alice.unread().isEmpty, "a creator's reply reads the brand's messages before it")
        #expect(try chat.brand.unread().map(\.unread) == [1])
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Great")
        #expect(try chat.brand.unread().isEmpty, "the brand's reply reads the creator's message before it")
        #expect(try alice.unread().map(\.unread) == [1], "what arrives after a reply is unread again")
        let thread = try alice.markUnread(campaign: "summer-launch", handle: "alice")
        #expect(thread.unread(for: .creator) == 1)
        _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "Thanks")
        let marked = try chat.brand.markUnread(campaign: "summer-launch", handle: "alice")
        #expect(marked.unread(for: .brand) == 1, "mark-unread still works after a send")
        #expect(try chat.brand.unread().map(\.unread) == [1])
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "(automated) Noted", marksRead: false)
        #expect(try chat.brand.unread().map(\.unread) == [1], "a send that does not mark read leaves the red dot")
        #expect(try chat.brand.events(after: 0).filter { $0.kind == .messageSent }.map(\.markedRead)
                == [true, true, true, true, true, false])
    }

    @Test(arguments: TestEngine.selected) func aReplayedSendChangesNoReadPosition(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Parcel", key: "p1")
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "When?")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "Parcel", key: "p1")
        #expect(try chat.brand.unread().map(\.unread) == [1], "replaying an old send is not a reply")
    }

    @Test(arguments: TestEngine.selected) func noMarkReadLeavesTheDotAndLimitShowsTheNewest(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let alice = try chat.creator("alice")
        for number in 1...5 { _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "m\(number)") }
        var read: [String] = []
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice", limit: 2, markRead: false) { read.append($0.body) }
        #expect(read == ["m4", "m5"])
        #expect(try chat.brand.unread().first?.unread == 5)
    }

    @Test(arguments: TestEngine.selected) func markUnreadBringsTheDotBack(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "hi")
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in }
        #expect(try chat.brand.unread().isEmpty)
        let thread = try chat.brand.markUnread(campaign: "summer-launch", handle: "alice")
        #expect(thread.unread(for: .brand) == 1)
        #expect(try chat.brand.unread().map(\.unread) == [1])
    }

    @Test(arguments: TestEngine.selected) func aReaderNeverMarksReadWhatItDidNotSee(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        // alice writes through her own connection, as another process would.
        let alice = ChatService(store: try chat.database.openStore(), actor: .creator(try Handle(parsing: "alice")))
        _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "one")
        // A message that arrives while the brand is reading stays unread.
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { _ in
            _ = try alice.send(campaign: "summer-launch", handle: "alice", body: "two")
        }
        #expect(try chat.brand.unread().map(\.unread) == [1])
    }

    @Test(arguments: TestEngine.selected) func creatorSeesOnlyOwnThreadsAndNothingOfOthers(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "bob")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "secret for alice")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "bob", body: "for bob")
        let bob = try chat.creator("bob")
        #expect(try bob.threads().map(\.creator.value) == ["bob"])
        #expect(try bob.unread().map(\.creator.value) == ["bob"])
        var leaked: [Message] = []
        let error = chatError { try bob.readThread(campaign: "summer-launch", handle: "alice") { leaked.append($0) } }
        #expect(error == .notYourThread(actor: try Handle(parsing: "bob")))
        #expect(leaked.isEmpty)
        #expect(chatError { _ = try bob.markUnread(campaign: "summer-launch", handle: "alice") } == .notYourThread(actor: try Handle(parsing: "bob")))
    }

    @Test(arguments: TestEngine.selected) func removedCreatorKeepsHistoryForBrandOnly(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "hello")
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "alice")
        var bodies: [String] = []
        try chat.brand.readThread(campaign: "summer-launch", handle: "alice") { bodies.append($0.body) }
        #expect(bodies == ["hello"])
        let alice = try chat.creator("alice")
        #expect(chatError { try alice.readThread(campaign: "summer-launch", handle: "alice") { _ in } }?.category == .notPermitted)
        #expect(try alice.threads().isEmpty)
        #expect(try alice.unread().isEmpty)
    }
}

@Suite struct Administration {
    @Test(arguments: TestEngine.selected) func slugsAreDerivedUniqueAndExplicitOnesMustBeFree(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        #expect(try chat.brand.createCampaign(name: "Summer Launch").slug == "summer-launch")
        #expect(try chat.brand.createCampaign(name: "Summer  launch!").slug == "summer-launch-2")
        #expect(try chat.brand.createCampaign(name: "Other", slug: "fall").slug == "fall")
        #expect(chatError { _ = try chat.brand.createCampaign(name: "Again", slug: "fall") } == .alreadyExists("campaign 'fall'"))
    }

    @Test(arguments: TestEngine.selected) func aCreatorSitsInOneGroupPerCampaign(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.createGroup(campaign: "summer-launch", name: "Group B")
        #expect(chatError { _ = try chat.brand.invite(campaign: "summer-launch", group: "Group B", handles: ["alice"]) }?.category == .invalidData)
        // All or nothing: erin is not invited because zed is unknown.
        #expect(chatError { _ = try chat.brand.invite(campaign: "summer-launch", group: "Group B", handles: ["erin", "zed"]) } == .creatorNotFound(try Handle(parsing: "zed")))
        #expect(try chat.brand.members(campaign: "summer-launch", filter: MemberFilter(groupName: "group b")).isEmpty)
        // A removed creator can be invited into another group.
        let moved = try chat.brand.invite(campaign: "summer-launch", group: "Group B", handles: ["dave"])
        #expect(moved.map(\.member.groupName) == ["Group B"])
        #expect(moved.map(\.member.status) == [.invited])
    }

    @Test(arguments: TestEngine.selected) func groupCountsAndFilters(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let groups = try chat.brand.groups(campaign: "summer-launch")
        #expect(groups.map(\.counts) == [StatusCounts(invited: 1, accepted: 1, declined: 1, removed: 1)])
        #expect(try chat.brand.members(campaign: "summer-launch", filter: MemberFilter(status: .accepted)).map(\.creator.handle.value) == ["alice"])
        _ = try chat.brand.setFavorite(campaign: "summer-launch", handle: "alice", true)
        #expect(try chat.brand.members(campaign: "summer-launch", filter: MemberFilter(favoritesOnly: true)).map(\.creator.handle.value) == ["alice"])
        #expect(chatError { _ = try chat.brand.setFavorite(campaign: "summer-launch", handle: "bob", true) }
                == .statusConflict(campaign: "summer-launch", creator: try Handle(parsing: "bob"), status: .invited, action: "mark as favorite"))
    }

    @Test(arguments: TestEngine.selected) func groupShowCarriesTheRedDot(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "hi")
        let members = try chat.brand.groupMembers(campaign: "summer-launch", group: "GROUP A").members
        #expect(members.first { $0.creator.handle.value == "alice" }?.hasRedDot == true)
        #expect(members.first { $0.creator.handle.value == "bob" }?.hasRedDot == false)
    }

    @Test(arguments: TestEngine.selected) func creatorsAcceptThemselvesButCannotAdminister(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let bob = try chat.creator("bob")
        #expect(try bob.changeStatus(.accept, campaign: "summer-launch", handle: "bob").member.status == .accepted)
        #expect(chatError { _ = try bob.changeStatus(.accept, campaign: "summer-launch", handle: "alice") }?.category == .notPermitted)
        #expect(chatError { _ = try bob.createCampaign(name: "Mine") } == .brandOnly(action: "create campaigns"))
        #expect(chatError { _ = try bob.groups(campaign: "summer-launch") }?.category == .notPermitted)
        #expect(try bob.campaigns().map(\.slug) == ["summer-launch"])
        #expect(try chat.creator("erin").campaigns().isEmpty)
    }

    @Test(arguments: TestEngine.selected) func creatorHandlesAreUnique(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        _ = try chat.brand.addCreator(handle: "@Alice")
        #expect(chatError { _ = try chat.brand.addCreator(handle: "alice") } == .alreadyExists("creator @alice"))
    }

    /// Favorite is an action under accepted creators: removed, declined or invited again, a
    /// creator is no favorite any more.
    @Test(arguments: TestEngine.selected) func aCreatorWhoLeavesAcceptedIsNoFavoriteAnyMore(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.brand.setFavorite(campaign: "summer-launch", handle: "alice", true)
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "alice")
        #expect(try chat.brand.members(campaign: "summer-launch").first { $0.creator.handle.value == "alice" }?.favorite == false)
        _ = try chat.brand.invite(campaign: "summer-launch", group: "Group A", handles: ["alice"])
        _ = try chat.brand.changeStatus(.accept, campaign: "summer-launch", handle: "alice")
        #expect(try chat.brand.members(campaign: "summer-launch").first { $0.creator.handle.value == "alice" }?.favorite == false,
                "accepted again, still not a favorite until marked")
    }

    /// Accepting, declining or removing a creator who was never invited says so (77), rather
    /// than that only accepted creators can chat.
    @Test(arguments: TestEngine.selected) func actingOnACreatorNeverInvitedSaysSo(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        let erin = try Handle(parsing: "erin")
        for action in [MembershipAction.accept, .decline, .remove] {
            #expect(chatError { _ = try chat.brand.changeStatus(action, campaign: "summer-launch", handle: "erin") }
                    == .notInvited(campaign: "summer-launch", creator: erin, action: action.rawValue))
        }
        #expect(CampaignChatError.notInvited(campaign: "s", creator: erin, action: "accept").category == .notPermitted)
    }

    /// A keyed send replays after the creator left, for the brand's re-run scripts; a creator
    /// removed from the campaign no longer sees it, their own messages included.
    @Test(arguments: TestEngine.selected) func aRemovedCreatorsKeyedSendIsRefusedNotReplayed(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        try chat.seedCampaign()
        _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "hello", key: "k1")
        _ = try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "welcome", key: "b1")
        _ = try chat.brand.changeStatus(.remove, campaign: "summer-launch", handle: "alice")
        #expect(chatError { _ = try chat.creator("alice").send(campaign: "summer-launch", handle: "alice", body: "hello", key: "k1") }?
                .category == .notPermitted)
        #expect(try chat.brand.send(campaign: "summer-launch", handle: "alice", body: "welcome", key: "b1").replayed)
    }

    /// `--as brand` (and `CAMPAIGNCHAT_AS=brand`) is the brand: a creator with that handle would
    /// have the brand's rights wherever a script writes `--as "$HANDLE"`.
    @Test(arguments: TestEngine.selected) func noCreatorMayTakeTheHandleBrand(engine: TestEngine) throws {
        let chat = try ChatFixture(engine)
        for handle in ["brand", "@Brand", "BRAND"] {
            #expect(chatError { _ = try chat.brand.addCreator(handle: try Handle(parsing: handle)) }?.category == .invalidData, "\(handle)")
        }
        #expect(try chat.brand.creators().isEmpty)
        #expect(try Actor(parsing: "Brand") == .brand)
        _ = try chat.brand.addCreator(handle: "brand.team")
    }
}
