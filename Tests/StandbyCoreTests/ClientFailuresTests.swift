import Foundation
@testable import StandbyCore
import Testing

/// What client programs print when the server goes away under them, as
/// pg_basebackup printed it in the fault suite: each names the primary
/// going away, whichever of its connections noticed first.
@Suite("Client failures")
struct ClientFailuresTests {
    @Test(arguments: [
        "pg_basebackup: error: could not read COPY data: server closed the connection unexpectedly",
        "pg_basebackup: error: FATAL:  terminating connection due to administrator command",
        "pg_basebackup: error: connection to server at \"127.0.0.1\", port 56084 failed: FATAL:  the database system is shutting down",
    ])
    func theServerGoingAwayIsSaidSo(line: String) {
        #expect(ClientFailures.match(outputLine: line)?.id == "primary-closed-connection")
    }

    @Test func anOrdinaryLineIsNotAFailure() {
        #expect(ClientFailures.match(outputLine: "pg_basebackup: checkpoint completed") == nil)
    }
}
