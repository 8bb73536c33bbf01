import Foundation
import QuantumCore

extension Session {
    /// Where `chart` writes its SVG files when no `--svg` is given (a notebook run with
    /// `--output`: `OUT_files/`); nil draws charts as text.
    public func writeCharts(to directory: String?) {
        chartDirectory = directory
    }

    /// The files a chart of `results` goes to, absolute: `svg` as given (with `-TICKER` before
    /// `.svg` when there are several results), else `chart-CELL-TICKER.svg` in the chart
    /// directory; none when neither is set.
    func chartFiles(for results: [FetchResult], svg: String?, cell: Int) -> [String] {
        if let svg {
            let path = FileTarget.expand(svg)
            guard results.count > 1 else { return [Self.absolute(path)] }
            let stem = path.hasSuffix(".svg") ? String(path.dropLast(4)) : path
            return results.map { Self.absolute("\(stem)-\(Self.fileSafe($0.ticker)).svg") }
        }
        guard let chartDirectory else { return [] }
        return results.map { "\(chartDirectory)/chart-\(cell)-\(Self.fileSafe($0.ticker)).svg" }
    }

    /// Writes the SVG of each result, `size` pixels, to its file; a file that cannot be written
    /// fails the cell.
    func writeCharts(_ results: [FetchResult], to files: [String], size: SVGChart.Size, into cell: inout Cell) {
        for (result, file) in zip(results, files) {
            do {
                try FileTarget.writeAtomically(Array(SVGChart.render(result, size: size).utf8), to: file)
            } catch {
                cell.failure = "cannot write the chart to \(file): \(error.reason)"
                cell.output = .message(cell.failure ?? "")
                return
            }
        }
    }

    /// `path` against the current directory, as the chart's output names it.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// A ticker as part of a file name: letters, digits, `.` and `-`; anything else becomes `_`.
    static func fileSafe(_ ticker: String) -> String {
        String(ticker.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" })
    }
}
