/// What setting one parameter did to the files.
public struct ConfEdit: Sendable, Equatable, CustomStringConvertible {
    public enum Action: Sendable, Equatable {
        /// An active line got the new value; `from` is the value it had.
        case changed(from: String)
        /// A `#name = default` line was made active with the new value.
        case uncommented
        /// No line mentioned the parameter; one was added at the end.
        case appended
        case unchanged
        /// The file holds a different value that already does the job.
        case keptStronger(current: String, reason: String)
        /// A line the server would refuse was made a comment.
        case commentedOut(reason: String)
    }

    public var name: String
    public var value: String
    public var action: Action
    public var path: String
    public var lineNumber: Int
    /// Earlier lines that the edited one overrides, or the later file that
    /// made this one the line to edit, for the operator's information.
    public var note: String?

    public var changesFile: Bool {
        switch action {
        case .changed, .uncommented, .appended, .commentedOut: true
        case .unchanged, .keptStronger: false
        }
    }

    public var description: String {
        let place = "\(path):\(lineNumber)"
        let text: String
        switch action {
        case .changed(let from): text = "\(name): \(from) -> \(value) (\(place))"
        case .uncommented: text = "\(name): set to \(value) on its commented-out line (\(place))"
        case .appended: text = "\(name): added as \(value) (\(place))"
        case .unchanged: text = "\(name): already \(value) (\(place))"
        case .keptStronger(let current, let reason): text = "\(name): kept \(current): \(reason) (\(place))"
        case .commentedOut(let reason): text = "\(name) = \(value) commented out: \(reason) (\(place))"
        }
        return note.map { "\(text); \($0)" } ?? text
    }
}

/// Sets parameters in a chain of postgresql.conf files, changing the line
/// the server will actually use.
public enum ConfEditor {
    /// Applies `settings` (name, raw value) in order. The chain's files hold
    /// the new texts afterwards; the result says what happened to each.
    /// `dateStamp` goes into the comment above appended lines.
    /// `major` decides what counts as a stronger value where versions
    /// differ (wal_level on 9.5). `listenAddress`, when given, is the
    /// address the other host connects to: a listen_addresses list already
    /// in the files is kept, with that address added when it lacks it.
    public static func set(_ settings: [(name: String, value: String)], in chain: inout ConfChain,
                           dateStamp: String, major: PostgresMajor? = nil,
                           listenAddress: String? = nil) -> [ConfEdit] {
        var edits: [ConfEdit] = []
        var headerWritten = false
        for (name, value) in settings {
            edits.append(set(name: name, value: value, in: &chain, dateStamp: dateStamp, major: major,
                             listenAddress: listenAddress, headerWritten: &headerWritten))
        }
        return edits
    }

    private static func set(name: String, value: String, in chain: inout ConfChain, dateStamp: String,
                            major: PostgresMajor?, listenAddress: String?, headerWritten: inout Bool) -> ConfEdit {
        let literal = ConfValue.literal(value, for: name)
        let all = chain.assignments(of: name)
        if let effective = all.last {
            let assignment = effective.assignment
            let overridden = all.dropLast().map { "\($0.path):\($0.assignment.lineNumber)" }
            var note: String?
            if effective.path != chain.rootPath {
                let which = effective.path == chain.autoConfPath ? "postgresql.auto.conf (ALTER SYSTEM) overrides postgresql.conf"
                    : "this included file sets it last"
                note = which
            }
            if !overridden.isEmpty {
                let list = overridden.joined(separator: ", ")
                note = [note, "it overrides \(list)"].compactMap { $0 }.joined(separator: "; ")
            }
            var edit = ConfEdit(name: assignment.name, value: value, action: .unchanged, path: effective.path,
                                lineNumber: assignment.lineNumber, note: note)
            if name.lowercased() == "listen_addresses", let listenAddress {
                switch ListenAddresses.check(current: assignment.value, address: listenAddress) {
                case .covers(let reason):
                    edit.value = assignment.value
                    edit.action = .keptStronger(current: assignment.value, reason: reason)
                case .add(let list):
                    guard var conf = chain.files[effective.path] else { return edit }
                    conf.replaceValue(of: assignment, with: ConfValue.literal(list, for: name))
                    chain.replaceFile(effective.path, with: conf)
                    edit.value = list
                    edit.action = .changed(from: assignment.value)
                }
                return edit
            }
            switch SettingRequirement.compare(name: name, current: assignment.value, wanted: value, major: major) {
            case .same:
                return edit
            case .sufficient(let reason):
                edit.action = .keptStronger(current: assignment.value, reason: reason)
                return edit
            case .different:
                guard var conf = chain.files[effective.path] else { return edit }
                conf.replaceValue(of: assignment, with: literal)
                chain.replaceFile(effective.path, with: conf)
                edit.action = .changed(from: assignment.value)
                return edit
            }
        }
        guard var root = chain.files[chain.rootPath] else {
            return ConfEdit(name: name, value: value, action: .unchanged, path: chain.rootPath, lineNumber: 0)
        }
        let key = name.lowercased()
        // The first commented-out default is where the sample documents
        // the parameter; writing there keeps the file readable.
        if let commented = root.commentedAssignments.first(where: { $0.key == key }) {
            root.uncomment(commented, with: literal)
            chain.replaceFile(chain.rootPath, with: root)
            return ConfEdit(name: commented.name, value: value, action: .uncommented, path: chain.rootPath,
                            lineNumber: commented.lineNumber)
        }
        var added: [String] = []
        if !headerWritten {
            if let last = root.lines.lines.last, !last.content.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                added.append("")
            }
            added.append("# Added by standby-wizard on \(dateStamp)")
            headerWritten = true
        }
        added.append("\(name) = \(literal)")
        root.append(added)
        chain.replaceFile(chain.rootPath, with: root)
        return ConfEdit(name: name, value: value, action: .appended, path: chain.rootPath,
                        lineNumber: root.lines.lines.count)
    }
}
