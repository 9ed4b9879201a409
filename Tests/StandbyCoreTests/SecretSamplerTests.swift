import Foundation
import TestSupport
import Testing

/// The sampler the password tests rely on must see what it looks for:
/// a child holding the secret in its environment, then in its arguments.
@Suite("The process sampler sees a secret")
struct SecretSamplerTests {
    @Test(arguments: ["environ", "cmdline"])
    func aChildShowingTheSecretIsSeen(_ place: String) throws {
        let secret = "sampler-probe-\(UUID().uuidString.prefix(8))"
        let sampler = SecretSampler(secret: secret)
        sampler.start()
        let child = place == "environ"
            ? try ChildProcess.run(["/bin/sleep", "0.5"], environment: ["PROBE": secret])
            : try ChildProcess.run(["/bin/sh", "-c", "sleep 0.5; : \"$0\"", secret])
        let report = sampler.stop()
        #expect(child.status == 0)
        #expect(report.leaks.contains { $0.contains(" \(place): ") && $0.contains(secret) }, "\(report.leaks)")
    }
}
