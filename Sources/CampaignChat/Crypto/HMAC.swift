/// HMAC-SHA256 (RFC 2104), on our SHA-256: tracking services sign their webhooks with it, so that
/// only the holder of the shared secret can make campaignchat tell a creator a parcel arrived.
public enum HMACSHA256 {
    /// SHA-256's block: a longer key is hashed first, a shorter one padded with zeros.
    private static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var block = key.count > blockSize ? SHA256.digest(key) : key
        block.append(contentsOf: repeatElement(0, count: blockSize - block.count))
        let inner = SHA256.digest(block.map { $0 ^ 0x36 } + message)
        return SHA256.digest(block.map { $0 ^ 0x5C } + inner)
    }

    /// Whether two byte strings are equal, in a time that depends on their lengths only: a
    /// comparison that stopped at the first difference would tell a forger, byte by byte, how
    /// much of a guessed signature is right.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
        let count = max(lhs.count, rhs.count)
        for index in 0..<count {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0 && lhs.count == rhs.count
    }
}
