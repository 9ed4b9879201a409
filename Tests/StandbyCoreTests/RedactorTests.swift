import StandbyCore
import Testing

@Suite("Secrets are redacted from streamed output")
struct RedactorTests {
    @Test func everySplitPointIsCaught() {
        let secret = "s3cr:et'pw"
        let text = "before \(secret) middle \(secret)\(secret) ss3cr after s3cr"
        for split in 0...text.utf8.count {
            for second in split...text.utf8.count {
                var redactor = Redactor(secret: secret)
                let bytes = Array(text.utf8)
                var out = redactor.redact(Array(bytes[..<split]))
                out += redactor.redact(Array(bytes[split..<second]))
                out += redactor.redact(Array(bytes[second...]))
                out += redactor.finish()
                let result = String(decoding: out, as: UTF8.self)
                #expect(result == "before ******** middle **************** ss3cr after s3cr")
            }
        }
    }

    @Test func heldPrefixIsReleasedWhenItIsNotTheSecret() {
        var redactor = Redactor(secret: "password")
        #expect(redactor.redact(Array("x pass".utf8)) == Array("x ".utf8))
        #expect(redactor.redact(Array("ing".utf8)) == Array("passing".utf8))
    }
}
