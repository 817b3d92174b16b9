"""Finding English in the Ukrainian interface: the detector the i18n crawl uses.

What a person reads on a page is its text (outside <script>, <style>, <code>, <pre>) plus the
attributes a browser shows or speaks: title, aria-label, placeholder, alt, an <input>'s value
on a button, and the <title>. In that text an English phrase is a run of two or more words
written in Latin letters only (a word with Cyrillic in it breaks the run), once allowed words
are taken out: URLs, e-mail addresses, file names, product and format names. An element whose
whole text is one English word (a chip saying "all", a label "Email") counts too, an acronym does not.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Words that are fine in Ukrainian text: product, format and standard names, units.
ALLOWED = {
    "planwatch",
    "creative",  # the licence's name, Creative Commons
    "commons",
    "json",
    "csv",
    "api",
    "pdf",
    "xlsx",
    "docx",
    "odt",
    "ods",
    "xml",
    "html",
    "rest",
    "openapi",
    "swagger",
    "redoc",
    "word",
    "excel",
    "libreoffice",
    "calc",
    "writer",
    "microsoft",
    "google",
    "markdown",
    "tsv",
    "txt",
    "png",
    "svg",
    "zip",
    "utf",
    "ocr",
    "id",
    "url",
    "http",
    "https",
    "token",
    "bearer",
    "authorization",
    "katottg",
    "edrpou",
    "iso",
    "wcag",
    "dcat",
    "ua",
    "ukr",
    "cc",
    "mb",
    "kb",
    "gb",
    "django",
    "python",
    "github",
    "www",
    "gov",
    "data",  # data.gov.ua
    "sha",
    "wi",
    "fi",
    "wi-fi",
    "online",
    "it",
    "ok",
    "get",
    "post",
    "put",
    "patch",
    "delete",
}
# Demo and test logins shown where a login belongs (the profile, the people page).
LOGINS = {
    "admin",
    "coordinator",
    "coordinator-pishchanska",
    "coordinator-luhansk",
    "reviewer",
    "executor",
    "viewer",
    "outsider",
}

HIDDEN = {"script", "style", "code", "pre", "template", "noscript"}
SPOKEN_ATTRS = ("title", "aria-label", "placeholder", "alt", "aria-description")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Block-level elements end a text run: "Save" in one cell and "draft" in the next are not a phrase.
BLOCKS = {
    "p",
    "div",
    "li",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "option",
    "button",
    "label",
    "section",
    "header",
    "footer",
    "nav",
    "main",
    "form",
    "table",
    "ul",
    "ol",
    "summary",
    "details",
    "legend",
    "fieldset",
    "caption",
    "figcaption",
    "select",
    "textarea",
    "br",
    "a",
    "span",
    "small",
    "strong",
    "em",
    "title",
    "text",  # SVG
    "tspan",
    "desc",
    "dl",
    "article",
    "aside",
    "abbr",
}

URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|/\S*|\S+\.(?:[a-z]{2,4})\b")
WORD = re.compile(r"[A-Za-zА-Яа-яІіЇїЄєҐґ'’ʼ0-9-]+")
LATIN = re.compile(r"^[A-Za-z][A-Za-z'’-]*$")
CODE = re.compile(r"^[a-z]+(?:_[a-z]+)+$")  # a code shown as it is stored: as_needed
CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0
        self.stack: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.chunks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS:
            self._flush()
        for name in SPOKEN_ATTRS:
            if attrs.get(name):
                self.chunks.append(" ".join(attrs[name].split()))
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.chunks.append(attrs["value"])
        if tag in HIDDEN:
            self.hidden += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._flush()
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def close(self):
        super().close()
        self._flush()


def visible_texts(html: str) -> list[str]:
    """The pieces of text a person reads or hears on the page, one per block or attribute."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.chunks


def _words(text: str, allowed: set[str]) -> list[str | None]:
    """The words of a text, None for a word that is not English (Cyrillic, a number, allowed)."""
    text = URL.sub(" | ", text)
    out: list[str | None] = []
    for raw in re.split(r"(\s+|[|(){}\[\]«»\"“”„:;,.!?·—–=+*<>])", text):
        if not raw or raw.isspace():
            continue
        match = WORD.fullmatch(raw.strip("'’"))
        if not match:
            out.append(None)  # punctuation: a break when it ends a sentence or clause
            continue
        word = match.group(0)
        if CYRILLIC.search(word) or not LATIN.match(word) or word.lower() in allowed:
            out.append(None)
        else:
            out.append(word)
    return out


def english_phrases(text: str, extra_allowed: set[str] | frozenset = frozenset()) -> list[str]:
    """English phrases in one piece of text: runs of ≥2 Latin words, or the whole text being
    one English word of three letters or more (not in capitals), or a code like `as_needed`."""
    allowed = ALLOWED | LOGINS | {w.lower() for w in extra_allowed}
    words = _words(text, allowed)
    found: list[str] = []
    run: list[str] = []
    for word in [*words, None]:
        if word is None:
            if len(run) >= 2:
                found.append(" ".join(run))
            run = []
        else:
            run.append(word)
    stripped = text.strip(" .:;,!?()«»\"'")
    one_word = LATIN.match(stripped) and stripped.lower() not in allowed
    if not found and one_word and not stripped.isupper() and len(stripped) >= 3:
        found.append(stripped)  # "all", "Email"; not "CSV"
    if CODE.match(stripped):
        found.append(stripped)
    return found


def english_in_html(html: str, extra_allowed: set[str] | frozenset = frozenset()) -> list[str]:
    found: list[str] = []
    for chunk in visible_texts(html):
        found += english_phrases(chunk, extra_allowed)
    return found


# JSON keys whose values are codes or addresses, not words for people (open data, passports).
CODE_KEYS = {
    "name",
    "type",
    "identifier",
    "license_id",
    "url",
    "license_url",
    "mimetype",
    "encoding",
    "format",
    "language",
    "status",
    "dataset",
    "landing_page",
    "documentation",
    "code",
}


def english_in_json(value, extra_allowed: set[str] | frozenset = frozenset()) -> list[str]:
    """English in the strings of a JSON value (an API error's messages, a dataset passport's
    descriptions); values under `CODE_KEYS` are codes and are skipped."""
    if isinstance(value, str):
        return english_phrases(value, extra_allowed)
    if isinstance(value, dict):
        return [
            p
            for k, v in value.items()
            if k not in CODE_KEYS
            for p in english_in_json(v, extra_allowed)
        ]
    if isinstance(value, list):
        return [p for v in value for p in english_in_json(v, extra_allowed)]
    return []
