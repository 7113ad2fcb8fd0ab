"""The seeded interests, sectors and consent purposes and texts in French, Russian, Japanese, Korean
and Chinese, so that readers of those languages no longer fall back to English or Vietnamese.

Rules:

- Rows are found by slug (consent texts by their purpose's slug). Rows staff added are untouched.
- A column is filled only while it is empty: a translation staff entered is never overwritten.
- A consent text is what a person agrees to. Its translations are attached only to a row whose
  Vietnamese and English still say exactly what 0006_seed_consent_purposes wrote (compared after
  NFC and whitespace normalisation; an empty English column is accepted, an empty or different
  Vietnamese one is not). A wording an administrator changed gets no translation from here.

Reverse: the names (interests, sectors, purposes) are emptied where they still hold the value
written here, so a translation staff corrected afterwards is kept. Consent texts are left as they
are: a row of ConsentText is the record of the wording members were shown ("never edited"), and
members may have agreed to it in one of these languages meanwhile; the translations remain
faithful to the row's unchanged Vietnamese and English, so keeping them is harmless.
"""

import unicodedata

from django.db import migrations

LANGUAGES = ("fr", "ru", "ja", "ko", "zh_hans")

INTERESTS = {
    "investment": {
        "fr": "Investissement",
        "ru": "Инвестиции",
        "ja": "投資",
        "ko": "투자",
        "zh_hans": "投资",
    },
    "trade": {
        "fr": "Commerce",
        "ru": "Торговля",
        "ja": "商業・貿易",
        "ko": "상업·무역",
        "zh_hans": "商贸",
    },
    "charity": {
        "fr": "Action caritative",
        "ru": "Благотворительность",
        "ja": "慈善活動",
        "ko": "자선 활동",
        "zh_hans": "慈善公益",
    },
    "science-technology": {
        "fr": "Sciences et technologies",
        "ru": "Наука и технологии",
        "ja": "科学技術",
        "ko": "과학기술",
        "zh_hans": "科学技术",
    },
    "education": {
        "fr": "Éducation",
        "ru": "Образование",
        "ja": "教育",
        "ko": "교육",
        "zh_hans": "教育",
    },
    "culture": {
        "fr": "Culture",
        "ru": "Культура",
        "ja": "文化",
        "ko": "문화",
        "zh_hans": "文化",
    },
    "tourism": {
        "fr": "Tourisme",
        "ru": "Туризм",
        "ja": "観光",
        "ko": "관광",
        "zh_hans": "旅游",
    },
    "return-visits": {
        "fr": "Visites au pays natal",
        "ru": "Поездки на родину",
        "ja": "故郷訪問",
        "ko": "고향 방문",
        "zh_hans": "回乡探访",
    },
    "vietnamese-for-children": {
        "fr": "Enseignement du vietnamien aux enfants",
        "ru": "Обучение детей вьетнамскому языку",
        "ja": "子どもへのベトナム語教育",
        "ko": "자녀 베트남어 교육",
        "zh_hans": "子女越南语教育",
    },
}

