import Foundation
import Logging

@testable import QBSyncCore

/// A sample clinic with its settings and ledger, as the extract's tests start from.
struct ExtractSetup {
    var settings: PipelineSettings
    var ledger: Ledger
    var oms: OMSDatabase
    var omsURL: URL

    /// A clinic generated with `options`, extracted `chunkSize` records a file when given.
    static func make(options: SampleOptions, chunkSize: Int? = nil, allPatientFiles: Bool = false) throws -> ExtractSetup {
        let folder = try TestWorkspace.make()
        let omsURL = folder.appendingPathComponent("oms.sqlite")
        _ = try SampleGenerator.write(to: omsURL, options: options)
        var settings = try PipelineSettings.resolve(
            PipelineFile(), path: "t.toml",
            environment: ["QBSYNC_OMS_DB": omsURL.path, "QBSYNC_WORKSPACE": folder.appendingPathComponent("ws").path])
        if let chunkSize { settings.chunkSize = chunkSize }
        settings.allPatientFiles = allPatientFiles
        let ledger = try Ledger(url: settings.workspace.appendingPathComponent("ledger.sqlite"))
        return ExtractSetup(settings: settings, ledger: ledger, oms: try OMSDatabase(path: omsURL.path), omsURL: omsURL)
    }

    func extractor() -> Extractor {
        Extractor(settings: settings, ledger: ledger, oms: oms, actor: "nightly", logger: Logger(label: "test"))
    }

    func folder(_ run: String) -> RunFolder { RunFolder(workspace: settings.workspace, id: run) }

    func records(_ run: String) throws -> [ExtractedRecord] {
        try ExtractWriter.readRecords(folder: folder(run))
    }
}
