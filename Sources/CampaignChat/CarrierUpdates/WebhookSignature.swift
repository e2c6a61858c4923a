/// A tracking service's signature of a webhook body: HMAC-SHA256 of the raw body under the secret
/// the brand shares with the service. Checked over the input's exact bytes before any of it is
/// read as data, since a forged "delivered" would make campaignchat write to a creator.
///
/// Only AfterShip and EasyPost sign their bodies this way. Shippo and ShipEngine sign nothing a
/// command can check (their endpoints are protected by a secret in the URL or by basic
/// authentication at the relay), and campaignchat's own formats are the brand's files: for those
/// sources `WebhookSignature(source:)` is nil, and a `--signature` is a usage error.
public struct WebhookSignature: Sendable {
    public let source: CarrierSource
    /// The HTTP header the service sends the signature in, for messages and docs.
    public let header: String

    public init?(source: CarrierSource) {
        switch source {
        case .aftership: header = "aftership-hmac-sha256"
        case .easypost: header = "X-Hmac-Signature"
        case .shippo, .shipengine, .csv, .jsonl: return nil
        }
        self.source = source
    }

    public enum Verdict: Hashable, Sendable {
        case valid
        /// Wrong, or not in the service's form: the body may be forged.
        case mismatch
        /// The secret cannot be prepared as the service prepares it (the reason says how to fix it).
        case unusableSecret(String)
    }

    /// EasyPost's header starts with this; the hex digest follows.
    static let easyPostPrefix = "hmac-sha256-hex="

    /// Whether `signature` (the header's value, surrounding blanks ignored) signs `body` under `secret`.
    /// AfterShip: base64 of HMAC-SHA256(secret's UTF-8 bytes, body). EasyPost: `hmac-sha256-hex=`
    /// and the hex HMAC-SHA256 under the secret in Unicode NFKD, as EasyPost's client libraries
    /// prepare it; NFKD changes no ASCII text, and the core has no Unicode tables for the rest,
    /// so a secret with other characters is refused rather than checked wrongly.
    public func check(_ signature: String, body: [UInt8], secret: String) -> Verdict {
        guard !secret.isEmpty else { return .unusableSecret("the secret is empty") }
        let given = TextRules.trimmed(signature)
        let claimed: [UInt8]?
        switch source {
        case .easypost:
            guard secret.utf8.allSatisfy({ $0 < 0x80 }) else {
                return .unusableSecret("EasyPost prepares a secret in Unicode NFKD, which campaignchat applies only to ASCII secrets: use an ASCII secret")
            }
            let prefixed = given.lowercased().hasPrefix(Self.easyPostPrefix)
            claimed = prefixed ? Hex.decode(given.dropFirst(Self.easyPostPrefix.count)) : nil
        default:
            claimed = Base64.decode(given)
        }
        let expected = HMACSHA256.authenticationCode(for: body, key: Array(secret.utf8))
        // Compared even when the claim did not decode, so that the time taken says nothing either.
        return HMACSHA256.constantTimeEqual(claimed ?? [], expected) && claimed != nil ? .valid : .mismatch
    }

    /// Refuses `body` (`unverifiedBody`) unless `signature` signs it under `secret`.
    public func requireSigned(_ body: [UInt8], signature: String, secret: String) throws(CampaignChatError) {
        switch check(signature, body: body, secret: secret) {
        case .valid:
            return
        case .mismatch:
            throw .unverifiedBody("the \(source.name) signature (its \(header) header) does not sign this input under the secret: "
                                  + "the body may be forged, altered on its way, or signed with another secret")
        case .unusableSecret(let reason):
            throw .unverifiedBody("the webhook secret cannot be used to check \(source.name)'s signature: \(reason)")
        }
    }
}
