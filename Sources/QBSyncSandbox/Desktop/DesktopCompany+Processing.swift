import Foundation
import QBSyncXML

extension DesktopCompany {
    /// One message set, under the lock: validation, error recovery, the requests in order,
    /// then the books saved and the answer stored before it is handed back.
    func run(_ text: String) -> DesktopAnswer {
        let set: DesktopMessageSet
        do {
            set = try DesktopMessageSet.read(text)
        } catch let violation as QBXMLSchemaViolation {
            return .failure(
                hresult: "0x80040400",
                message: DesktopMessageSet.parseFailure + " (line \(violation.line): \(violation.reason))")
        } catch {
            return .failure(hresult: "0x80040400", message: DesktopMessageSet.parseFailure)
        }
        let newID = set.newMessageSetID
        let oldID = set.oldMessageSetID
        if [newID, oldID].contains(where: { ($0?.count ?? 0) > 23 }) {
            return answer(newID: newID, status: 9004, responses: [])
        }
        var status: Int?
        if oldID == "ClearAllMessageSets" {
            books.state.messageSets = [:]
            status = 0
        } else if let oldID, oldID == newID {
            // A status check: the stored answer of the set, nothing run.
            guard let stored = books.state.messageSets[oldID] else { return answer(newID: newID, status: 9002, responses: []) }
            return answer(newID: newID, status: 0, responses: Self.responses(stored.responses))
        } else if let oldID {
            status = books.state.messageSets.removeValue(forKey: oldID) == nil && newID == nil ? 600 : 0
        }
        let storing = oldID != "ClearAllMessageSets" ? newID : nil
        if let newID = storing, let stored = books.state.messageSets[newID] {
            guard stored.checksum == set.checksum else { return answer(newID: newID, status: 9001, responses: []) }
            return answer(newID: newID, status: 0, responses: Self.responses(stored.responses))
        }
        let responses = runRequests(set)
        if let newID = storing {
            books.state.messageSets[newID] = DesktopCompanyState.StoredSet(
                checksum: set.checksum, responses: responses.map { XMLTreeWriter.write($0) }.joined())
        }
        do {
            try store.save(books.state)
        } catch {
            return .failure(hresult: "0x80040402", message: "QuickBooks could not save the company file.")
        }
        if set.requests.contains(where: \.isWrite) {
            writeSets += 1
            if writeSets == injected.unexpectedAfterCommitAt {
                return .failure(hresult: "0x80040402", message: "An unexpected error occurred in QuickBooks.")
            }
        }
        return answer(newID: storing, status: status, responses: responses)
    }

    private func runRequests(_ set: DesktopMessageSet) -> [XMLTreeElement] {
        books.macros = [:]
        books.now = Timestamp.metaData(Date())
        books.today = Timestamp.date(Date())
        var stopped = false
        var responses: [XMLTreeElement] = []
        for request in set.requests {
            var attributes: [XMLTreeElement.Attribute] = []
            if let id = request.requestID { attributes.append(.init("requestID", id)) }
            var rets: [XMLTreeElement] = []
            var status = DesktopStatus.ok
            if stopped {
                status = .notProcessed
            } else if (request.requestID?.count ?? 0) > 50 {
                status = .requestIDTooLong
            } else if let overrun = request.overruns.first {
                status = .tooLong(overrun.field, overrun.limit)
            } else if let fault = writeFault(request) {
                status = fault
            } else {
                do {
                    rets = try books.run(request.element, kind: request.kind)
                    if request.kind.body == nil, request.kind.wrapper.hasSuffix("QueryRq") {
                        (rets, status) = try page(rets, request: request.element, iterates: request.kind.iterates, attributes: &attributes)
                    }
                } catch let refusal as DesktopStatus {
                    status = refusal
                    rets = []
                } catch {
                    status = .internalError
                }
            }
            if status.severity == "Error" && set.stopOnError { stopped = true }
            rets = Self.trimmed(rets, request: request, includeNone: set.includesNoData)
            attributes += [
                .init("statusCode", String(status.code)), .init("statusSeverity", status.severity),
                .init("statusMessage", status.message),
            ]
            responses.append(XMLTreeElement(request.responseName, attributes: attributes, children: rets))
        }
        return responses
    }

