import QBSyncXML

extension DesktopBooks {
    /// The item kinds, by the element that adds or modifies one.
    static func itemKind(_ body: XMLTreeElement) -> String {
        for kind in DesktopCompanyState.itemKinds where body.name.hasPrefix(kind) { return kind }
        return "ItemService"
    }

    mutating func addCustomer(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let name = body.text(of: "Name") ?? ""
        let parent = try resolve(body.child("ParentRef"), kinds: ["Customer"], list: "Customer", in: "Customer")
        let classEntry = try resolveClass(body.child("ClassRef"), in: "Customer")
        try checkOtherReferences(body, modeled: ["ParentRef", "ClassRef"], document: "Customer")
        try checkNameFree(name, kinds: DesktopCompanyState.nameKinds, parentID: parent?.listID, except: nil)
        var entry = newEntry(kind: "Customer", name: name, parentID: parent?.listID, body: body)
        entry.fields = fields(of: body, except: ["Name", "IsActive", "ParentRef"])
        if let classEntry { entry.set(Self.reference("ClassRef", classEntry, fullName: state.fullName(classEntry))) }
        state.appendList(entry)
        return listRet(entry)
    }

    mutating func modCustomer(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let index = try listIndex(body, kinds: ["Customer"])
        var entry = state.lists[index]
        try Self.checkEditSequence(body, current: entry.editSequence)
        let parent = try resolve(body.child("ParentRef"), kinds: ["Customer"], list: "Customer", in: "Customer")
        let classEntry = try resolveClass(body.child("ClassRef"), in: "Customer")
        try checkOtherReferences(body, modeled: ["ParentRef", "ClassRef"], document: "Customer")
        if let parent { entry.parentID = parent.listID }
        try applyCommonMod(body, to: &entry)
        if let classEntry { entry.set(Self.reference("ClassRef", classEntry, fullName: state.fullName(classEntry))) }
        for field in fields(of: body, except: ["ListID", "EditSequence", "Name", "IsActive", "ParentRef", "ClassRef"]) {
            entry.set(field)
        }
        state.replaceList(at: index, with: entry)
        return listRet(entry)
    }

    mutating func addItem(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let kind = Self.itemKind(body)
        let name = body.text(of: "Name") ?? ""
        let parent = try resolve(body.child("ParentRef"), kinds: [kind], list: "Item", in: "Item")
        let classEntry = try resolveClass(body.child("ClassRef"), in: "Item")
        try checkItemAccounts(body)
        try checkOtherReferences(body, modeled: ["ParentRef", "ClassRef"], document: "Item")
        try checkNameFree(name, kinds: DesktopCompanyState.itemKinds, parentID: parent?.listID, except: nil)
        var entry = newEntry(kind: kind, name: name, parentID: parent?.listID, body: body)
        entry.fields = fields(of: body, except: ["Name", "IsActive", "ParentRef"])
        if let classEntry { entry.set(Self.reference("ClassRef", classEntry, fullName: state.fullName(classEntry))) }
        state.appendList(entry)
        return listRet(entry)
    }

    mutating func modItem(_ body: XMLTreeElement) throws -> XMLTreeElement {
        let kind = Self.itemKind(body)
        let index = try listIndex(body, kinds: [kind])
        var entry = state.lists[index]
        try Self.checkEditSequence(body, current: entry.editSequence)
        let parent = try resolve(body.child("ParentRef"), kinds: [kind], list: "Item", in: "Item")
        let classEntry = try resolveClass(body.child("ClassRef"), in: "Item")
        try checkItemAccounts(body)
        try checkOtherReferences(body, modeled: ["ParentRef", "ClassRef"], document: "Item")
        if let parent { entry.parentID = parent.listID }
        try applyCommonMod(body, to: &entry)
        if let classEntry { entry.set(Self.reference("ClassRef", classEntry, fullName: state.fullName(classEntry))) }
        for element in body.children {
            guard element.name == "SalesOrPurchaseMod" || element.name == "SalesAndPurchaseMod" else {
                if !["ListID", "EditSequence", "Name", "IsActive", "ParentRef", "ClassRef"].contains(element.name) {
                    entry.set(DesktopField(element))
                }
                continue
            }
            // A Mod's SalesOrPurchaseMod changes only the fields it sends.
            let target = String(element.name.dropLast(3))
            var merged = entry.field(target) ?? DesktopField(name: target, text: "")
            for child in element.children where !child.name.hasPrefix("Apply") {
                merged.children.removeAll { $0.name == child.name || (child.name.hasPrefix("Price") && $0.name.hasPrefix("Price")) }
                if !(child.text.isEmpty && child.children.isEmpty) { merged.children.append(DesktopField(child)) }
            }
            entry.set(merged)
        }
        state.replaceList(at: index, with: entry)
        return listRet(entry)
    }

