/// Reference data for the synthetic feed: ports, carriers, goods, names.
/// Everything here is public knowledge (UN/LOCODEs, carrier owner codes,
/// HS headings) or invented (company names: none is a real company, on
/// purpose, since the feed links parties to drug seizures).

/// Trade lane of a vessel call, and where a box comes from or goes to.
enum GenRegion: Int, CaseIterable {
    case latam = 0, asia, northAmerica, medAfrica, europe
}

/// Kind of origin, which decides what goods a port ships.
enum GenOrigin: Int {
    case latamRisk, latamOther, asia, northAmerica, turkey, morocco, southAfrica, westAfrica, india, eastMed, europe, belgium
}

struct GenPortInfo {
    let code: String
    let region: GenRegion
    let origin: GenOrigin
    let weight: Double
    let risk: Bool
}

enum GenData {
    // MARK: Ports

    /// High-risk loading/transshipment ports (DOMAIN.md; configuration, not code,
    /// in the rules engine: here they only shape the synthetic mix).
    static let riskPorts: Set<String> = [
        "ECGYE", "ECPBO", "COCTG", "COBUN", "COSMR", "COBAQ", "BRSSZ", "BRPNG", "PAMIT", "PAONX",
        "PABLB", "CRMOB", "CRLIO", "DOCAU", "PECLL", "UYMVD", "JMKIN", "GYGEO", "SRPBM",
    ]

    /// Transshipment hubs used on Latin-American routes.
    static let hubs: [(String, Double)] = [("PAMIT", 35), ("PABLB", 20), ("PAONX", 15), ("DOCAU", 15), ("JMKIN", 15)]

    /// Loading ports by lane, with rough weights of their Antwerp volumes.
    static let ports: [GenPortInfo] = {
        var list: [GenPortInfo] = []
        func add(_ region: GenRegion, _ origin: GenOrigin, _ entries: [(String, Double)]) {
            for (code, w) in entries {
                list.append(GenPortInfo(code: code, region: region, origin: origin, weight: w, risk: riskPorts.contains(code)))
            }
        }
        add(.latam, .latamRisk, [
            ("ECGYE", 20), ("ECPBO", 6), ("COCTG", 10), ("COBUN", 6), ("COSMR", 5), ("COBAQ", 3), ("BRSSZ", 12),
            ("BRPNG", 5), ("PAMIT", 5), ("PAONX", 2), ("PABLB", 2), ("CRMOB", 8), ("CRLIO", 3), ("DOCAU", 3),
            ("PECLL", 6), ("UYMVD", 3), ("JMKIN", 2), ("GYGEO", 1), ("SRPBM", 1),
        ])
        add(.latam, .latamOther, [("CLSAI", 8), ("CLVAP", 4), ("BRRIG", 5), ("MXVER", 3), ("ARBUE", 4), ("BRSSA", 2)])
        add(.asia, .asia, [
            ("CNSHA", 18), ("CNNGB", 14), ("CNYTN", 10), ("CNTAO", 6), ("CNXMN", 4), ("SGSIN", 8), ("KRPUS", 6),
            ("MYPKG", 5), ("MYTPP", 3), ("VNSGN", 4), ("VNCMT", 3), ("HKHKG", 4), ("TWKHH", 4), ("JPTYO", 2),
            ("THLCH", 3), ("IDJKT", 2), ("LKCMB", 2), ("AEJEA", 3),
        ])
        add(.northAmerica, .northAmerica, [
            ("USNYC", 12), ("USSAV", 8), ("USHOU", 6), ("USCHS", 5), ("USORF", 5), ("CAMTR", 6), ("CAHAL", 3), ("USBAL", 3),
        ])
        add(.medAfrica, .turkey, [("TRMER", 8), ("TRAMR", 5)])
        add(.medAfrica, .morocco, [("MAPTM", 8), ("MACAS", 2)])
        add(.medAfrica, .southAfrica, [("ZADUR", 5), ("ZACPT", 4)])
        add(.medAfrica, .westAfrica, [("CIABJ", 4), ("GHTEM", 3), ("NGAPP", 3)])
        add(.medAfrica, .india, [("INNSA", 8), ("INMUN", 5)])
        add(.medAfrica, .eastMed, [("EGPSD", 3), ("EGALY", 2), ("ILHFA", 2)])
        add(.europe, .europe, [
            ("GBFXT", 8), ("GBLGP", 5), ("GBSOU", 3), ("IEDUB", 5), ("SEGOT", 5), ("PLGDN", 5), ("FIHEL", 3),
            ("NOOSL", 3), ("DKAAR", 3), ("LTKLJ", 2), ("LVRIX", 2), ("EETLL", 2), ("ISREY", 1), ("ESALG", 3),
            ("ESVLC", 3), ("PTSIE", 2), ("ITGIT", 2), ("ITGOA", 2), ("GRPIR", 2), ("DEHAM", 2), ("DEBRV", 2),
            ("FRLEH", 2), ("NLRTM", 1), ("BEZEE", 1),
        ])
        return list
    }()

