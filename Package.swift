// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "qbsync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "qbsync", targets: ["qbsync"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        // The Web Connector's SOAP service faces the clinic's network: a production-grade HTTP server.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        // The one-file executable: parses nothing itself, hands over to the commands.
        .executableTarget(
            name: "qbsync",
            dependencies: ["QBSyncCommands"]
        ),
        // One subcommand per file; no business logic.
        .target(
            name: "QBSyncCommands",
            dependencies: [
                "QBSyncCore",
                "QBSyncSandbox",
                "QBSyncWebConnector",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The pipeline: OMS, stages, ledger, QuickBooks client, redaction, run store.
        .target(
            name: "QBSyncCore",
            dependencies: [
                "QBSyncJSON",
                "QBSyncXML",
                "CSHA256",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, which GRDB is built on: the extract reads column bytes directly.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // SHA-256's compression on the processor's SHA extensions, for the manifest's checksums.
        .target(name: "CSHA256"),
        // The local QuickBooks-Online-compatible server (`qbsync sandbox`).
        .target(
            name: "QBSyncSandbox",
            dependencies: ["QBSyncJSON", "QBSyncXML"]
        ),
        // The QuickBooks Web Connector's SOAP service (`qbsync webconnector`), on SwiftNIO; NIO stays out of the core.
        .target(
            name: "QBSyncWebConnector",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                "QBSyncXML",
            ]
        ),
        // JSON kept exactly (numbers as text), written sorted, read with line and column errors.
        .target(name: "QBSyncJSON"),
        // An XML element tree read with FoundationXML and written escaped: qbXML and SOAP.
        .target(name: "QBSyncXML"),
        .testTarget(
            name: "QBSyncXMLTests",
            dependencies: ["QBSyncXML"]
        ),
        .testTarget(
            name: "QBSyncJSONTests",
            dependencies: ["QBSyncJSON"]
        ),
        .testTarget(
            name: "QBSyncCoreTests",
            dependencies: ["QBSyncCore", "QBSyncXML", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Real HTTP against an in-process sandbox on an ephemeral loopback port.
        .testTarget(
            name: "QBSyncSandboxTests",
            dependencies: ["QBSyncSandbox", "QBSyncJSON", "QBSyncXML"]
        ),
        // The Web Connector exchange over real HTTP on loopback: the service against the sandbox's Web Connector.
        .testTarget(
            name: "QBSyncWebConnectorTests",
            dependencies: ["QBSyncWebConnector", "QBSyncSandbox", "QBSyncCommands"]
        ),
        .testTarget(
            name: "QBSyncEndToEndTests",
            dependencies: [
                "QBSyncCommands", "QBSyncCore", "QBSyncJSON", "QBSyncSandbox", "QBSyncWebConnector",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
