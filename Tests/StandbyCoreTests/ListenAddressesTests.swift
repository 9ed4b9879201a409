import Testing
@testable import StandbyCore

/// An operator's listen_addresses list survives the primary's settings
/// step: only a missing address is added.
@Suite("listen_addresses: the operator's list kept, the needed address added")
struct ListenAddressesTests {
    static let root = "/etc/postgresql/16/main/postgresql.conf"
    static let auto = "/var/lib/postgresql/16/main/postgresql.auto.conf"

    func edit(_ files: [String: String], address: String = "192.0.2.10") throws -> (ConfChain, ConfEdit) {
        var chain = try ConfChain(rootPath: Self.root, autoConfPath: Self.auto, source: .memory(files))
        let edits = ConfEditor.set([(name: "listen_addresses", value: "*")], in: &chain, dateStamp: "2026-01-02",
                                   listenAddress: address)
        return (chain, edits[0])
    }

    @Test(arguments: ["'*'", "'localhost, 0.0.0.0'", "'::'", "'localhost,192.0.2.10'", "' 192.0.2.10 '"])
    func aListThatCoversTheAddressIsKept(value: String) throws {
        let text = "listen_addresses = \(value)\t# mine\n"
        let (chain, edit) = try edit([Self.root: text])
        #expect(chain.files[Self.root]?.text == text)
        guard case .keptStronger = edit.action else {
            Issue.record("\(value): \(edit.action)")
            return
        }
    }

    @Test func aMissingAddressIsAddedToTheList() throws {
        let (chain, edit) = try edit([Self.root: "listen_addresses = 'localhost, 10.1.1.1'\t# mine\n"])
        #expect(chain.files[Self.root]?.text == "listen_addresses = 'localhost,10.1.1.1,192.0.2.10'\t# mine\n")
        #expect(edit.action == .changed(from: "localhost, 10.1.1.1"))
        #expect(edit.description.contains("localhost, 10.1.1.1 -> localhost,10.1.1.1,192.0.2.10"))
    }

    @Test func anEmptyListGetsTheAddressAlone() throws {
        let (chain, _) = try edit([Self.root: "listen_addresses = ''\n"])
        #expect(chain.files[Self.root]?.text == "listen_addresses = '192.0.2.10'\n")
    }

    @Test func theAutoConfLineIsTheOneChanged() throws {
        let (chain, edit) = try edit([Self.root: "listen_addresses = '*'\n",
                                      Self.auto: "listen_addresses = 'localhost'\n"])
        #expect(edit.path == Self.auto)
        #expect(chain.files[Self.auto]?.text == "listen_addresses = 'localhost,192.0.2.10'\n")
        #expect(chain.files[Self.root]?.text == "listen_addresses = '*'\n")
    }

    @Test func noLineMeansEveryInterfaceAsBefore() throws {
        let (chain, edit) = try edit([Self.root: "#listen_addresses = 'localhost'\n"])
        #expect(chain.files[Self.root]?.text == "listen_addresses = '*'\n")
        #expect(edit.action == .uncommented)
    }
}
