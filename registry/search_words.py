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

from registry.text import fold

# The host country's own names (and the everyday ones), beside the Vietnamese and English names
# the country list gives.
LOCAL_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "AT": ("Österreich", "Áo"),
    "AU": ("Úc", "Australia"),
    "BE": ("België", "Belgique", "Bỉ"),
    "BG": ("България", "Bulgaria", "Bun-ga-ri"),
    "CA": ("Canada",),
    "CH": ("Schweiz", "Suisse", "Thụy Sĩ"),
    "CN": ("中国", "Zhongguo", "Trung Quốc"),
    "CZ": ("Česko", "Česká republika", "Cộng hòa Séc", "Czech"),
    "DE": ("Deutschland", "Đức", "Germany"),
    "DK": ("Danmark", "Đan Mạch"),
    "ES": ("España", "Tây Ban Nha"),
    "FI": ("Suomi", "Phần Lan"),
    "FR": ("Pháp", "France"),
    "GB": ("UK", "Britain", "England", "Vương quốc Anh"),
    "HU": ("Magyarország", "Hungary", "Hung-ga-ri"),
    "IT": ("Italia", "Ý"),
    "JP": ("日本", "Nihon", "Nippon", "Nhật Bản", "Japan"),
    "KR": ("대한민국", "한국", "Hàn Quốc", "Korea"),
    "LA": ("ລາວ", "Lào", "Laos"),
    "KH": ("កម្ពុជា", "Campuchia", "Cambodia"),
    "MY": ("Malaysia", "Ma-lai-xi-a"),
    "NL": ("Nederland", "Hà Lan", "Holland"),
    "NO": ("Norge", "Na Uy"),
    "PL": ("Polska", "Ba Lan", "Poland"),
    "RO": ("România", "Ru-ma-ni"),
    "RU": ("Россия", "Rossiya", "Nga", "Russia"),
    "SE": ("Sverige", "Thụy Điển"),
    "SG": ("Singapore", "Xin-ga-po"),
    "SK": ("Slovensko", "Xlô-va-ki-a"),
    "TH": ("ประเทศไทย", "Thái Lan", "Thailand"),
    "TW": ("臺灣", "台灣", "Đài Loan", "Taiwan"),
    "UA": ("Україна", "Ukraina", "U-crai-na"),
    "US": ("USA", "America", "Mỹ", "Hoa Kỳ"),
}

# Cities whose names differ between languages: every form of a city the member lives in is
# searched (a member in "Prague" is found by "praha" too).
CITY_NAMES: tuple[tuple[str, ...], ...] = (
    ("Prague", "Praha", "Prag"),
    ("Warsaw", "Warszawa", "Vác-sa-va", "Warschau"),
    ("Vienna", "Wien", "Viên"),
    ("Munich", "München", "Muenchen"),
    ("Cologne", "Köln", "Koeln"),
    ("Nuremberg", "Nürnberg", "Nuernberg"),
    ("Moscow", "Moskva", "Москва", "Mát-xcơ-va", "Mátxcơva", "Moskau"),
    ("Saint Petersburg", "Sankt-Peterburg", "Санкт-Петербург", "Xanh Pê-téc-bua"),
    ("Budapest", "Bu-đa-pét"),
    ("Rome", "Roma", "Rom"),
    ("Milan", "Milano", "Mailand"),
    ("Brussels", "Bruxelles", "Brussel"),
    ("Copenhagen", "København"),
    ("Lisbon", "Lisboa"),
    ("Bucharest", "București", "Bukarest"),
    ("Kyiv", "Kiev", "Київ", "Kiép"),
    ("Sofia", "София"),
    ("Bratislava", "Pressburg"),
    ("Tokyo", "東京", "Tô-ki-ô"),
    ("Osaka", "大阪"),
    ("Nagoya", "名古屋"),
    ("Yokohama", "横浜"),
    ("Fukuoka", "福岡"),
    ("Kyoto", "京都"),
    ("Seoul", "서울", "Xơ-un"),
    ("Busan", "부산", "Pusan"),
    ("Incheon", "인천"),
    ("Taipei", "台北", "臺北", "Đài Bắc"),
    ("Kaohsiung", "高雄", "Cao Hùng"),
    ("Taichung", "台中", "臺中", "Đài Trung"),
    ("Bangkok", "กรุงเทพมหานคร", "Băng Cốc"),
    ("Vientiane", "Viêng Chăn"),
    ("Phnom Penh", "Phnôm Pênh"),
    ("Paris", "Pa-ri"),
    ("Berlin", "Béc-lin"),
    ("Leipzig", "Lai-xích"),
)

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


OCCUPATION_GROUPS = _groups(OCCUPATIONS)
CITY_GROUPS = _groups(CITY_NAMES)


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
    """A country's names, folded: Vietnamese, English, local and everyday forms."""
    code = (code or "").upper()
    if not code or code not in countries:
        return ""
    names = []
    for language in ("vi", "en"):
        with translation.override(language):
            names.append(str(countries.name(code)))
    names += LOCAL_COUNTRY_NAMES.get(code, ())
    return " ".join(dict.fromkeys(fold(name) for name in names))


@lru_cache(maxsize=4096)
def city_words(city_name: str) -> str:
    """The city as stored and its other forms, folded."""
    folded = fold(city_name)
    return " ".join(CITY_GROUPS.get(folded, (folded,) if folded else ()))


def place_words(country: str, city_name: str) -> str:
    """Where a member lives, in every form the search knows, folded."""
    return " ".join(part for part in (city_words(city_name), country_words(country)) if part)