    /// Previous port of a call on each lane (`from` of vessel_arrival).
    static let previousPorts: [GenRegion: [(String, Double)]] = [
        .latam: [("ESALG", 12), ("PTSIE", 6), ("NLRTM", 10), ("GBLGP", 5), ("ECGYE", 8), ("COCTG", 8), ("BRSSZ", 6),
                 ("PAMIT", 5), ("DOCAU", 4), ("CRMOB", 5), ("JMKIN", 3), ("FRLEH", 3)],
        .asia: [("NLRTM", 20), ("GBFXT", 10), ("FRLEH", 8), ("DEHAM", 8), ("MAPTM", 6), ("ESALG", 5), ("EGPSD", 4), ("SGSIN", 3)],
        .northAmerica: [("USNYC", 10), ("USSAV", 6), ("CAHAL", 5), ("CAMTR", 6), ("GBLGP", 5), ("NLRTM", 6), ("DEBRV", 4)],
        .medAfrica: [("TRMER", 6), ("MAPTM", 8), ("ESVLC", 5), ("ITGIT", 4), ("ESALG", 6), ("ZADUR", 3), ("CIABJ", 3),
                     ("INNSA", 3), ("EGPSD", 3), ("PTSIE", 3)],
        .europe: [("NLRTM", 12), ("DEHAM", 8), ("GBFXT", 8), ("IEDUB", 4), ("SEGOT", 4), ("PLGDN", 4), ("BEZEE", 6), ("FRLEH", 3)],
    ]

    /// Share of vessel calls per lane.
    static let callShare: [GenRegion: Double] = [.latam: 0.20, .asia: 0.32, .northAmerica: 0.12, .medAfrica: 0.18, .europe: 0.18]

    /// Import origin lanes (share of imports). ~14 % Latin America, of
    /// which ~80 % from the high-risk ports: ~11 % of imports.
    static let importRegions: [(GenRegion, Double)] = [(.latam, 0.15), (.asia, 0.44), (.northAmerica, 0.10), (.medAfrica, 0.19), (.europe, 0.12)]
    static let exportRegions: [(GenRegion, Double)] = [(.latam, 0.12), (.asia, 0.30), (.northAmerica, 0.15), (.medAfrica, 0.25), (.europe, 0.18)]
    static let transshipInRegions: [(GenRegion, Double)] = [(.latam, 0.30), (.asia, 0.50), (.medAfrica, 0.20)]
    static let transshipOutRegions: [(GenRegion, Double)] = [(.europe, 0.7), (.medAfrica, 0.3)]

    // MARK: Terminals

    /// Antwerp quay numbers (kaai) of the deep-sea container terminals.
    static let antwerpTerminals = ["K913", "K1742", "K869", "K1700", "K730"]

