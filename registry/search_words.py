"""What the staff search finds a member by besides their names: where they live, in the words
officers type for it, and their occupation in the languages it is written in.

An officer preparing a visit types "lan nagoya", "duoc si hamburg" or "ky su praha": the city
and the country belong in the searched text, in Vietnamese, English and the host country's own
form (Nhật Bản / Japan / Nihon, Prague / Praha), and an occupation is found whichever of the
common languages it was written in (Kỹ sư / engineer / Ingenieur). Both engines search the same
folded text (`Member.search_text`), so they find the same people; the ranking puts these words
below the name (`search.relevance`).

The lists are short on purpose: the countries where people of the province live, their large
cities whose names differ between languages, and the common occupations. A word missing here
is still found where the member typed it.
"""

from __future__ import annotations

from functools import lru_cache

from django.utils import translation
from django_countries import countries

from registry.text import fold, split_words

# Names of countries and cities in Vietnamese are written in syllables that are also people's
# names ("Hoa Kỳ", "Hàn Quốc", "Cao Hùng", "Hung-ga-ri"): each is searched as one word, its
# syllables joined behind a mark no typed word starts with ("qqhoaky", "qqhanquoc"), and the
# words typed are joined the same way when they spell one (`join_places`), so that "hoa" or
# "hung" alone, whole or as a beginning, does not find everyone in America or in Hungary. A
# single syllable (Đức, Nga, Pháp) cannot be told from a name: it is searched as it is, and
# ranks below the names that hold it.
PLACE_MARK = "qq"
VIETNAMESE_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("Áo",),
    "AU": ("Úc", "Ốt-xtrây-li-a"),
    "BE": ("Bỉ",),
    "BG": ("Bun-ga-ri",),
    "CH": ("Thụy Sĩ",),
    "CN": ("Trung Quốc",),
    "CZ": ("Séc", "Cộng hòa Séc", "Tiệp Khắc"),
    "DE": ("Đức", "Cộng hòa Liên bang Đức"),
    "DK": ("Đan Mạch",),
    "ES": ("Tây Ban Nha",),
    "FI": ("Phần Lan",),
    "FR": ("Pháp",),
    "GB": ("Vương quốc Anh", "Anh Quốc"),
    "HU": ("Hung-ga-ri", "Hungari"),
    "IT": ("Ý", "I-ta-li-a"),
    "JP": ("Nhật Bản",),
    "KH": ("Campuchia",),
    "KR": ("Hàn Quốc",),
    "LA": ("Lào",),
    "MY": ("Ma-lai-xi-a", "Malaixia"),
    "NL": ("Hà Lan",),
    "NO": ("Na Uy",),
    "PL": ("Ba Lan",),
    "RO": ("Ru-ma-ni", "Rumani"),
    "RU": ("Nga", "Liên bang Nga"),
    "SE": ("Thụy Điển",),
    "SG": ("Xin-ga-po", "Singapo"),
    "SK": ("Xlô-va-ki-a", "Slovakia"),
    "TH": ("Thái Lan",),
    "TW": ("Đài Loan",),
    "UA": ("U-crai-na", "Ucraina"),
    "US": ("Mỹ", "Hoa Kỳ"),
}

# The host country's own names and the everyday ones, beside the names the country list gives.
LOCAL_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("Österreich",),
    "BE": ("België", "Belgique"),
    "BG": ("България",),
    "CH": ("Schweiz", "Suisse"),
    "CN": ("中国", "Zhongguo"),
    "CZ": ("Česko", "Česká republika", "Czech"),
    "DE": ("Deutschland", "Germany"),
    "DK": ("Danmark",),
    "ES": ("España",),
    "FI": ("Suomi",),
    "GB": ("UK", "Britain", "England"),
    "HU": ("Magyarország", "Hungary"),
    "IT": ("Italia",),
    "JP": ("日本", "Nihon", "Nippon", "Japan"),
    "KH": ("កម្ពុជា", "Cambodia"),
    "KR": ("대한민국", "한국", "Korea"),
    "LA": ("ລາວ", "Laos"),
    "NL": ("Nederland", "Holland"),
    "NO": ("Norge",),
    "PL": ("Polska", "Poland"),
    "RO": ("România",),
    "RU": ("Россия", "Rossiya", "Russia"),
    "SE": ("Sverige",),
    "TH": ("ประเทศไทย", "Thailand"),
    "TW": ("臺灣", "台灣", "Taiwan"),
    "UA": ("Україна", "Ukraina"),
    "US": ("USA", "America"),
}

