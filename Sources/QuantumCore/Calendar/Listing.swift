/// A listing as users name it — `TICKER.CODE`, with EODHD's exchange codes (`VOD.LSE`,
/// `SAP.XETRA`, `SAP.F`, `SHOP.TO`, `ABC.V`, `BHP.AU`, `0700.HK`) or the exchange's ISO 10383
/// MIC (`SAP.XETR`) — and how each provider spells it.
///
/// A ticker without a suffix, or with `.US`, is a US listing; a one-letter suffix that is not an
/// exchange's code is a share class (`BRK.B`). `F` (Frankfurt) and `V` (TSX Venture) are exchanges.
public struct Listing: Sendable, Hashable {
    /// The ticker as written (`VOD.LSE`, `BRK.B`).
    public let ticker: String
    /// The symbol on its exchange (`VOD`; `BRK.B` for a US share class).
    public let base: String
    /// The exchange, when the suffix names one this table knows; nil for US listings.
    public let exchange: ListingExchange?
    /// The suffix of an exchange this table does not know (`XX` in `ABC.XX`).
    public let unknownCode: String?

    public init(ticker: String) {
        self.ticker = ticker
        // By bytes, not characters: every fetch parses its ticker several times over.
        guard let dot = ticker.utf8.lastIndex(of: UInt8(ascii: ".")), ticker.utf8.index(after: dot) < ticker.endIndex
        else {
            (base, exchange, unknownCode) = (ticker, nil, nil)
            return
        }
        let written = ticker[ticker.utf8.index(after: dot)...]
        let code = ListingExchange.mayHaveLowercase(written) ? written.uppercased() : String(written)
        let stem = String(ticker[..<dot])
        if code == "US" {
            (base, exchange, unknownCode) = (stem, nil, nil)
        } else if let known = ListingExchange.named(code) {
            (base, exchange, unknownCode) = (stem, known, nil)
        } else if code.count < 2 {
            (base, exchange, unknownCode) = (ticker, nil, nil)
        } else {
            (base, exchange, unknownCode) = (stem, nil, code)
        }
    }

    /// Whether this is a US listing (no suffix, `.US`, or a share class).
    public var isUS: Bool { exchange == nil && unknownCode == nil }

    /// The exchange's MIC (`XNYS` for US listings); nil for an exchange this table does not know.
    public var mic: String? { isUS ? "XNYS" : exchange?.mic }
}

/// An exchange outside the US as each provider spells its listings.
///
/// Sources: the codes are EODHD's (its list of supported exchanges, as `/api/eod/{T}.{CODE}`
/// takes them); FMP uses Yahoo Finance's suffixes (`VOD.L`, `SAP.DE`, `BHP.AX`); Alpha Vantage's
/// are those its documentation gives for `TIME_SERIES_DAILY` (`TSCO.LON`, `SHOP.TRT`, `GPV.TRV`,
/// `MBG.DEX`, `RELIANCE.BSE`, `600104.SHH`, `000002.SHZ`) — other exchanges it is not asked for.
/// Polygon serves US listings only. Exchanges with no EODHD code are reached by their MIC.
public struct ListingExchange: Sendable, Hashable {
    /// The ISO 10383 MIC, whose calendar the listing follows.
    public let mic: String
    /// EODHD's code (what users write after the dot); nil where EODHD has none we know.
    public let code: String?
    /// FMP's (Yahoo Finance's) suffix, with its dot; nil where FMP is not asked.
    public let fmpSuffix: String?
    /// Alpha Vantage's suffix, with its dot; nil where Alpha Vantage is not asked.
    public let alphaVantageSuffix: String?

    /// The exchange a suffix names: an EODHD code or a MIC, in any case.
    public static func named(_ suffix: String) -> ListingExchange? {
        byName[mayHaveLowercase(suffix) ? suffix.uppercased() : suffix]
    }

