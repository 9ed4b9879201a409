/// How a file's bytes became text. Configuration files are usually UTF-8,
/// but an old server's may hold Latin-1 comments; decoding those as UTF-8
/// would replace bytes and writing back would corrupt the file. Latin-1
/// maps every byte to one character, so such a file round-trips exactly.
public enum FileTextEncoding: String, Sendable, Codable, Equatable {
    case utf8
    case latin1
}

public struct FileText: Sendable, Equatable {
    public var text: String
    public var encoding: FileTextEncoding

    public init(text: String, encoding: FileTextEncoding = .utf8) {
        self.text = text
        self.encoding = encoding
    }

    public init(bytes: [UInt8]) {
        if let text = String(validating: bytes, as: UTF8.self) {
            self.init(text: text, encoding: .utf8)
        } else {
            self.init(text: String(bytes.map { Character(Unicode.Scalar($0)) }), encoding: .latin1)
        }
    }

    /// The bytes to write, or nil when the text holds a character the
    /// file's encoding cannot store (a non-Latin-1 password in a Latin-1
    /// file): better to refuse than to write something else.
    public func encoded() -> [UInt8]? {
        switch encoding {
        case .utf8:
            return Array(text.utf8)
        case .latin1:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.unicodeScalars.count)
            for scalar in text.unicodeScalars {
                guard scalar.value <= 0xFF else { return nil }
                bytes.append(UInt8(scalar.value))
            }
            return bytes
        }
    }
}