SECTORS = {
    "agriculture": {
        "fr": "Agriculture, sylviculture et pêche",
        "ru": "Сельское, лесное и рыбное хозяйство",
        "ja": "農林水産業",
        "ko": "농림수산업",
        "zh_hans": "农林水产业",
    },
    "manufacturing": {
        "fr": "Industrie et production manufacturière",
        "ru": "Промышленность и производство",
        "ja": "工業・製造業",
        "ko": "공업·제조업",
        "zh_hans": "工业、制造业",
    },
    "construction": {
        "fr": "Construction",
        "ru": "Строительство",
        "ja": "建設業",
        "ko": "건설업",
        "zh_hans": "建筑业",
    },
    "trade-retail": {
        "fr": "Commerce et vente au détail",
        "ru": "Торговля и розничные продажи",
        "ja": "商業・小売業",
        "ko": "상업·소매업",
        "zh_hans": "商贸、零售",
    },
    "hospitality": {
        "fr": "Restauration et hôtellerie",
        "ru": "Рестораны и гостиницы",
        "ja": "飲食・宿泊業",
        "ko": "음식점·숙박업",
        "zh_hans": "餐饮、酒店",
    },
    "logistics": {
        "fr": "Transport et logistique",
        "ru": "Транспорт и логистика",
        "ja": "運輸・物流",
        "ko": "운송·물류",
        "zh_hans": "运输、物流",
    },
    "it": {
        "fr": "Technologies de l’information",
        "ru": "Информационные технологии",
        "ja": "情報技術",
        "ko": "정보기술",
        "zh_hans": "信息技术",
    },
    "finance": {
        "fr": "Finance et banque",
        "ru": "Финансы и банковское дело",
        "ja": "金融・銀行",
        "ko": "금융·은행",
        "zh_hans": "金融、银行",
    },
    "health": {
        "fr": "Santé et soins",
        "ru": "Здравоохранение и медицинский уход",
        "ja": "医療・ヘルスケア",
        "ko": "의료·보건",
        "zh_hans": "医疗卫生、健康护理",
    },
    "education": {
        "fr": "Enseignement et formation",
        "ru": "Образование и профессиональная подготовка",
        "ja": "教育・研修",
        "ko": "교육·훈련",
        "zh_hans": "教育、培训",
    },
    "research": {
        "fr": "Recherche scientifique",
        "ru": "Научные исследования",
        "ja": "科学研究",
        "ko": "과학 연구",
        "zh_hans": "科学研究",
    },
    "energy": {
        "fr": "Énergie",
        "ru": "Энергетика",
        "ja": "エネルギー",
        "ko": "에너지",
        "zh_hans": "能源",
    },
    "beauty-services": {
        "fr": "Services de beauté",
        "ru": "Услуги в сфере красоты",
        "ja": "美容サービス",
        "ko": "미용 서비스",
        "zh_hans": "美容服务",
    },
    "public-service": {
        "fr": "Administration publique et organisations internationales",
        "ru": "Государственные органы и международные организации",
        "ja": "公的機関・国際機関",
        "ko": "공공기관·국제기구",
        "zh_hans": "国家机关、国际组织",
    },
    "student": {
        "fr": "Élève, étudiant",
        "ru": "Учащийся, студент",
        "ja": "学生・生徒",
        "ko": "학생",
        "zh_hans": "学生",
    },
    "other": {
        "fr": "Autre secteur",
        "ru": "Другая отрасль",
        "ja": "その他の分野",
        "ko": "기타 분야",
        "zh_hans": "其他领域",
    },
}

PURPOSES = {
    "registry": {
        "fr": "Conservation de ma fiche dans le registre provincial des Vietnamiens résidant à "
        "l’étranger",
        "ru": "Хранение моей анкеты в провинциальном реестре вьетнамцев, проживающих за рубежом",
        "ja": "省の在外ベトナム人名簿に私の登録情報を保存すること",
        "ko": "성의 해외 거주 베트남인 등록부에 본인 기록 보관",
        "zh_hans": "在本省海外越南人登记册中保存我的档案",
    },
    "staff-contact": {
        "fr": "Le personnel peut me contacter au sujet des visites et des événements",
        "ru": "Сотрудники могут связываться со мной по поводу визитов и мероприятий",
        "ja": "訪問やイベントについて職員から連絡を受けること",
        "ko": "방문 및 행사에 관한 직원의 연락",
        "zh_hans": "工作人员可就访问和活动事宜与我联系",
    },
    "newsletter": {
        "fr": "Lettres d’information dans ma langue",
        "ru": "Новостная рассылка на моём языке",
        "ja": "自分の言語でのニュースレター",
        "ko": "본인 언어로 된 소식지",
        "zh_hans": "以我的语言接收新闻通讯",
    },
    "associations": {
        "fr": "Partage avec mes associations",
        "ru": "Передача сведений моим землячествам",
        "ja": "所属団体との情報共有",
        "ko": "소속 단체와의 정보 공유",
        "zh_hans": "与我所在的社团共享信息",
    },
    "matching": {
        "fr": "Mise en relation avec des projets d’investissement et des programmes caritatifs",
        "ru": "Подбор инвестиционных проектов и благотворительных программ",
        "ja": "投資プロジェクト・慈善プログラムとのマッチング",
        "ko": "투자 프로젝트 및 자선 프로그램 연결",
        "zh_hans": "对接投资项目和慈善项目",
    },
}

