/// QuickBooks Online's rules: no `:`, tab or newline in a name, names clamped at 100 characters
/// as careful importers do (though a DisplayName may take 500), payment methods at 31, document
/// numbers at 21, at most 30 operations in a batch request.
extension EditionRules {
    public static let online = EditionRules(
        edition: .online, maxNameLength: 100, maxPaymentMethodNameLength: 31, maxDocNumberLength: 21,
        forbiddenNameCharacters: [":"], nameReplacement: "-", maxOperationsPerRequest: 30, placeholderPrefix: "@")
}
