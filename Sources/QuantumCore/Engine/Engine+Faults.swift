/// The faults in force and who injects them.
public struct FaultsReport: Sendable {
    /// "simulator" or "client-side".
    public var label: String
    public var faults: [(SourceID, Fault)]
}

extension Engine {
    /// Injects a fault at a source; throws `EngineError.noFaultInjection` without fault control.
    public func injectFault(_ fault: Fault, at source: SourceID) async throws -> FaultsReport {
        let control = try faultControl()
        await control.inject(fault, at: source)
        return await FaultsReport(label: control.label, faults: control.active())
    }

    /// Clears one source's faults, or all.
    public func clearFaults(_ source: SourceID?) async throws -> FaultsReport {
        let control = try faultControl()
        await control.clear(source)
        return await FaultsReport(label: control.label, faults: control.active())
    }

    /// The faults in force.
    public func activeFaults() async throws -> FaultsReport {
        let control = try faultControl()
        return await FaultsReport(label: control.label, faults: control.active())
    }

    private func faultControl() throws -> any FaultControl {
        guard let faults else { throw EngineError.noFaultInjection }
        return faults
    }
}
