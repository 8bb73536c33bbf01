import QuantumCore

extension Settings {
    /// These settings with every source pointed at a simulator and given a stand-in key (the
    /// simulator, like the providers, refuses requests without one).
    public func pointed(at baseURL: String) -> Settings {
        var copy = self
        for i in copy.sources.indices {
            copy.sources[i].baseURL = baseURL
            copy.sources[i].key = "sim-\(copy.sources[i].id.rawValue)"
        }
        return copy
    }
}
