import Foundation
import QBSyncJSON
@testable import QBSyncCore

/// What a mapper unit test hands a mapper: the pipeline's default mapping (redaction on or
/// off), a small reference (two locations, a cash and a card method), an item catalogue, and
/// what QuickBooks holds and what was claimed, as the transform would pass them.
struct MapperFixture {
    let settings: PipelineSettings
    let reference: ReferenceData
    var holdings = Holdings.none
    var claims = Claims()
    /// Shared objects QuickBooks or the run already has.
    var known: Set<ObjectKey> = []

    init(redacted: Bool = true, items: [Int: JSONValue] = [:], sales: [JSONValue] = [], rules: EditionRules = .online) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qbsync-mapper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = folder.appendingPathComponent("p.toml")
        let redaction = redacted ? "" : "[redaction]\nenabled = false\ndisabled_by = \"mapper test\"\n"
        try "name = \"unit\"\nworkspace = \"\(folder.path)/ws\"\n[oms]\ndatabase = \"\(folder.path)/oms.sqlite\"\n\(redaction)"
            .write(to: pipeline, atomically: true, encoding: .utf8)
        settings = try PipelineSettings.load(path: pipeline.path, environment: [:])
        let saleRows = SaleRows(keeping: Set(sales.compactMap { $0["id"]?.intValue }))
        saleRows.register(sales.map { ExtractedRecord(ref: OMSRef("sale", $0["id"]!.intValue!), reason: .context, op: nil, row: $0) })
        reference = ReferenceData(
            settings: settings, rules: rules, items: items, sales: saleRows,
            reference: [
                "locations": [["id": 1, "name": "Main Street"], ["id": 2, "name": "Harbour: East"]],
                "payment_methods": [["id": 1, "name": "Cash", "kind": "cash"], ["id": 2, "name": "Visa", "kind": "card"]],
            ])
    }

    var inputs: MapperInputs {
        let known = known
        return MapperInputs(
            reference: reference, holdings: holdings, claims: claims, sharedKnown: { known.contains($0) },
            fingerprint: reference.rules.edition == .online ? OnlineRenderer().fingerprint : DesktopRenderer().fingerprint)
    }

    /// A record of `entity` with `row`, as the extract writes it.
    static func record(_ entity: OMSEntity, _ id: Int, _ row: JSONValue) -> ExtractedRecord {
        ExtractedRecord(ref: OMSRef(entity.name, id), reason: .changed, op: "upsert", row: row)
    }

    /// Maps `record` as the transform does; the changes and the shared objects noted.
    func map(_ record: ExtractedRecord) throws -> (changes: [PlannedChange], needs: [SharedNeed]) {
        var needs: [SharedNeed] = []
        let changes = try Transformer.map(record, inputs: inputs, needs: &needs)
        return (changes, needs)
    }

    /// What QuickBooks holds of `change`'s object if `change` was posted as it is.
    static func held(_ change: PlannedChange, active: Bool = true) -> Holdings.Held {
        Holdings.Held(key: change.key, active: active, fingerprint: OnlineRenderer().fingerprint(change))
    }
}
