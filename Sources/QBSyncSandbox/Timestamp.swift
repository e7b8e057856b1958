import Foundation

/// The date and time texts QuickBooks uses, written and read without `DateFormatter` (shared
/// formatters are not thread-safe on every platform, and every connection thread needs these).
/// The sandbox keeps its company clock in UTC and writes the offset out (`+00:00`) as QBO does.
enum Timestamp {
    /// `2025-03-01T14:05:09+00:00`, as in `MetaData.CreateTime`.
    static func metaData(_ date: Date) -> String {
        let (day, seconds) = split(date)
        return "\(day)T\(clock(seconds))+00:00"
    }

    /// `2025-03-01T14:05:09.123+00:00`, as in an answer's `time`.
    static func response(_ date: Date) -> String {
        let (day, seconds) = split(date)
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) % 1000
        let padded = String(repeating: "0", count: 3 - String(millis).count) + String(millis)
        return "\(day)T\(clock(seconds)).\(padded)+00:00"
    }

    /// `2025-03-01`, the company's date today (UTC).
    static func date(_ date: Date) -> String { split(date).0 }

    /// Whether `text` is a real calendar date written `YYYY-MM-DD`.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }

    /// Reads `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS`, with optional fraction and `Z` / `±HH:MM`
    /// offset (no offset: UTC). Nil when it is none of these.
    static func parse(_ text: String) -> Date? {
        let datePart = String(text.prefix(10))
        guard isDate(datePart) else { return nil }
        let numbers = datePart.split(separator: "-").compactMap { Int($0) }
        var seconds = Double(daysFromCivil(numbers[0], numbers[1], numbers[2]) * 86_400)
        var rest = Substring(text.dropFirst(10))
        guard !rest.isEmpty else { return Date(timeIntervalSince1970: seconds) }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        let clockPart = rest.prefix { $0.isNumber || $0 == ":" || $0 == "." }
        let fields = clockPart.split(separator: ":")
        guard fields.count == 3, let hour = Int(fields[0]), let minute = Int(fields[1]), let second = Double(fields[2])
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60) + second
        let zone = rest.dropFirst(clockPart.count)
        if zone.isEmpty || zone == "Z" { return Date(timeIntervalSince1970: seconds) }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        let offset = zone.dropFirst().split(separator: ":")
        guard offset.count == 2, let offsetHours = Int(offset[0]), let offsetMinutes = Int(offset[1]) else { return nil }
        let offsetSeconds = Double(offsetHours * 3600 + offsetMinutes * 60)
        return Date(timeIntervalSince1970: sign == "+" ? seconds - offsetSeconds : seconds + offsetSeconds)
    }

    private static func split(_ date: Date) -> (String, Int) {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let (year, month, day) = civilFromDays(days)
        let text = "\(year)-\(two(month))-\(two(day))"
        return (text, total - days * 86_400)
    }

    private static func clock(_ seconds: Int) -> String {
        "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
