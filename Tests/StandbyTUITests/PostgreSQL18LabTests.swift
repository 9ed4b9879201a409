import Foundation
import StandbyCore
import TestSupport
import Testing

/// A second major on real servers: the lab made with PostgreSQL 18's own
/// programs (`lab up --bindir`, the wheel `.dev/pg18` unpacks), walked
/// unattended. 18's defaults and 16+'s wording meet the wizard here, not
/// only in quoted message texts.
extension SecondLabLine {
@Suite("PostgreSQL 18 labs", Needs.postgreSQL18, .enabled(if: getuid() == 0, "needs root: the servers run as postgres"))
struct PostgreSQL18LabTests {
    /// A lab of PostgreSQL 18, removed even when the test fails.
    final class Lab18 {
        let flags: [String]
        let stateDirectory: String
        let answersPath: String
        let upOutput: String

        init(_ name: String, exercise: LabExercise? = nil) throws {
            stateDirectory = "/tmp/standby-wizard-\(name)-\(UUID().uuidString.prefix(8))"
            flags = ["--state-dir", stateDirectory, "--name-prefix", "sw\(name)\(getpid() % 100000)"]
            let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--bindir", PostgreSQL18.binDirectory]
                                          + (exercise.map { ["--exercise", $0.rawValue] } ?? []) + flags)
            upOutput = up.output
            guard up.status == 0, let path = up.output.split(separator: "\n").last.map(String.init) else {
                _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
                throw TmuxSession.TmuxError.failed("lab up --bindir: \(up.output)")
            }
            answersPath = path
        }

        func down() throws -> ChildProcess.Result { try ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags) }

        deinit {
            _ = try? ChildProcess.run([BuiltBinary.path, "lab", "down"] + flags)
            try? FileManager.default.removeItem(atPath: stateDirectory)
        }
    }

    @Test func theLabOn18EndsVerified() throws {
        let lab = try Lab18("pg18")
        #expect(lab.upOutput.contains("lab primary: PostgreSQL 18 "), "\(lab.upOutput)")
        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("verification passed"), "\(run.output)")
        // 18's programs did the work, not the packaged ones.
        #expect(run.output.contains("pg_basebackup (PostgreSQL) 18."), "\(run.output)")
        #expect(run.output.contains(PostgreSQL18.binDirectory + "/pg_basebackup -h 127.0.0.1"), "\(run.output)")

        let answers = try AnswersFile.load(path: lab.answersPath, environment: [:])
        let values = DerivedVariables.values(from: answers).merging(answers.values) { $1 }
        for role in [HostRole.primary, .secondary] {
            let number = try ClusterSQL(role: role, values: values, hosts: ThisMachine()).query("SHOW server_version_num")
            #expect((Int(number) ?? 0) / 10000 == 18, "\(role): \(number)")
        }
        try ReplicationProof.check(answers, table: "pg18_probe")

        let down = try lab.down()
        #expect(down.status == 0 && !down.output.contains("kept "), "\(down.output)")
        #expect(!FileManager.default.fileExists(atPath: lab.stateDirectory))
    }

    /// Each exercise a data-directory lab can hold, on 18: the quoted
    /// setting names of 17+ and 18's defaults must still lead to the
    /// exercise's own step and diagnosis.
    static let exercises = LabExercise.available(isRoot: true, debianLayout: false, major: "18")

    @Test(arguments: exercises)
    func theExerciseStopsWhereItShouldOn18(_ exercise: LabExercise) throws {
        let lab = try Lab18("ex18", exercise: exercise)
        let run = try ChildProcess.run([BuiltBinary.path, "run", "--answers", lab.answersPath, "--mode", "lab"])
        let (step, diagnosis) = exercise.expectedStop
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("stopped at step \(step):"), "\(run.output)")
        #expect(run.output.contains("[diagnosis: \(diagnosis)"), "\(run.output)")
        try LabTests.LabExerciseTests.checkConfirmation(exercise, runOutput: run.output, answersPath: lab.answersPath)
    }

    @Test func aDirectoryWithoutAServerIsRefusedAndNothingIsMade() throws {
        let stateDirectory = "/tmp/standby-wizard-nobin-\(UUID().uuidString.prefix(8))"
        let up = try ChildProcess.run([BuiltBinary.path, "lab", "up", "--bindir", "/usr/bin", "--state-dir", stateDirectory,
                                       "--name-prefix", "swnobin\(getpid() % 100000)"])
        #expect(up.status == 1)
        #expect(up.output.contains("no PostgreSQL server the wizard knows in /usr/bin: there is no postgres program there"), "\(up.output)")
        #expect(!FileManager.default.fileExists(atPath: stateDirectory))
    }
}
}