# The wording of 0006_seed_consent_purposes (vi, en), then its translations.
CONSENT_TEXTS = {
    "registry": {
        "vi": "Tôi đồng ý để Sở Ngoại vụ lưu giữ và xử lý các thông tin tôi khai trong hồ sơ này "
        "nhằm quản lý sổ đăng ký người Việt Nam ở nước ngoài của tỉnh. Tôi có thể xem, sửa, tải "
        "về và xóa hồ sơ bất cứ lúc nào.",
        "en": "I agree that the Department of Foreign Affairs keeps and processes the information "
        "in this record to run the province's registry of Vietnamese people abroad. I can see, "
        "correct, download and delete my record at any time.",
        "fr": "J’accepte que le Département des Affaires étrangères conserve et traite les "
        "informations que j’ai fournies dans cette fiche afin de tenir le registre provincial des "
        "Vietnamiens résidant à l’étranger. Je peux consulter, corriger, télécharger et "
        "supprimer ma fiche à tout moment.",
        "ru": "Я даю согласие на то, чтобы Департамент иностранных дел хранил и обрабатывал "
        "сведения, указанные мной в этой анкете, для ведения провинциального реестра вьетнамцев, "
        "проживающих за рубежом. Я могу в любое время просматривать, исправлять, скачивать и "
        "удалять свою анкету.",
        "ja": "省の在外ベトナム人名簿を管理するため、外務局が、私がこの登録情報に記入した情報を"
        "保管し、処理することに同意します。私は、いつでも自分の登録情報を閲覧、修正、ダウンロード"
        "および削除することができます。",
        "ko": "본인은 외무국이 성의 해외 거주 베트남인 등록부를 관리하기 위하여 본인이 이 기록에 "
        "기재한 정보를 보관하고 처리하는 것에 동의합니다. 본인은 언제든지 본인의 기록을 열람, "
        "수정, 다운로드 및 삭제할 수 있습니다.",
        "zh_hans": "我同意外务厅保存和处理我在本档案中填写的信息，用于管理本省海外越南人登记册。"
        "我可以随时查看、更正、下载和删除我的档案。",
    },
    "staff-contact": {
        "vi": "Tôi đồng ý để cán bộ của Sở thấy email, số điện thoại của tôi và liên hệ với tôi về "
        "các chuyến công tác của lãnh đạo tỉnh và các sự kiện gần nơi tôi sống.",
        "en": "I agree that Department staff see my email and phone number and contact me about "
        "the province leaders' visits and events near where I live.",
        "fr": "J’accepte que le personnel du Département voie mon adresse e-mail et mon numéro de "
        "téléphone et me contacte au sujet des visites des dirigeants de la province et des "
        "événements organisés près de chez moi.",
        "ru": "Я даю согласие на то, чтобы сотрудники Департамента видели мой адрес электронной "
        "почты и номер телефона и связывались со мной по поводу визитов руководителей провинции "
        "и мероприятий рядом с местом моего проживания.",
        "ja": "外務局の職員が私のメールアドレスと電話番号を閲覧し、省の指導者の訪問や、私の住んで"
        "いる場所の近くで行われるイベントについて私に連絡することに同意します。",
        "ko": "본인은 외무국 직원이 본인의 이메일과 전화번호를 보고, 성 지도자들의 방문 및 본인이 "
        "사는 곳 인근에서 열리는 행사에 관하여 본인에게 연락하는 것에 동의합니다.",
        "zh_hans": "我同意外务厅工作人员查看我的电子邮箱和电话号码，并就省领导的访问以及我居住地"
        "附近的活动与我联系。",
    },
    "newsletter": {
        "vi": "Tôi muốn nhận bản tin về quê hương qua email, bằng ngôn ngữ tôi đã chọn.",
        "en": "I would like to receive newsletters about the province by email, in the language "
        "I chose.",
        "fr": "Je souhaite recevoir par e-mail des lettres d’information sur la province, dans la "
        "langue que j’ai choisie.",
        "ru": "Я хочу получать по электронной почте новостную рассылку о провинции на выбранном "
        "мной языке.",
        "ja": "省に関するニュースレターを、私が選んだ言語で、メールで受け取ることを希望します。",
        "ko": "본인은 성에 관한 소식지를 본인이 선택한 언어로 이메일을 통해 받기를 원합니다.",
        "zh_hans": "我希望通过电子邮件，以我所选择的语言接收有关本省的新闻通讯。",
    },
    "associations": {
        "vi": "Tôi đồng ý để Sở chia sẻ họ tên và cách liên hệ của tôi với các hội đoàn mà tôi là "
        "thành viên.",
        "en": "I agree that the Department shares my name and contact details with the "
        "associations I belong to.",
        "fr": "J’accepte que le Département partage mon nom et mes coordonnées avec les "
        "associations dont je suis membre.",
        "ru": "Я даю согласие на то, чтобы Департамент передавал моё имя и контактные данные "
        "землячествам, в которых я состою.",
        "ja": "外務局が私の氏名と連絡先を、私が所属する団体と共有することに同意します。",
        "ko": "본인은 외무국이 본인의 성명과 연락처를 본인이 회원으로 있는 단체와 공유하는 것에 "
        "동의합니다.",
        "zh_hans": "我同意外务厅与我所加入的社团共享我的姓名和联系方式。",
    },
    "matching": {
        "vi": "Tôi đồng ý để Sở dùng nghề nghiệp, lĩnh vực, kỹ năng và mối quan tâm của tôi để giới "
        "thiệu các dự án đầu tư và chương trình thiện nguyện phù hợp.",
        "en": "I agree that the Department uses my occupation, sector, skills and interests to "
        "suggest investment projects and charity programmes that suit me.",
        "fr": "J’accepte que le Département utilise ma profession, mon secteur d’activité, mes "
        "compétences et mes centres d’intérêt pour me proposer des projets d’investissement et "
        "des programmes caritatifs qui me correspondent.",
        "ru": "Я даю согласие на то, чтобы Департамент использовал сведения о моём роде занятий, "
        "отрасли, навыках и интересах, чтобы предлагать мне подходящие инвестиционные проекты и "
        "благотворительные программы.",
        "ja": "外務局が私の職業、分野、スキルおよび関心分野を用いて、私に合った投資プロジェクトや"
        "慈善プログラムを紹介することに同意します。",
        "ko": "본인은 외무국이 본인에게 맞는 투자 프로젝트와 자선 프로그램을 소개하기 위하여 본인의 "
        "직업, 분야, 기술 및 관심 분야를 이용하는 것에 동의합니다.",
        "zh_hans": "我同意外务厅使用我的职业、领域、技能和关注事项，为我推荐合适的投资项目和"
        "慈善项目。",
    },
}

