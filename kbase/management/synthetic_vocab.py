"""Words the synthetic corpus is written with: places, outlets, origins, sentences (pure Python)."""

# ISO 3166-1 alpha-2 code: (name as it reads after "in", capital, weight of reporting on it).
COUNTRIES = {
    "RU": ("Russia", "Moscow", 14),
    "CN": ("China", "Beijing", 12),
    "KW": ("Kuwait", "Kuwait City", 5),
    "QA": ("Qatar", "Doha", 5),
    "AE": ("the United Arab Emirates", "Abu Dhabi", 4),
    "OM": ("Oman", "Muscat", 2),
    "BH": ("Bahrain", "Manama", 1),
    "SA": ("Saudi Arabia", "Riyadh", 2),
    "PL": ("Poland", "Warsaw", 5),
    "MT": ("Malta", "Valletta", 2),
    "CZ": ("the Czech Republic", "Prague", 1),
    "RO": ("Romania", "Bucharest", 1),
    "BG": ("Bulgaria", "Sofia", 1),
    "HU": ("Hungary", "Budapest", 1),
    "DE": ("Germany", "Berlin", 1),
    "NL": ("the Netherlands", "Amsterdam", 1),
    "MN": ("Mongolia", "Ulaanbaatar", 4),
    "MY": ("Malaysia", "Kuala Lumpur", 3),
    "KH": ("Cambodia", "Phnom Penh", 2),
    "LA": ("Laos", "Vientiane", 2),
    "VN": ("Vietnam", "Hanoi", 2),
    "TH": ("Thailand", "Bangkok", 1),
    "ID": ("Indonesia", "Jakarta", 1),
    "MM": ("Myanmar", "Naypyidaw", 1),
    "NP": ("Nepal", "Kathmandu", 1),
    "BD": ("Bangladesh", "Dhaka", 1),
    "AO": ("Angola", "Luanda", 2),
    "NG": ("Nigeria", "Abuja", 1),
    "GQ": ("Equatorial Guinea", "Malabo", 2),
    "SN": ("Senegal", "Dakar", 2),
    "UG": ("Uganda", "Kampala", 1),
    "TZ": ("Tanzania", "Dodoma", 1),
    "MZ": ("Mozambique", "Maputo", 1),
    "ET": ("Ethiopia", "Addis Ababa", 1),
    "DZ": ("Algeria", "Algiers", 1),
    "LY": ("Libya", "Tripoli", 1),
    "EG": ("Egypt", "Cairo", 1),
    "PE": ("Peru", "Lima", 1),
    "KZ": ("Kazakhstan", "Astana", 1),
    "UZ": ("Uzbekistan", "Tashkent", 1),
}
# How a figure for all of a region reads after the noun: "workers abroad", "in the Gulf states".
REGIONS = {"world": ("abroad", 10), "gulf": ("in the Gulf states", 3)}
EUROPEAN = {"PL", "MT", "CZ", "RO", "BG", "HU", "DE", "NL"}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# (instrument, provision, adopted (y, m, d), clause as the text states it)
SANCTIONS = [
    (
        "UNSCR 2270",
        "export_ban",
        (2016, 3, 2),
        "Resolution 2270 banned North Korea's exports of coal, iron and iron ore",
    ),
    (
        "UNSCR 2321",
        "other",
        (2016, 11, 30),
        "Resolution 2321 urged states to be vigilant about North Koreans working abroad",
    ),
    (
        "UNSCR 2371",
        "cap_work_authorizations",
        (2017, 8, 5),
        "Resolution 2371 capped the number of work authorizations for North Korean nationals",
    ),
    (
        "UNSCR 2375",
        "ban_new_work_authorizations",
        (2017, 9, 11),
        "Resolution 2375 banned new work authorizations for North Korean workers",
    ),
    (
        "UNSCR 2397",
        "repatriation",
        (2017, 12, 22),
        "Resolution 2397 required every member state to send North Korean workers home within "
        "24 months",
    ),
    (
        "EO 13722",
        "other",
        (2016, 3, 15),
        "Executive Order 13722 barred the export of North Korean labour to the United States",
    ),
]
NATIONAL_MEASURES = [
    "{Country} stopped issuing new work permits to North Koreans",
    "{Country} said it would not renew the visas of North Korean workers",
    "{Country} ordered companies to send their North Korean workers home",
]

