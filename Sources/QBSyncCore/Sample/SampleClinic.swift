/// The simulated clinic: walks day by day through a window, doing to a `SampleBook` what the front
/// desks, the audiologists and the billing office of a hearing clinic do, and logging every write
/// in the change feed as it happens (so `seq` follows time).
///
/// Volume is proportional to patients x days: each open day brings visits in proportion to the
/// patients on file, and each visit a few documents; follow-up work (balances paid, claims
/// remitted, trial returns, corrections) is planned on the agenda for later days. Work planned
/// past the window's end simply does not happen, which leaves open balances as a real book has.
final class SampleClinic {
    /// Visits per active patient per open weekday (Saturdays have 40% of that, Sundays none).
    static let visitsPerPatientDay = 0.012
    /// Chart edits (moves, new phones, notes, status changes) per patient per open day.
    static let patientEditsPerPatientDay = 0.0012

    let book: SampleBook
    var rng: SampleRandom
    var clock = SampleClock()
    let firstDay: Int
    let lastDay: Int
    var catalog: SampleCatalogIndex
    /// Work planned for later days, by `day - firstDay`, done in order within its day.
    var agenda: [[SampleTask]]
    /// The patients who can walk in (active, created so far).
    var roster = SampleRoster()
    /// Per third party (index `id - 1`): its sales with a share still open, oldest first, and how
    /// far its remittances got through them.
    var claims: [[Int]] = []
    var claimHeads: [Int] = []
    /// Per location (index `id - 1`): active payments not yet deposited.
    var undeposited: [[Int]] = []

    /// A clinic acting on `book` from `firstDay` through `lastDay` (day numbers).
    init(book: SampleBook, firstDay: Int, lastDay: Int, rng: SampleRandom) {
        self.book = book
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.rng = rng
        catalog = SampleCatalogIndex(book: book)
        agenda = Array(repeating: [], count: lastDay - firstDay + 1)
    }

    /// The day the clinic is on.
    var day: Int { clock.day }
    /// That day as `YYYY-MM-DD`.
    var today: String { clock.date }

    /// The timestamp of the next write.
    func now() -> String {
        clock.tick(&rng)
    }

    /// What one slot of a day holds.
    private enum Slot {
        case task(SampleTask)
        case newPatient
        case visit
        case patientEdit
        case catalogEdit
        case payerEdit
        case remittances
        case depositRun
    }

    /// Simulates every day of the window; `newPatients` first-time patients arrive spread evenly
    /// over the open days.
    func run(newPatients: Int) {
        let dayCount = lastDay - firstDay + 1
        var arrived = 0
        for day in firstDay...lastDay {
            let offset = day - firstDay
            let weekday = SampleCalendar.weekday(day)
            var slots = agenda[offset].map { Slot.task($0) }
            agenda[offset] = []
            if weekday != 0 || day == lastDay {
                let due = newPatients * (offset + 1) / dayCount - arrived
                slots += repeatElement(.newPatient, count: due)
                arrived += due
            }
            let openness = weekday == 0 ? 0 : weekday == 6 ? 0.4 : 1
            let patients = Double(roster.count) * openness
            slots += repeatElement(.visit, count: rng.count(mean: patients * Self.visitsPerPatientDay))
            slots += repeatElement(.patientEdit, count: rng.count(mean: patients * Self.patientEditsPerPatientDay))
            if openness == 1 && rng.chance(0.08) { slots.append(.catalogEdit) }
            if openness == 1 && rng.chance(0.02) { slots.append(.payerEdit) }
            if weekday != 0 && weekday != 6 { slots += [.remittances, .depositRun] }
            rng.shuffle(&slots)
            // About two writes a slot, plus a deposit run's payments.
            let deposits = weekday == 0 || weekday == 6 ? 0 : undeposited.indices
                .filter { $0 % 5 + 1 == weekday }.reduce(0) { $0 + undeposited[$1].count }
            clock.begin(day: day, start: SampleClock.opening, end: SampleClock.closing,
                        expectedWrites: slots.count * 2 + deposits)
            for slot in slots {
                switch slot {
                case .task(let task): perform(task)
                case .newPatient: welcomeNewPatient()
                case .visit: if !roster.isEmpty { visit(roster.pick(&rng)) }
                case .patientEdit: if !roster.isEmpty { editPatient(roster.pick(&rng)) }
                case .catalogEdit: editCatalog()
                case .payerEdit: editPayer()
                case .remittances: remitClaims(weekday: weekday)
                case .depositRun: runDeposits(weekday: weekday)
                }
            }
        }
    }

    /// Plans `task` `days` from today (a Sunday moves to Monday); work past the window is dropped.
    func schedule(_ task: SampleTask, inDays days: Int) {
        var target = day + max(0, days)
        if SampleCalendar.weekday(target) == 0 && days > 0 { target += 1 }
        guard target <= lastDay else { return }
        if target == day {
            perform(task)
        } else {
            agenda[target - firstDay].append(task)
        }
    }

    /// The OMS user working at a location's front desk.
    func frontDesk(_ locationId: Int) -> String {
        SampleCatalog.frontDesk[(locationId - 1) % SampleCatalog.frontDesk.count]
    }

    /// One of the audiologists.
    func audiologist() -> String { rng.pick(SampleCatalog.audiologists) }

    /// Where a patient is seen: their own location while it is open, else the main clinic.
    func location(of patient: PatientRow) -> Int {
        if let id = patient.locationId, id <= book.locations.count, book.locations[id - 1].active { return id }
        return 1
    }

    /// Starts a setup slot (catalog, import) in the early morning of `day`.
    func beginSetup(day: Int, expectedWrites: Int) {
        clock.begin(day: day, start: SampleClock.setupStart, end: SampleClock.setupEnd, expectedWrites: expectedWrites)
    }

    /// Starts a final slot at the end of the last day (broken rows are added there).
    func beginClosing(expectedWrites: Int) {
        clock.begin(day: lastDay, start: SampleClock.closing - 600, end: SampleClock.closing, expectedWrites: expectedWrites)
    }
}
