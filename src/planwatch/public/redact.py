"""Personal data out of text shown to the public: e-mail addresses, phone numbers and people's
names written the way Ukrainian documents write them ("Петренко О.М.", "О. М. Петренко",
"(Іваненко Ірина Петрівна)").

Organisation names stay: "служба у справах дітей", "КНП «Центр ПМСД»". The patterns are
deliberately narrow where a false hit would hide an organisation, and broad for contacts (an
e-mail or a phone is never part of what was done).
"""

from __future__ import annotations

import re

HIDDEN = "[…]"
_UP = "А-ЯІЇЄҐ"
_LO = "а-яіїєґ'’"
_SURNAME = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?"
_INITIAL = rf"[{_UP}]\.\s?"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(
    r"(?<!\w)(?:\+?38\s?)?(?:\(?0\d{2,4}\)?[\s-]?)\d{1,3}(?:[\s-]?\d{2}){2,3}(?!\w)"
)
# "Петренко О.М.", "Петренко О. М."
SURNAME_INITIALS_RE = re.compile(rf"\b{_SURNAME}\s+{_INITIAL}{_INITIAL}?")
# "О.М. Петренко", "О. Петренко"
INITIALS_SURNAME_RE = re.compile(rf"(?<![{_UP}{_LO}]){_INITIAL}{_INITIAL}?{_SURNAME}")
# "(Іваненко Ірина Петрівна)": three capitalised words with a patronymic ending, in brackets
FULL_NAME_RE = re.compile(
    rf"\(\s*{_SURNAME}\s+[{_UP}][{_LO}]+\s+[{_UP}][{_LO}]+(?:ович|евич|йович|івна|ївна|овна)\s*\)"
)


def redact(text: str) -> str:
    """The text with contacts and people's names replaced by "[…]"."""
    if not text:
        return ""
    for pattern in (EMAIL_RE, FULL_NAME_RE, SURNAME_INITIALS_RE, INITIALS_SURNAME_RE, PHONE_RE):
        text = pattern.sub(HIDDEN, text)
    return text