# Cities whose names differ between languages: every form of a city the member lives in is
# searched (a member in "Prague" is found by "praha" too), the Vietnamese forms as one word.
CITY_NAMES: tuple[tuple[str, ...], ...] = (
    ("Prague", "Praha", "Prag"),
    ("Warsaw", "Warszawa", "Warschau"),
    ("Vienna", "Wien"),
    ("Munich", "München", "Muenchen"),
    ("Cologne", "Köln", "Koeln"),
    ("Nuremberg", "Nürnberg", "Nuernberg"),
    ("Moscow", "Moskva", "Москва", "Moskau"),
    ("Saint Petersburg", "Sankt-Peterburg", "Санкт-Петербург"),
    ("Rome", "Roma", "Rom"),
    ("Milan", "Milano", "Mailand"),
    ("Brussels", "Bruxelles", "Brussel"),
    ("Copenhagen", "København"),
    ("Lisbon", "Lisboa"),
    ("Bucharest", "București", "Bukarest"),
    ("Kyiv", "Kiev", "Київ"),
    ("Sofia", "София"),
    ("Tokyo", "東京"),
    ("Osaka", "大阪"),
    ("Nagoya", "名古屋"),
    ("Yokohama", "横浜"),
    ("Fukuoka", "福岡"),
    ("Kyoto", "京都"),
    ("Seoul", "서울"),
    ("Busan", "부산", "Pusan"),
    ("Incheon", "인천"),
    ("Taipei", "台北", "臺北"),
    ("Kaohsiung", "高雄"),
    ("Taichung", "台中", "臺中"),
    ("Bangkok", "กรุงเทพมหานคร"),
)
VIETNAMESE_CITY_NAMES: dict[str, tuple[str, ...]] = {
    "Prague": ("Pra-ha",),
    "Warsaw": ("Vác-sa-va", "Vacsava"),
    "Vienna": ("Viên",),
    "Moscow": ("Mát-xcơ-va", "Mátxcơva", "Matxcova"),
    "Saint Petersburg": ("Xanh Pê-téc-bua", "Pê-téc-bua"),
    "Budapest": ("Bu-đa-pét", "Budapet"),
    "Berlin": ("Béc-lin", "Beclin"),
    "Leipzig": ("Lai-xích", "Laixich"),
    "Paris": ("Pa-ri",),
    "Kyiv": ("Ki-ép", "Kiép"),
    "Tokyo": ("Tô-ki-ô", "Đông Kinh"),
    "Osaka": ("Ô-xa-ca",),
    "Seoul": ("Xơ-un",),
    "Taipei": ("Đài Bắc",),
    "Kaohsiung": ("Cao Hùng",),
    "Taichung": ("Đài Trung",),
    "Bangkok": ("Băng Cốc",),
    "Vientiane": ("Viêng Chăn",),
    "Phnom Penh": ("Phnôm Pênh", "Nam Vang"),
}


def syllables(name: str) -> list[str]:
    return split_words(fold(name))


def vietnamese_place(name: str) -> str:
    """A Vietnamese place name as one searched word: folded; of several syllables, joined
    behind PLACE_MARK."""
    parts = syllables(name)
    return PLACE_MARK + "".join(parts) if len(parts) > 1 else "".join(parts)


# Common occupations in Vietnamese, English, German, French and the host countries' forms: an
# occupation holding one of a group's phrases (as whole words) is found by all of them.
OCCUPATIONS: tuple[tuple[str, ...], ...] = (
    ("kỹ sư", "engineer", "Ingenieur", "Ingenieurin", "ingénieur", "inženýr", "mérnök"),
    ("y tá", "điều dưỡng", "nurse", "Krankenschwester", "Krankenpfleger", "Pflegekraft",
     "infirmière", "infirmier", "zdravotní sestra", "ápoló"),
    ("bác sĩ", "doctor", "physician", "Arzt", "Ärztin", "médecin", "lékař", "orvos"),
    ("dược sĩ", "pharmacist", "Apotheker", "Apothekerin", "pharmacien", "lékárník"),
    ("giáo viên", "teacher", "Lehrer", "Lehrerin", "enseignant", "professeur", "učitel", "tanár"),
    ("lập trình viên", "programmer", "developer", "Entwickler", "Programmierer", "développeur"),
    ("kế toán", "accountant", "Buchhalter", "Buchhalterin", "comptable", "účetní"),
    ("đầu bếp", "cook", "chef", "Koch", "Köchin", "cuisinier"),
    ("kiến trúc sư", "architect", "Architekt", "Architektin", "architecte"),
    ("luật sư", "lawyer", "Rechtsanwalt", "Anwalt", "avocat", "advokát"),
    ("sinh viên", "student", "Student", "Studentin", "étudiant", "student"),
    ("doanh nhân", "entrepreneur", "businessman", "businesswoman", "Unternehmer", "podnikatel"),
    ("công nhân", "factory worker", "Arbeiter", "ouvrier", "dělník"),
    ("phiên dịch", "thông dịch viên", "interpreter", "translator", "Dolmetscher", "Übersetzer",
     "traducteur", "tlumočník"),
    ("nông dân", "farmer", "Landwirt", "agriculteur"),
    ("thợ may", "tailor", "Schneider", "couturier"),
    ("kỹ thuật viên", "technician", "Techniker", "technicien"),
    ("nhà nghiên cứu", "researcher", "Forscher", "chercheur"),
)  # fmt: skip


