/// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian), done by hand
/// so that it never depends on the machine's time zone, locale or clock.
enum SampleCalendar {
    /// The day number of a calendar date (Howard Hinnant's `days_from_civil`).
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date of a day number (Howard Hinnant's `civil_from_days`).
    static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The day number of a strict `YYYY-MM-DD` date, or nil for anything else (`2026-02-30`
    /// included).
    static func parse(_ text: String) -> Int? {
        // Read as bytes: the review and the mappers parse a date per document.
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ digits: Range<Int>) -> Int? {
                var value = 0
                for index in digits {
                    let digit = bytes[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let dayOfMonth = number(8..<10),
                (1...12).contains(month), (1...31).contains(dayOfMonth)
            else { return nil }
            let number = day(year: year, month: month, day: dayOfMonth)
            let back = civil(number)
            return back.year == year && back.month == month && back.day == dayOfMonth ? number : nil
        }
    }

    /// The day number of the date that starts a `YYYY-MM-DDTHH:MM:SSZ` timestamp.
    static func parseTimestampDay(_ text: String) -> Int? {
        parse(String(text.prefix(10)))
    }

    /// `YYYY-MM-DD` for a day number.
    static func string(_ number: Int) -> String {
        let date = civil(number)
        return pad(date.year, 4) + "-" + twoDigits[date.month] + "-" + twoDigits[date.day]
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for a day's date text and a second of that day.
    static func timestamp(date: String, second: Int) -> String {
        date + "T" + twoDigits[second / 3600] + ":" + twoDigits[second / 60 % 60] + ":"
            + twoDigits[second % 60] + "Z"
    }

    /// 0 for Sunday through 6 for Saturday (1970-01-01 was a Thursday).
    static func weekday(_ number: Int) -> Int {
        ((number % 7) + 7 + 4) % 7
    }

    /// "00" through "99", built once: timestamps are formatted a million times in big samples.
    static let twoDigits: [String] = (0..<100).map { $0 < 10 ? "0\($0)" : "\($0)" }

    /// `value` in decimal, zero-padded to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
