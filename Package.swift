// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "quantum",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quantum", targets: ["quantum"]),
        .executable(name: "quantum-bench", targets: ["QuantumBench"]),
        .executable(name: "quantum-fuzz", targets: ["QuantumFuzz"]),
        .library(name: "QuantumCore", targets: ["QuantumCore"]),
    ],
    dependencies: [
        // `_dumpHelp()` (the declarations read as JSON) is not public API: stay on 1.8.x.
        .package(url: "https://github.com/apple/swift-argument-parser", .upToNextMinor(from: "1.8.2")),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", exact: "6.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "CInterrupt"),
        // The Parquet format's writer (flat schema, PLAIN, uncompressed), written here against the
        // specification: no Swift Parquet library is in the package mirror.
        .target(name: "QuantumParquet", swiftSettings: strict),
        // The domain: model, providers, orchestrator, limits, cache rules, quality, export, the
        // engine. No HTTP client, no database client: those are adapters below.
        .target(
            name: "QuantumCore",
            dependencies: [
                "QuantumParquet",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Adapter: the candle store and quota ledger in SQLite (GRDB; SQLite's own C API, as GRDB
        // ships it, for the cache's one hot read).
        .target(
            name: "QuantumSQLite",
            dependencies: [
                "QuantumCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Adapter: the candle store and quota ledger in PostgreSQL (PostgresNIO), shared by a team.
        .target(
            name: "QuantumPostgres",
            dependencies: [
                "QuantumCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Adapter: the HTTP transport on AsyncHTTPClient.
        .target(
            name: "QuantumHTTP",
            dependencies: [
                "QuantumCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        // The composition root: assembles an engine from the adapters, live or simulated.
        .target(
            name: "QuantumRuntime",
            dependencies: [
                "QuantumCore", "QuantumSQLite", "QuantumPostgres", "QuantumHTTP", "QuantumSimulator",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "QuantumScript",
            dependencies: [
                "QuantumCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // The orchestrator as an HTTP API (`quantum serve`): routes, auth, back-pressure, metrics, the page.
        .target(
            name: "QuantumServer",
            dependencies: [
                "QuantumCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "quantum",
            dependencies: [
                "QuantumCore",
                "QuantumScript",
                "QuantumRuntime",
                "QuantumServer",
                "QuantumSimulator",
                "CEditLine",
                "CInterrupt",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "QuantumSimulator",
            dependencies: [
                "QuantumCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "QuantumBench",
            dependencies: [
                "QuantumCore", "QuantumRuntime", "QuantumHTTP", "QuantumSQLite", "QuantumPostgres", "QuantumSimulator",
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "QuantumFuzz",
            dependencies: ["QuantumCore", "QuantumScript"],
            swiftSettings: strict
        ),
        .target(
            name: "QuantumTestSupport",
            dependencies: [
                "QuantumCore", "QuantumSimulator", "QuantumRuntime", "QuantumHTTP",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Test targets mirror the source targets: the core on its own, each adapter on its own,
        // and the store contracts every backend keeps.
        .testTarget(
            name: "QuantumCoreTests",
            dependencies: ["QuantumCore", "QuantumTestSupport", .product(name: "Clocks", package: "swift-clocks")],
            swiftSettings: strict
        ),
        .testTarget(name: "QuantumParquetTests", dependencies: ["QuantumParquet"], swiftSettings: strict),
        .testTarget(
            name: "QuantumSQLiteTests",
            dependencies: [
                "QuantumCore", "QuantumSQLite", "QuantumTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Clocks", package: "swift-clocks"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QuantumPostgresTests",
            dependencies: ["QuantumCore", "QuantumPostgres", "QuantumTestSupport"],
            swiftSettings: strict
        ),
        // The CandleStore and QuotaLedger contracts, run on memory, SQLite and (when the
        // PostgreSQL suite runs) PostgreSQL: the same inputs, the same answers.
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: [
                "QuantumCore", "QuantumSQLite", "QuantumPostgres", "QuantumTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // The HTTP transport on real loopback sockets, and the orchestrator over it.
        .testTarget(
            name: "QuantumHTTPTests",
            dependencies: ["QuantumCore", "QuantumHTTP", "QuantumSimulator", "QuantumTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QuantumScriptTests",
            dependencies: [
                "QuantumScript", "QuantumCore", "QuantumSimulator", "QuantumTestSupport", "QuantumRuntime",
                "QuantumHTTP",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QuantumSimulatorTests",
            dependencies: [
                "QuantumSimulator", "QuantumCore", "QuantumScript", "QuantumTestSupport", "QuantumRuntime",
                "QuantumHTTP",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "QuantumServerTests",
            dependencies: [
                "QuantumServer", "QuantumCore", "QuantumSimulator", "QuantumTestSupport", "QuantumRuntime",
                "QuantumHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "QuantumCore", "QuantumScript", "QuantumSimulator", "QuantumTestSupport", "QuantumRuntime",
                "QuantumHTTP",
            ],
            exclude: ["Scripts"],
            swiftSettings: strict
        ),
    ]
)
