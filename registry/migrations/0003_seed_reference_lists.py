"""The interests named in the product brief and a first list of sectors, in Vietnamese and English.

Staff edit, translate and extend them afterwards; this only gives every installation a start.
"""

from django.db import migrations

INTERESTS = [
    ("investment", "Đầu tư", "Investment"),
    ("trade", "Thương mại", "Trade"),
    ("charity", "Thiện nguyện, từ thiện", "Charity"),
    ("science-technology", "Khoa học và công nghệ", "Science and technology"),
    ("education", "Giáo dục", "Education"),
    ("culture", "Văn hóa", "Culture"),
    ("tourism", "Du lịch", "Tourism"),
    ("return-visits", "Về thăm quê hương", "Visits home"),
    ("vietnamese-for-children", "Dạy tiếng Việt cho con em", "Vietnamese language for children"),
]

SECTORS = [
    ("agriculture", "Nông, lâm, thủy sản", "Agriculture, forestry and fisheries"),
    ("manufacturing", "Công nghiệp, sản xuất", "Industry and manufacturing"),
    ("construction", "Xây dựng", "Construction"),
    ("trade-retail", "Thương mại, bán lẻ", "Trade and retail"),
    ("hospitality", "Nhà hàng, khách sạn", "Restaurants and hotels"),
    ("logistics", "Vận tải, logistics", "Transport and logistics"),
    ("it", "Công nghệ thông tin", "Information technology"),
    ("finance", "Tài chính, ngân hàng", "Finance and banking"),
    ("health", "Y tế, chăm sóc sức khỏe", "Health and care"),
    ("education", "Giáo dục, đào tạo", "Education and training"),
    ("research", "Nghiên cứu khoa học", "Scientific research"),
    ("energy", "Năng lượng", "Energy"),
    ("beauty-services", "Dịch vụ làm đẹp", "Beauty services"),
    ("public-service", "Cơ quan nhà nước, tổ chức quốc tế", "Public service and international organisations"),
    ("student", "Học sinh, sinh viên", "Student"),
    ("other", "Lĩnh vực khác", "Other"),
]


def seed(apps, schema_editor):
    for model_name, rows in (("Interest", INTERESTS), ("Sector", SECTORS)):
        model = apps.get_model("registry", model_name)
        for position, (slug, name_vi, name_en) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={"name": name_vi, "name_vi": name_vi, "name_en": name_en,
                          "position": position},
            )


def unseed(apps, schema_editor):
    apps.get_model("registry", "Interest").objects.filter(slug__in=[r[0] for r in INTERESTS]).delete()
    apps.get_model("registry", "Sector").objects.filter(slug__in=[r[0] for r in SECTORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_lists")]

    operations = [migrations.RunPython(seed, unseed)]
