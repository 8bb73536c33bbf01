import Testing
import QuantumCore

/// Floor division rounds toward negative infinity, so days before an epoch fall in the week,
/// month or day they belong to.
struct FloorDivisionTests {
    @Test(arguments: [(7, 7, 1), (6, 7, 0), (0, 7, 0), (-1, 7, -1), (-7, 7, -1), (-8, 7, -2), (8, -7, -2), (-8, -7, 1)])
    func roundsDown(_ dividend: Int, _ divisor: Int, _ quotient: Int) {
        #expect(dividend.floorDivided(by: divisor) == quotient)
        #expect(Int64(dividend).floorDivided(by: Int64(divisor)) == Int64(quotient))
    }
}
