import Foundation
@testable import StandbyCore
import TestSupport
import Testing

/// The runbook of a real walkthrough, run on a fresh lab of the same
/// answers, builds a standby that replicates, and the password is in no
/// process's arguments or environment while it runs.
extension LabTests {
@Suite("Runbook on a fresh lab")
struct RunbookLabTests {
    @Test(.enabled(if: LabTests.debianRoot, LabTests.debianRootReason))
    func theRunbookOfAWalkthroughBuildsAStandbyOnAFreshLab() throws {
        let lab = try TestLab("rbk")
        let built = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        try #require(built.status == 0, "\(built.output)")
        let journal = BuiltBinary.journals + "/" + (try #require(Journal.key(for: lab.answers))) + ".json"
        let script = lab.scratch + "/runbook.sh"
        let made = try ChildProcess.run([BuiltBinary.path, "runbook", "--journal", journal, "-o", script])
        try #require(made.status == 0, "\(made.output)")
        #expect(try FileManager.default.attributesOfItem(atPath: script)[.posixPermissions] as? Int == 0o700)
        let password = try #require(lab.answers.password)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(!text.contains(password))
        #expect(try ChildProcess.run(["bash", "-n", script]).status == 0)

        // The same answers, a new lab: its clusters made afresh.
        let down = try ChildProcess.run([BuiltBinary.path, "lab", "down"] + lab.flags)
        try #require(down.status == 0, "\(down.output)")
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up"] + lab.flags)
        try #require(up.status == 0, "\(up.output)")
        let fresh = try AnswersFile.load(path: lab.answersPath, environment: [:])
        try #require(fresh["PRIMARY_PG_PORT"] == lab.answers["PRIMARY_PG_PORT"] && fresh["SECONDARY_PG_PORT"] == lab.answers["SECONDARY_PG_PORT"],
                     "the new lab got other ports")
        // The new lab has its own password: the runbook is given it.
        let freshPassword = try #require(try AnswersFile.load(path: lab.answersPath, environment: [:]).password)
        let passwordFile = lab.scratch + "/password"
        try (freshPassword + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        chmod(passwordFile, 0o600)

        let sampler = SecretSampler(secret: freshPassword)
        sampler.start()
        let ran = try ChildProcess.run(["bash", "-c", "bash \"$0\" < \"$1\"", script, passwordFile])
        let sampled = sampler.stop()
        #expect(ran.status == 0, "\(ran.output)")
        #expect(ran.output.contains("ok: the standby replayed the primary's WAL up to"), "\(ran.output)")
        #expect(ran.output.contains("runbook: every step done"))
        #expect(!ran.output.contains(freshPassword))
        #expect(sampled.passes > 5, "the process list was sampled only \(sampled.passes) times")
        #expect(sampled.leaks.isEmpty, "the password was visible: \(sampled.leaks)")
        try ReplicationProof.check(try AnswersFile.load(path: lab.answersPath, environment: [:]), table: "runbook_probe")

        // lab down takes the runbook's backups (FILE.runbook.DATE) with the
        // clusters' configuration directories.
        let configDirectories = [HostRole.primary, .secondary].compactMap { HostAnswers($0, values: lab.values).configDirectory }
        let gone = try ChildProcess.run([BuiltBinary.path, "lab", "down"] + lab.flags)
        #expect(gone.status == 0 && !gone.output.contains("kept "), "\(gone.output)")
        for directory in configDirectories {
            #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) outlived lab down")
        }
    }
}
}
