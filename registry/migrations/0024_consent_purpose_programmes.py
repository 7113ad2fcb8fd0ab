"""A sixth consent purpose: being contacted about what the member takes part in (an event they
register for, a programme they pledge to, a project they show interest in). Asked for when they
first do one of those (engagement/), withdrawable like the others; staff see the contact details
of those taking part only while it holds."""

import unicodedata

from django.db import migrations

SLUG = "programmes"
NAMES = {
    "vi": "Liên hệ về dự án, chương trình và sự kiện tôi tham gia",
    "en": "Contact about the projects, programmes and events I take part in",
    "fr": "Contact au sujet des projets, programmes et événements auxquels je participe",
    "ru": "Связь по проектам, программам и мероприятиям, в которых я участвую",
    "ja": "参加するプロジェクト・プログラム・行事に関する連絡",
    "ko": "본인이 참여하는 프로젝트, 프로그램 및 행사에 관한 연락",
    "zh_hans": "就我参与的项目、计划和活动与我联系",
}
TEXTS = {
    "vi": "Tôi đồng ý để Sở và cán bộ phụ trách dự án, chương trình hoặc sự kiện mà tôi đăng ký "
    "tham dự, cam kết ủng hộ hoặc quan tâm được thấy họ tên, email, số điện thoại của tôi và liên "
    "hệ với tôi về việc đó.",
    "en": "I agree that the Department and the officers in charge of a project, programme or "
    "event I register for, pledge to or show interest in see my name, email and phone number and "
    "contact me about it.",
    "fr": "J’accepte que le Département et les agents chargés d’un projet, d’un programme ou d’un "
    "événement auquel je m’inscris, je promets un don ou je m’intéresse voient mon nom, mon "
    "adresse e-mail et mon numéro de téléphone et me contactent à ce sujet.",
    "ru": "Я даю согласие на то, чтобы Департамент и сотрудники, ответственные за проект, "
    "программу или мероприятие, на которое я регистрируюсь, которому обещаю помощь или которым "
    "интересуюсь, видели моё имя, адрес электронной почты и номер телефона и связывались со мной "
    "по этому вопросу.",
    "ja": "私が参加登録、寄付の申し出、または関心を示したプロジェクト・プログラム・行事について、"
    "外務局と担当職員が私の氏名、メールアドレス、電話番号を閲覧し、その件で私に連絡することに同意"
    "します。",
    "ko": "본인은 외무국과, 본인이 참가 등록하거나 기부를 약정하거나 관심을 표명한 프로젝트, "
    "프로그램 또는 행사의 담당 직원이 본인의 성명, 이메일, 전화번호를 보고 그 일에 관하여 본인에게 "
    "연락하는 것에 동의합니다.",
    "zh_hans": "我同意外务厅以及负责我所报名、认捐或表示关注的项目、计划或活动的工作人员查看我的"
    "姓名、电子邮箱和电话号码，并就此与我联系。",
}


def nfc(text):
    return unicodedata.normalize("NFC", text)


def seed(apps, schema_editor):
    purpose_model = apps.get_model("registry", "ConsentPurpose")
    text_model = apps.get_model("registry", "ConsentText")
    names = {f"name_{language}": nfc(name) for language, name in NAMES.items()}
    purpose, _created = purpose_model.objects.update_or_create(
        slug=SLUG,
        defaults={"name": nfc(NAMES["vi"]), "required": False, "position": 5, **names},
    )
    texts = {f"text_{language}": nfc(text) for language, text in TEXTS.items()}
    text_model.objects.get_or_create(
        purpose=purpose, version=1, defaults={"text": nfc(TEXTS["vi"]), **texts}
    )


def unseed(apps, schema_editor):
    consent_model = apps.get_model("registry", "Consent")
    purpose_model = apps.get_model("registry", "ConsentPurpose")
    purpose = purpose_model.objects.filter(slug=SLUG).first()
    if purpose is None:
        return
    # Members' decisions about it go with it (going back is for a database without members).
    consent_model.objects.filter(purpose=purpose).delete()
    purpose.texts.all().delete()
    purpose.delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0023_member_counted_index")]
    operations = [migrations.RunPython(seed, unseed)]
