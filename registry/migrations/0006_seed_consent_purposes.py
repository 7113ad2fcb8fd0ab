"""The five consent purposes of the product brief, with their first texts in Vietnamese and English.

Purposes follow Law 91/2025/QH15 on personal data protection (and the GDPR for members in the EU):
one decision per purpose, the registry itself being the only required one.
"""

from django.db import migrations

PURPOSES = [
    (
        "registry",
        True,
        "Lưu hồ sơ trong sổ đăng ký người Việt Nam ở nước ngoài của tỉnh",
        "Keeping my record in the province's registry of Vietnamese people abroad",
        "Tôi đồng ý để Sở Ngoại vụ lưu giữ và xử lý các thông tin tôi khai trong hồ sơ này nhằm "
        "quản lý sổ đăng ký người Việt Nam ở nước ngoài của tỉnh. Tôi có thể xem, sửa, tải về "
        "và xóa hồ sơ bất cứ lúc nào.",
        "I agree that the Department of Foreign Affairs keeps and processes the information in "
        "this record to run the province's registry of Vietnamese people abroad. I can see, "
        "correct, download and delete my record at any time.",
    ),
    (
        "staff-contact",
        False,
        "Cán bộ liên hệ với tôi về các chuyến công tác và sự kiện",
        "Staff may contact me about visits and events",
        "Tôi đồng ý để cán bộ của Sở thấy email, số điện thoại của tôi và liên hệ với tôi về các "
        "chuyến công tác của lãnh đạo tỉnh và các sự kiện gần nơi tôi sống.",
        "I agree that Department staff see my email and phone number and contact me about the "
        "province leaders' visits and events near where I live.",
    ),
    (
        "newsletter",
        False,
        "Nhận bản tin bằng ngôn ngữ của tôi",
        "Newsletters in my language",
        "Tôi muốn nhận bản tin về quê hương qua email, bằng ngôn ngữ tôi đã chọn.",
        "I would like to receive newsletters about the province by email, in the language I chose.",
    ),
    (
        "associations",
        False,
        "Chia sẻ thông tin với hội đoàn của tôi",
        "Sharing with my associations",
        "Tôi đồng ý để Sở chia sẻ họ tên và cách liên hệ của tôi với các hội đoàn mà tôi là "
        "thành viên.",
        "I agree that the Department shares my name and contact details with the associations "
        "I belong to.",
    ),
    (
        "matching",
        False,
        "Kết nối với dự án đầu tư và chương trình thiện nguyện",
        "Matching with investment and charity programmes",
        "Tôi đồng ý để Sở dùng nghề nghiệp, lĩnh vực, kỹ năng và mối quan tâm của tôi để giới "
        "thiệu các dự án đầu tư và chương trình thiện nguyện phù hợp.",
        "I agree that the Department uses my occupation, sector, skills and interests to suggest "
        "investment projects and charity programmes that suit me.",
    ),
]


def seed(apps, schema_editor):
    purpose_model = apps.get_model("registry", "ConsentPurpose")
    text_model = apps.get_model("registry", "ConsentText")
    for position, (slug, required, name_vi, name_en, text_vi, text_en) in enumerate(PURPOSES):
        purpose, _created = purpose_model.objects.update_or_create(
            slug=slug,
            defaults={"name": name_vi, "name_vi": name_vi, "name_en": name_en,
                      "required": required, "position": position},
        )
        text_model.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={"text": text_vi, "text_vi": text_vi, "text_en": text_en},
        )


def unseed(apps, schema_editor):
    slugs = [row[0] for row in PURPOSES]
    apps.get_model("registry", "ConsentText").objects.filter(purpose__slug__in=slugs).delete()
    apps.get_model("registry", "ConsentPurpose").objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_members")]

    operations = [migrations.RunPython(seed, unseed)]
