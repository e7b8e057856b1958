/// `@open-balance`: the amount of a credit application with no limit of its own, settled by the
/// load as the smaller of the invoice's open balance and the credit memo's remaining credit, as
/// QuickBooks reports them.
enum OpenBalance {
    static let placeholder = "@open-balance"
}