OUTLET_WORDS = (
    ["Harbour", "Northern", "Eastern", "Continental", "Meridian", "Atlas", "Coastal", "Capital"],
    ["Courier", "Ledger", "Dispatch", "Observer", "Herald", "Tribune", "Monitor", "Review"],
)
# (name, kind, country) of outlets that are not newspapers.
OTHER_OUTLETS = [
    ("Pacific Wire Service", "wire", "US"),
    ("Continental Press Agency", "wire", "FR"),
    ("Asia Newswire", "wire", "JP"),
    ("Eurasia Wire", "wire", "GB"),
    ("Radio Meridian", "broadcaster", "GB"),
    ("Channel Seven Asia", "broadcaster", "SG"),
    ("World Service Radio", "broadcaster", "GB"),
    ("Northern Broadcasting", "broadcaster", "KR"),
    ("Ministry of Unification Bulletin", "government", "KR"),
    ("Treasury Press Office", "government", "US"),
    ("UN News Digest", "intergovernmental", ""),
    ("Labour Office Briefings", "intergovernmental", ""),
    ("Open Labour Watch", "ngo", "GB"),
    ("Migrant Rights Monitor", "ngo", "NL"),
    ("Data for Korea", "ngo", "KR"),
    ("Peninsula Notes", "blog", "US"),
    ("Sanctions Tracker", "blog", "GB"),
]
NEWSPAPER_COUNTRIES = ["GB", "US", "KR", "JP", "DE", "FR", "RU", "PL", "KW", "QA", "MN", "MY"]

ORIGIN_BODIES = [
    "{Country} Ministry of Labour",
    "{Country} Ministry of Foreign Affairs",
    "{Country} Interior Ministry",
    "{Country} Immigration Service",
    "{Country} Labour Inspectorate",
    "{Country} Statistics Office",
]
INTERNATIONAL_ORIGINS = [
    "United Nations Panel of Experts",
    "UN Special Rapporteur on North Korea",
    "International Labour Organization",
    "South Korean National Intelligence Service",
    "South Korean Ministry of Unification",
    "United States Department of State",
    "United States Treasury",
    "European External Action Service",
    "Citizens Alliance for North Korean Human Rights",
    "Open Labour Watch",
    "Migrant Rights Monitor",
    "Data for Korea",
    "Asan Institute for Policy Studies",
    "Korea Institute for National Unification",
    "Leiden Asia Centre",
    "Center for Strategic and International Studies",
]
FIRST_NAMES = [
    "Ana",
    "Bilal",
    "Chen",
    "Dorota",
    "Emeka",
    "Farah",
    "Grigory",
    "Hye-jin",
    "Ivan",
    "Jae-won",
    "Kamila",
    "Lars",
    "Mariam",
    "Nikolai",
    "Olga",
    "Park",
    "Remco",
    "Sun-hee",
]
LAST_NAMES = [
    "Abdullah",
    "Breuker",
    "Choi",
    "Dabrowska",
    "Eze",
    "Fischer",
    "Gorbunov",
    "Han",
    "Ishikawa",
    "Jankowski",
    "Kim",
    "Lee",
    "Moreau",
    "Novak",
]

HEADLINES = [
    "North Korean workers remain in {Country}",
    "{Country} under pressure over North Korean labour",
    "Pyongyang's crews keep working in {Country}",
    "Sanctions squeeze North Korean workers in {Country}",
    "Where North Korea's wages go: the view from {Country}",
    "{Country} and the North Korean labour trade",
    "Inside the North Korean work camps of {Country}",
    "{Country} weighs the future of its North Korean workers",
]
FILLER = [
    "Diplomats in the region said the crews were hired through subcontractors.",
    "The workers live in guarded compounds and rarely leave their sites.",
    "State trading companies in Pyongyang sign the contracts and collect the wages.",
    "Officials in {Country} did not answer requests for comment.",
    "A foreman who shared a site with one crew described men who worked from dawn to dusk.",
    "The United States has urged its partners to send the workers home.",
    "Rights groups say the system amounts to forced labour.",
    "Construction, logging and fishing employ most of the crews.",
    "The embassy of North Korea in {capital} declined to comment.",
    "Payments are often made in cash and carried home by supervisors.",
    "Some of the workers have been abroad for more than a decade.",
    "Local employers say the crews are cheap, disciplined and quiet.",
    "Satellite images show new dormitories near several sites.",
    "Analysts say enforcement of the sanctions has been uneven.",
    "Several companies changed their names after the sanctions were imposed.",
    "Workers who fled described quotas, fines and compulsory study sessions.",
    "The government in {capital} says it complies with every resolution.",
    "Contracts seen by reporters list a monthly 'loyalty payment' to the state.",
]
