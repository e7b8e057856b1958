/// Conversions between integer cents and the decimal text QuickBooks reads and writes.
/// Money stays integer cents everywhere in qbsync; only a request body shows decimals.
public enum Money {
    /// `123456` -> `"1234.56"`, `-5` -> `"-0.05"`.
    public static func decimalString(cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `"1234.5"` -> `123450`; nil when the text is not a plain decimal with at most two
    /// significant decimals (`"1.005"` is nil, `"1.500"` is 150), or does not fit in an `Int`.
    ///
    /// Read on its UTF-8 bytes in one pass: the review reads every amount of a million bodies
    /// back, and splitting each into substrings and characters showed in its profile.
    public static func cents(fromDecimalString text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            var index = 0
            let negative = bytes.first == UInt8(ascii: "-")
            if negative { index = 1 }
            var units = 0
            var wholeDigits = 0
            while index < bytes.count, let digit = Self.digit(bytes[index]) {
                let (tens, overflow) = units.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                units = tens + digit
                wholeDigits += 1
                index += 1
            }
            guard wholeDigits > 0 else { return nil }
            var hundredths = 0
            if index < bytes.count {
                guard bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
                // Two decimals count; any after them must be zeros.
                var place = 0
                while index < bytes.count {
                    guard let digit = Self.digit(bytes[index]) else { return nil }
                    if place < 2 {
                        hundredths += place == 0 ? digit * 10 : digit
                    } else if digit != 0 {
                        return nil
                    }
                    place += 1
                    index += 1
                }
            }
            let (scaled, overflow) = units.multipliedReportingOverflow(by: 100)
            guard !overflow, scaled <= Int.max - hundredths else { return nil }
            return negative ? -(scaled + hundredths) : scaled + hundredths
        }
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (0x30...0x39).contains(byte) ? Int(byte - 0x30) : nil
    }

    /// Rounds `numerator / denominator` to the nearest integer, halves away from zero.
    public static func roundedDivision(_ numerator: Int, by denominator: Int) -> Int {
        precondition(denominator > 0)
        let quotient = numerator / denominator
        let remainder = (numerator % denominator).magnitude
        guard remainder * 2 >= denominator.magnitude else { return quotient }
        return numerator < 0 ? quotient - 1 : quotient + 1
    }
}
