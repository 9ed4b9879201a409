/// When the primary does not answer on the answered port, its own data
/// directory says where it does listen: postmaster.pid's fourth line is
/// the port the running server took.
extension Verification {
    func primaryPortMismatch() -> Result? {
        let answers = HostAnswers(.primary, values: values)
        guard let port = answers.portNumber, let data = answers.dataDirectory,
              let text = try? primary.host.readFile(data + "/postmaster.pid") else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, let running = Int(lines[3].trimmingCharacters(in: .whitespaces)), running != port else { return nil }
        return Result(check: .sameMajor, passed: false,
                      detail: ["nothing answers on port \(port) on the primary: the server of \(data) runs on port \(running) (\(data)/postmaster.pid)",
                               "fix: answer \(running) as the primary's port, or point the answers at the cluster that listens on \(port)"],
                      failureID: "primary-port")
    }
}
