import Foundation
import QBSyncJSON
import QBSyncXML

/// The checks of a hand-edited Desktop message set (`*.qbxml`): the file must be a qbXML request
/// set (else its line and column), each request must be the one plan.json has under its bId and
/// of the kind planned; then the checks of an Online batch run on the review's reading of each
/// request (placeholders, amounts), and the leak check on the request itself.
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
        var findings: [HandEditFinding] = []
        let planned = Dictionary(batch.items.map { ($0.bId, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [JSONValue] = []
        for request in set.requests {
            let element = request.element
            if let plan = planned[request.bId] {
                if DesktopReader.reviewEntity(request: element) != plan.entity {
                    findings.append(
                        .problem(path, line: element.line, bId: request.bId, "must stay a request for the \(plan.entity) of \(plan.ref) as in plan.json, and is \(element.name)"))
                    continue
                }
                for finding in leakCheck?.scan(element, location: "\(request.bId) \(element.name)") ?? [] {
                    var problem = HandEditFinding.problem(
                        path, line: element.line, bId: request.bId,
                        "\(finding.location) carries \(finding.source), a patient's health information, which must not leave the clinic")
                    problem.isLeak = true
                    findings.append(problem)
                }
                items.append(.object(["bId": .string(request.bId), "operation": .string(plan.operation), plan.entity: DesktopReader.reviewBody(element)]))
            } else {
                items.append(["bId": .string(request.bId)])
            }
        }
        var withoutLeakCheck = self
        withoutLeakCheck.leakCheck = nil
        findings += withoutLeakCheck.check(batch, body: ["BatchItemRequest": .array(items)], text: "", path: path)
        return findings
    }
}
