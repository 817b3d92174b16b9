# Ukrainian prose dates: "5 грудня 2026 р." (Django's own has "05 грудня 2026 р.").
DATE_FORMAT = "j E Y р."
DATETIME_FORMAT = "j E Y р., H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
