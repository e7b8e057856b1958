import Foundation

/// Where each invoice, credit memo and payment sits in the state, by TxnID and by customer, so
/// a balance is worked out from one customer's transactions instead of the whole company's. A
/// cache, rebuilt whenever the arrays it describes are not the ones it was built for (the
/// state's generations tell); appends keep it current without a rebuild.
final class DesktopTxnLookup: @unchecked Sendable {
    private let lock = NSLock()
    private var salesGeneration = -1
    private var paymentsGeneration = -1
    private var saleByID: [String: Int] = [:]
    private var salesByCustomer: [String: [Int]] = [:]
    private var paymentsByCustomer: [String: [Int]] = [:]

    func salePosition(_ txnID: String, in state: DesktopCompanyState) -> Int? {
        let position = withSales(state) { saleByID[txnID] }
        guard let position, position < state.sales.count, state.sales[position].txnID == txnID else { return nil }
        return position
    }

    func sales(ofCustomer listID: String, in state: DesktopCompanyState) -> [Int] {
        withSales(state) { salesByCustomer[listID] ?? [] }.filter { $0 < state.sales.count }
    }

    func payments(ofCustomer listID: String, in state: DesktopCompanyState) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if paymentsGeneration != state.paymentsGeneration {
            paymentsByCustomer = [:]
            for (position, payment) in state.payments.enumerated() {
                paymentsByCustomer[payment.customerID, default: []].append(position)
            }
            paymentsGeneration = state.paymentsGeneration
        }
        return (paymentsByCustomer[listID] ?? []).filter { $0 < state.payments.count }
    }

    /// Records the sale just appended, when the lookup was current before it.
    func appendedSale(before: Int, state: DesktopCompanyState) {
        lock.lock()
        defer { lock.unlock() }
        guard salesGeneration == before, let sale = state.sales.last else { return }
        saleByID[sale.txnID] = state.sales.count - 1
        salesByCustomer[sale.customerID, default: []].append(state.sales.count - 1)
        salesGeneration = state.salesGeneration
    }

    /// Records the payment just appended, when the lookup was current before it.
    func appendedPayment(before: Int, state: DesktopCompanyState) {
        lock.lock()
        defer { lock.unlock() }
        guard paymentsGeneration == before, let payment = state.payments.last else { return }
        paymentsByCustomer[payment.customerID, default: []].append(state.payments.count - 1)
        paymentsGeneration = state.paymentsGeneration
    }

    private func withSales<T>(_ state: DesktopCompanyState, _ read: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if salesGeneration != state.salesGeneration {
            saleByID = [:]
            salesByCustomer = [:]
            for (position, sale) in state.sales.enumerated() {
                saleByID[sale.txnID] = position
                salesByCustomer[sale.customerID, default: []].append(position)
            }
            salesGeneration = state.salesGeneration
        }
        return read()
    }
}
