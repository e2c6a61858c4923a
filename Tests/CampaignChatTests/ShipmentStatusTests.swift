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
    }
}

/// The services' words (the table the docs print): every status has its row, and no word of a
/// service means two things.
@Suite struct CarrierStatusWords {
    @Test func everyStatusHasOneRowAndNoWordTwoMeanings() {
        #expect(CarrierStatusTable.rows.compactMap(\.status) == ShipmentStatus.allCases)
        for source in CarrierSource.allCases {
            let words = CarrierStatusTable.rows.flatMap { $0.words(of: source) }
            #expect(Set(words).count == words.count, "\(source): a word in two rows")
        }
        let substatuses = CarrierStatusTable.rows.flatMap(\.shippoSubstatus)
        #expect(Set(substatuses).count == substatuses.count)
    }

    @Test func wordsMeanWhatTheIssuesTableSays() {
        #expect(CarrierStatusTable.meaning(of: "AttemptFail", from: .aftership) == .status(.failedAttempt))
        #expect(CarrierStatusTable.meaning(of: "Expired", from: .aftership) == .status(.exception))
        #expect(CarrierStatusTable.meaning(of: "return_to_sender", from: .easypost) == .status(.returned))
        #expect(CarrierStatusTable.meaning(of: "cancelled", from: .easypost) == .status(.exception))
        #expect(CarrierStatusTable.meaning(of: "AC", from: .shipengine) == .status(.inTransit))
        #expect(CarrierStatusTable.meaning(of: "SP", from: .shipengine) == .status(.availableForPickup))
        #expect(CarrierStatusTable.meaning(of: "UN", from: .shipengine) == .noStatus)
        #expect(CarrierStatusTable.meaning(of: "delivered", from: .aftership) == .unknown, "each service's own spelling")
        #expect(CarrierStatusTable.meaning(of: "TRANSIT", substatus: "pickup_available", from: .shippo) == .status(.availableForPickup))
        #expect(CarrierStatusTable.meaning(of: "DELIVERED", substatus: "out_for_delivery", from: .shippo) == .status(.delivered),
                "a substatus never overrides a delivered parcel")
    }
}
