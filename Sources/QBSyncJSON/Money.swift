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
    /// significant decimals (`"1.005"` is nil, `"1.500"` is 150).
    public static func cents(fromDecimalString text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigitChar)
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isASCIIDigitChar) else { return nil }
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 2, let units = Int(whole) else { return nil }
        let hundredths = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        let value = units * 100 + hundredths
        return negative ? -value : value
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

extension Character {
    fileprivate var isASCIIDigitChar: Bool { isASCII && isNumber }
}
