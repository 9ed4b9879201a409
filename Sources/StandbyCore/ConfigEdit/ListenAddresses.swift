/// listen_addresses as the list of host names and addresses it is: an
/// operator's explicit list is kept, and the address the other host
/// connects to is added to it only when nothing in the list covers it.
public enum ListenAddresses {
    public enum Verdict: Sendable, Equatable {
        /// The list already makes the server listen there; the reason says
        /// which entry does.
        case covers(String)
        /// The list with `address` added at its end.
        case add(String)
    }

    /// Entries that make the server listen on every interface of a family.
    static let wildcards: Set<String> = ["*", "0.0.0.0", "::"]

    /// The entries of a listen_addresses value (comma-separated, spaces
    /// around them ignored, as the server splits it).
    public static func entries(_ value: String) -> [String] {
        value.split(separator: ",").map { part in
            String(part.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }.filter { !$0.isEmpty }
    }

    /// Whether `current` makes the server listen on `address`, and if not,
    /// the list that does. An empty list (Unix sockets only) gets the
    /// address alone.
    public static func check(current: String, address: String) -> Verdict {
        let list = entries(current)
        let wanted = address.lowercased()
        if let wildcard = list.first(where: { wildcards.contains($0) }) {
            return .covers("\(wildcard) listens on every address, \(address) included")
        }
        if list.contains(where: { $0.lowercased() == wanted }) {
            return .covers("the list already includes \(address)")
        }
        return .add((list + [address]).joined(separator: ","))
    }
}
