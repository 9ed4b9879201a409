import StandbyCore
import Testing

@Suite("Values are shell-quoted into run lines")
struct ShellQuoteTests {
    @Test func plainValuesStayReadable() {
        #expect(ShellQuote.quote("/var/lib/postgresql/16/main") == "/var/lib/postgresql/16/main")
        #expect(ShellQuote.quote("--wal-method=stream") == "--wal-method=stream")
    }

    @Test(arguments: ["with space", "it's", "$(reboot)", "a\"b", "*", "", "tab\there", "back\\slash", "new\nline"])
    func anyValueIsOneWordForTheShell(value: String) throws {
        let line = "printf '%s|' " + ShellQuote.quote(value)
        let result = try ChildProcessShell.run(line)
        #expect(result == value + "|")
    }
}