    /// Whether `text` has an ASCII lowercase letter or any non-ASCII character (only then is
    /// `uppercased()`, which allocates, worth its cost).
    static func mayHaveLowercase(_ text: some StringProtocol) -> Bool {
        for byte in text.utf8 where byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) {
            return true
        }
        return false
    }

    /// Every exchange by its code and by its MIC (the first in `all` where two would share one):
    /// every fetch of a listing looks its suffix up.
    private static let byName: [String: ListingExchange] = all.reduce(into: [:]) { table, exchange in
        for name in [exchange.code, exchange.mic].compactMap(\.self) where table[name] == nil {
            table[name] = exchange
        }
    }

    /// Every exchange the table knows, by MIC.
    public static let all: [ListingExchange] = [
        .init(mic: "XLON", code: "LSE", fmpSuffix: ".L", alphaVantageSuffix: ".LON"),
        .init(mic: "XETR", code: "XETRA", fmpSuffix: ".DE", alphaVantageSuffix: ".DEX"),
        .init(mic: "XFRA", code: "F", fmpSuffix: ".F", alphaVantageSuffix: nil),
        .init(mic: "XDUS", code: "DU", fmpSuffix: ".DU", alphaVantageSuffix: nil),
        .init(mic: "XHAM", code: "HM", fmpSuffix: ".HM", alphaVantageSuffix: nil),
        .init(mic: "XSTU", code: "STU", fmpSuffix: ".SG", alphaVantageSuffix: nil),
        .init(mic: "XPAR", code: "PA", fmpSuffix: ".PA", alphaVantageSuffix: nil),
        .init(mic: "XAMS", code: "AS", fmpSuffix: ".AS", alphaVantageSuffix: nil),
        .init(mic: "XBRU", code: "BR", fmpSuffix: ".BR", alphaVantageSuffix: nil),
        .init(mic: "XLIS", code: "LS", fmpSuffix: ".LS", alphaVantageSuffix: nil),
        .init(mic: "XDUB", code: "IR", fmpSuffix: ".IR", alphaVantageSuffix: nil),
        .init(mic: "XMIL", code: "MI", fmpSuffix: ".MI", alphaVantageSuffix: nil),
        .init(mic: "XMAD", code: "MC", fmpSuffix: ".MC", alphaVantageSuffix: nil),
        .init(mic: "XSWX", code: "SW", fmpSuffix: ".SW", alphaVantageSuffix: nil),
        .init(mic: "XWBO", code: "VI", fmpSuffix: ".VI", alphaVantageSuffix: nil),
        .init(mic: "XSTO", code: "ST", fmpSuffix: ".ST", alphaVantageSuffix: nil),
        .init(mic: "XCSE", code: "CO", fmpSuffix: ".CO", alphaVantageSuffix: nil),
        .init(mic: "XHEL", code: "HE", fmpSuffix: ".HE", alphaVantageSuffix: nil),
        .init(mic: "XOSL", code: "OL", fmpSuffix: ".OL", alphaVantageSuffix: nil),
        .init(mic: "XICE", code: nil, fmpSuffix: ".IC", alphaVantageSuffix: nil),
        .init(mic: "XWAR", code: "WAR", fmpSuffix: ".WA", alphaVantageSuffix: nil),
        .init(mic: "XPRA", code: nil, fmpSuffix: ".PR", alphaVantageSuffix: nil),
        .init(mic: "XBUD", code: nil, fmpSuffix: ".BD", alphaVantageSuffix: nil),
        .init(mic: "ASEX", code: "AT", fmpSuffix: ".AT", alphaVantageSuffix: nil),
        .init(mic: "XIST", code: "IS", fmpSuffix: ".IS", alphaVantageSuffix: nil),
        .init(mic: "XTAE", code: "TA", fmpSuffix: ".TA", alphaVantageSuffix: nil),
        .init(mic: "XSAU", code: "SR", fmpSuffix: ".SR", alphaVantageSuffix: nil),
        .init(mic: "XJSE", code: "JSE", fmpSuffix: ".JO", alphaVantageSuffix: nil),
        .init(mic: "XTSE", code: "TO", fmpSuffix: ".TO", alphaVantageSuffix: ".TRT"),
        .init(mic: "XTSX", code: "V", fmpSuffix: ".V", alphaVantageSuffix: ".TRV"),
        .init(mic: "XMEX", code: "MX", fmpSuffix: ".MX", alphaVantageSuffix: nil),
        .init(mic: "BVMF", code: "SA", fmpSuffix: ".SA", alphaVantageSuffix: nil),
        .init(mic: "XSGO", code: nil, fmpSuffix: ".SN", alphaVantageSuffix: nil),
        .init(mic: "XBUE", code: nil, fmpSuffix: ".BA", alphaVantageSuffix: nil),
        .init(mic: "XASX", code: "AU", fmpSuffix: ".AX", alphaVantageSuffix: nil),
        .init(mic: "XNZE", code: "NZ", fmpSuffix: ".NZ", alphaVantageSuffix: nil),
        .init(mic: "XHKG", code: "HK", fmpSuffix: ".HK", alphaVantageSuffix: nil),
        .init(mic: "XSHG", code: "SHG", fmpSuffix: ".SS", alphaVantageSuffix: ".SHH"),
        .init(mic: "XSHE", code: "SHE", fmpSuffix: ".SZ", alphaVantageSuffix: ".SHZ"),
        .init(mic: "XTKS", code: "TSE", fmpSuffix: ".T", alphaVantageSuffix: nil),
        .init(mic: "XKRX", code: "KO", fmpSuffix: ".KS", alphaVantageSuffix: nil),
        .init(mic: "XKOS", code: "KQ", fmpSuffix: ".KQ", alphaVantageSuffix: nil),
        .init(mic: "XTAI", code: "TW", fmpSuffix: ".TW", alphaVantageSuffix: nil),
        .init(mic: "XBOM", code: "BSE", fmpSuffix: ".BO", alphaVantageSuffix: ".BSE"),
        .init(mic: "XNSE", code: "NSE", fmpSuffix: ".NS", alphaVantageSuffix: nil),
        .init(mic: "XSES", code: "SG", fmpSuffix: ".SI", alphaVantageSuffix: nil),
        .init(mic: "XKLS", code: "KLSE", fmpSuffix: ".KL", alphaVantageSuffix: nil),
        .init(mic: "XIDX", code: "JK", fmpSuffix: ".JK", alphaVantageSuffix: nil),
        .init(mic: "XBKK", code: "BK", fmpSuffix: ".BK", alphaVantageSuffix: nil),
        .init(mic: "XPHS", code: nil, fmpSuffix: ".PS", alphaVantageSuffix: nil),
        .init(mic: "XKAR", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XLIM", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XBOG", code: nil, fmpSuffix: ".CL", alphaVantageSuffix: nil),
        .init(mic: "XLUX", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XMOS", code: nil, fmpSuffix: ".ME", alphaVantageSuffix: nil),
        .init(mic: "XBSE", code: nil, fmpSuffix: ".RO", alphaVantageSuffix: nil),
        .init(mic: "XLIT", code: nil, fmpSuffix: ".VS", alphaVantageSuffix: nil),
        .init(mic: "XRIS", code: nil, fmpSuffix: ".RG", alphaVantageSuffix: nil),
        .init(mic: "XTAL", code: nil, fmpSuffix: ".TL", alphaVantageSuffix: nil),
        .init(mic: "XCYS", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XBRA", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XBEL", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XLJU", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XZAG", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "XBDA", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
        .init(mic: "AIXK", code: nil, fmpSuffix: nil, alphaVantageSuffix: nil),
    ]
}