NAMED = (("Interest", INTERESTS), ("Sector", SECTORS), ("ConsentPurpose", PURPOSES))


def _normal(text):
    """NFC, single spaces, no surrounding blanks: what "the same wording" is compared on."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _empty(value):
    return not (value or "").strip()


def _is_seeded_wording(row, seeded):
    """Vietnamese as seeded, and English as seeded or missing: the wording nobody changed."""
    if _normal(row.text_vi) != _normal(seeded["vi"]):
        return False
    return _empty(row.text_en) or _normal(row.text_en) == _normal(seeded["en"])


def _fill(row, field, translations):
    """Set each empty `field_<language>` column; return the columns set."""
    changed = []
    for language in LANGUAGES:
        column = f"{field}_{language}"
        if _empty(getattr(row, column)):
            setattr(row, column, unicodedata.normalize("NFC", translations[language]))
            changed.append(column)
    return changed


def fill(apps, schema_editor):
    for model_name, rows in NAMED:
        model = apps.get_model("registry", model_name)
        for row in model.objects.filter(slug__in=rows):
            changed = _fill(row, "name", rows[row.slug])
            if changed:
                row.save(update_fields=changed)
    text_model = apps.get_model("registry", "ConsentText")
    for row in text_model.objects.filter(purpose__slug__in=CONSENT_TEXTS).select_related("purpose"):
        seeded = CONSENT_TEXTS[row.purpose.slug]
        if not _is_seeded_wording(row, seeded):
            continue
        changed = _fill(row, "text", seeded)
        if changed:
            row.save(update_fields=changed)


def empty(apps, schema_editor):
    """Empty the names still holding what `fill` wrote; consent texts stay (module docstring)."""
    for model_name, rows in NAMED:
        model = apps.get_model("registry", model_name)
        for row in model.objects.filter(slug__in=rows):
            changed = []
            for language in LANGUAGES:
                column = f"name_{language}"
                if _normal(getattr(row, column)) == _normal(rows[row.slug][language]):
                    setattr(row, column, None)
                    changed.append(column)
            if changed:
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("registry", "0016_audit_actions_consent_invite_claim")]

    operations = [migrations.RunPython(fill, empty)]
