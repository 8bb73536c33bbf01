import QuantumCore
import QuantumRuntime
import QuantumSimulator

/// Engines for tests, built by the same composition root as the executable's.
public enum TestEngines {
    /// An engine on the simulator at `server`, as `quantum --sim` builds it. With `unlimited`,
    /// the client sets no rate limits of its own (the simulator's still hold); `timeout` is the
    /// per-request timeout.
    public static func simulated(
        _ server: SimulatorServer, transport: any HTTPTransport, settings: Settings = .defaults,
        unlimited: Bool = false,
        timeout: Duration? = nil, cacheEnabled: Bool = true, today: TradingDate
    ) -> Engine {
        var settings = settings
        if unlimited { for i in settings.sources.indices { settings.sources[i].limits = [] } }
        if let timeout { settings.requestTimeout = timeout }
        return Runtime.simulated(
            settings: settings, server: server, transport: transport, cacheEnabled: cacheEnabled, today: { today })
    }
}