    /// ClassAdd, PaymentMethodAdd, AccountAdd: each its own list, names unique within it.
    mutating func addSimpleList(_ body: XMLTreeElement, kind: String) throws -> XMLTreeElement {
        let name = body.text(of: "Name") ?? ""
        let parent = try resolve(body.child("ParentRef"), kinds: [kind], list: kind, in: kind)
        try checkOtherReferences(body, modeled: ["ParentRef"], document: kind)
        try checkNameFree(name, kinds: [kind], parentID: parent?.listID, except: nil)
        var entry = newEntry(kind: kind, name: name, parentID: parent?.listID, body: body)
        entry.fields = fields(of: body, except: ["Name", "IsActive", "ParentRef"])
        state.appendList(entry)
        return listRet(entry)
    }

    // MARK: Shared

    private mutating func newEntry(kind: String, name: String, parentID: String?, body: XMLTreeElement) -> DesktopListEntry {
        DesktopListEntry(
            kind: kind, listID: state.newListID(), name: name, parentID: parentID,
            isActive: body.text(of: "IsActive") != "false", editSequence: state.newEditSequence(), timeCreated: now,
            timeModified: now, fields: [])
    }

    private func listIndex(_ body: XMLTreeElement, kinds: Set<String>) throws -> Int {
        let listID = body.text(of: "ListID") ?? ""
        guard let index = state.listIndex(listID), kinds.contains(state.lists[index].kind) else {
            throw DesktopStatus.notFound(listID)
        }
        return index
    }

    /// Name and IsActive of a Mod, and a new EditSequence.
    private mutating func applyCommonMod(_ body: XMLTreeElement, to entry: inout DesktopListEntry) throws {
        if let name = body.text(of: "Name") {
            let kinds = entry.kind == "Customer" ? DesktopCompanyState.nameKinds : DesktopCompanyState.itemKinds
            try checkNameFree(name, kinds: kinds, parentID: entry.parentID, except: entry.listID)
            entry.name = name
        }
        if let active = body.text(of: "IsActive") { entry.isActive = active != "false" }
        entry.editSequence = state.newEditSequence()
        entry.timeModified = now
    }

    /// One name list per namespace, compared without case; a job's name only under its parent (3100).
    func checkNameFree(_ name: String, kinds: Set<String>, parentID: String?, except listID: String?) throws {
        let parent = parentID.flatMap { state.entry($0) }.map { state.fullName($0) + ":" } ?? ""
        if state.entries(named: parent + name).contains(where: {
            kinds.contains($0.kind) && $0.parentID == parentID && $0.listID != listID
        }) {
            throw DesktopStatus.nameInUse(parent + name)
        }
    }

    private func checkItemAccounts(_ body: XMLTreeElement) throws {
        for group in body.children where group.name.hasPrefix("SalesOrPurchase") || group.name.hasPrefix("SalesAndPurchase") {
            for name in ["AccountRef", "IncomeAccountRef", "ExpenseAccountRef"] {
                _ = try resolve(group.child(name), kinds: ["Account"], list: "Account", in: "Item")
            }
        }
    }

    /// References to lists the sandbox does not keep (terms, sales reps, templates, …) name
    /// nothing that exists (3140), except the US sales-tax codes `Tax` and `Non`.
    func checkOtherReferences(_ body: XMLTreeElement, modeled: Set<String>, document: String) throws {
        for child in body.children where child.name.hasSuffix("Ref") && !modeled.contains(child.name) {
            if child.name.hasSuffix("TaxCodeRef"), ["tax", "non"].contains((child.text(of: "FullName") ?? "").lowercased()) {
                continue
            }
            if child.name == "PreferredPaymentMethodRef" || child.name == "PaymentMethodRef" {
                _ = try resolve(child, kinds: ["PaymentMethod"], list: "PaymentMethod", in: document)
                continue
            }
            let value = child.text(of: "ListID") ?? child.text(of: "FullName") ?? ""
            throw DesktopStatus.invalidReference(String(child.name.dropLast(3)), value, in: document, inactive: false)
        }
    }

    func fields(of body: XMLTreeElement, except names: Set<String>) -> [DesktopField] {
        body.children.filter { !names.contains($0.name) }.map(DesktopField.init)
    }

    static func reference(_ name: String, _ entry: DesktopListEntry, fullName: String) -> DesktopField {
        var field = DesktopField(name: name, text: "")
        field.children = [DesktopField(name: "ListID", text: entry.listID), DesktopField(name: "FullName", text: fullName)]
        return field
    }
}
