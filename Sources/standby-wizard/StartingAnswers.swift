import ArgumentParser
import StandbyCore

enum StartingAnswers {
    static func load(answersFile: String?, environment: [String: String]) throws -> Answers {
        Answers()
    }
}
