/// Invented company names, by country style. A style builds names from three
/// word lists; the k-th name of a style is distinct from every other k, so
/// pools and one-off names never collide.
struct GenNameStyle {
    let first: [String]
    let middle: [String]
    let last: [String]
    let extra: [String]
    let join: @Sendable (String, String, String, String) -> String

    var capacity: Int { first.count * middle.count * last.count * max(1, extra.count) }

    /// The k-th name (k >= 0), spread over the combinations so that
    /// consecutive k do not share words.
    func name(_ k: Int) -> String {
        let cap = capacity
        let round = k / cap
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var stride = 7919
        while gcd(stride, cap) != 1 { stride += 2 }
        let i = (k % cap &* stride &+ 104_729) % cap
        let a = i % first.count
        let b = (i / first.count) % middle.count
        let c = (i / (first.count * middle.count)) % last.count
        let d = extra.isEmpty ? "" : extra[(i / (first.count * middle.count * last.count)) % extra.count]
        let base = join(first[a], middle[b], last[c], d)
        return round == 0 ? base : "\(base) \(round + 1)"
    }

    static let europe = GenNameStyle(
        first: ["Noord", "Zuid", "Oost", "West", "Schelde", "Kempen", "Polder", "Delta", "Haven", "Dijle", "Nete", "Rupel",
                "Waas", "Leie", "Demer", "Zenne", "Maas", "Rijn", "Eems", "Ardenne", "Escaut", "Brabant", "Limburg",
                "Flandria", "Hainaut", "Mosan", "Namur", "Euro", "Trans", "Inter", "Atlantic", "Continental", "Benelux",
                "Nova", "Prima", "Optima", "Alfa", "Omega", "Stella", "Blauw", "Groen", "Golden", "Royal", "United",
                "Metro", "Quay", "Dock", "Kaai", "Meir", "Berendrecht", "Zwijndrecht", "Lillo", "Doel", "Kallo", "Ekeren",
                "Mortsel", "Boom", "Lier", "Mechelen", "Aalst", "Gent", "Brugge", "Kortrijk", "Hasselt", "Genk", "Leuven",
                "Tienen", "Wavre", "Mons", "Charleroi", "Liège", "Verviers", "Arlon", "Dinant", "Tournai", "Oostende",
                "Venlo", "Breda", "Tilburg", "Eindhoven"],
        middle: ["Trading", "Import", "Logistics", "Distribution", "Foods", "Fresh", "Handel", "Supply", "Commodities",
                 "Wholesale", "Invest", "Partners", "Solutions", "Services", "Group", "Sourcing", "Freight", "Agencies",
                 "Products", "Goods"],
        last: ["NV", "BV", "BVBA", "SA", "SRL", "GmbH", "Ltd", "SARL", "SAS", "Sp. z o.o.", "s.r.o.", "SL", "S.p.A.", "OÜ",
               "AB", "A/S"],
        extra: ["", " Europe", " International", " Benelux"],
        join: { "\($0) \($1)\($3) \($2)" })

    /// Belgian exporters: the same places, Belgian company forms.
    static let belgianExporter = GenNameStyle(
        first: europe.first,
        middle: ["Chemicals", "Polymers", "Foods", "Steel", "Machinery", "Pharma", "Brewing", "Frozen Foods", "Glass",
                 "Recycling", "Textiles", "Agri", "Coatings", "Plastics"],
        last: ["NV", "BV", "SA", "SRL", "CommV"],
        extra: ["", " Export", " Industries", " Products"],
        join: { "\($0) \($1)\($3) \($2)" })

