"""Places releases are written from, in Spanish and English, with their country and time zone.

Countries, capitals and large cities of the Spanish- and English-speaking world and the
major international hubs, as datelines and embargo lines name them (“hora de Ginebra”,
“Singapore time”, “Madrid, 3 de marzo”). Each entry is an IANA zone, then the ISO country
code (for reading phone numbers written without one), then the names, folded (lower case, no
accents). A country with several zones is listed with its capital's; its other cities with
their own. A name two countries share is left out rather than guessed (“León”, “Córdoba”,
“Victoria”), except where one is far the likelier in a newsroom of these languages.
"""

ZONES = {
    # Spain and Spanish-speaking America
    "Europe/Madrid": "ES: espana, spain, reino de espana, madrid, barcelona, valencia, sevilla, seville, zaragoza, "
    "malaga, bilbao, murcia, palma, palma de mallorca, valladolid, vigo, gijon, oviedo, a coruna, la coruna, "
    "granada, alicante, santander, pamplona, san sebastian, donostia, vitoria, vitoria gasteiz, salamanca, toledo, "
    "caceres, badajoz, cadiz, almeria, huelva, jaen, logrono, burgos, girona, tarragona, lleida, "
    "santiago de compostela, merida de extremadura, melilla, ceuta",
    "Atlantic/Canary": "ES: canarias, islas canarias, canary islands, las palmas, las palmas de gran canaria, "
    "santa cruz de tenerife, tenerife, gran canaria, lanzarote",
    "America/Mexico_City": "MX: mexico, estados unidos mexicanos, ciudad de mexico, mexico city, cdmx, guadalajara, "
    "monterrey, puebla, oaxaca, tuxtla gutierrez, san cristobal de las casas, morelia, queretaro, merida, veracruz, "
    "xalapa, toluca, cuernavaca, acapulco, chilpancingo, aguascalientes, san luis potosi, torreon, saltillo, "
    "durango, zacatecas, pachuca, tlaxcala, villahermosa, campeche, colima, tepic, guanajuato, leon de los aldama",
    "America/Tijuana": "MX: tijuana, mexicali, ensenada",
    "America/Cancun": "MX: cancun, chetumal, playa del carmen, quintana roo",
    "America/Hermosillo": "MX: hermosillo, sonora",
    "America/Mazatlan": "MX: culiacan, mazatlan, la paz baja california sur",
    "America/Chihuahua": "MX: chihuahua",
    "America/Ciudad_Juarez": "MX: ciudad juarez",
    "America/Guatemala": "GT: guatemala, ciudad de guatemala, guatemala city, quetzaltenango, xela, huehuetenango, "
    "coban, antigua guatemala, peten",
    "America/El_Salvador": "SV: el salvador, san salvador",
    "America/Tegucigalpa": "HN: honduras, tegucigalpa, san pedro sula",
    "America/Managua": "NI: nicaragua, managua",
    "America/Costa_Rica": "CR: costa rica, san jose, limon, puntarenas, alajuela, heredia, guanacaste",
    "America/Panama": "PA: panama, ciudad de panama, panama city, darien",
    "America/Havana": "CU: cuba, la habana, habana, havana, santiago de cuba",
    "America/Santo_Domingo": "DO: republica dominicana, dominican republic, santo domingo, "
    "santiago de los caballeros, punta cana",
    "America/Puerto_Rico": "PR: puerto rico, san juan, ponce, mayaguez, loiza, bayamon, caguas",
    "America/Bogota": "CO: colombia, bogota, medellin, cali, santiago de cali, barranquilla, cartagena, "
    "cartagena de indias, bucaramanga, pereira, manizales, pasto, popayan, cucuta, quibdo, villavicencio, "
    "santa marta, monteria, neiva, ibague, tunja, valledupar, riohacha, buenaventura",
    "America/Caracas": "VE: venezuela, caracas, maracaibo, barquisimeto, maracay, ciudad guayana, puerto ordaz, "
    "ciudad bolivar",
    "America/Guayaquil": "EC: ecuador, quito, guayaquil, cuenca, manta, loja, ambato, portoviejo, esmeraldas, "
    "riobamba, lago agrio, nueva loja",
    "Pacific/Galapagos": "EC: galapagos, islas galapagos",
    "America/Lima": "PE: peru, lima, arequipa, cusco, cuzco, trujillo, chiclayo, piura, iquitos, cajamarca, puno, "
    "huancayo, ayacucho, tacna, pucallpa",
    "America/La_Paz": "BO: bolivia, la paz, el alto, santa cruz, santa cruz de la sierra, cochabamba, sucre, oruro, "
    "potosi, tarija, uyuni",
    "America/Santiago": "CL: chile, santiago, santiago de chile, valparaiso, concepcion, temuco, antofagasta, "
    "vina del mar, la serena, valdivia, puerto montt, iquique, arica, rancagua, talca, chile continental",
    "America/Punta_Arenas": "CL: punta arenas, magallanes",
    "America/Argentina/Buenos_Aires": "AR: argentina, buenos aires, ciudad de buenos aires, caba, rosario, mendoza, "
    "la plata, mar del plata, tucuman, san miguel de tucuman, salta, neuquen, bariloche, san carlos de bariloche, "
    "ushuaia, resistencia, corrientes, posadas, parana, santa fe, bahia blanca, jujuy, san salvador de jujuy, "
    "rio gallegos, rawson, viedma, santa rosa, formosa, catamarca, la rioja, santiago del estero",
    "America/Montevideo": "UY: uruguay, montevideo, salto, paysandu, punta del este, maldonado, colonia",
    "America/Asuncion": "PY: paraguay, asuncion, ciudad del este, encarnacion, concepcion del paraguay",
    "America/Sao_Paulo": "BR: brasil, brazil, sao paulo, rio de janeiro, brasilia, belo horizonte, porto alegre, "
    "salvador de bahia, recife, fortaleza, curitiba, belem",
    "America/Manaus": "BR: manaus, manaos",
    "Africa/Malabo": "GQ: guinea ecuatorial, equatorial guinea, malabo",
    # The English-speaking world
    "America/New_York": "US: estados unidos, united states, united states of america, usa, us, eeuu, ee uu, "
    "new york, nueva york, new york city, nyc, washington, washington dc, washington d c, boston, philadelphia, "
    "filadelfia, miami, atlanta, baltimore, pittsburgh, detroit, charlotte, orlando, tampa, raleigh, richmond, "
    "newark, providence, hartford, albany, columbus, cleveland, cincinnati, indianapolis, jacksonville",
    "America/Chicago": "US: chicago, houston, dallas, san antonio, austin, new orleans, nueva orleans, minneapolis, "
    "st louis, saint louis, kansas city, nashville, memphis, milwaukee, oklahoma city, omaha, des moines",
    "America/Denver": "US: denver, salt lake city, albuquerque, el paso, boise",
    "America/Phoenix": "US: phoenix, tucson, arizona",
    "America/Los_Angeles": "US: los angeles, san francisco, seattle, portland, san diego, sacramento, las vegas, "
    "oakland, silicon valley",
    "Pacific/Honolulu": "US: honolulu, hawaii",
    "America/Anchorage": "US: anchorage, alaska",
    "America/Toronto": "CA: canada, toronto, ottawa, montreal, quebec, quebec city",
    "America/Vancouver": "CA: vancouver, british columbia",
    "America/Edmonton": "CA: calgary, edmonton, alberta",
    "America/Winnipeg": "CA: winnipeg, manitoba",
    "America/Halifax": "CA: halifax, nova scotia",
    "America/St_Johns": "CA: st john s, newfoundland",
    "Europe/London": "GB: reino unido, united kingdom, uk, u k, gran bretana, great britain, britain, england, "
    "inglaterra, scotland, escocia, wales, gales, northern ireland, irlanda del norte, london, londres, "
    "manchester, birmingham, glasgow, edinburgh, edimburgo, cardiff, belfast, liverpool, leeds, bristol, "
    "newcastle, newcastle upon tyne, sheffield, nottingham, leicester, aberdeen, dundee, oxford, cambridge, "
    "brighton, swansea, derry, londonderry, coventry, york",
    "Europe/Dublin": "IE: ireland, irlanda, republic of ireland, dublin, cork, galway, limerick, waterford",
    "Australia/Sydney": "AU: australia, sydney, canberra, new south wales, nsw, act, wollongong",
    "Australia/Melbourne": "AU: melbourne",
    "Australia/Brisbane": "AU: brisbane, queensland, gold coast, cairns, townsville",
    "Australia/Adelaide": "AU: adelaide, south australia",
    "Australia/Perth": "AU: perth, western australia",
    "Australia/Darwin": "AU: darwin, northern territory",
    "Australia/Hobart": "AU: hobart, tasmania",
    "Pacific/Auckland": "NZ: new zealand, nueva zelanda, aotearoa, auckland, wellington, christchurch, dunedin, "
    "tamaki makaurau, te whanganui a tara, otautahi",
    "Africa/Johannesburg": "ZA: south africa, sudafrica, johannesburg, pretoria, tshwane, cape town, "
    "ciudad del cabo, durban, ethekwini, port elizabeth, gqeberha, soweto, bloemfontein, east london, "
    "polokwane, pietermaritzburg, mbombela",
    "Africa/Nairobi": "KE: kenya, nairobi, mombasa, kisumu, nakuru, eldoret",
    "Africa/Lagos": "NG: nigeria, lagos, abuja, kano, ibadan, port harcourt, enugu, kaduna, benin city",
    "Africa/Accra": "GH: ghana, accra, kumasi, tamale, takoradi, cape coast",
    "Africa/Kampala": "UG: uganda, kampala, gulu",
    "Africa/Dar_es_Salaam": "TZ: tanzania, dar es salaam, dodoma, arusha, zanzibar",
    "Africa/Addis_Ababa": "ET: ethiopia, etiopia, addis ababa, addis abeba",
    "Africa/Harare": "ZW: zimbabwe, harare, bulawayo",
    "Africa/Lusaka": "ZM: zambia, lusaka",
    "Africa/Kigali": "RW: rwanda, ruanda, kigali",
    "Africa/Blantyre": "MW: malawi, lilongwe, blantyre",
    "Africa/Gaborone": "BW: botswana, gaborone",
    "Africa/Windhoek": "NA: namibia, windhoek",
    "Africa/Freetown": "SL: sierra leone, freetown",
    "Africa/Monrovia": "LR: liberia, monrovia",
    "Africa/Juba": "SS: south sudan, sudan del sur, juba",
    "Africa/Maputo": "MZ: mozambique, maputo",
    "Africa/Dakar": "SN: senegal, dakar",
    "Africa/Douala": "CM: cameroon, camerun, yaounde, douala",
    "Africa/Kinshasa": "CD: kinshasa",
    "Africa/Khartoum": "SD: sudan, khartoum, jartum",
    "Africa/Cairo": "EG: egypt, egipto, cairo, el cairo",
    "Africa/Casablanca": "MA: morocco, marruecos, rabat, casablanca",
    "America/Jamaica": "JM: jamaica, kingston, montego bay",
    "America/Port_of_Spain": "TT: trinidad and tobago, trinidad y tobago, port of spain",
    "America/Barbados": "BB: barbados, bridgetown",
    "America/Nassau": "BS: bahamas, the bahamas, nassau",
    "America/Port-au-Prince": "HT: haiti, port au prince, puerto principe",
    "America/Belize": "BZ: belize, belice, belmopan, belize city",
    "America/Guyana": "GY: guyana, georgetown",
    "Asia/Kolkata": "IN: india, new delhi, nueva delhi, delhi, mumbai, bombay, kolkata, calcuta, calcutta, chennai, "
    "bangalore, bengaluru, hyderabad, pune, ahmedabad, lucknow, jaipur, patna, bhopal, guwahati, kochi, "
    "thiruvananthapuram, ranchi, bhubaneswar, chandigarh, srinagar, siliguri, darjeeling",
    "Asia/Karachi": "PK: pakistan, karachi, lahore, islamabad, peshawar",
    "Asia/Dhaka": "BD: bangladesh, dhaka, chittagong",
    "Asia/Colombo": "LK: sri lanka, colombo",
    "Asia/Kathmandu": "NP: nepal, kathmandu, katmandu",
    "Asia/Singapore": "SG: singapore, singapur",
    "Asia/Kuala_Lumpur": "MY: malaysia, malasia, kuala lumpur",
    "Asia/Manila": "PH: philippines, filipinas, manila, metro manila, quezon city, cebu, davao, makati",
    "Asia/Bangkok": "TH: thailand, tailandia, bangkok, chiang mai",
    "Asia/Ho_Chi_Minh": "VN: vietnam, viet nam, hanoi, ho chi minh city, saigon",
    "Asia/Phnom_Penh": "KH: cambodia, camboya, phnom penh",
    "Asia/Yangon": "MM: myanmar, yangon",
    "Asia/Jakarta": "ID: indonesia, jakarta, yakarta",
    "Asia/Hong_Kong": "HK: hong kong",
    "Asia/Shanghai": "CN: china, beijing, pekin, shanghai",
    "Asia/Taipei": "TW: taiwan, taipei",
    "Asia/Tokyo": "JP: japan, japon, tokyo, tokio",
    "Asia/Seoul": "KR: south korea, corea del sur, seoul, seul",
    "Asia/Dubai": "AE: united arab emirates, emiratos arabes unidos, uae, dubai, abu dhabi",
    "Asia/Qatar": "QA: qatar, catar, doha",
    "Asia/Riyadh": "SA: saudi arabia, arabia saudita, riyadh, riad",
    "Asia/Jerusalem": "IL: israel, jerusalem, jerusalen, tel aviv",
    "Asia/Beirut": "LB: lebanon, libano, beirut",
    "Asia/Amman": "JO: jordan, jordania, amman",
    "Europe/Istanbul": "TR: turkey, turquia, istanbul, estambul, ankara",
    "Pacific/Fiji": "FJ: fiji, suva",
    "Pacific/Port_Moresby": "PG: papua new guinea, port moresby",
    # The international hubs of Europe
    "Europe/Zurich": "CH: switzerland, suiza, geneva, ginebra, geneve, zurich, bern, berna, lausanne, basel",
    "Europe/Paris": "FR: france, francia, paris, lyon, marseille, marsella, strasbourg, estrasburgo",
    "Europe/Brussels": "BE: belgium, belgica, brussels, bruselas",
    "Europe/Amsterdam": "NL: netherlands, paises bajos, holanda, amsterdam, the hague, la haya, rotterdam",
    "Europe/Berlin": "DE: germany, alemania, berlin, bonn, frankfurt, munich, hamburg, hamburgo",
    "Europe/Rome": "IT: italy, italia, rome, roma, milan, milano, florence, florencia",
    "Europe/Vienna": "AT: austria, vienna, viena",
    "Europe/Lisbon": "PT: portugal, lisbon, lisboa, porto, oporto",
    "Europe/Stockholm": "SE: sweden, suecia, stockholm, estocolmo",
    "Europe/Oslo": "NO: norway, noruega, oslo",
    "Europe/Copenhagen": "DK: denmark, dinamarca, copenhagen, copenhague",
    "Europe/Helsinki": "FI: finland, finlandia, helsinki",
    "Europe/Warsaw": "PL: poland, polonia, warsaw, varsovia",
    "Europe/Athens": "GR: greece, grecia, athens, atenas",
    "Europe/Luxembourg": "LU: luxembourg, luxemburgo",
    "Europe/Prague": "CZ: czech republic, czechia, republica checa, prague, praga",
    "Europe/Budapest": "HU: hungary, hungria, budapest",
    "Europe/Bucharest": "RO: romania, rumania, bucharest, bucarest",
    "Europe/Kyiv": "UA: ukraine, ucrania, kyiv, kiev",
    "Europe/Moscow": "RU: moscow, moscu",
}

# Folded name -> (ISO country code, IANA zone).
PLACES = {
    name.strip(): (entry.split(":", 1)[0], zone)
    for zone, entry in ZONES.items()
    for name in entry.split(":", 1)[1].split(",")
}
# IANA zone -> ISO country code.
ZONE_COUNTRIES = {zone: entry.split(":", 1)[0] for zone, entry in ZONES.items()}


def country_of_place(place):
    """The ISO country code of a dateline's place (“Madrid”, “SAN JOSÉ, Costa Rica”, “Ginebra /
    Bogotá”: the last of its parts that names one), or None."""
    from releases.importing.vocabulary import fold  # the package imports this module

    parts = [part for piece in (place or "").split(",") for part in piece.split("/")]
    for part in reversed(parts):
        found = PLACES.get(fold(part))
        if found:
            return found[0]
    return None
