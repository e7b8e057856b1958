/// How one OMS record is put together from the tables: its table, the columns that name other
/// records (what it needs in QuickBooks first), and the child rows nested in it. The extract's
/// record files, the desk's `show` and `Dependencies` all read records through this one table of
/// shapes, so they cannot disagree about what a record holds.
struct OMSRecordShape: Sendable {
    /// A column holding the id of another change-feed record.
    struct Reference: Sendable {
        var column: String
        var entity: String
    }

    /// Rows of another table nested in the record under `key`: those whose `parentColumn` is the
    /// record's `id`, in `orderBy` order within each parent.
    struct Nested: Sendable {
        var key: String
        var parentColumn: String
        var orderBy: [String]
        var shape: OMSRecordShape
    }

    var table: String
    var references: [Reference] = []
    var nested: [Nested] = []

    /// The shape of each change-feed entity's record.
    static let entities: [String: OMSRecordShape] = [
        "patient": OMSRecordShape(table: "patients"),
        "payer": OMSRecordShape(table: "payers"),
        "item": OMSRecordShape(table: "items"),
        "sale": OMSRecordShape(
            table: "sales", references: [Reference(column: "patient_id", entity: "patient")],
            nested: [
                Nested(
                    key: "lines", parentColumn: "sale_id", orderBy: ["line_no", "id"],
                    shape: OMSRecordShape(
                        table: "sale_lines", references: [Reference(column: "item_id", entity: "item")],
                        nested: [
                            Nested(
                                key: "allocations", parentColumn: "sale_line_id", orderBy: ["payer_id"],
                                shape: OMSRecordShape(
                                    table: "sale_allocations", references: [Reference(column: "payer_id", entity: "payer")]))
                        ]))
            ]),
        "payment": OMSRecordShape(
            table: "payments",
            references: [Reference(column: "patient_id", entity: "patient"), Reference(column: "payer_id", entity: "payer")],
            nested: [
                Nested(
                    key: "applications", parentColumn: "payment_id", orderBy: ["sale_id", "payer_id"],
                    shape: OMSRecordShape(
                        table: "payment_applications",
                        references: [Reference(column: "sale_id", entity: "sale"), Reference(column: "payer_id", entity: "payer")]))
            ]),
        "return": OMSRecordShape(
            table: "returns", references: [Reference(column: "sale_id", entity: "sale")],
            nested: [Nested(key: "lines", parentColumn: "return_id", orderBy: ["id"], shape: OMSRecordShape(table: "return_lines"))]),
        "refund": OMSRecordShape(
            table: "refunds",
            references: [
                Reference(column: "patient_id", entity: "patient"), Reference(column: "payer_id", entity: "payer"),
                Reference(column: "return_id", entity: "return"),
            ]),
        "write_off": OMSRecordShape(
            table: "write_offs",
            references: [Reference(column: "sale_id", entity: "sale"), Reference(column: "payer_id", entity: "payer")]),
    ]

    /// The change-feed entities in an order where every record another record can need comes
    /// after it (a refund needs its return, a return its sale, a sale its patient, items and
    /// payers). The extract takes the entities in this order, so by the time it reaches one,
    /// everything that could pull its records in has been read, and why each is in the run is final.
    static var dependencyOrder: [String] { OMSEntity.dependentsFirst.map(\.name) }

    /// Every entity this shape's rows (and their nested rows) can refer to.
    var referencedEntities: Set<String> {
        Set(references.map(\.entity)).union(nested.flatMap(\.shape.referencedEntities))
    }
}
