/// Webhook bodies written from the services' documented examples, trimmed but keeping fields
/// campaignchat does not read (so that they prove it tolerates them), with this test's numbers and times.
enum CarrierBodyFixtures {
    /// AfterShip `tracking_update`: checkpoints oldest first, times with offsets.
    static let afterShip = #"""
        {
          "ts": 1796137331,
          "event": "tracking_update",
          "event_id": "6a6f6c2e-1f0b-4d3e-9c4e-2b1b0d3a8f10",
          "is_tracking_first_tag": true,
          "msg": {
            "id": "k5lh7dy7vvqeck71p5loe011",
            "tracking_number": "1Z999AA10123456784",
            "title": "1Z999AA10123456784",
            "slug": "ups",
            "active": true,
            "custom_fields": null,
            "aftership_estimated_delivery_date": {"estimated_delivery_date": "2026-12-01", "confidence_score": null},
            "created_at": "2026-11-28T08:10:26+00:00",
            "updated_at": "2026-12-01T15:02:11+00:00",
            "tag": "OutForDelivery",
            "subtag": "OutForDelivery_001",
            "subtag_message": "Out for Delivery",
            "checkpoints": [
              {"slug": "ups", "city": "Louisville", "created_at": "2026-11-29T02:00:03+00:00", "location": "Louisville, KY, US",
               "country_iso3": "USA", "message": "Departed from Facility", "tag": "InTransit", "subtag": "InTransit_007",
               "subtag_message": "Departure Scan", "checkpoint_time": "2026-11-28T21:00:00-05:00", "coordinates": [38.2, -85.7],
               "state": "KY", "zip": null, "raw_tag": "DP", "events": [{"code": "DP", "reason": {"code": null}}]},
              {"slug": "ups", "city": "Brooklyn", "created_at": "2026-12-01T15:02:10+00:00", "location": "Brooklyn, NY, US",
               "country_iso3": "USA", "message": "Out For Delivery Today", "tag": "OutForDelivery", "subtag": "OutForDelivery_001",
               "subtag_message": "Out for Delivery", "checkpoint_time": "2026-12-01T09:58:00-05:00", "coordinates": [],
               "state": "NY", "zip": "11201", "raw_tag": "OT"}
            ]
          }
        }
        """#

    /// EasyPost `Event` of a `Tracker`: tracking details oldest first, a local time zone on the last.
    static let easyPost = #"""
        {
          "description": "tracker.updated",
          "mode": "production",
          "previous_attributes": {"status": "out_for_delivery"},
          "created_at": "2026-12-02T17:55:31.000Z",
          "pending_urls": [],
          "completed_urls": [],
          "updated_at": "2026-12-02T17:55:31.000Z",
          "id": "evt_5d6c3b1e8c2a4f0e9d7a6b5c4d3e2f10",
          "user_id": "user_0a1b2c3d4e5f",
          "status": "pending",
          "object": "Event",
          "result": {
            "id": "trk_c8e0edb5bb284caa934a0d3db23a148z",
            "object": "Tracker",
            "mode": "production",
            "tracking_code": "9400 1118 9922 3197 4284 97",
            "status": "delivered",
            "status_detail": "arrived_at_destination",
            "created_at": "2026-11-29T17:05:28Z",
            "updated_at": "2026-12-02T17:55:29Z",
            "signed_by": "John Tester",
            "weight": null,
            "est_delivery_date": "2026-12-02T17:05:29Z",
            "shipment_id": null,
            "carrier": "USPS",
            "tracking_details": [
              {"object": "TrackingDetail", "message": "Pre-Shipment Info Sent to USPS", "description": null, "status": "pre_transit",
               "status_detail": "status_update", "datetime": "2026-11-29T17:05:29Z", "source": "USPS", "carrier_code": null,
               "tracking_location": {"object": "TrackingLocation", "city": null, "state": null, "country": null, "zip": null}},
              {"object": "TrackingDetail", "message": "Delivered, In/At Mailbox", "description": null, "status": "delivered",
               "status_detail": "arrived_at_destination", "datetime": "2026-12-02T11:48:00-06:00", "source": "USPS", "carrier_code": "01",
               "tracking_location": {"object": "TrackingLocation", "city": "CHICAGO", "state": "IL", "country": null, "zip": "60601"}}
            ],
            "carrier_detail": {"object": "CarrierDetail", "service": "First-Class Package Service", "container_type": null,
                               "est_delivery_date_local": null, "est_delivery_time_local": null},
            "public_url": "https://track.easypost.com/djE6dHJrX2M4ZTBlZGI1YmIyODRjYWE5MzRhMGQzZGIyM2ExNDh6",
            "fees": [{"object": "Fee", "type": "TrackerFee", "amount": "0.00000", "charged": false, "refunded": false}]
          }
        }
        """#

    /// Shippo `track_updated`: a `TRANSIT` whose substatus says out for delivery.
    static let shippo = #"""
        {
          "event": "track_updated",
          "test": false,
          "data": {
            "messages": [],
            "carrier": "usps",
            "tracking_number": "9205590164917312751089",
            "address_from": {"city": "Las Vegas", "state": "NV", "zip": "89101", "country": "US"},
            "address_to": {"city": "Spotsylvania", "state": "VA", "zip": "22551", "country": "US"},
            "eta": "2026-12-02T20:00:00Z",
            "original_eta": "2026-12-03T20:00:00Z",
            "servicelevel": {"token": "usps_priority", "name": "Priority Mail"},
            "metadata": "Order 000123",
            "tracking_status": {
              "object_created": "2026-12-02T15:31:56.123Z",
              "object_updated": "2026-12-02T15:31:56.123Z",
              "object_id": "a7f3d9e2c1b84f6e9d0c2b1a3e4f5d6c",
              "status": "TRANSIT",
              "substatus": {"code": "out_for_delivery", "text": "Package is out for delivery.", "action_required": false},
              "status_details": "Out for Delivery, Expected Delivery by 8:00pm",
              "status_date": "2026-12-02T08:12:00Z",
              "location": {"city": "Spotsylvania", "state": "VA", "zip": "22551", "country": "US"}
            },
            "tracking_history": [
              {"object_created": "2026-11-30T10:01:00Z", "object_id": "b1", "status": "PRE_TRANSIT",
               "substatus": {"code": "information_received", "text": "Information about the package received.", "action_required": false},
               "status_details": "Shipping Label Created", "status_date": "2026-11-30T10:00:00Z", "location": null},
              {"object_created": "2026-12-01T22:05:00Z", "object_id": "b2", "status": "TRANSIT",
               "substatus": {"code": "package_departed", "text": "Package has departed from an intermediate location.", "action_required": false},
               "status_details": "Departed USPS Regional Facility", "status_date": "2026-12-01T22:00:00Z", "location": null},
              {"object_created": "2026-12-02T15:31:56Z", "object_id": "b3", "status": "TRANSIT",
               "substatus": {"code": "out_for_delivery", "text": "Package is out for delivery.", "action_required": false},
               "status_details": "Out for Delivery, Expected Delivery by 8:00pm", "status_date": "2026-12-02T08:12:00Z", "location": null}
            ],
            "transaction": null
          }
        }
        """#

    /// ShipEngine `API_TRACK`: events newest first; `carrier_occurred_at` is local and unused.
    static let shipEngine = #"""
        {
          "resource_url": "https://api.shipengine.com/v1/tracking?carrier_code=usps&tracking_number=9400111205476899201487",
          "resource_type": "API_TRACK",
          "data": {
            "label_url": null,
            "tracking_number": "9400111205476899201487",
            "status_code": "DE",
            "status_description": "Delivered",
            "carrier_status_code": "01",
            "carrier_status_description": "Your item was delivered in or at the mailbox at 10:21 am in AUSTIN, TX 78756.",
            "ship_date": "2026-12-01T17:14:00Z",
            "estimated_delivery_date": null,
            "actual_delivery_date": "2026-12-03T10:21:00",
            "exception_description": null,
            "events": [
              {"occurred_at": "2026-12-03T16:21:00Z", "carrier_occurred_at": "2026-12-03T10:21:00", "description": "Delivered, In/At Mailbox",
               "city_locality": "AUSTIN", "state_province": "TX", "postal_code": "78756", "country_code": "", "company_name": "",
               "signer": "", "event_code": "01", "status_code": "DE", "carrier_status_code": "01", "latitude": 30.32, "longitude": -97.74},
              {"occurred_at": "2026-12-03T13:10:00Z", "carrier_occurred_at": "2026-12-03T07:10:00", "description": "Out for Delivery",
               "city_locality": "AUSTIN", "state_province": "TX", "postal_code": "78756", "country_code": "", "company_name": "",
               "signer": "", "event_code": "OF", "status_code": "IT", "carrier_status_code": "OF", "latitude": null, "longitude": null}
            ]
          }
        }
        """#

    /// The same body on one line, as a relay appending bodies to a JSON Lines file writes it.
    static func compact(_ body: String) -> String {
        body.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: " ")
    }
}