    /// `IncludeRetElement` keeps only the named children of each `…Ret`; `responseData="includeNone"`
    /// drops the `…Ret`s of queries (an Add or Mod always answers with its ids).
    private static func trimmed(
        _ rets: [XMLTreeElement], request: DesktopMessageSet.Request, includeNone: Bool
    ) -> [XMLTreeElement] {
        if includeNone && !request.isWrite { return [] }
        let included = Set(request.element.children(named: "IncludeRetElement").map(\.text))
        guard !included.isEmpty else { return rets }
        return rets.map { ret in
            var kept = ret
            kept.children = ret.children.filter { included.contains($0.name) }
            return kept
        }
    }

    /// A write's injected fault, if this is the write it is set for.
    private func writeFault(_ request: DesktopMessageSet.Request) -> DesktopStatus? {
        guard request.isWrite else { return nil }
        writes += 1
        if writes == injected.recordInUseAt { return .recordInUse }
        if writes == injected.lockFailedAt { return .lockFailed }
        if writes == injected.listChangedAt { return .listChanged }
        if writes == injected.internalErrorAt { return .internalError }
        if writes == injected.unavailableAt { return .unavailable }
        return nil
    }

    /// MaxReturned and iterators: an iterator keeps the rest for `Continue` within the session.
    private func page(
        _ all: [XMLTreeElement], request: XMLTreeElement, iterates: Bool, attributes: inout [XMLTreeElement.Attribute]
    ) throws -> ([XMLTreeElement], DesktopStatus) {
        let maximum = request.text(of: "MaxReturned").flatMap(Int.init)
        var rets = all
        switch request.attribute("iterator") {
        case "Start":
            let id = String(format: "{%08X-0000-4000-8000-%012X}", nextIterator, nextIterator)
            nextIterator += 1
            let taken = Array(rets.prefix(maximum ?? rets.count))
            iterators[id] = Array(rets.dropFirst(taken.count))
            attributes += Self.iteratorAttributes(id: id, count: taken.count, remaining: iterators[id]?.count ?? 0)
            rets = taken
        case "Continue", "Stop":
            let id = request.attribute("iteratorID") ?? ""
            guard let rest = iterators[id] else {
                throw DesktopStatus.error(3120, "The iterator \"\(id)\" is not valid in this session.")
            }
            let taken = request.attribute("iterator") == "Stop" ? [] : Array(rest.prefix(maximum ?? rest.count))
            iterators[id] = request.attribute("iterator") == "Stop" ? nil : Array(rest.dropFirst(taken.count))
            attributes += Self.iteratorAttributes(id: id, count: taken.count, remaining: iterators[id]?.count ?? 0)
            rets = taken
        default:
            if let maximum { rets = Array(rets.prefix(maximum)) }
        }
        return (rets, rets.isEmpty && request.attribute("iterator") != "Stop" ? .nothingFound : .ok)
    }

    private static func iteratorAttributes(id: String, count: Int, remaining: Int) -> [XMLTreeElement.Attribute] {
        [.init("retCount", String(count)), .init("iteratorRemainingCount", String(remaining)), .init("iteratorID", id)]
    }

    private func answer(newID: String?, status: Int?, responses: [XMLTreeElement]) -> DesktopAnswer {
        var attributes: [XMLTreeElement.Attribute] = []
        if let newID { attributes.append(.init("newMessageSetID", newID)) }
        if let status { attributes.append(.init("messageSetStatusCode", String(status))) }
        return .response(DesktopMessageSet.document(XMLTreeElement("QBXMLMsgsRs", attributes: attributes, children: responses)))
    }

    /// The stored `…Rs` elements read back.
    private static func responses(_ stored: String) -> [XMLTreeElement] {
        (try? XMLTreeReader.read("<Stored>" + stored + "</Stored>").root.children) ?? []
    }
}
