import ArgumentParser
import Testing
@testable import QuantumCore
@testable import QuantumScript

/// Commands are declared once: each value is read by its declared type at its own word, verbs are
/// nested subcommands, and the range words mean what the HTTP API's mean (`RequestVocabulary`).
@Suite struct DeclarationTests {
    func parse(_ text: String) throws -> Command {
        try CommandParser.parse(try Tokenizer.commands(in: text, origin: "t")[0])
    }

    func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func everyTypedValueHasItsReader() throws {
        let fetch = try #require(Declaration.of("fetch"))
        for option in ["--days", "--from", "--to"] {
            #expect(fetch.option(option)?.reader != nil, "\(option)")
        }
        #expect(fetch.positionals.first?.reader != nil)
        #expect(Declaration.of("show")?.option("--rows")?.reader != nil)
        #expect(Declaration.of("compare")?.option("--tolerance")?.reader != nil)
        #expect(Declaration.of("sources")?.subcommands["order"]?.positionals.first?.reader != nil)
        #expect(Declaration.of("history")?.positionals.first?.reader != nil)
    }

    /// Every typed value a command declares is matched to its argument in ArgumentParser's
    /// description (a property whose option name were not found would go unchecked).
    @Test func everyDeclaredReaderIsMatched() {
        func check(_ type: any ParsableCommand.Type, _ declaration: Declaration) {
            let declared = DeclaredValues.of(type).filter { $0.reader != nil }.count
            let matched = declaration.arguments.filter { $0.reader != nil }.count
            #expect(declared == matched, "\(declaration.path)")
            for sub in type.configuration.subcommands {
                guard let name = sub.configuration.commandName, let inner = declaration.subcommands[name] else {
                    Issue.record("\(declaration.path): no declaration of a verb")
                    continue
                }
                check(sub, inner)
            }
        }
        for type in Language.configuration.subcommands {
            guard let name = type.configuration.commandName, let declaration = Declaration.of(name) else {
                Issue.record("no declaration of \(type)")
                continue
            }
            check(type, declaration)
        }
    }

    /// The caret is under the word the value came from, even when the same text is written twice.
    @Test func theCaretIsUnderTheValuesOwnWord() {
        #expect(
            error("set timeout timeout") == """
                error: timeout expects a duration from 1ms to 1h such as 2s or 500ms, got 'timeout'
                 --> t:1:13
                1 | set timeout timeout
                  |             ^^^^^^^
                """)
        #expect(
            error("fetch 0 --days 0") == """
                error: --days expects a whole number from 1 to 36500, got '0'
                 --> t:1:16
                1 | fetch 0 --days 0
                  |                ^
                """)
        #expect(error("history 0").contains("history expects a whole number from 1 to 100000, got '0'\n --> t:1:9"))
        #expect(error("fetch AAPL --from 2024-13-01").contains(" --> t:1:19"))
    }

    @Test func verbsAreSubcommands() throws {
        #expect(try parse("cache") == .cache(.stats))
        #expect(try parse("cache stats") == .cache(.stats))
        #expect(try parse("cache clear") == .cache(.clear(ticker: nil)))
        #expect(try parse("cache clear aapl") == .cache(.clear(ticker: "AAPL")))
        #expect(try parse("sources list") == .sources(.list))
        #expect(try parse("sources ORDER fmp,polygon") == .sources(.order([.fmp, .polygon])))
        #expect(try parse("sources enable fmp") == .sources(.enable(.fmp)))
        #expect(error("sources orde fmp").hasPrefix("error: unknown sources action 'orde'"))
        #expect(error("sources orde fmp").contains("did you mean 'order'?"))
        #expect(error("cache clear É").contains("'É' is not a ticker"))
        #expect(error("cache stats AAPL").contains("unexpected 'AAPL'"))
        #expect(error("sources enable").contains("sources enable needs SOURCE; see 'help sources enable'\n --> t:1:9"))
        #expect(try parse("help cache CLEAR") == .help(topic: "cache clear"))
        #expect(try parse("cache clear --help") == .help(topic: "cache clear"))
        #expect(HelpText.render(topic: "cache clear").contains("quantum cache clear [<TICKER>]"))
        #expect(error("help cache clean").contains("did you mean 'clear'?"))
        #expect(try parse("set") == .settings)
        #expect(try parse("set TIMEOUT 2s") == .set(.timeout(.seconds(2))))
        #expect(try parse("set timing") == .set(.timing(nil)))
        #expect(try parse("set concurrency 16") == .set(.concurrency(16)))
        #expect(try parse("set basis split+dividend") == .set(.basis(.splitDividend)))
        #expect(error("set basis any").contains("basis 'any' is retired"))
        #expect(error("set colour on").hasPrefix("error: unknown setting 'colour' (timeout, concurrency, cache"))
        #expect(error("set concurrency 0").hasPrefix("error: concurrency expects a whole number from 1 to 256"))
        #expect(error("set cache").contains("set cache needs a value; 'set' alone lists every setting\n --> t:1:5"))
        let completer = Completer(tickers: ["AAPL"], resultCells: [])
        #expect(
            completer.candidates(before: "set ", word: "")
                == ["timeout", "concurrency", "cache", "timing", "pager", "basis", "rows", "format"])
        #expect(completer.candidates(before: "set basis ", word: "s") == ["split", "split+dividend"])
        #expect(completer.candidates(before: "set pager ", word: "o") == ["on", "off"])
        #expect(completer.candidates(before: "help sources ", word: "") == ["list", "order", "enable", "disable"])
        #expect(completer.candidates(before: "sources ", word: "") == ["list", "order", "enable", "disable"])
        #expect(completer.candidates(before: "cache ", word: "c") == ["clear"])
        #expect(completer.candidates(before: "cache clear ", word: "A") == ["AAPL"])
        #expect(completer.candidates(before: "batch AAPL --format ", word: "") == ["csv", "json", "ndjson", "parquet"])
    }

    /// The range rules and messages are the vocabulary's, with the front end's spelling.
    @Test func theRangeVocabularyIsShared() {
        let date = TradingDate("2024-03-01")!
        #expect(
            RequestVocabulary.range(days: .lastDays(5), from: .some(date), to: nil, names: .options)
                == .failure(.init(parameter: .days, message: "--days cannot be combined with --from or --to")))
        #expect(
            RequestVocabulary.range(days: .lastDays(5), from: .some(date), to: nil, names: .parameters)
                == .failure(.init(parameter: .days, message: "days cannot be combined with from or to")))
        #expect(RequestVocabulary.range(days: nil, from: nil, to: nil, names: .options) == .success(nil))
        #expect(RequestVocabulary.range(days: nil, from: .some(nil), to: nil, names: .options) == .success(.yearToDate))
        #expect(RequestVocabulary.length("3m") == .success(.last(3, .months)))
        #expect(
            RequestVocabulary.length("1201m")
                == .failure(.init("in months expects a whole number from 1 to 1200, got '1201'")))
        #expect(
            RequestVocabulary.days("36501") == .failure(.init("expects a whole number from 1 to 36500, got '36501'")))
        #expect(RequestVocabulary.source("FMP") == .success(.fmp))
        #expect(error("fetch AAPL --days 36501").contains("--days \(RequestVocabulary.days("36501").problem ?? "")"))
    }
}

extension Result where Failure == RequestVocabulary.Problem {
    var problem: String? {
        guard case .failure(let problem) = self else { return nil }
        return problem.message
    }
}