    static func terminals(for port: String) -> [String] {
        switch port {
        case "BEANR": return antwerpTerminals
        case "NLRTM": return ["ECT-DDE", "ECT-EUR", "APMT-MV2", "RWG", "APMR"]
        case "DEHAM": return ["CTA", "CTB", "CTT", "EGH"]
        case "BEZEE": return ["CSP-ZEE", "PSA-ZEE", "CHZ", "ZIP", "MSC-ZEE"]
        default:
            let place = String(port.suffix(3))
            return (1...5).map { "\(place)-T\($0)" }
        }
    }

    // MARK: Carriers

    struct Carrier {
        let scac: String
        let owners: [String]
        let reeferOwners: [String]
        let sealPrefix: String
        /// Indexes into the port's terminal list, with weights.
        let terminals: [(Int, Double)]
        let vessels: [String]
        let regionWeight: [GenRegion: Double]
    }

    static let carriers: [Carrier] = [
        Carrier(scac: "MEDU", owners: ["MSCU", "MEDU", "MSDU", "MSMU"], reeferOwners: ["MSCU", "MEDU"], sealPrefix: "FJ",
                terminals: [(0, 0.7), (4, 0.3)],
                vessels: ["ISABELLA", "GULSUN", "IRINA", "LORETO", "TESSA", "MIA", "SIXIN", "AMELIA", "ANNA", "MICHEL CAPPELLINI",
                          "NICOLA MASTRO", "LAURENCE", "ALEXANDRA", "OSCAR", "ZOE", "DIANA", "HAMBURG", "ROSA M", "ELOANE",
                          "VIRGO", "SVEVA", "CELINE", "FEBE", "MINA", "ARINA", "NELLA", "TURKIYE", "SAMAR", "RAYA", "LUCIANA"]
                    .map { "MSC " + $0 },
                regionWeight: [.latam: 30, .asia: 20, .northAmerica: 30, .medAfrica: 30, .europe: 30]),
        Carrier(scac: "MAEU", owners: ["MAEU", "MSKU", "MRKU", "MRSU"], reeferOwners: ["MNBU", "MWCU"], sealPrefix: "ML-",
                terminals: [(1, 0.6), (2, 0.4)],
                vessels: ["MADRID MAERSK", "MUMBAI MAERSK", "MANCHESTER MAERSK", "MORTEN MAERSK", "MAERSK HANGZHOU",
                          "MAERSK ESSEN", "MAERSK EDINBURGH", "MAERSK HIDALGO", "MAERSK ATLANTA", "MAERSK KENSINGTON",
                          "MAERSK SEOUL", "MAERSK SHIVLING", "MAERSK CABO VERDE", "MAERSK LIMA", "MAERSK SANTOS",
                          "MAERSK SALALAH", "MARIE MAERSK", "MAJESTIC MAERSK"],
                regionWeight: [.latam: 25, .asia: 12, .northAmerica: 20, .medAfrica: 20, .europe: 20]),
        Carrier(scac: "CMDU", owners: ["CMAU", "CGMU", "ECMU", "APZU"], reeferOwners: ["CGMU", "CMAU"], sealPrefix: "CM-",
                terminals: [(3, 0.7), (2, 0.3)],
                vessels: ["JACQUES SAADE", "TROCADERO", "CHAMPS ELYSEES", "MONTMARTRE", "PALAIS ROYAL", "RIVOLI", "SORBONNE",
                          "LOUVRE", "CONCORDE", "PANTHEON", "BOUGAINVILLE", "MARCO POLO", "ZHENG HE", "KERGUELEN",
                          "GEORG FORSTER", "TAGE", "AMAZON", "ARGENTINA"].map { "CMA CGM " + $0 },
                regionWeight: [.latam: 15, .asia: 15, .northAmerica: 15, .medAfrica: 20, .europe: 15]),
        Carrier(scac: "HLCU", owners: ["HLXU", "HLBU", "UACU", "HAMU"], reeferOwners: ["HLXU"], sealPrefix: "HLD",
                terminals: [(1, 0.5), (2, 0.5)],
                vessels: ["BERLIN EXPRESS", "HAMBURG EXPRESS", "DUBLIN EXPRESS", "AL ZUBARA", "AL MURAYKH", "SAJIR", "UMM SALAL",
                          "TIHAMA", "BARZAN", "GUAYAQUIL EXPRESS", "CARTAGENA EXPRESS", "SANTOS EXPRESS", "VALPARAISO EXPRESS",
                          "ROTTERDAM EXPRESS", "ESSEN EXPRESS"],
                regionWeight: [.latam: 15, .asia: 10, .northAmerica: 20, .medAfrica: 10, .europe: 10]),
        Carrier(scac: "ONEY", owners: ["ONEU", "NYKU", "MOLU", "KKFU"], reeferOwners: ["ONEU"], sealPrefix: "ONE",
                terminals: [(3, 0.5), (1, 0.5)],
                vessels: ["INNOVATION", "INFINITY", "TRUST", "STORK", "APUS", "MINATO", "OLYMPUS", "HAMBURG", "MANCHESTER",
                          "CONTRIBUTION", "COMMITMENT", "CRANE", "FALCON", "HAWK"].map { "ONE " + $0 },
                regionWeight: [.latam: 5, .asia: 12, .northAmerica: 5, .medAfrica: 0, .europe: 5]),
        Carrier(scac: "EGLV", owners: ["EGHU", "EISU", "EMCU", "EGSU"], reeferOwners: ["EMCU"], sealPrefix: "EMC",
                terminals: [(3, 1.0)],
                vessels: ["ACE", "GIVEN", "ALOT", "APEX", "ACME", "ART", "AIM", "ALP", "GOLDEN", "GLORY", "GENTLE", "LEADING",
                          "LUCID"].map { "EVER " + $0 },
                regionWeight: [.latam: 3, .asia: 12, .northAmerica: 0, .medAfrica: 0, .europe: 5]),
        Carrier(scac: "COSU", owners: ["CSNU", "CBHU", "OOLU", "CCLU"], reeferOwners: ["CSNU", "OOLU"], sealPrefix: "CSL",
                terminals: [(3, 0.6), (2, 0.4)],
                vessels: ["COSCO SHIPPING UNIVERSE", "COSCO SHIPPING TAURUS", "COSCO SHIPPING ARIES", "COSCO SHIPPING GEMINI",
                          "COSCO SHIPPING LIBRA", "COSCO SHIPPING VIRGO", "COSCO SHIPPING PISCES", "COSCO SHIPPING SCORPIO",
                          "OOCL HONG KONG", "OOCL GERMANY", "OOCL JAPAN", "OOCL SCANDINAVIA", "OOCL UNITED KINGDOM"],
                regionWeight: [.latam: 3, .asia: 12, .northAmerica: 0, .medAfrica: 10, .europe: 10]),
        Carrier(scac: "ZIMU", owners: ["ZIMU", "ZCSU", "ZCLU"], reeferOwners: ["ZIMU"], sealPrefix: "ZIM",
                terminals: [(2, 1.0)],
                vessels: ["SAMMY OFER", "KINGSTON", "MOUNT EVEREST", "MOUNT DENALI", "EMERALD", "AMBER", "DIAMOND", "SAPPHIRE",
                          "WILMINGTON", "VIRGINIA"].map { "ZIM " + $0 },
                regionWeight: [.latam: 4, .asia: 0, .northAmerica: 10, .medAfrica: 10, .europe: 5]),
        Carrier(scac: "HDMU", owners: ["HMMU", "HDMU", "KOCU"], reeferOwners: ["HDMU"], sealPrefix: "HMM",
                terminals: [(1, 1.0)],
                vessels: ["ALGECIRAS", "OSLO", "COPENHAGEN", "DUBLIN", "GDANSK", "HELSINKI", "LE HAVRE", "ROTTERDAM",
                          "SOUTHAMPTON", "STOCKHOLM"].map { "HMM " + $0 },
                regionWeight: [.latam: 0, .asia: 7, .northAmerica: 0, .medAfrica: 0, .europe: 0]),
    ]

