/// The simulated market's symbols: real US tickers (served by every provider unless the market
/// says otherwise) and a few with exchange suffixes that only EODHD knows.
enum Universe {
    static let us: [String] = """
        AAPL MSFT NVDA AMZN GOOGL GOOG META BRK.B TSLA AVGO LLY JPM V UNH XOM MA JNJ PG HD COST MRK ABBV CVX \
        CRM BAC NFLX AMD PEP KO TMO WMT ADBE LIN MCD CSCO ACN ABT ORCL DHR INTC DIS WFC TXN VZ PM CMCSA NEE \
        AMGN NKE IBM INTU UNP COP QCOM SPGI BA HON CAT RTX LOW GE AMAT BMY T UPS ISRG PLD SBUX DE GS ELV BLK \
        MS MDT AXP LMT BKNG SYK TJX GILD NOW MDLZ ADP C VRTX MMC ADI CVS AMT SCHW LRCX PGR CB REGN MO CI ZTS \
        ETN SO TMUS BSX FI PANW DUK SLB BDX EQIX KLAC MU SNPS CDNS CSX EOG AON ITW ICE CME CL WM SHW APD HUM \
        MCK NOC FCX PYPL ORLY GD MPC USB EMR TGT PNC MMM NSC PSX APH MAR ROP CMG AJG PH ECL MCO TT VLO CARR \
        MSI HCA AZO NXPI TDG PCAR SRE CCI ADSK OXY TRV WELL AIG AFL MET KMB DXCM EW PSA TEL AEP MSCI HES \
        F GM FDX DG ROST IDXX KHC CTAS STZ MNST PAYX HSY YUM ODFL OKE KMI WMB EXC A CTSH FAST GIS LHX \
        BIIB DOW DD EA EBAY ED FTNT GPN HLT HPQ IQV KR LEN MTD OTIS PPG PRU RMD ROK SPG SYY VRSK WBA XEL \
        ZBH AME ANSS AWK BK CBRE CEG CHTR CMI DAL DLR DVN EFX EIX EL ES ETR EXR FANG FIS FITB GLW GWW HAL \
        HIG HPE IR IT KDP KEYS LYB MCHP MKC MPWR NEM NUE ON PEG PWR RCL RSG SBAC STT TROW TSCO TTWO ULTA \
        UAL URI VICI VMC WAB WEC WST WY XYL ZBRA ABNB ARM COIN CRWD DDOG DASH HOOD MRNA NET PLTR RBLX RIVN \
        SHOP SNOW SQ TEAM U UBER ZM ZS LULU MELI ASML TSM BABA NIO PDD JD SPY QQQ IWM DIA VTI VOO GLD TLT
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)

    /// Synthetic symbols for load tests and benchmarks: `SYN` and 1 to 5 digits (`SYN42`,
    /// `SYN01999`), listed at every provider.
    static func isSynthetic(_ ticker: String) -> Bool {
        ticker.hasPrefix("SYN") && (4...8).contains(ticker.count) && ticker.dropFirst(3).allSatisfy(\.isASCIIDigit)
    }

    /// EODHD-only listings, written as EODHD writes them.
    static let international: [String] = [
        "BHP.AU", "CBA.AU", "BMW.XETRA", "SAP.XETRA", "VOD.LSE", "HSBA.LSE", "RY.TO", "SU.TO",
    ]

    /// Real splits, so raw and split-adjusted prices differ where users expect them to.
    static let splits: [String: [(date: String, ratio: Double)]] = [
        "AAPL": [("2014-06-09", 7), ("2020-08-31", 4)],
        "NVDA": [("2021-07-20", 4), ("2024-06-10", 10)],
        "TSLA": [("2020-08-31", 5), ("2022-08-25", 3)],
        "AMZN": [("2022-06-06", 20)],
        "GOOGL": [("2022-07-18", 20)],
        "GOOG": [("2022-07-18", 20)],
        "AVGO": [("2024-07-15", 10)],
        "WMT": [("2024-02-26", 3)],
        "CMG": [("2024-06-26", 50)],
        "LRCX": [("2024-10-03", 10)],
    ]

    /// Real symbol changes of listings in the universe: from `date` (its first session under the
    /// new symbol) the company trades as `new`. The market's series of `new` is the company's whole
    /// history, before the change too.
    static let renames: [(date: String, old: String, new: String, company: String)] = [
        ("2022-06-09", "FB", "META", "Meta Platforms, Inc."),
        ("2022-06-28", "ANTM", "ELV", "Elevance Health, Inc."),
        ("2023-06-07", "FISV", "FI", "Fiserv, Inc."),
    ]
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
