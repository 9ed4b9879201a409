import Foundation
import StandbyCore

/// A walkthrough in a lab made with an exercise: its trail goes to the
/// lab's state directory, and its end brings the debrief.
struct ExerciseSession {
    let state: LabState
    let exercise: LabExercise
    let trail: ExerciseTrail

    /// Nil unless `answersFile` is the answers file of a lab with an exercise.
    init?(answersFile: String?) {
        guard let answersFile, let (state, directory) = LabState.owning(answersFile: answersFile),
              let exercise = state.exercise else { return nil }
        self.state = state
        self.exercise = exercise
        trail = ExerciseTrail(path: LabState.trailPath(in: directory))
    }

    /// The flags that name this lab, when they are not the defaults.
    var labFlags: String {
        let prefix = String(state.primary.name.dropLast("-primary".count))
        let directory = URL(fileURLWithPath: state.answersFile).deletingLastPathComponent().path
        let defaultDirectory = getuid() == 0 ? "/var/lib/standby-wizard/lab" : nil
        return (prefix == TrainingLab.defaultPrefix ? "" : " --name-prefix \(prefix)")
            + (directory == defaultDirectory ? "" : " --state-dir \(directory)")
    }

    /// Records how the walkthrough ended and returns the debrief's lines.
    func finish(_ how: String, at step: String?, walkthrough: Walkthrough) -> [String] {
        trail.end(how, step: step)
        return [""] + lines(width: 78, walkthrough: walkthrough)
    }

    /// The debrief, wrapped to `width` columns.
    func lines(width: Int, walkthrough: Walkthrough) -> [String] {
        let titles = Dictionary(walkthrough.screens.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        return exercise.debrief(for: state).lines(width: width) { titles[$0] }
            + ["  The trainer's record: standby-wizard lab report" + labFlags]
    }
}
