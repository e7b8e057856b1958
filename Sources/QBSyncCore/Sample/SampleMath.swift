/// The contract's money arithmetic: integer cents, rounding half away from zero.
enum SampleMath {
    /// California's statewide base sales tax, 7.25%, in hundredths of a percent.
    static let taxBasisPoints = 725

    /// Quantity (thousandths) x unit price (cents), rounded to the cent, half away from zero.
    static func extended(quantityMilli: Int, unitPriceCents: Int) -> Int {
        divideRounded(quantityMilli * unitPriceCents, by: 1000)
    }

    /// The tax on a taxable line's net amount, rounded half away from zero.
    static func tax(onNet net: Int) -> Int {
        divideRounded(net * taxBasisPoints, by: 10_000)
    }

    /// `value / divisor` rounded half away from zero.
    static func divideRounded(_ value: Int, by divisor: Int) -> Int {
        let magnitude = (abs(value) * 2 + divisor) / (2 * divisor)
        return value < 0 ? -magnitude : magnitude
    }

    /// `$1,234.56` for 123456 cents.
    static func dollars(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let whole = abs(cents) / 100
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits = String(digits.dropLast(3))
        }
        return sign + "$" + digits + grouped + "." + SampleCalendar.twoDigits[abs(cents) % 100]
    }
}
