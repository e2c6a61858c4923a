import CampaignChatSystem

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
    public static func currentMilliseconds() -> Int64 { WallClock.milliseconds() }

    public init(millisecondsSinceEpoch: Int64) {
        self.init(secondsSinceEpoch: Int(millisecondsSinceEpoch / 1_000), milliseconds: Int(millisecondsSinceEpoch % 1_000))
    }

    public init(secondsSinceEpoch: Int, milliseconds: Int = 0) {
        // The civil date of the day (Howard Hinnant's civil_from_days), and the time of day.
        let (day, second) = (secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400,
                             (secondsSinceEpoch % 86_400 + 86_400) % 86_400)
        let shifted = day + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let monthDay = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
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
            put(year, 4); put("-"); put(month, 2); put("-"); put(monthDay, 2)
            put("T"); put(second / 3_600, 2); put(":"); put(second / 60 % 60, 2); put(":"); put(second % 60, 2)
            put("."); put(milliseconds, 3); put("Z")
            return position
        }
    }

    /// Reads RFC 3339 as people write it: `2026-11-24`, `2026-11-24T10:00:00Z`,
    /// `2026-11-24T10:00:00.5+02:00`; `nil` when it is not one.
    public init?(parsing text: String) {
        switch Self.parse(text, basicOffset: false) {
        case .moment(let milliseconds), .unzoned(let milliseconds, dateOnly: true): self.init(millisecondsSinceEpoch: milliseconds)
        case .unzoned(_, dateOnly: false), .invalid: return nil
        }
    }

    /// The moment as milliseconds since 1970, for deadlines.
    public var millisecondsSinceEpoch: Int64 {
        if case .moment(let milliseconds) = Self.parse(rfc3339, basicOffset: false) { milliseconds } else { 0 }
    }

    /// Reads a time a carrier's tracking service sent: RFC 3339 / ISO 8601 with `Z`, `±hh:mm` or
    /// `±hhmm`, fractional seconds optional. A date, or a time without an offset (the local time of
    /// a scan, as AfterShip's `checkpoint_time` often is), is `.noOffset`: it names no moment, so it
    /// cannot be ordered against others, and the caller falls back to a time that has one.
    public static func carrierTime(_ text: String) -> CarrierTime {
        switch parse(text, basicOffset: true) {
        case .moment(let milliseconds): .moment(Timestamp(millisecondsSinceEpoch: milliseconds))
        case .unzoned: .noOffset
        case .invalid: .notATime
        }
    }

    /// What the one parser below found: a moment; a date or date and time without an offset (its
    /// milliseconds as if it were UTC); or no time at all.
    private enum Parsed {
        case moment(Int64)
        case unzoned(Int64, dateOnly: Bool)
        case invalid
    }

    /// `basicOffset`: whether `+0200` is read too; people's `--at` keeps to RFC 3339's `+02:00`.
    private static func parse(_ text: String, basicOffset: Bool) -> Parsed {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let month = number(5..<7), let day = number(8..<10), (1...12).contains(month),
              (1...Timestamp.days(inMonth: month, of: year)).contains(day)
        else { return .invalid }
        var hour = 0, minute = 0, second = 0, milliseconds = 0, offsetMinutes = 0
        // A date alone is midnight UTC to people's `--at 2026-11-24`, but names no moment of a carrier's.
        var hasOffset = false
        if bytes.count > 10 {
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10]), bytes.count >= 19,
                  let h = number(11..<13), bytes[13] == UInt8(ascii: ":"), let m = number(14..<16), bytes[16] == UInt8(ascii: ":"),
                  let s = number(17..<19), h < 24, m < 60, s < 61
            else { return .invalid }
            (hour, minute, second) = (h, m, s)
            var index = 19
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var digits = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    if digits < 3 { milliseconds = milliseconds * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return .invalid }
                if digits < 3 { for _ in digits..<3 { milliseconds *= 10 } }
            }
            hasOffset = index < bytes.count
            if hasOffset {
                switch bytes[index] {
                case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                    guard index + 1 == bytes.count else { return .invalid }
                case UInt8(ascii: "+"), UInt8(ascii: "-"):
                    // `+02:00` (RFC 3339), or `+0200` (ISO 8601's basic form, which some services send).
                    let colon = index + 6 == bytes.count || !basicOffset ? 1 : 0
                    guard index + 5 + colon == bytes.count, let oh = number((index + 1)..<(index + 3)),
                          colon == 0 || bytes[index + 3] == UInt8(ascii: ":"),
                          let om = number((index + 3 + colon)..<(index + 5 + colon)), oh < 24, om < 60
                    else { return .invalid }
                    offsetMinutes = (oh * 60 + om) * (bytes[index] == UInt8(ascii: "+") ? 1 : -1)
                default:
                    return .invalid
                }
            }
        }
        // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
        guard seconds >= 0 else { return .invalid }
        let total = Int64(seconds) * 1_000 + Int64(milliseconds)
        return hasOffset ? .moment(total) : .unzoned(total, dateOnly: bytes.count == 10)
    }

    /// 28 to 31, by the Gregorian calendar's leap years: `2026-02-30` and `2026-11-31` do not exist.
    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { rfc3339 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.rfc3339 < rhs.rfc3339 }
}

/// A carrier's time as `Timestamp.carrierTime(_:)` read it.
public enum CarrierTime: Hashable, Sendable {
    case moment(Timestamp)
    /// A date, or a date and time with no UTC offset: no moment to order by.
    case noOffset
    case notATime

    /// The moment, when there is one.
    public var moment: Timestamp? { if case .moment(let time) = self { time } else { nil } }
}
