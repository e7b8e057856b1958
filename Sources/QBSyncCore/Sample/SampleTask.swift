/// Follow-up work the clinic plans for a later day.
enum SampleTask {
    /// The patient pays (some of) what they still owe on a sale.
    case payBalance(sale: Int)
    /// The patient comes back to be fitted with the hearing aids ordered, a deposit maybe paid.
    case fitting(patient: Int, deposit: Int?)
    /// Someone corrects a sale: a line added, a discount changed, an allocation approved.
    case editSale(Int)
    /// A sale rung up by mistake is voided.
    case voidSale(Int)
    /// The patient brings hearing aids back within the trial period.
    case trialReturn(sale: Int)
    /// The credit a return left beyond the sale's balance is paid out.
    case refundReturn(Int)
    /// An order is cancelled and its deposit paid back.
    case refundDeposit(payment: Int)
    /// A third party's overpayment is paid back.
    case refundPayer(payment: Int)
    /// A voided refund is issued again.
    case reissueRefund(Int)
    /// A refund issued by mistake is voided.
    case voidRefund(Int)
    /// A small balance the patient left is written off.
    case writeOffSmall(sale: Int)
    /// A write-off entered by mistake is deleted.
    case deleteWriteOff(Int)
    /// A payment's method, reference or memo is corrected.
    case editPayment(Int)
    /// A payment entered twice (or by mistake) is deleted.
    case deletePayment(Int)
}

extension SampleClinic {
    /// Does a planned task, if what it is about still calls for it.
    func perform(_ task: SampleTask) {
        switch task {
        case .payBalance(let sale): payBalance(saleId: sale)
        case .fitting(let patient, let deposit): fitHearingAids(patientId: patient, depositId: deposit)
        case .editSale(let sale): editSale(sale)
        case .voidSale(let sale): voidSale(sale)
        case .trialReturn(let sale): trialReturn(saleId: sale)
        case .refundReturn(let id): refundReturn(id)
        case .refundDeposit(let payment): refundUnapplied(paymentId: payment)
        case .refundPayer(let payment): refundUnapplied(paymentId: payment)
        case .reissueRefund(let id): reissueRefund(id)
        case .voidRefund(let id): voidRefund(id)
        case .writeOffSmall(let sale): writeOffSmallBalance(saleId: sale)
        case .deleteWriteOff(let id): deleteWriteOff(id)
        case .editPayment(let id): editPayment(id)
        case .deletePayment(let id): deletePayment(id)
        }
    }
}
