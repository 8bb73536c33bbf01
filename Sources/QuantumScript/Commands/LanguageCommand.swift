import ArgumentParser
import QuantumCore

/// A declared command that makes its `Command` from its typed values. `Located` says where each
/// value came from, for the checks that read several values together (or a file) at the word at
/// fault; every single value was already read and checked by its type.
protocol LanguageCommand: ParsableCommand {
    func command(_ at: Located) throws(ScriptError) -> Command
}

/// A rule between options, broken (`--days cannot be combined with --from or --to`), thrown from
/// `validate()`; `option` is the one whose value the caret points at.
struct OptionFault: Error, CustomStringConvertible {
    var message: String
    var option: String?

    var description: String { message }

    /// The fault inside an error ArgumentParser wrapped it in, if one is.
    static func within(_ error: any Error, depth: Int = 0) -> OptionFault? {
        if let fault = error as? OptionFault { return fault }
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: error).children {
            if let fault = child.value as? OptionFault { return fault }
            if let inner = child.value as? any Error, let fault = within(inner, depth: depth + 1) { return fault }
        }
        return nil
    }
}

extension Located {
    /// A fault thrown by a declaration's rule, at its option's value.
    func error(_ fault: OptionFault) -> ScriptError {
        fault.option.map { error(fault.message, at: $0) } ?? error(fault.message)
    }

    /// The range of `options`, else an error at the option at fault.
    func range(_ options: RangeOptions) throws(ScriptError) -> DateRange? {
        do { return try options.range() } catch { throw self.error(error) }
    }
}
