/// The leak check over a document read back (`ReadDocument`): every text its edition's reader
/// found where a person can read it, whatever the edition. Hand-edit validation checks a file so,
/// whichever QuickBooks it is for.
extension LeakCheck {
    /// Findings in the texts of `document`; `location` prefixes each text's place
    /// (`b7` + `Invoice.PrivateNote`).
    func scan(_ document: ReadDocument, location: String) -> [Finding] {
        document.texts.compactMap { text in
            source(of: text.text).map { Finding(location: "\(location) \(text.location)", source: Self.unpack($0)) }
        }
    }
}
