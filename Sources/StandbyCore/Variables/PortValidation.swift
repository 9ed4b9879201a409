enum PortValidation {
    static func check(_ text: String) -> Result<Int, InvalidValue> {
        if text.isEmpty { return .failure("enter a port number") }
        guard text.allSatisfy({ ("0"..."9").contains($0) }) else { return .failure("digits only") }
        // The text goes verbatim into configuration files; keep one spelling.
        if text.count > 1 && text.hasPrefix("0") { return .failure("no leading zeros") }
        guard text.count <= 5, let port = Int(text), (1...65535).contains(port) else {
            return .failure("port must be 1 to 65535")
        }
        return .success(port)
    }
}