    static let latin = GenNameStyle(
        first: ["Agrícola", "Exportadora", "Comercializadora", "Frutícola", "Bananera", "Cafetalera", "Inversiones",
                "Distribuidora", "Procesadora", "Agroindustrial", "Compañía Exportadora", "Sociedad Agrícola", "Empacadora",
                "Hacienda", "Cooperativa"],
        middle: ["del Pacífico", "San Miguel", "El Oro", "Los Andes", "La Esperanza", "Santa Rosa", "Tropical", "Ñandú",
                 "del Sur", "Montecristi", "Machala", "Manabí", "Urabá", "Magdalena", "Caribe", "Huila", "Quindío", "Paraná",
                 "Guanacaste", "Limón", "Chiriquí", "Cibao", "Piura", "Tumbes", "Valle Verde", "Río Guayas",
                 "Sierra Nevada", "Los Ríos", "Esmeraldas", "La Cosecha", "Amazonas", "Atlántico", "Santa Marta",
                 "Puerto Bolívar", "Naranjal", "Pasaje", "San Andrés", "Las Palmas", "El Dorado", "Bananal"],
        last: ["SA", "S.A.", "S.A.S.", "Ltda", "Cía. Ltda.", "S.A. de C.V.", "SRL", "EIRL"],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let asia = GenNameStyle(
        first: ["Ningbo", "Shenzhen", "Guangzhou", "Xiamen", "Qingdao", "Shanghai", "Yiwu", "Dongguan", "Foshan", "Hangzhou",
                "Suzhou", "Tianjin", "Jiangsu", "Zhejiang", "Fujian", "Busan", "Incheon", "Penang", "Johor", "Saigon",
                "Binh Duong", "Hai Phong", "Kaohsiung", "Taichung", "Bangkok", "Jakarta", "Surabaya", "Colombo",
                "Jebel Ali", "Chittagong"],
        middle: ["Haitian", "Brightstar", "Goldsun", "Everwin", "Huaxin", "Jinlong", "Sunrise", "Topwell", "Greatwall",
                 "Hengli", "Sino-Euro", "Oriental", "Lucky Star", "Fortune", "Evergreen Valley", "Pacific Rim", "Kingdom",
                 "Dragon Gate", "Jade", "Phoenix"],
        last: ["Trading Co., Ltd.", "Electronics Co., Ltd.", "Furniture Co., Ltd.", "Textile Co., Ltd.",
               "Industrial Co., Ltd.", "Import & Export Co., Ltd.", "Manufacturing Co., Ltd.", "Sdn Bhd", "JSC", "Pte Ltd",
               "Corporation", "Group Co., Ltd."],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let northAmerica = GenNameStyle(
        first: ["Midwest", "Gulf Coast", "Pacific", "Atlantic", "Great Lakes", "Lone Star", "Carolina", "Keystone", "Hudson",
                "Ohio Valley", "Blue Ridge", "Bayou", "Prairie", "Cascade", "Liberty", "Eagle", "Summit", "Heartland",
                "Delaware", "Chesapeake"],
        middle: ["Machinery", "Polymers", "Paper", "Foods", "Lumber", "Metals", "Agri", "Exports", "Industries", "Supply",
                 "Pork", "Resins", "Equipment", "Trading"],
        last: ["Inc.", "LLC", "Corp.", "Co.", "Ltd."],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let turkey = GenNameStyle(
        first: ["Ege", "Marmara", "Anadolu", "Bursa", "İzmir", "Mersin", "Akdeniz", "Karadeniz", "Gaziantep", "Denizli",
                "Kayseri", "Adana"],
        middle: ["Tekstil", "Gıda", "Mermer", "Tarım", "Dış Ticaret", "Kuruyemiş", "Beyaz Eşya", "Örme", "Konfeksiyon",
                 "Lojistik"],
        last: ["A.Ş.", "Ltd. Şti.", "San. ve Tic. A.Ş."],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let morocco = GenNameStyle(
        first: ["Agrumes", "Primeurs", "Conserves", "Textiles", "Câblage", "Fruits", "Domaines"],
        middle: ["du Souss", "du Gharb", "de l'Atlas", "de Berkane", "d'Agadir", "de Tanger", "du Rif", "de Meknès",
                 "de Casablanca", "du Nord"],
        last: ["SARL", "SA", "SARL AU"],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let southAfrica = GenNameStyle(
        first: ["Cape", "Karoo", "Limpopo", "Sundays River", "Boland", "Citrusdal", "Hex River", "Letaba", "Natal", "Highveld"],
        middle: ["Citrus", "Fruit", "Wines", "Exports", "Packers", "Farms", "Growers", "Metals"],
        last: ["(Pty) Ltd", "Ltd"],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let westAfrica = GenNameStyle(
        first: ["Ivoire", "Akwaba", "Gold Coast", "Sassandra", "San Pedro", "Tema", "Lagos", "Kumasi", "Abidjan", "Volta"],
        middle: ["Cacao", "Fruits", "Agro", "Commodities", "Export", "Négoce", "Trading", "Plantations"],
        last: ["SA", "SARL", "Ltd", "Plc"],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let india = GenNameStyle(
        first: ["Shree", "Bharat", "Mahalaxmi", "Sai", "Ganesh", "Om", "Krishna", "Jai", "Sunrise", "Sagar", "Navkar",
                "Vardhman"],
        middle: ["Exports", "Textiles", "Agro", "Pharma", "Overseas", "Impex", "Granites", "Rice Mills", "Spinning",
                 "Industries"],
        last: ["Pvt Ltd", "Ltd", "LLP"],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let eastMed = GenNameStyle(
        first: ["Delta", "Nile", "Alexandria", "Port Said", "Sinai", "Haifa", "Galilee", "Levant"],
        middle: ["Citrus", "Fertilizers", "Textiles", "Trading", "Agro", "Export"],
        last: ["S.A.E.", "Ltd", "Co."],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static let northEurope = GenNameStyle(
        first: ["Mersey", "Humber", "Clyde", "Liffey", "Göta", "Vistula", "Daugava", "Neva", "Tyne", "Solent", "Bothnia",
                "Skagen", "Oder", "Shannon", "Tagus", "Ebro", "Po", "Piraeus"],
        middle: ["Trading", "Foods", "Paper", "Timber", "Steel", "Distillers", "Seafood", "Polymers", "Machinery", "Textiles"],
        last: ["Ltd", "AB", "Sp. z o.o.", "SIA", "UAB", "AS", "Oy", "SL", "S.p.A."],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    /// Fresh-looking importers with nothing behind them.
    static let front = GenNameStyle(
        first: ["Quick", "Global", "Prime", "Euro", "Star", "Atlantic", "Nova", "Sunshine", "Fast", "Exotic", "Green Line",
                "Royal", "Blue Ocean", "Maxi", "Golden Gate", "Tropic Star", "Prestige", "First Choice", "Rapid", "Best"],
        middle: ["Fresh", "Import", "Fruit", "Trade", "Commodities", "Foods", "Produce", "Harvest"],
        last: ["Holding Ltd", "BV", "BVBA", "SRL", "Ltd", "Trading Ltd", "Solutions BV", "Invest Ltd"],
        extra: [],
        join: { a, b, c, _ in "\(a) \(b) \(c)" })

    static func forOrigin(_ origin: GenOrigin) -> GenNameStyle {
        switch origin {
        case .latamRisk, .latamOther: return .latin
        case .asia: return .asia
        case .northAmerica: return .northAmerica
        case .turkey: return .turkey
        case .morocco: return .morocco
        case .southAfrica: return .southAfrica
        case .westAfrica: return .westAfrica
        case .india: return .india
        case .eastMed: return .eastMed
        case .europe: return .northEurope
        case .belgium: return .europe
        }
    }
}

enum GenFixedNames {
    static let fruitImporters = [
        "Scheldefruit Import NV", "Fresh Fruit Trading BV", "Noordkaai Fresh NV", "Bananen Centrale Antwerpen NV",
        "Tropical Harvest Europe BV", "Fruitport Wilrijk NV", "Delta Fresh Produce BV", "Polderfruit Distributie NV",
        "Citrus Partners Europe SA", "Frutas del Sol Europe SL", "Green Valley Imports GmbH", "Verger de Flandre SA",
    ]
    static let coffeeImporters = [
        "Koffiehandel Meir NV", "Belgian Coffee Importers NV", "Cacao Trading Antwerp NV", "Rotterdam Green Coffee BV",
        "Kaffeekontor Bremen GmbH",
    ]
    static let generalImporters = [
        "Kempen Logistics NV", "Transports Moreau & Fils SA", "Haven Distributie Antwerpen NV", "Brabant Retail Supply BV",
        "Linkeroever Trading NV", "Euro Home Furnishings BV", "Müller Maschinenbau GmbH", "Électro Dépôt Import SA",
        "Société \"La Perle\" SARL", "Zuidnatie Forwarding NV", "Mechelen Bike Parts NV", "Gentse Textiel Import BV",
        "Ardennes Chemicals SA", "Liège Steel Trading SA", "Rhein-Main Elektro GmbH", "Kortrijk Home Décor NV",
        "Benelux Toys Distribution BV", "Solar Systems Benelux NV", "Tyre Centre Europe NV", "Łódź Trading Sp. z o.o.",
        "Česká Logistika s.r.o.", "Nordic Trade A\\S", "Van den Berghe & Zonen NV", "Hoogstraten Retail Group NV",
        "Lux Logistics Sàrl", "Mode Distribution Europe SAS", "De Schelde Koel- en Vrieshuis NV", "Antwerp Cold Stores NV",
    ]
    static let riskShippers = [
        "Exportadora del Pacifico SA", "Frutas Tropicales Ñandú SA", "Bananera Machala S.A.", "Comercializadora Urabá S.A.S.",
        "Café de Altura Ltda", "Agrícola Guanacaste SA", "Empacadora Río Guayas S.A.", "Camaronera El Oro S.A.",
    ]
    static let belgianExporters = [
        "Antwerp Chemicals NV", "Flanders Frozen Potatoes NV", "Brabo Chocolatiers NV", "Scheldt Polymers NV",
        "Gentse Staalrollen NV", "Meuse Machinery SA", "Belgian Pharma Logistics NV", "Westvlaamse Diepvries NV",
        "Brouwerij Kempenland NV", "Mouterij Scheldeland NV",
    ]
    static let fronts = [
        "Quick Import Holding Ltd", "Global Fresh Solutions BV", "Prime Exotic Foods BVBA", "Eurofresh Direct Ltd",
        "Star Fruit Distribution SRL", "Atlantic Commodities Holding BV", "Nova Trade Invest Ltd",
        "Sunshine Tropical Imports SPRL", "Fast Fresh Logistics BV", "Exotic Harvest Trading Ltd",
    ]
    /// Text as some upstream systems really send it: a tab from a bad EDI
    /// conversion, a terminal escape, a bidi override. Valid JSON; the
    /// sanitizer must make them harmless.
    static let hostile = [
        "Agroexport\tdel Norte S.A.", "Trading \u{1B}[2J Co", "Fresh \u{202E}tiurF Ltd", "Línea\r\nNueva Export SA",
    ]
}
