/// A patient or a payer as a customer. A redacted patient is a pseudonym, an active flag and at
/// most the address parts the redaction policy allows; nothing else is filled.
public struct CustomerChange: Sendable, Equatable {
    /// The unique name the transform claimed for it.
    public var displayName: String
    public var givenName: String?
    public var middleName: String?
    public var familyName: String?
    /// A payer's organisation name.
    public var companyName: String?
    public var phone: String?
    public var mobile: String?
    public var email: String?
    /// Nil: no address is sent at all.
    public var address: PostalAddress?

    public init(displayName: String) { self.displayName = displayName }
}

/// A postal address, each part as the OMS has it (the renderer clamps to the edition's lengths).
public struct PostalAddress: Sendable, Equatable {
    public var line1: String?
    public var line2: String?
    public var city: String?
    public var region: String?
    public var postalCode: String?
    public var country: String?

    public init(line1: String? = nil, line2: String? = nil, city: String? = nil, region: String? = nil, postalCode: String? = nil, country: String? = nil) {
        (self.line1, self.line2, self.city, self.region, self.postalCode, self.country) = (line1, line2, city, region, postalCode, country)
    }
}