    /// Container lessors: about a third of the boxes on any ship.
    static let lessorOwners = ["TGHU", "TCLU", "TRLU", "SEGU", "TEMU", "FCIU", "CAIU", "BMOU", "GESU", "TRHU", "FSCU", "DFSU", "CRSU"]
    static let lessorReeferOwners = ["SZLU", "TRIU", "TTNU"]

    /// Service codes for voyage numbers, per lane.
    static let serviceCodes: [GenRegion: [String]] = [
        .latam: ["NE", "SA", "WC", "EC", "CA"], .asia: ["AE", "FE", "LL", "NE", "TA"], .northAmerica: ["TA", "AL", "NA"],
        .medAfrica: ["MD", "WA", "SF", "IN", "ME"], .europe: ["FX", "BX", "SX", "IR"],
    ]

    // MARK: Goods

    struct Goods {
        let origin: GenOrigin
        let weight: Double
        let text: String
        let hs: [String]
        let iso: [String]
        let reefer: Bool
        /// Banana, other fruit or coffee: the classic cover loads.
        let cover: Bool
        let kgLow: Int
        let kgHigh: Int
    }

    static let goods: [Goods] = {
        var g: [Goods] = []
        func add(_ o: GenOrigin, _ w: Double, _ text: String, _ hs: [String], _ iso: [String], _ kg: (Int, Int),
                 reefer: Bool = false, cover: Bool = false) {
            g.append(Goods(origin: o, weight: w, text: text, hs: hs, iso: iso, reefer: reefer, cover: cover, kgLow: kg.0, kgHigh: kg.1))
        }
        let dry = ["45G1", "45G1", "42G1", "22G1"]
        // Latin America, high-risk ports: fruit and coffee dominate.
        add(.latamRisk, 22, "FRESH BANANAS", ["0803"], ["45R1"], (19_500, 23_000), reefer: true, cover: true)
        add(.latamRisk, 3, "FRESH BANANAS ORGANIC", ["080390"], ["45R1"], (19_000, 22_500), reefer: true, cover: true)
        add(.latamRisk, 6, "FRESH PINEAPPLES", ["0804"], ["45R1"], (18_000, 22_500), reefer: true, cover: true)
        add(.latamRisk, 4, "FRESH AVOCADOS", ["080440"], ["45R1"], (16_000, 21_000), reefer: true, cover: true)
        add(.latamRisk, 2, "FRESH MANGOES", ["080450"], ["45R1"], (15_000, 20_000), reefer: true, cover: true)
        add(.latamRisk, 2, "FRESH LIMES", ["0805"], ["45R1", "22R1"], (12_000, 21_000), reefer: true, cover: true)
        add(.latamRisk, 10, "GREEN COFFEE BEANS", ["0901"], ["22G1", "45G1"], (18_000, 21_600), cover: true)
        add(.latamRisk, 4, "FROZEN SHRIMP", ["0306"], ["45R1"], (20_000, 26_500), reefer: true)
        add(.latamRisk, 5, "COCOA BEANS", ["1801"], ["22G1"], (17_000, 25_000))
        add(.latamRisk, 4, "CANNED TUNA", ["1604"], ["22G1"], (18_000, 24_000))
        add(.latamRisk, 4, "SAWN TIMBER", ["4407"], ["42G1", "45G1"], (14_000, 25_000))
        add(.latamRisk, 3, "CERAMIC TILES", ["6907"], ["22G1"], (22_000, 27_500))
        add(.latamRisk, 1, "FROZEN BEEF", ["0202"], ["45R1"], (20_000, 26_000), reefer: true)
        add(.latamRisk, 3, "ORANGE JUICE CONCENTRATE", ["2009"], ["22T1"], (20_000, 26_000))
        add(.latamRisk, 2, "CANE SUGAR", ["1701"], ["22G1"], (22_000, 27_000))
        add(.latamRisk, 2, "CUT ROSES", ["0603"], ["45R1"], (6_000, 11_000), reefer: true)
        add(.latamRisk, 2, "FROZEN FISH FILLETS", ["0304"], ["45R1"], (20_000, 25_000), reefer: true)
        // Latin America, other ports.
        add(.latamOther, 4, "FRESH GRAPES", ["0806"], ["45R1"], (18_000, 22_000), reefer: true)
        add(.latamOther, 2, "FRESH APPLES", ["0808"], ["45R1"], (18_000, 22_000), reefer: true)
        add(.latamOther, 6, "BOTTLED WINE", ["2204"], ["22G1"], (17_000, 22_000))
        add(.latamOther, 3, "COPPER CATHODES", ["7403"], ["22G1"], (24_000, 27_500))
        add(.latamOther, 1, "FROZEN SALMON", ["0303"], ["45R1"], (20_000, 25_000), reefer: true)
        add(.latamOther, 3, "LEAF TOBACCO", ["2401"], ["45G1"], (12_000, 18_000))
        add(.latamOther, 3, "AUTO PARTS", ["8708"], dry, (8_000, 20_000))
        add(.latamOther, 1, "LEMONS", ["0805"], ["45R1"], (18_000, 22_000), reefer: true, cover: true)
        // Asia.
        add(.asia, 10, "ELECTRONIC COMPONENTS", ["8542", "8471"], dry, (4_000, 14_000))
        add(.asia, 9, "FURNITURE", ["9403"], ["45G1", "42G1"], (5_000, 14_000))
        add(.asia, 8, "GARMENTS", ["6204", "6109"], ["45G1", "42G1"], (5_000, 12_000))
        add(.asia, 5, "FOOTWEAR", ["6403"], ["45G1"], (5_000, 10_000))
        add(.asia, 5, "TOYS", ["9503"], ["45G1"], (4_000, 9_000))
        add(.asia, 3, "BICYCLE PARTS", ["8714"], dry, (6_000, 15_000))
        add(.asia, 6, "SOLAR PANELS", ["8541"], ["45G1", "42G1"], (12_000, 22_000))
        add(.asia, 3, "CERAMIC TABLEWARE", ["6912"], ["22G1", "42G1"], (12_000, 20_000))
        add(.asia, 4, "STEEL FASTENERS", ["7318"], ["22G1"], (18_000, 26_000))
        add(.asia, 5, "HOUSEHOLD APPLIANCES", ["8516", "8418"], ["45G1"], (6_000, 12_000))
        add(.asia, 3, "LITHIUM-ION BATTERIES", ["8507"], ["22G1", "42G1"], (10_000, 20_000))
        add(.asia, 4, "TYRES", ["4011"], ["45G1"], (8_000, 14_000))
        add(.asia, 4, "MACHINERY PARTS", ["8483"], dry, (10_000, 24_000))
        add(.asia, 5, "PLASTIC ARTICLES", ["3926"], ["45G1"], (6_000, 14_000))
        add(.asia, 2, "GARDEN TOOLS", ["8201"], ["42G1", "45G1"], (8_000, 16_000))
        add(.asia, 3, "ORGANIC CHEMICALS", ["2915"], ["22G1", "22T1"], (18_000, 25_000))
        add(.asia, 4, "AUTO PARTS", ["8708"], dry, (8_000, 20_000))
        add(.asia, 3, "LED LIGHTING", ["9405"], ["45G1"], (5_000, 11_000))
        add(.asia, 2, "FROZEN PANGASIUS FILLETS", ["0304"], ["45R1"], (20_000, 25_000), reefer: true)
        add(.asia, 2, "CANNED PINEAPPLE", ["2008"], ["22G1"], (20_000, 25_000))
        add(.asia, 2, "RUBBER GLOVES", ["4015"], ["45G1"], (8_000, 14_000))
        // North America.
        add(.northAmerica, 8, "MACHINERY", ["8429", "8474"], ["42G1", "45G1"], (10_000, 24_000))
        add(.northAmerica, 6, "AUTO PARTS", ["8708"], dry, (8_000, 20_000))
        add(.northAmerica, 2, "FROZEN PORK", ["0203"], ["45R1"], (20_000, 26_000), reefer: true)
        add(.northAmerica, 6, "PLASTIC RESIN", ["3901"], ["45G1", "42G1"], (22_000, 26_000))
        add(.northAmerica, 5, "WOOD PULP", ["4703"], ["42G1"], (22_000, 27_000))
        add(.northAmerica, 3, "SOYBEANS", ["1201"], ["22G1"], (24_000, 27_500))
        add(.northAmerica, 3, "LUMBER", ["4407"], ["42G1"], (16_000, 25_000))
        add(.northAmerica, 3, "ALMONDS", ["0802"], ["22G1"], (18_000, 20_000))
        add(.northAmerica, 2, "BOURBON WHISKEY", ["2208"], ["22G1"], (16_000, 20_000))
        add(.northAmerica, 3, "MEDICAL DEVICES", ["9018"], ["45G1"], (3_000, 9_000))
        // Turkey.
        add(.turkey, 8, "COTTON T-SHIRTS", ["6109"], ["45G1"], (6_000, 12_000))
        add(.turkey, 4, "DRIED APRICOTS", ["0813"], ["22G1"], (16_000, 20_000))
        add(.turkey, 4, "HAZELNUTS", ["0802"], ["22G1"], (16_000, 20_000))
        add(.turkey, 3, "MARBLE SLABS", ["6802"], ["22G1"], (24_000, 28_000))
        add(.turkey, 3, "HOUSEHOLD APPLIANCES", ["8450"], ["45G1"], (7_000, 12_000))
        // Morocco.
        add(.morocco, 2, "FRESH CLEMENTINES", ["0805"], ["45R1"], (19_000, 22_000), reefer: true, cover: true)
        add(.morocco, 1, "FRESH TOMATOES", ["0702"], ["45R1"], (18_000, 22_000), reefer: true)
        add(.morocco, 3, "CANNED SARDINES", ["1604"], ["22G1"], (18_000, 23_000))
        add(.morocco, 3, "CAR WIRING HARNESSES", ["8544"], ["45G1"], (6_000, 12_000))
        // South Africa.
        add(.southAfrica, 3, "FRESH CITRUS FRUIT", ["0805"], ["45R1"], (19_000, 23_000), reefer: true, cover: true)
        add(.southAfrica, 1, "TABLE GRAPES", ["0806"], ["45R1"], (18_000, 21_000), reefer: true)
        add(.southAfrica, 4, "BOTTLED WINE", ["2204"], ["22G1"], (17_000, 22_000))
        add(.southAfrica, 2, "FERROCHROME", ["7202"], ["22G1"], (25_000, 28_000))
        // West Africa.
        add(.westAfrica, 8, "COCOA BEANS", ["1801"], ["22G1"], (17_000, 25_000))
        add(.westAfrica, 2, "FRESH BANANAS", ["0803"], ["45R1"], (19_500, 23_000), reefer: true, cover: true)
        add(.westAfrica, 3, "CASHEW NUTS", ["0801"], ["22G1", "42G1"], (16_000, 24_000))
        add(.westAfrica, 3, "NATURAL RUBBER", ["4001"], ["22G1"], (18_000, 22_000))
        add(.westAfrica, 2, "SAWN TIMBER", ["4407"], ["42G1"], (14_000, 25_000))
        // India.
        add(.india, 6, "BASMATI RICE", ["1006"], ["22G1"], (22_000, 26_000))
        add(.india, 6, "COTTON GARMENTS", ["6109", "6204"], ["45G1"], (5_000, 11_000))
        add(.india, 5, "PHARMACEUTICALS", ["3004"], ["22G1", "45G1"], (5_000, 12_000))
        add(.india, 4, "GRANITE SLABS", ["6802"], ["22G1"], (24_000, 28_000))
        add(.india, 3, "COTTON YARN", ["5205"], ["42G1"], (18_000, 24_000))
        // Eastern Mediterranean.
        add(.eastMed, 2, "FRESH ORANGES", ["0805"], ["45R1"], (19_000, 22_000), reefer: true, cover: true)
        add(.eastMed, 3, "FERTILIZER", ["3105"], ["22G1"], (24_000, 27_000))
        add(.eastMed, 3, "COTTON TEXTILES", ["5208"], ["45G1"], (8_000, 14_000))
        // Europe (short sea, feeders).
        add(.europe, 5, "PAPER REELS", ["4810"], ["45G1"], (18_000, 25_000))
        add(.europe, 4, "SAWN TIMBER", ["4407"], ["42G1"], (14_000, 25_000))
        add(.europe, 3, "SCOTCH WHISKY", ["2208"], ["22G1"], (16_000, 20_000))
        add(.europe, 1, "FRESH SALMON", ["0302"], ["45R1"], (18_000, 22_000), reefer: true)
        add(.europe, 4, "MACHINERY", ["8479"], dry, (10_000, 24_000))
        add(.europe, 3, "STEEL COILS", ["7208"], ["22G1"], (24_000, 28_000))
        add(.europe, 3, "PLASTIC GRANULES", ["3901"], ["45G1"], (22_000, 26_000))
        add(.europe, 2, "USED CLOTHING", ["6309"], ["45G1"], (8_000, 14_000))
        add(.europe, 2, "OLIVE OIL", ["1509"], ["22G1"], (18_000, 22_000))
        add(.europe, 1, "FROZEN FISH", ["0303"], ["45R1"], (20_000, 25_000), reefer: true)
        // Belgium (exports).
        add(.belgium, 9, "ORGANIC CHEMICALS", ["2902", "2915"], ["22G1", "22T1"], (18_000, 25_000))
        add(.belgium, 8, "PLASTIC GRANULES", ["3901", "3902"], ["45G1", "42G1"], (22_000, 26_000))
        add(.belgium, 6, "MACHINERY", ["8479"], dry, (10_000, 24_000))
        add(.belgium, 1.5, "PHARMACEUTICALS", ["3004"], ["45R1", "22R1"], (4_000, 10_000), reefer: true)
        add(.belgium, 5, "USED CARS", ["8703"], ["45G1"], (6_000, 9_000))
        add(.belgium, 1.5, "FROZEN POTATO FRIES", ["2004"], ["45R1"], (24_000, 27_000), reefer: true)
        add(.belgium, 3, "CHOCOLATE", ["1806"], ["22G1", "45G1"], (14_000, 20_000))
        add(.belgium, 3, "BEER", ["2203"], ["22G1"], (17_000, 22_000))
        add(.belgium, 5, "STEEL COILS", ["7208"], ["22G1"], (24_000, 28_000))
        add(.belgium, 4, "WASTE PAPER", ["4707"], ["45G1"], (22_000, 26_000))
        add(.belgium, 3, "FERTILIZER", ["3102"], ["22G1"], (24_000, 27_000))
        add(.belgium, 1, "FROZEN PORK", ["0203"], ["45R1"], (20_000, 26_000), reefer: true)
        add(.belgium, 3, "MALT", ["1107"], ["22G1"], (20_000, 25_000))
        add(.belgium, 3, "FLOAT GLASS", ["7005"], ["22G1"], (20_000, 26_000))
        add(.belgium, 2, "CARPETS", ["5703"], ["45G1"], (6_000, 12_000))
        return g
    }()

    /// "FAK", "GENERAL CARGO", "SAID TO CONTAIN PARTS": goods no one can check.
    static let vagueGoods = ["FAK", "GENERAL CARGO", "SAID TO CONTAIN PARTS"]

    // MARK: Customs

    static let customsTeams = 6
    static let policeTeams = 3
}