def _groups(groups: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    """Each folded phrase → the folded phrases of its group."""
    found: dict[str, tuple[str, ...]] = {}
    for group in groups:
        folded = tuple(dict.fromkeys(fold(phrase) for phrase in group))
        for phrase in folded:
            found[phrase] = folded
    return found


def _city_groups() -> dict[str, tuple[str, ...]]:
    """Each folded form of a city → every form searched: the others folded, the Vietnamese
    ones as one word each."""
    groups = [(names, VIETNAMESE_CITY_NAMES.get(names[0], ())) for names in CITY_NAMES]
    groups += [((city,), forms) for city, forms in VIETNAMESE_CITY_NAMES.items()]
    found: dict[str, tuple[str, ...]] = {}
    for names, forms in groups:
        searched = tuple(
            dict.fromkeys([*(fold(name) for name in names), *map(vietnamese_place, forms)])
        )
        for name in names:
            found.setdefault(fold(name), searched)
    return found


OCCUPATION_GROUPS = _groups(OCCUPATIONS)
CITY_GROUPS = _city_groups()
# Vietnamese place names of several syllables, joined: typed words that spell one are joined.
JOINED_PLACES = frozenset(
    "".join(syllables(name))
    for names in (*VIETNAMESE_COUNTRY_NAMES.values(), *VIETNAMESE_CITY_NAMES.values())
    for name in names
    if len(syllables(name)) > 1
)
LONGEST_PLACE = 6  # syllables


def join_places(words: list[str]) -> list[str]:
    """The words, those that spell a Vietnamese place name of several syllables as it is
    searched ("nhat ban" and "nhatban" → "qqnhatban", "mat xco va" → "qqmatxcova"); words keep
    their marks."""
    joined: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(LONGEST_PLACE, len(words) - i), 0, -1):
            together = "".join(words[i : i + size])
            if "".join(syllables(together)) in JOINED_PLACES:
                joined.append(PLACE_MARK + together)
                i += size
                break
        else:
            joined.append(words[i])
            i += 1
    return joined


def occupation_words(occupation: str) -> str:
    """The folded phrases of every group whose phrase the occupation holds as whole words."""
    text = f" {fold(occupation)} "
    found: dict[str, None] = {}
    for phrase, group in OCCUPATION_GROUPS.items():
        if f" {phrase} " in text:
            found.update(dict.fromkeys(group))
    return " ".join(found)


@lru_cache(maxsize=512)
def country_words(code: str) -> str:
    """A country's names, folded: in Vietnamese (as one word each), English, and the local and
    everyday forms."""
    code = (code or "").upper()
    if not code or code not in countries:
        return ""
    with translation.override("vi"):
        vietnamese = [str(countries.name(code)), *VIETNAMESE_COUNTRY_NAMES.get(code, ())]
    with translation.override("en"):
        others = [str(countries.name(code)), *LOCAL_COUNTRY_NAMES.get(code, ())]
    words = [*map(vietnamese_place, vietnamese), *map(fold, others)]
    return " ".join(dict.fromkeys(word for word in words if word))


@lru_cache(maxsize=4096)
def city_words(city_name: str) -> str:
    """The city as stored and its other forms, folded."""
    folded = fold(city_name)
    return " ".join(CITY_GROUPS.get(folded, (folded,) if folded else ()))


def place_words(country: str, city_name: str) -> str:
    """Where a member lives, in every form the search knows, folded."""
    return " ".join(part for part in (city_words(city_name), country_words(country)) if part)
