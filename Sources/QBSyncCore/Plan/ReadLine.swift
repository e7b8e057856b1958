/// One line of a document read back: what it posts, through which item, class and account.
public struct ReadLine: Sendable, Equatable {
    /// How a line moves money. Every edition's lines are one of these.
    public enum Posting: Sendable, Equatable {
        /// A sale of an item (its income account).
        case item
        /// A discount: takes away from the document.
        case discount
        /// Straight to an account, as a debit or (taking away) a credit.
        case account(credit: Bool)
        /// Posts nothing (a subtotal, a description).
        case none
    }

    public var posting: Posting
    /// The amount as written; nil when it is not a number (or the line states none).
    public var cents: Int?
    public var item: ReadReference?
    /// The line's own class.
    public var lineClass: ReadReference?
    /// The account a discount or an account line names.
    public var account: ReadReference?
    /// Quantity as written (`1.5`), and unit price in cents, when the line gives them.
    public var quantity: String?
    public var unitPriceCents: Int?

    public init(
        posting: Posting, cents: Int?, item: ReadReference? = nil, lineClass: ReadReference? = nil, account: ReadReference? = nil,
        quantity: String? = nil, unitPriceCents: Int? = nil
    ) {
        self.posting = posting
        self.cents = cents
        self.item = item
        self.lineClass = lineClass
        self.account = account
        self.quantity = quantity
        self.unitPriceCents = unitPriceCents
    }

    /// What the line posts, signed (a discount takes away, a credit counts negative); nil for a
    /// line that posts nothing. An amount that is not a number posts zero.
    public var postedCents: Int? {
        let cents = self.cents ?? 0
        switch posting {
        case .item: return cents
        case .discount: return -cents
        case .account(let credit): return credit ? -cents : cents
        case .none: return nil
        }
    }
}

/// What a payment pays or a credit is set against: an amount and the documents it links.
public struct ReadApplication: Sendable, Equatable {
    /// Nil when it is not a number, or is the load's own `@open-balance`.
    public var cents: Int?
    /// Whether the amount is `@open-balance`: what the load finds still open at send time.
    public var openBalance: Bool
    public var targets: [Target]

    /// A document linked: its review entity (`Invoice`, `CreditMemo`, `Payment`) and reference.
    public struct Target: Sendable, Equatable {
        public var entity: String
        public var document: ReadReference

        public init(entity: String, document: ReadReference) {
            self.entity = entity
            self.document = document
        }
    }

    public init(cents: Int?, openBalance: Bool = false, targets: [Target]) {
        self.cents = cents
        self.openBalance = openBalance
        self.targets = targets
    }
}
