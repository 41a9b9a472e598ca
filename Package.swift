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
    ],
    targets: [
        .systemLibrary(
            name: "CNCursesW",
            path: "Sources/CNCursesW",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "QuayCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            resources: [.copy("Resources/rules.yaml"), .copy("Resources/filters.yaml")]
        ),
        .target(name: "QuayUI", dependencies: ["QuayCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "QuayTerminal", dependencies: ["QuayUI", "CNCursesW"]),
        .executableTarget(
            name: "quaywatch",
            dependencies: [
                "QuayCore", "QuayUI", "QuayTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "QuayCoreTests", dependencies: ["QuayCore"], exclude: ["Fixtures"]),
        .testTarget(name: "QuayUITests", dependencies: ["QuayUI", "QuayCore"], exclude: ["Fixtures", "Goldens"]),
        .testTarget(name: "QuaywatchEndToEndTests", dependencies: ["QuayCore"]),
    ],
    swiftLanguageModes: [.v6]
)
