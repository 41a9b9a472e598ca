// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Quaywatch",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quaywatch", targets: ["quaywatch"]),
        .library(name: "QuayCore", targets: ["QuayCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            path: "Sources/CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "QuayCore",
            dependencies: [
                "CZlib",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ],
            resources: [.copy("Resources/rules.yaml"), .copy("Resources/filters.yaml")]
        ),
        .target(name: "QuayJournal", dependencies: ["QuayCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "QuayUI", dependencies: ["QuayCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "QuayTerminal", dependencies: ["QuayUI", "CNCursesW"]),
        .executableTarget(
            name: "quaywatch",
            dependencies: [
                "QuayCore", "QuayUI", "QuayTerminal", "QuayJournal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "QuayCoreTests", dependencies: ["QuayCore", "CZlib"], exclude: ["Fixtures"]),
        .testTarget(name: "QuayUITests", dependencies: ["QuayUI", "QuayCore"], exclude: ["Fixtures", "Goldens"]),
        .testTarget(name: "QuayJournalTests", dependencies: ["QuayJournal", "QuayCore"]),
        .testTarget(name: "QuayTerminalTests", dependencies: ["QuayTerminal", "QuayUI"]),
        .testTarget(name: "QuaywatchEndToEndTests", dependencies: ["QuayCore"]),
    ],
    swiftLanguageModes: [.v6]
)
