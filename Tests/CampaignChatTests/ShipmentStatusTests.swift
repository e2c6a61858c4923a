import Testing
@testable import CampaignChat

/// The statuses a parcel can have: their words are a contract (`--json`, `shipment mark`, the
/// CSV source of `shipment update`), their order is the one help and docs list.
@Suite struct ShipmentStatuses {
    @Test func wordsInTheParcelsUsualOrder() {
        #expect(ShipmentStatus.allCases.map(\.rawValue) == [
            "shipped", "in-transit", "out-for-delivery", "available-for-pickup", "failed-attempt",
            "delivered", "exception", "returned", "lost",
        ])
    }

    @Test func markRecordsEveryStatusButTheOneEveryShipmentStartsIn() {
        #expect(ShipmentStatus.markable == ShipmentStatus.allCases.filter { $0 != .shipped })
        #expect(ShipmentStatus.markable.contains(.outForDelivery) && ShipmentStatus.markable.contains(.exception))
    }

    /// `shipment list --stale` leaves out parcels whose journey is over, and only those.
    @Test func onlyDeliveredAndReturnedAreFinal() {
        #expect(ShipmentStatus.allCases.filter(\.isFinal) == [.delivered, .returned])
    }

    @Test func everyStatusHasItsOwnWordsForPeople() {
        let texts = ShipmentStatus.allCases.map(\.text)
        #expect(Set(texts).count == texts.count)
        #expect(ShipmentStatus.availableForPickup.text == "ready for pickup")
    }

    @Test func noticesSayWhatTheNewStatusesMean() {
        let shipment = Shipment(id: 7, campaignSlug: "summer-launch", creator: "@alice", carrierID: "ups", number: "1Z999AA10123456784",
                                messageID: 1, status: .shipped, statusAt: nil, createdAt: Timestamp(millisecondsSinceEpoch: 0))
        let notices = ShipmentStatus.allCases.map { ShipmentRules.notice(for: shipment, status: $0) }
        #expect(Set(notices).count == notices.count, "two statuses would tell the creator the same thing")
        #expect(ShipmentRules.notice(for: shipment, status: .outForDelivery)
                == "Shipment update: your UPS parcel 1Z999AA10123456784 is out for delivery. Track it: "
                + (shipment.trackingURL ?? ""))
        #expect(ShipmentRules.isNoticeKey(ShipmentRules.noticeKey(for: shipment, status: .availableForPickup)))
    }
}
