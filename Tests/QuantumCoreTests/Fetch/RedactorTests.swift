import Testing
@testable import QuantumCore

@Suite struct RedactorTests {
    let redact = Redactor(secrets: ["s3cr3t-KEY", "abc"])

    @Test func masksKnownKeysAnywhere() {
        #expect(redact("We have detected your API key as s3cr3t-KEY and") == "We have detected your API key as *** and")
    }

    @Test func masksKeyParametersEvenWhenTheKeyIsUnknown() {
        #expect(redact("GET /api/eod/X.US?api_token=zzz999&fmt=json") == "GET /api/eod/X.US?api_token=***&fmt=json")
        #expect(redact("https://h/v2/aggs?apiKey=other&x=1") == "https://h/v2/aggs?apiKey=***&x=1")
        #expect(redact("?symbol=A&APIKEY=foo") == "?symbol=A&APIKEY=***")
        #expect(redact("the parameter apikey is invalid") == "the parameter apikey is invalid")
    }

    @Test func shortStringsAreNotTreatedAsKeys() {
        #expect(redact("abc def") == "abc def")
    }
}
