extension BinaryInteger {
    /// The quotient rounded toward negative infinity: `(-1).floorDivided(by: 7)` is −1, where
    /// `/` rounds toward zero and gives 0. Dates before an epoch (days, weeks, months) need it.
    @inlinable
    public func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return self % divisor != 0 && (self < 0) != (divisor < 0) ? quotient - 1 : quotient
    }
}
