import Testing
@testable import StandbyCore

@Suite("Template substitution")
struct TemplateSubstituteTests {
    @Test func replacesKnownNames() {
        let out = Template.substitute("host=$PRIMARY_PG_IP port=$PRIMARY_PG_PORT",
                                      values: ["PRIMARY_PG_IP": "10.0.0.5", "PRIMARY_PG_PORT": "5433"])
        #expect(out == "host=10.0.0.5 port=5433")
    }

    @Test func takesTheLongestName() {
        // REP_USER is a prefix of REP_USER_PW; the longer name must win.
        let out = Template.substitute("$REP_USER_PW / $REP_USER",
                                      values: ["REP_USER": "rep", "REP_USER_PW": "secret"])
        #expect(out == "secret / rep")
    }

    @Test func longestNameWithoutValueIsNotSplit() {
        // $REP_USERX must not become "rep" + "X".
        let out = Template.substitute("$REP_USERX", values: ["REP_USER": "rep"])
        #expect(out == "$REP_USERX")
    }

    @Test func nameEndsAtFirstCharacterOutsideTheSet() {
        let out = Template.substitute("\"$SECONDARY_PG_DATA.pre-standby\" $A-$B/x",
                                      values: ["SECONDARY_PG_DATA": "/d", "A": "1", "B": "2"])
        #expect(out == "\"/d.pre-standby\" 1-2/x")
    }

    @Test func digitsAndUnderscoresContinueAName() {
        let out = Template.substitute("$X_1 $X", values: ["X_1": "a", "X": "b"])
        #expect(out == "a b")
    }

    @Test func doubleDollarIsALiteralDollar() {
        let out = Template.substitute("cost $$5, $$REP_USER and $$$REP_USER", values: ["REP_USER": "rep"])
        #expect(out == "cost $5, $REP_USER and $rep")
    }

    @Test func missingValueStaysAsWritten() {
        let out = Template.substitute("pg_basebackup $BASEBACKUP_WAL_FLAG -D x", values: [:])
        #expect(out == "pg_basebackup $BASEBACKUP_WAL_FLAG -D x")
    }

    @Test(arguments: ["$1", "$dest", "$(date +%s)", "${HOME}", "a $", "$", "$_x", "$9A"])
    func nonReferencesPassThrough(text: String) {
        #expect(Template.substitute(text, values: ["HOME": "/root", "A": "no"]) == text)
    }

    @Test func maskedNameBecomesEightAsterisksWhateverItsLength() {
        for password in ["x", "correct horse battery staple"] {
            let out = Template.substitute("password=$REP_USER_PW", values: ["REP_USER_PW": password],
                                          masked: ["REP_USER_PW"])
            #expect(out == "password=********")
        }
    }

    @Test func maskedNameIsMaskedEvenWithoutAValue() {
        let out = Template.substitute("$REP_USER_PW", values: [:], masked: ["REP_USER_PW"])
        #expect(out == "********")
    }

    @Test func maskingLeavesOtherNamesAlone() {
        let out = Template.substitute("$REP_USER:$REP_USER_PW", values: ["REP_USER": "rep", "REP_USER_PW": "pw"],
                                      masked: ["REP_USER_PW"])
        #expect(out == "rep:********")
    }

    @Test func valuesAreNotRescanned() {
        // A value that itself looks like a reference is inserted verbatim.
        let out = Template.substitute("$A", values: ["A": "$B", "B": "boom"])
        #expect(out == "$B")
    }

    @Test func nonASCIITextSurvives() {
        let out = Template.substitute("caf\u{e9} $A \u{1F600}", values: ["A": "ok"])
        #expect(out == "caf\u{e9} ok \u{1F600}")
    }
}

@Suite("Template references")
struct TemplateReferencesTests {
    @Test func listsNamesInOrderOnce() {
        let names = Template.references(in: "$B then $A then $B again, $C_2")
        #expect(names == ["B", "A", "C_2"])
    }

    @Test func escapedDollarIsNotAReference() {
        #expect(Template.references(in: "$$HOME and $$$REAL") == ["REAL"])
    }

    @Test func shellSyntaxIsNotAReference() {
        #expect(Template.references(in: "echo $1 $dest $(date) ${X}").isEmpty)
    }

    @Test func emptyTextHasNoReferences() {
        #expect(Template.references(in: "").isEmpty)
    }
}
