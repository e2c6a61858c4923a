import Testing
@testable import CampaignChat

/// HMAC-SHA256 against RFC 4231's test vectors (cases 1 to 7; case 5 compares the first 128
/// bits, as the RFC does), and the encodings signatures come in.
@Suite struct HMACSHA256Vectors {
    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex)! }

    static let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
        (Array(repeating: 0x0B, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (Array(repeating: 0xAA, count: 20), Array(repeating: 0xDD, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (Array(1...25), Array(repeating: 0xCD, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (Array(repeating: 0x0C, count: 20), Array("Test With Truncation".utf8),
         "a3b6167473100ee06e0c796c2955552b"),
        (Array(repeating: 0xAA, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (Array(repeating: 0xAA, count: 131),
         Array("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: 1...7)
    func rfc4231TestCase(_ number: Int) {
        let test = Self.cases[number - 1]
        let mac = HMACSHA256.authenticationCode(for: test.data, key: test.key)
        #expect(mac.count == 32)
        #expect(Hex.encode(Array(mac.prefix(test.mac.count / 2))) == test.mac)
    }

    @Test func comparesWholeByteStrings() {
        #expect(HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!HMACSHA256.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(!HMACSHA256.constantTimeEqual([], [0]))
        #expect(HMACSHA256.constantTimeEqual([], []))
    }
}

/// RFC 4648's base64 test vectors, and what a decoder must refuse; hex both ways.
@Suite struct ByteEncodings {
    @Test func base64OfRFC4648sVectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (text, encoded) in vectors {
            #expect(Base64.encode(Array(text.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(text.utf8), "\(encoded)")
        }
        let all = (0...255).map(UInt8.init)
        #expect(Base64.decode(Base64.encode(all)) == all)
    }

    @Test func base64RefusesWhatIsNotIt() {
        for bad in ["Zg", "Zg=", "Z===", "Zg==Zg==", "Zm9v!A==", "=Zm9", "Zm=v"] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func hexBothWays() {
        #expect(Hex.encode([0x00, 0x7F, 0xAB, 0xFF]) == "007fabff")
        #expect(Hex.decode("007FabfF") == [0x00, 0x7F, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil && Hex.decode("zz") == nil && Hex.decode("") == [])
    }
}

/// The signatures AfterShip and EasyPost send, computed independently (Python's hmac) for the
/// bodies below: right, wrong, and from services that sign nothing campaignchat can check.
@Suite struct WebhookSignatures {
    static let afterShipBody = Array(#"{"event":"tracking_update","msg":{"tracking_number":"1Z999AA10123456784","tag":"Delivered"}}"#.utf8)
    static let easyPostBody = Array(#"{"description":"tracker.updated","result":{"tracking_code":"9400111899223197428497","status":"delivered"}}"#.utf8)

    @Test func afterShipSignsWithBase64() throws {
        let check = try #require(WebhookSignature(source: .aftership))
        #expect(check.header == "aftership-hmac-sha256")
        #expect(check.check("XquUKK6uMPhlosEuV53VzU44aBuqc4H27+PIWYVOkqw=", body: Self.afterShipBody, secret: "as-secret-123") == .valid)
        #expect(check.check(" XquUKK6uMPhlosEuV53VzU44aBuqc4H27+PIWYVOkqw=\r\n", body: Self.afterShipBody, secret: "as-secret-123") == .valid)
        #expect(check.check("XquUKK6uMPhlosEuV53VzU44aBuqc4H27+PIWYVOkqw=", body: Self.afterShipBody, secret: "as-secret-124") == .mismatch)
        #expect(check.check("XquUKK6uMPhlosEuV53VzU44aBuqc4H27+PIWYVOkqw=", body: Self.afterShipBody + [0x0A], secret: "as-secret-123") == .mismatch)
        #expect(check.check("YquUKK6uMPhlosEuV53VzU44aBuqc4H27+PIWYVOkqw=", body: Self.afterShipBody, secret: "as-secret-123") == .mismatch)
        #expect(check.check("not base64", body: Self.afterShipBody, secret: "as-secret-123") == .mismatch)
        #expect(check.check("", body: Self.afterShipBody, secret: "as-secret-123") == .mismatch)
    }

    @Test func easyPostSignsWithPrefixedHex() throws {
        let check = try #require(WebhookSignature(source: .easypost))
        let signature = "hmac-sha256-hex=eb0e2ec81f9e1234534cf3d1a0f61d7ef48eed2330dae4edfb816fb7361c2a7b"
        #expect(check.header == "X-Hmac-Signature")
        #expect(check.check(signature, body: Self.easyPostBody, secret: "ep_secret") == .valid)
        #expect(check.check(signature.uppercased(), body: Self.easyPostBody, secret: "ep_secret") == .valid)
        #expect(check.check(String(signature.dropFirst("hmac-sha256-hex=".count)), body: Self.easyPostBody, secret: "ep_secret") == .mismatch)
        #expect(check.check(signature, body: Self.easyPostBody, secret: "ep_secreT") == .mismatch)
        #expect(check.check(String(signature.dropLast()) + "c", body: Self.easyPostBody, secret: "ep_secret") == .mismatch)
    }

    @Test func aSecretTheServiceWouldPrepareOtherwiseIsRefused() throws {
        let easyPost = try #require(WebhookSignature(source: .easypost))
        guard case .unusableSecret = easyPost.check("hmac-sha256-hex=00", body: Self.easyPostBody, secret: "ﬁsecret") else {
            Issue.record("a secret NFKD would change was checked as it is")
            return
        }
        #expect(easyPost.check("x", body: [], secret: "") == .unusableSecret("the secret is empty"))
    }

    @Test func onlyAfterShipAndEasyPostSignBodies() {
        #expect(CarrierSource.allCases.filter { WebhookSignature(source: $0) != nil } == [.aftership, .easypost])
    }
}
