/// Hides passwords in anything shown: a diff of a password file or of a
/// primary_conninfo with a password must not put it on the screen or in a
/// plan's output.
public enum SecretMask: String, Sendable, Codable, Equatable {
    case none
    /// The fifth field of every ~/.pgpass line.
    case passwordFileField
    /// `password=` inside primary_conninfo lines.
    case conninfoPassword

    public func apply(_ line: String) -> String {
        switch self {
        case .none: line
        case .passwordFileField: Self.maskPasswordField(line)
        case .conninfoPassword: Self.maskConninfo(line)
        }
    }

    static func maskPasswordField(_ line: String) -> String {
        guard !line.hasPrefix("#") else { return line }
        var colons = 0
        var escaped = false
        for index in line.indices {
            let ch = line[index]
            if escaped {
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == ":" {
                colons += 1
                if colons == 4 { return String(line[...index]) + Template.mask }
            }
        }
        return line
    }

    /// Rewrites an assignment of a conninfo parameter with its password
    /// masked; a line that does not parse but mentions a password is
    /// masked from `password` on, so nothing leaks through odd quoting.
    static func maskConninfo(_ line: String) -> String {
        guard line.contains("password") else { return line }
        if case .assignment(let assignment) = PostgresqlConf.classify(line, index: 0),
           let pairs = Conninfo.parse(assignment.value) {
            let masked = pairs.map { $0.key == "password" ? ($0.key, Template.mask) : $0 }
            var scalars = Array(line.unicodeScalars)
            scalars.replaceSubrange(assignment.valueRange,
                                    with: ConfValue.quoted(Conninfo.render(masked)).unicodeScalars)
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }
        guard let range = line.firstRange(of: "password") else { return line }
        return String(line[..<range.lowerBound]) + "password=" + Template.mask
    }
}

extension UnifiedDiff {
    /// The same diff with each shown line passed through `transform`.
    func masked(_ transform: (String) -> String) -> UnifiedDiff {
        var copy = self
        copy.mapLines { line in
            switch line.kind {
            case .context, .removed, .added: line.text = transform(line.text)
            case .hunkHeader, .noNewlineMarker: break
            }
        }
        return copy
    }
}
