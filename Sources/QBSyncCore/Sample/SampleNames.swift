/// The raw material of made-up people in the Sacramento area: names (accents, apostrophes,
/// hyphens and all), streets, towns. Phone numbers use the fictional 555-01xx range and e-mail
/// addresses the reserved example domains, so no real person is reachable through sample data.
enum SampleNames {
    static let firstNames = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Margaret", "Thomas", "Dorothy", "Charles", "Betty",
        "Harold", "Helen", "Walter", "Ruth", "Arthur", "Gloria", "Eugene", "Frances", "Donald", "Shirley",
        "Kenneth", "Joan", "Raymond", "Evelyn", "Gerald", "Marilyn", "Jean-Luc", "Mary-Kate", "Anne-Marie",
        "José", "María", "Jesús", "Guadalupe", "Renée", "Zoë", "Chloé", "Noémie", "François", "Björn",
        "Søren", "Ingrid", "Mai", "Thanh", "Minh", "Hiroshi", "Yuki", "Wei", "Mei-Ling", "Priya", "Rajesh",
        "Oluwaseun", "Chidi", "Fatima", "Ahmed", "Siobhán", "Seán", "Niamh", "Dolores", "Consuelo", "Ramón",
        "Joaquín", "Iñaki", "Hélène", "Agnès", "Dmitri", "Ludmila", "Kwame", "Aroha", "Leilani", "Bao",
    ]

    static let middleNames = [
        "Ann", "Marie", "Lee", "James", "Lynn", "Louise", "Edward", "J.", "Elizabeth", "Mae", "Rose", "R.",
        "Thi", "Van", "Kumar", "de la Cruz", "Josefina", "Ray", "Dean", "Jo",
    ]

    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernández", "López", "González", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Pérez", "Thompson", "White", "Harris", "Sánchez", "Clark", "Ramírez", "Lewis", "Robinson",
        "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyễn", "Trần", "Lê", "Phạm", "Kim",
        "Park", "Chen", "Wang", "Singh", "Patel", "O'Brien", "O'Connor", "D'Angelo", "McDonald", "Smith-Jones",
        "García-López", "van der Berg", "St. John", "Müller", "Schröder", "Øberg", "Kowalski", "Nowak",
        "Okafor", "Adeyemi", "Cohen", "Goldberg", "Rossi", "Esposito", "Yamamoto", "Tanaka", "Delacroix",
        "Al-Sayed", "MacLeod", "Ó Súilleabháin", "Fa'amausili", "Kealoha",
    ]

    /// Preferred names people put in the first-name field, emoji and all.
    static let playfulFirstNames = ["Dot 💜", "Bud 🎣", "Gigi ✨", "Mimi 🌸", "Sunny ☀️"]

    static let streets = [
        "J St", "Folsom Blvd", "Fair Oaks Blvd", "Sunrise Blvd", "Douglas Blvd", "Elk Grove Blvd", "Freeport Blvd",
        "Alhambra Blvd", "Capitol Ave", "Riverside Blvd", "Arden Way", "Watt Ave", "Madison Ave", "Stockton Blvd",
        "Land Park Dr", "El Camino Ave", "Greenback Ln", "Auburn Blvd", "Cirby Way", "Blue Ravine Rd",
        "Natoma St", "Laguna Blvd", "Antelope Rd", "Howe Ave", "Marconi Ave", "Florin Rd",
    ]

    static let secondLines = [
        "Apt 12", "Unit B", "Apt 204", "Space 45", "c/o Sunrise Senior Living", "Suite 3", "#7",
        "Room 118 (Eskaton Village)", "Bldg C, Apt 2",
    ]

    /// Towns with one of their ZIP codes and how often patients live there.
    static let towns: [(city: String, region: String, zip: String, weight: Int)] = [
        ("Sacramento", "CA", "95814", 10), ("Sacramento", "CA", "95818", 8), ("Sacramento", "CA", "95822", 6),
        ("Sacramento", "CA", "95825", 6), ("Sacramento", "CA", "95831", 5), ("Roseville", "CA", "95661", 7),
        ("Roseville", "CA", "95747", 6), ("Folsom", "CA", "95630", 8), ("Elk Grove", "CA", "95757", 6),
        ("Citrus Heights", "CA", "95610", 4), ("Rancho Cordova", "CA", "95670", 4), ("Davis", "CA", "95616", 3),
        ("Carmichael", "CA", "95608", 5), ("Fair Oaks", "CA", "95628", 3), ("Granite Bay", "CA", "95746", 2),
        ("West Sacramento", "CA", "95691", 3), ("Auburn", "CA", "95603", 2), ("El Dorado Hills", "CA", "95762", 3),
        ("Lincoln", "CA", "95648", 3), ("Reno", "NV", "89501", 1), ("South Lake Tahoe", "CA", "96150", 1),
    ]

    static let areaCodes = ["916", "279", "530", "209", "707", "775"]

    static let emailDomains = ["example.com", "example.net", "example.org", "mail.example"]

    /// Relatives and helpers that notes mention.
    static let relations = ["daughter", "son", "wife", "husband", "caregiver", "niece", "grandson", "neighbor"]
}
