import Foundation
import QBSyncXML

/// The checks of a hand-edited Desktop message set (`*.qbxml`): the file must be a qbXML request
/// set (else its line and column), each request must be the one plan.json has under its bId and
/// of the kind planned; then every request, read by `DesktopReader`, gets the checks an Online
/// batch item gets (placeholders, amounts, the leak check).
extension HandEditChecks {
    func checkDesktop(_ batch: PlannedBatch, data: Data, path: String) -> [HandEditFinding] {
        let set: QBXMLMessageSet
        do {
            set = try QBXMLMessageSet.read(data, file: path)
        } catch let error as QBXMLFileError {
            return [.problem(path, line: error.line, column: error.column, "not a valid qbXML message set: \(error.reason)")]
        } catch {
            return [.problem(path, "cannot be read: \(error)")]
        }
        let keys = Dictionary(batch.items.map { ($0.bId, $0.key) }, uniquingKeysWith: { first, _ in first })
        let items = set.requests.map { request -> HandEditItem in
            let element = request.element
            return HandEditItem(
                bId: request.bId, line: element.line, reading: DesktopReader.read(element, key: keys[request.bId], checks: true),
                lineOf: { _ in element.line },
                shape: { plan in
                    guard DesktopReader.reviewEntity(request: element) == plan.entity else {
                        return ("must stay a request for the \(plan.entity) of \(plan.ref) as in plan.json, and is \(element.name)", [])
                    }
                    return (nil, [])
                })
        }
        return check(batch, items: items, path: path)
    }
}
