/// A moment in RFC 3339 UTC with milliseconds (`2026-11-24T22:27:35.123Z`).
///
/// Stored and printed as text, so that it sorts as it reads and the `sqlite3`
/// shell shows the same value scripts see in `--json`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rfc3339: String

    public init(rfc3339: String) { self.rfc3339 = rfc3339 }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: currentMilliseconds())
    }

    /// Milliseconds since 1970 on the wall clock, for leases and retry schedules.
    public static func currentMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec / 1_000_000)
    }

    public init(millisecondsSinceEpoch: Int64) {
        self.init(secondsSinceEpoch: Int(millisecondsSinceEpoch / 1_000), milliseconds: Int(millisecondsSinceEpoch % 1_000))
    }

    public init(secondsSinceEpoch: Int, milliseconds: Int = 0) {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Written digit by digit: this runs once per message sent.
        rfc3339 = String(unsafeUninitializedCapacity: 24) { buffer in
            var position = 0
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    buffer[position] = UInt8(ascii: "0") + UInt8((value / divisor) % 10)
                    position += 1
                    divisor /= 10
                }
            }
            func put(_ character: Unicode.Scalar) {
                buffer[position] = UInt8(ascii: character)
                position += 1
            }
            put(Int(parts.tm_year) + 1900, 4); put("-"); put(Int(parts.tm_mon) + 1, 2); put("-"); put(Int(parts.tm_mday), 2)
            put("T"); put(Int(parts.tm_hour), 2); put(":"); put(Int(parts.tm_min), 2); put(":"); put(Int(parts.tm_sec), 2)
            put("."); put(milliseconds, 3); put("Z")
            return position
        }
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rfc3339 < rhs.rfc3339 }
}
