/// The time of day of the simulated clinic: hands out non-decreasing timestamps within one day,
/// spread over the hours the day's writes are expected to fill.
///
/// Office hours are 08:00-17:00 on the Pacific coast, which is 15:00-23:59 UTC (give or take
/// daylight saving, which the sample ignores): a clinic day never straddles a UTC date, so the
/// dates of `changed_at` and of the documents agree. Setup work (catalog, patient import) runs in
/// the early morning before opening.
struct SampleClock {
    /// Office hours in UTC seconds of the day.
    static let opening = 15 * 3600
    static let closing = 24 * 3600 - 1
    /// The early-morning slot used for setup work before the first office day.
    static let setupStart = 13 * 3600
    static let setupEnd = 15 * 3600 - 1

    /// The day number the clock is on.
    private(set) var day = 0
    /// `YYYY-MM-DD` of that day.
    private(set) var date = ""
    private var second = 0
    private var end = 0
    private var expectedLeft = 1

    /// Moves to `day`, between `start` and `end` (seconds of the day), expecting about
    /// `expectedWrites` ticks. Time never goes back: a later slot of the same day starts no earlier
    /// than the last tick.
    mutating func begin(day: Int, start: Int, end: Int, expectedWrites: Int) {
        let sameDay = day == self.day && !date.isEmpty
        self.day = day
        date = SampleCalendar.string(day)
        second = sameDay ? max(start, second) : start
        self.end = max(end, second)
        expectedLeft = max(1, expectedWrites)
    }

    /// The timestamp of the next write: a random step forward, never past the end of the slot.
    mutating func tick(_ rng: inout SampleRandom) -> String {
        // One share more than the writes expected is kept in reserve, so that a busier day than
        // expected runs on toward the end of the slot rather than piling up on its last second.
        let averageGap = (end - second) / (expectedLeft + 1)
        if averageGap > 0 {
            second = min(end, second + rng.int(0...(2 * averageGap)))
        }
        expectedLeft = max(1, expectedLeft - 1)
        return SampleCalendar.timestamp(date: date, second: second)
    }
}
