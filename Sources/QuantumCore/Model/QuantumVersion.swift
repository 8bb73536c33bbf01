/// The tool's version, as shown by `--version` and written into recordings and manifests.
public enum QuantumVersion {
    public static let current = "0.1.0"
}
