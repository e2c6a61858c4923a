/// A moment in RFC 3339 UTC with milliseconds (`2026-11-24T22:27:35.123Z`).
///
/// Stored and printed as text, so that it sorts as it reads and the `sqlite3`
/// shell shows the same value scripts see in `--json`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rfc3339: String

    public init(rfc3339: String) { self.rfc3339 = rfc3339 }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(secondsSinceEpoch: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec / 1_000_000))
    }

    public init(secondsSinceEpoch: Int, milliseconds: Int = 0) {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        rfc3339 = pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2)
            + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2)
            + "." + pad(Int32(milliseconds), 3) + "Z"
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rfc3339 < rhs.rfc3339 }
}
