"""Date formats that differ from Django's (FORMAT_MODULE_PATH): Ukrainian prose writes the day
without a leading zero, "5 грудня 2026 р."; tables keep SHORT_DATE_FORMAT, 05.12.2026."""
