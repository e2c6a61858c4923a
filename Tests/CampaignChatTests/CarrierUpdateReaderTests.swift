import Testing
@testable import CampaignChat
import Glibc

/// `shipment update`'s input, read without a database: each service's body, JSON Lines of them,
/// campaignchat's own CSV and JSON Lines, and the carrier's time of each status.
@Suite struct CarrierUpdateReading {
    typealias F = CarrierBodyFixtures

    func read(_ text: String, as source: CarrierSource) throws -> [CarrierUpdate] {
        let reader = try CarrierUpdateReader(bytes: Array(text.utf8), source: source)
        var updates: [CarrierUpdate] = []
        while let update = try reader.next() { updates.append(update) }
        return updates
    }

    func time(_ text: String) -> Timestamp { Timestamp.carrierTime(text).moment! }

    @Test func afterShipOutForDeliveryAtTheNewestCheckpointWithThatTag() throws {
        #expect(try read(F.afterShip, as: .aftership) == [
            CarrierUpdate(line: 1, trackingNumber: "1Z999AA10123456784", carrier: "ups",
                          outcome: .status(.outForDelivery, at: time("2026-12-01T14:58:00Z"))),
        ])
    }

    @Test func easyPostDeliveredInTheScansTimeZone() throws {
        #expect(try read(F.easyPost, as: .easypost) == [
            CarrierUpdate(line: 1, trackingNumber: "9400 1118 9922 3197 4284 97", carrier: "USPS",
                          outcome: .status(.delivered, at: time("2026-12-02T17:48:00Z"))),
        ])
    }

    @Test func shippoSubstatusNarrowsTransit() throws {
        #expect(try read(F.shippo, as: .shippo) == [
            CarrierUpdate(line: 1, trackingNumber: "9205590164917312751089", carrier: "usps",
                          outcome: .status(.outForDelivery, at: time("2026-12-02T08:12:00Z"))),
        ])
        let plainTransit = F.shippo.replacing(#""code": "out_for_delivery""#, with: #""code": "package_departed""#)
        #expect(try read(plainTransit, as: .shippo).map(\.outcome) == [.status(.inTransit, at: time("2026-12-02T08:12:00Z"))])
        let failedAttempt = F.shippo.replacing(#""status": "TRANSIT",\#n      "substatus": {"code": "out_for_delivery""#,
                                                with: #""status": "FAILURE",\#n      "substatus": {"code": "delivery_attempted""#)
        #expect(try read(failedAttempt, as: .shippo).first?.status == .failedAttempt)
        let withoutSubstatus = F.shippo.replacing(#""substatus": {"code": "out_for_delivery", "text": "Package is out for delivery.", "action_required": false},"#, with: "")
        #expect(try read(withoutSubstatus, as: .shippo).first?.status == .inTransit)
    }

    @Test func shipEngineDeliveredAtItsEventsUTCTime() throws {
        #expect(try read(F.shipEngine, as: .shipengine) == [
            CarrierUpdate(line: 1, trackingNumber: "9400111205476899201487", carrier: nil,
                          outcome: .status(.delivered, at: time("2026-12-03T16:21:00Z"))),
        ])
    }

    /// AfterShip's checkpoint times are often the scan's local time: such a time cannot be
    /// ordered, so the body's own update time (which has an offset) dates the status.
    @Test func aCheckpointTimeWithoutAnOffsetFallsBackToTheBodysUpdateTime() throws {
        let local = F.afterShip.replacing(#""checkpoint_time": "2026-12-01T09:58:00-05:00""#, with: #""checkpoint_time": "2026-12-01T09:58:00""#)
        #expect(try read(local, as: .aftership).map(\.outcome) == [.status(.outForDelivery, at: time("2026-12-01T15:02:11Z"))])
        let noUpdate = local.replacing(#""updated_at": "2026-12-01T15:02:11+00:00","#, with: "")
        #expect(try read(noUpdate, as: .aftership).map(\.outcome) == [.status(.outForDelivery, at: Timestamp(secondsSinceEpoch: 1_796_137_331))],
                "then the event's ts")
        let noTime = noUpdate.replacing(#""ts": 1796137331,"#, with: "")
        #expect(try read(noTime, as: .aftership).map(\.outcome) == [.status(.outForDelivery, at: nil)])
        let noMatchingEvent = F.shipEngine.replacing(#""status_code": "DE", "carrier_status_code": "01""#, with: #""status_code": "IT", "carrier_status_code": "01""#)
        #expect(try read(noMatchingEvent, as: .shipengine).map(\.outcome) == [.status(.delivered, at: nil)],
                "ShipEngine's body has no update time of its own")
    }

    @Test func otherEventsAndNoNewsAreIgnored() throws {
        let edd = F.compact(F.afterShip).replacing(#""event": "tracking_update""#, with: #""event": "edd_revise""#)
        let pending = F.compact(F.afterShip).replacing(#""tag": "OutForDelivery", "subtag""#, with: #""tag": "Pending", "subtag""#)
        let newTag = F.compact(F.afterShip).replacing(#""tag": "OutForDelivery", "subtag""#, with: #""tag": "Delayed", "subtag""#)
        let updates = try read([edd, pending, newTag].joined(separator: "\n"), as: .aftership)
        #expect(updates.map(\.outcome) == [
            .ignored(reason: "AfterShip event 'edd_revise' is no tracking update"),
            .ignored(reason: "AfterShip status 'Pending' has no status to record"),
            .ignored(reason: "AfterShip status 'Delayed' is not one campaignchat knows"),
        ])
        #expect(updates.map(\.trackingNumber) == Array(repeating: "1Z999AA10123456784", count: 3))
        let batch = #"{"description": "batch.created", "object": "Event", "result": {"object": "Batch", "id": "batch_1"}}"#
        #expect(try read(batch, as: .easypost).map(\.outcome) == [.ignored(reason: "EasyPost event 'batch.created' is no tracking update")])
        let unknown = F.shipEngine.replacing(#""status_code": "DE",\#n"#, with: #""status_code": "UN",\#n"#)
        #expect(try read(unknown, as: .shipengine).first?.outcome == .ignored(reason: "ShipEngine status 'UN' has no status to record"))
    }

    /// A relay's file: one body a line, in order, each with its line; a cut-short or numberless
    /// body is invalid on its own and takes no other with it, even when it is the first.
    @Test func jsonLinesOfBodiesEachOnItsOwn() throws {
        let good = F.compact(F.afterShip)
        let truncated = String(good.prefix(120))
        let numberless = good.replacing(#""tracking_number": "1Z999AA10123456784","#, with: "")
        let input = [truncated, good, "", numberless, "[1, 2]", good].joined(separator: "\n") + "\n"
        let updates = try read(input, as: .aftership)
        #expect(updates.map(\.line) == [1, 2, 4, 5, 6])
        #expect(updates.map(\.status) == [nil, .outForDelivery, nil, nil, .outForDelivery])
        guard case .invalid(let reason) = updates[0].outcome else { Issue.record("\(updates[0])"); return }
        #expect(reason == "invalid JSON at column 101: the string that starts here is never closed")
        #expect(updates[2].outcome == .invalid(reason: "the body names no tracking number (msg.tracking_number)"))
        #expect(updates[3].outcome == .invalid(reason: "the body is not a JSON object"))
    }

    /// A pretty-printed body cut short is one broken body, not one per line.
    @Test func aTruncatedDocumentIsOneInvalidBody() throws {
        let updates = try read(String(F.easyPost.prefix(700)), as: .easypost)
        #expect(updates.count == 1 && updates.first?.line == 1)
        guard case .invalid(let reason)? = updates.first?.outcome else { Issue.record("\(updates)"); return }
        #expect(reason.hasPrefix("invalid JSON at line "))
        #expect(try read("\n\n  \n", as: .shippo).isEmpty)
    }

    @Test func csvInCampaignchatsWords() throws {
        let csv = """
            tracking_number,status,at,carrier,note
            1Z999AA10123456784,out-for-delivery,2026-12-01T09:58:00-05:00,UPS,first
            9400 1118 9922 3197 4284 97, Delivered ,,,
            1Z999AA10123456784,on-its-way,2026-12-01T10:00:00Z,,
            1Z999AA10123456784,delivered,2026-12-01T10:00:00,,
            1Z999AA10123456784,delivered,tomorrow,,
            ,delivered,2026-12-01T10:00:00Z,,
            """
        let updates = try read(csv, as: .csv)
        #expect(updates.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(updates[0] == CarrierUpdate(line: 2, trackingNumber: "1Z999AA10123456784", carrier: "UPS",
                                            outcome: .status(.outForDelivery, at: time("2026-12-01T14:58:00Z"))))
        #expect(updates[1] == CarrierUpdate(line: 3, trackingNumber: "9400 1118 9922 3197 4284 97", outcome: .status(.delivered, at: nil)))
        #expect(updates[2].outcome == .invalid(reason: "status 'on-its-way' is not one of shipped, in-transit, out-for-delivery, available-for-pickup, failed-attempt, delivered, exception, returned, lost"))
        #expect(updates[3].outcome == .invalid(reason: "at '2026-12-01T10:00:00' has no UTC offset: add Z or +hh:mm"))
        #expect(updates[4].outcome == .invalid(reason: "at 'tomorrow' is not an RFC 3339 time such as 2026-12-01T09:58:00-05:00"))
        #expect(updates[5].outcome == .invalid(reason: "no tracking_number"))
        #expect(throws: BulkInputError(line: 1, message: "the header lacks the column at: it must name tracking_number,status,at (and may name carrier)")) {
            try read("tracking_number,status\n1Z999AA10123456784,delivered\n", as: .csv)
        }
    }

    @Test func jsonlObjectsWithTheSameFields() throws {
        let input = """
            {"tracking_number": "1Z999AA10123456784", "status": "available-for-pickup", "at": "2026-12-01T09:58:00+0100", "extra": {"any": [1]}}
            {"tracking_number": 9400111899223197428497, "status": "failed-attempt", "at": null}
            {"tracking_number": "1Z999AA10123456784", "status": "Delivered!"}
            """
        #expect(try read(input, as: .jsonl) == [
            CarrierUpdate(line: 1, trackingNumber: "1Z999AA10123456784", outcome: .status(.availableForPickup, at: time("2026-12-01T08:58:00Z"))),
            CarrierUpdate(line: 2, trackingNumber: "9400111899223197428497", outcome: .status(.failedAttempt, at: nil)),
            CarrierUpdate(line: 3, trackingNumber: "1Z999AA10123456784",
                          outcome: .invalid(reason: "status 'Delivered!' is not one of shipped, in-transit, out-for-delivery, available-for-pickup, failed-attempt, delivered, exception, returned, lost")),
        ])
    }

    /// From a descriptor (a pipe, as stdin is), bodies arrive the same as from memory.
    @Test func readsADescriptorLikeBytes() throws {
        let input = F.compact(F.shippo) + "\n" + F.compact(F.shipEngine) + "\n"
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let written = input.utf8CString.withUnsafeBufferPointer { write(ends[1], $0.baseAddress, $0.count - 1) }
        close(ends[1])
        try #require(written == input.utf8.count)
        let reader = try CarrierUpdateReader(fileDescriptor: ends[0], source: .shippo)
        var updates: [CarrierUpdate] = []
        while let update = try reader.next() { updates.append(update) }
        #expect(updates.map(\.line) == [1, 2])
        #expect(updates.first?.status == .outForDelivery)
        #expect(updates.last?.outcome == .invalid(reason: "the body has no status (data.tracking_status.status)"), "a ShipEngine body is no Shippo one")
    }
}
