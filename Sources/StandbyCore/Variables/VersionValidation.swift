enum VersionValidation {
    static let supportedText = "9.5, 9.6 or 10 to 18"

    static func check(_ text: String) -> Result<PostgresMajor, InvalidValue> {
        if text.isEmpty { return .failure("enter the major version, e.g. 15") }
        guard let major = PostgresMajor(text) else {
            return .failure(InvalidValue("not a version; use \(supportedText)"))
        }
        let parts = text.split(separator: ".").count
        if parts > (major.first < 10 ? 2 : 1) { return .failure("give the major version only, e.g. 15") }
        guard major.isSupported else { return .failure(InvalidValue("supported versions: \(supportedText)")) }
        // "015" or "9.05" parse to a known major but would be copied into
        // paths as typed.
        guard major.description == text else {
            return .failure(InvalidValue("write it as \(major.description)"))
        }
        return .success(major)
    }
}
