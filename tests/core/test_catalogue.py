"""The English catalogue is complete: every msgid has an English msgstr, none is fuzzy.

An msgid without an English msgstr shows in Chinese on an English page, and makemessages'
fuzzy guesses are left out of the .mo (docs/i18n.md). The .po is parsed here without
gettext or polib, so the test runs on machines that have neither.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "fieldsales"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")
RULE = re.compile(r"P\d+(?:\.\d+)*")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"django.po:{self.line}: {self.msgid[:40]!r}"


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file (header included, as the entry with msgid "")."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key: tuple[str, int] | None = None  # the keyword the next continuation string extends

    def current(number: int) -> Entry:
        nonlocal entry
        if entry is None:
            entry = Entry(line=number)
        return entry

    def finish() -> None:
        nonlocal entry, key
        if entry is not None:
            entries.append(entry)
        entry, key = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#,"):
            if entry is not None and entry.msgid:
                finish()
            current(number).flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgid and key is not None and key[0] == "msgstr":
                finish()
            current(number)
            continue
        if line.startswith('"'):
            assert key is not None, f"django.po:{number}: a string continues nothing"
            _append(current(number), key, ast.literal_eval(line))
            continue
        word, _, rest = line.partition(" ")
        match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", word)
        assert match, f"django.po:{number}: unexpected line {raw!r}"
        if match[1] in ("msgctxt", "msgid") and entry is not None and entry.msgstr:
            finish()
        item = current(number)
        item.obsolete = item.obsolete or obsolete
        key = (match[1], int(match[2] or 0))
        if key[0] == "msgstr":
            item.msgstr.setdefault(key[1], "")
        elif key[0] == "msgctxt":
            item.msgctxt = ""
        elif key[0] == "msgid_plural":
            item.msgid_plural = ""
        _append(item, key, ast.literal_eval(rest))
    finish()
    return entries


def _append(entry: Entry, key: tuple[str, int], value: str) -> None:
    name, index = key
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + value
    elif name == "msgid":
        entry.msgid += value
    else:
        setattr(entry, name, (getattr(entry, name) or "") + value)


def messages(entries: list[Entry]) -> list[Entry]:
    """The live entries: neither the header nor obsolete ones."""
    return [e for e in entries if e.msgid and not e.obsolete]


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def test_parser_reads_plural_multiline_fuzzy_and_obsolete_entries():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "旧"\nmsgid "新%(n)d"\nmsgstr "New %(n)d"\n\n'
        'msgid "一"\n"二"\nmsgstr ""\n"One "\n"two"\n\n'
        'msgid "%(n)s 条"\nmsgid_plural "%(n)s 条"\nmsgstr[0] "%(n)s item"\nmsgstr[1] ""\n\n'
        '#~ msgid "删"\n#~ msgstr "Gone"\n'
    )
    header, fuzzy, multi, plural, gone = parse_po(sample)
    assert (header.msgid, header.msgstr) == ("", {0: "Language: en\n"})
    assert (fuzzy.msgid, fuzzy.flags, fuzzy.msgstr) == (
        "新%(n)d",
        {"fuzzy", "python-format"},
        {0: "New %(n)d"},
    )
    assert (multi.msgid, multi.msgstr) == ("一二", {0: "One two"})
    assert (plural.msgid_plural, plural.msgstr) == ("%(n)s 条", {0: "%(n)s item", 1: ""})
    assert (gone.obsolete, gone.msgid, gone.msgstr) == (True, "删", {0: "Gone"})
    assert messages([header, fuzzy, multi, plural, gone]) == [fuzzy, multi, plural]


def test_i18n_catalogue_has_no_untranslated_entry(entries):
    live = messages(entries)
    assert len(live) > 500  # the parser read the file
    empty = [e.where for e in live if not e.msgstr or not all(e.msgstr.values())]
    assert empty == []


def test_i18n_catalogue_has_no_fuzzy_entry(entries):
    header = [e for e in entries if not e.msgid]
    assert len(header) == 1
    assert [e.where for e in messages(entries) if "fuzzy" in e.flags] == []
    assert "fuzzy" not in header[0].flags


def test_i18n_catalogue_keeps_no_obsolete_entry(entries):
    """makemessages runs with --no-obsolete (docs/i18n.md): no dead #~ entries pile up."""
    assert [e.where for e in entries if e.obsolete] == []


def test_i18n_english_keeps_every_placeholder_and_rule_number(entries):
    wrong = []
    for e in messages(entries):
        for text in e.msgstr.values():
            if sorted(set(PLACEHOLDER.findall(text))) != sorted(set(PLACEHOLDER.findall(e.msgid))):
                wrong.append(("placeholder", e.where, text))
            if not set(RULE.findall(e.msgid)) <= set(RULE.findall(text)):
                wrong.append(("rule", e.where, text))
    assert wrong == []


def test_i18n_compiled_catalogue_matches_the_po(entries):
    """The committed .mo was compiled from the committed .po (CI may have no msgfmt)."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in messages(entries):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            got = {0: catalogue._catalog.get(key)}  # type: ignore[attr-defined]
        else:
            got = {n: catalogue._catalog.get((key, n)) for n in e.msgstr}  # type: ignore[attr-defined]
        if got != e.msgstr:
            stale.append(e.where)
    assert stale == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext (xgettext)")
def test_i18n_catalogue_covers_every_string_in_the_source(tmp_path):
    """makemessages on a copy of the package finds no msgid the committed .po lacks."""
    copy = tmp_path / "fieldsales"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    env = {
        **os.environ,
        "PYTHONPATH": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "fieldsales.settings",
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "en", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = messages(parse_po((copy / PO.relative_to(PACKAGE)).read_text(encoding="utf-8")))
    assert [e.where for e in fresh if "fuzzy" in e.flags or not all(e.msgstr.values())] == []
    committed = {(e.msgctxt, e.msgid) for e in messages(parse_po(PO.read_text(encoding="utf-8")))}
    assert sorted(m for _, m in committed - {(e.msgctxt, e.msgid) for e in fresh}) == []


@pytest.mark.django_db
def test_i18n_english_page_shows_the_new_strings(client, cast):
    client.force_login(cast["sales1"])
    client.cookies["django_language"] = "en"
    page = client.get("/account/password/").content.decode()
    assert "Change password" in page
    assert "修改密码" not in page


@pytest.mark.django_db
def test_i18n_english_api_message_keeps_its_placeholders(api):
    from helpers import days_from_today

    response = api("sales1").post(
        "/api/trips/",
        {
            "purpose": "customer_visit",
            "destinations": [{"province": "浙江", "city": "杭州"}],
            "depart": days_from_today(400),
            "return": days_from_today(401),
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    message = str(response.data["depart"][0])
    assert message.startswith("Trip dates must be between ")
    assert "(within one year)" in message
    assert "%(" not in message


def test_i18n_new_strings_read_in_english():
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("预支已作废") == "Advance voided"
        assert (
            translation.gettext("只有审批中的报销单可以%(what)s")
            % {"what": translation.gettext("调整金额（P9）")}
        ) == "Amount adjustment (P9): only while the expense claim is in approval"
        assert (
            translation.ngettext("导入这 %(n)s 个客户", "导入这 %(n)s 个客户", 1) % {"n": 1}
        ) == "Import this 1 customer"
