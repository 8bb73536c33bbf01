/// Powers of ten written as literals: a table in the binary, where a lazy global costs a
/// `swift_once` check and `pow` a call into libm on every use (a decoded number, an adjusted price).
enum PowerOfTen {
    /// 10^e for −11 ≤ e ≤ 22: exact for e ≥ 0, the nearest double for e < 0 (what `pow(10, e)`
    /// gives). Any other `e` gives 1e22; callers keep within the range.
    @inline(__always)
    static func of(_ e: Int) -> Double {
        switch e {
        case -11: 1e-11
        case -10: 1e-10
        case -9: 1e-9
        case -8: 1e-8
        case -7: 1e-7
        case -6: 1e-6
        case -5: 1e-5
        case -4: 1e-4
        case -3: 1e-3
        case -2: 1e-2
        case -1: 1e-1
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }
}
