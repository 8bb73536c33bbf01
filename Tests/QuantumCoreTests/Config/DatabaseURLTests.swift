import Foundation
import Testing
@testable import QuantumCore

/// `QUANTUM_DATABASE_URL` / `database_url`: parsed, and the password never in what is said.
@Suite struct DatabaseURLTests {
    @Test func aFullURLIsParsedAndDescribedWithoutItsPassword() throws {
        let url = try DatabaseURL.parse("postgres://team%40ops:s3cr%2Ft@db.example:6543/quantum?sslmode=require").get()
        #expect(url.user == "team@ops" && url.password == "s3cr/t")
        #expect(url.host == "db.example" && url.port == 6543 && url.database == "quantum" && url.tls == .require)
        #expect(url.description == "database quantum at db.example:6543 (user team@ops)")
        #expect(!"\(DatabaseUnavailable(url, reason: "connection refused"))".contains("s3cr"))
    }

    @Test func portDatabaseAndTLSHaveDefaults() throws {
        let url = try DatabaseURL.parse("postgresql://quantum@localhost").get()
        #expect(url.port == 5432 && url.database == "quantum" && url.password == nil && url.tls == .prefer)
    }

    @Test(arguments: [
        "mysql://u:p@h/db", "postgres://h/db", "postgres://u:p@/db", "postgres://u:p@h/db?sslmode=sometimes",
        "postgres://u:p@h/db?timeout=3", "postgres://u:p@h/db/extra",
    ])
    func mistakesAreSaidWithoutThePassword(_ text: String) {
        guard case .failure(let error) = DatabaseURL.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(!error.message.contains(":p@") && error.message.contains("expected postgres://"))
    }

    @Test func theEnvironmentAndTheFileSetItAndItsPasswordIsASecret() throws {
        let settings = try Settings.resolve(environment: ["QUANTUM_DATABASE_URL": "postgres://q:hunter22@h:5/db"])
        #expect(settings.databaseURL?.database == "db" && settings.secrets.contains("hunter22"))
        let layer = try ConfigFile.parse("database_url = \"postgres://q:pw1234@h/db\"\n", path: "c.toml")
        #expect(layer.databaseURL?.password == "pw1234")
        #expect(throws: ConfigError.self) { try ConfigFile.parse("database_url = \"http://h/db\"\n", path: "c.toml") }
        #expect(throws: ConfigError.self) {
            try Settings.resolve(environment: ["QUANTUM_DATABASE_URL": "postgres://nohost"])
        }
    }
}
