"""Vietnamese formats where Django's read wrongly in a sentence.

Django writes a date "Ngày 10 tháng 11 năm 2026", capitalised and with its own "Ngày", so
"Đã kết thúc ngày {date}" read "… ngày Ngày 10 …"; and it groups no digits ("1450000000 VND").
"""

from django.conf.locale.vi.formats import *  # noqa: F403

DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"  # 10 tháng 11 năm 2026
DATETIME_FORMAT = r"j \t\há\n\g n \nă\m Y, H:i"  # 10 tháng 11 năm 2026, 09:30
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3  # 1.450.000.000
