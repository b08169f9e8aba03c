"""Write the format cases of this folder (see README.md): ``python corpora/formats/make_cases.py``.

Every case is made of the same eight hand-written Arabic sentences and their English
translations, with the faults listed in each case's ``expected.json`` put in on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

AR = [
    "أعلنت وزارة الصحة اليوم عن افتتاح ثلاثة مستشفيات جديدة في العاصمة.",
    "يتسع كل مستشفى لنحو 250 سريرًا.",
    "وقال الوزير إن المشروع استغرق أربع سنوات من العمل المتواصل.",
    "وستبدأ المستشفيات باستقبال المرضى في الأول من مارس.",
    "ويمكن للمواطنين حجز المواعيد عبر الموقع الإلكتروني للوزارة.",
    "كما خصصت الوزارة خطًا ساخنًا للاستفسارات على مدار الساعة.",
    "ودعا الوزير المواطنين إلى الالتزام بإرشادات الوقاية من العدوى.",
    "وأشار إلى أن تكلفة المشروع بلغت 120 مليون دولار.",
]
EN = [
    "The Ministry of Health today announced the opening of three new hospitals in the capital.",
    "Each hospital can hold about 250 beds.",
    "The minister said the project took four years of continuous work.",
    "The hospitals will start receiving patients on 1 March.",
    "Citizens can book appointments through the ministry's website.",
    "The ministry has also set up a hotline for enquiries around the clock.",
    "The minister urged citizens to follow the infection prevention guidelines.",
    "He noted that the project cost 120 million dollars.",
]
UNRELATED = "The football team won the championship after a dramatic final match."


def write(case: str, name: str, text: str) -> None:
    (HERE / case).mkdir(exist_ok=True)
    (HERE / case / name).write_text(text, encoding="utf-8", newline="\n")


def expect(case: str, args: list[str], exit_code: int, findings: list[dict], note: str) -> None:
    write(case, "expected.json", json.dumps(
        {"args": args, "exit_code": exit_code, "findings": findings, "note": note}, ensure_ascii=False, indent=1) + "\n")


def po_id(text: str) -> str:
    """A PO unit id as aligncheck shows it: ``msgctxt|msgid`` cut to 40 code points."""
    return text if len(text) <= 40 else text[:39] + "…"


def po() -> None:
    en = list(EN)
    en[2] = ""
    en[7] = en[7].replace("120", "210")
    out = ['# Hospitals news strings: Arabic source, English translation', 'msgid ""', 'msgstr ""',
           '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: en\\n"', ""]
    for k, (a, e) in enumerate(zip(AR, en), 1):
        out += [f"#: news.py:{k * 10}", f'msgctxt "p{k}"', f'msgid "{a}"', f'msgstr "{e}"', ""]
    write("po", "news.po", "\n".join(out))
    # entry k: msgid on line 6 + 5 (k - 1) + 3
    expect("po", ["news.po"], 1, [
        {"check": "empty_target", "severity": "error", "unit": po_id(f"p3|{AR[2]}"), "src_line": 19},
        {"check": "numbers", "severity": "error", "unit": po_id(f"p8|{AR[7]}"), "src_line": 44},
    ], "msgstr of p3 left empty; p8 says 210 million for 120")


def xliff12() -> None:
    en = list(EN)
    en[4] = UNRELATED
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
           '<file original="news.txt" source-language="ar" target-language="en" datatype="plaintext">', "<body>"]
    for k, (a, e) in enumerate(zip(AR, en), 1):
        out.append(f'<trans-unit id="p{k}">')
        out.append(f"<source>{escape(a)}</source>")
        if k != 7:
            out.append(f"<target>{escape(e)}</target>")
        out.append("</trans-unit>")
    out += ["</body>", "</file>", "</xliff>"]
    write("xliff12", "news.xlf", "\n".join(out) + "\n")
    # unit k's <source> is on line 6 + 4 (k - 1) (unit 7 has no <target> line)
    expect("xliff12", ["news.xlf"], 1, [
        {"check": "mismatch", "severity": "error", "unit": "p5", "src_line": 22},
        {"check": "empty_target", "severity": "error", "unit": "p7", "src_line": 30},
    ], "p5's target is another text; p7 has no <target>")


def xliff20() -> None:
    en = list(EN)
    en[1] = AR[1]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ar" trgLang="en">',
           '<file id="news">']
    for k, (a, e) in enumerate(zip(AR, en), 1):
        out += [f'<unit id="p{k}"><segment>', f"<source>{escape(a)}</source>", f"<target>{escape(e)}</target>",
                "</segment></unit>"]
    out += ["</file>", "</xliff>"]
    write("xliff20", "news.xlf", "\n".join(out) + "\n")
    expect("xliff20", ["news.xlf"], 1, [
        {"check": "untranslated", "severity": "error", "unit": "p2", "src_line": 9},
    ], "p2's target is the Arabic source, copied")


def catalogs() -> None:
    ar = {"news": {f"p{k}": a for k, a in enumerate(AR, 1)}}
    en = {"news": {f"p{k}": e for k, e in enumerate(EN, 1) if k != 6}, "footer": "Contact us by phone."}
    write("json", "ar.json", json.dumps(ar, ensure_ascii=False, indent=2) + "\n")
    write("json", "en.json", json.dumps(en, ensure_ascii=False, indent=2) + "\n")
    expect("json", ["ar.json", "en.json"], 1, [
        {"check": "missing_key", "severity": "error", "unit": "news.p6", "src_line": 8},
        {"check": "extra_key", "severity": "warning", "unit": "footer", "tgt_line": 11},
    ], "news.p6 is missing from en.json; footer is only in en.json")
    en_y = list(EN)
    en_y[3] = ""
    en_y[1] = en_y[1].replace("250", "25")
    write("yaml", "ar.yml", "ar:\n  news:\n" + "".join(f"    p{k}: \"{a}\"\n" for k, a in enumerate(AR, 1)))
    write("yaml", "en.yml", "en:\n  news:\n" + "".join(f"    p{k}: \"{e}\"\n" for k, e in enumerate(en_y, 1)))
    expect("yaml", ["ar.yml", "en.yml"], 1, [
        {"check": "numbers", "severity": "error", "unit": "news.p2", "src_line": 4},
        {"check": "empty_target", "severity": "error", "unit": "news.p4", "src_line": 6},
    ], "news.p2 says 25 beds for 250; news.p4 is empty in en.yml")


def properties() -> None:
    ar = list(AR)
    ar[1] = "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in AR[1])  # as a Latin-1-era bundle writes it
    cut = AR[2].index("استغرق")
    ar[2] = AR[2][:cut] + "\\\n    " + AR[2][cut:]  # one entry continued on the next line
    en = list(EN)
    en[7] = en[7].replace("120", "210")
    head = "# Hospitals news strings ({}), Java resource bundle\n\n"
    write("properties", "messages_ar.properties",
          head.format("Arabic source") + "".join(f"news.p{k} = {a}\n" for k, a in enumerate(ar, 1)))
    write("properties", "messages_en.properties",
          head.format("English") + "".join(f"news.p{k}: {e}\n" for k, e in enumerate(en, 1) if k != 6))
    # Arabic entry k starts on line 2 + k (k <= 3), 3 + k after the continued entry 3
    expect("properties", ["messages_ar.properties", "messages_en.properties"], 1, [
        {"check": "missing_key", "severity": "error", "unit": "news.p6", "src_line": 9},
        {"check": "numbers", "severity": "error", "unit": "news.p8", "src_line": 11},
    ], "news.p6 is missing from the English bundle; news.p8 says 210 million for 120; "
       "news.p2 (\\u escapes) and news.p3 (continued line) are read whole")


def tables() -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "ar", "en"])
    for k, (a, e) in enumerate(zip(AR, EN), 1):
        w.writerow([f"p{k}", a, e])
    write("csv", "news.csv", buf.getvalue())
    expect("csv", ["news.csv"], 0, [], "a clean two-column table with a header")
    en = list(EN)
    en[6] = UNRELATED
    write("tsv", "news.tsv", "".join(f"{a}\t{e}\n" for a, e in zip(AR, en)))
    expect("tsv", ["news.tsv"], 1, [
        {"check": "mismatch", "severity": "error", "unit": "7", "src_line": 7},
    ], "no header: column 1 Arabic, column 2 English; row 7's English is another text")


def subtitles() -> None:
    def srt(lines, skip=()):
        out = []
        n = 0
        for k, t in enumerate(lines):
            if k in skip:
                continue
            n += 1
            out += [str(n), f"00:00:{2 * k:02d},000 --> 00:00:{2 * k + 1:02d},500", t, ""]
        return "\n".join(out)

    write("srt", "ar.srt", srt(AR))
    write("srt", "en.srt", srt(EN, skip={4}))
    expect("srt", ["ar.srt", "en.srt"], 1, [
        {"check": "omission", "severity": "error", "unit": "5", "src_line": 19},
    ], "the English drops cue 5")

    def vtt(lines, tag):
        out = ["WEBVTT", "", "NOTE hand-made case", ""]
        for k, t in enumerate(lines):
            out += [f"cue-{k + 1}", f"00:00:{2 * k:02d}.000 --> 00:00:{2 * k + 1:02d}.500", f"<{tag}>{t}</{tag}>", ""]
        return "\n".join(out)

    write("vtt", "ar.vtt", vtt(AR, "i"))
    write("vtt", "en.vtt", vtt(EN, "b"))
    expect("vtt", ["ar.vtt", "en.vtt"], 0, [], "a clean pair; cue tags are not text")


def markdown() -> None:
    def page(s, title, comment, link):
        return (f"---\ntitle: {title}\nlayout: news\n---\n\n# {s[0]}\n\n{s[1]} {s[2]}\n\n"
                f"```sh\n# {comment}\ncurl https://example.org/api/v2 --retry 3\n```\n\n"
                f"- {s[3]}\n- {s[4]} {link}\n- {s[5]}\n\n<blockquote>\n<p>{s[6]}</p>\n</blockquote>\n\n"
                f"| {s[7]} |\n|---|\n")

    write("markdown", "ar.md", page(AR, "افتتاح ثلاثة مستشفيات جديدة", "اطلب الواجهة البرمجية",
                                    "[الموقع](https://health.example.org/book)"))
    write("markdown", "en.md", page(EN, "Three new hospitals open", "call the API", "(the website)"))
    expect("markdown", ["ar.md", "en.md"], 0, [
        {"check": "tokens", "severity": "warning", "unit": None, "src_line": 16},
    ], "the English list item lost its link; the front matter's title and the quote in HTML are text; the code block "
       "is the same apart from its translated comment")


def po_placeholders() -> None:
    """English -> Arabic UI strings with format flags: faults in printf codes, tags and one
    plural form that spells its number (a warning, not an error)."""
    entries = [
        ("c-format", "%d files were deleted.", "تم حذف %d ملفات."),
        ("c-format", "%1$s sent %2$s a message.", "أرسل %١$s رسالة إلى %2$s."),
        ("python-format", "Welcome back, %(name)s!", "مرحبا بعودتك، %(الاسم)s!"),
        ("no-c-format", "Type %s in the box to search.", "اكتب النص في المربع للبحث."),
        (None, "Open <b>Settings</b> to continue.", "افتح <b>الإعدادات</b> للمتابعة."),
        (None, 'Click <a href="/help">here</a> for help.', "انقر هنا للحصول على المساعدة."),
    ]
    out = ["# Arabic translation of a file manager", 'msgid ""', 'msgstr ""',
           '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: ar\\n"',
           '"Plural-Forms: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;\\n"', ""]
    line_of = {}
    for k, (flag, en, ar) in enumerate(entries, 1):
        out.append(f"#: files.c:{k * 10}")
        if flag:
            out.append(f"#, {flag}")
        line_of[en] = len(out) + 1
        out += [f'msgid "{escape_po(en)}"', f'msgstr "{escape_po(ar)}"', ""]
    out += ["#, c-format"]
    plural_line = len(out) + 1
    out += ['msgid "%d folder was moved to the archive."', 'msgid_plural "%d folders were moved to the archive."']
    forms = ["تم نقل %d مجلد إلى الأرشيف.", "تم نقل %d مجلد إلى الأرشيف.", "تم نقل %d مجلد إلى الأرشيف.",
             "تم نقل %d مجلدات إلى الأرشيف.", "تم نقل %d مجلدًا إلى الأرشيف.", "تم نقل %d مجلد إلى الأرشيف."]
    out += [f'msgstr[{n}] "{f}"' for n, f in enumerate(forms)] + [""]
    write("po-placeholders", "files.po", "\n".join(out))
    expect("po-placeholders", ["files.po", "--source-lang", "en", "--target-lang", "ar"], 1, [
        {"check": "placeholders", "severity": "error", "unit": po_id(entries[1][1]), "src_line": line_of[entries[1][1]]},
        {"check": "placeholders", "severity": "error", "unit": po_id(entries[2][1]), "src_line": line_of[entries[2][1]]},
        {"check": "placeholders", "severity": "error", "unit": po_id(entries[5][1]), "src_line": line_of[entries[5][1]]},
    ], "%1$s written with an Arabic-Indic digit; %(name)s translated; the <a> link dropped; six Arabic plural "
       "forms of a two-form English message are right; the %s of a no-c-format entry is text")


def escape_po(text: str) -> str:
    """A PO string body: backslashes and double quotes escaped."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def xliff_codes() -> None:
    """XLIFF 1.2, English -> Arabic, with inline codes and a length limit."""
    units = [
        ("u1", 'Press <g id="1">Save</g> to keep your changes.', 'اضغط <g id="1">حفظ</g> للاحتفاظ بتغييراتك.', ""),
        ("u2", 'First line.<x id="2"/>Second line.', "السطر الأول. السطر الثاني.", ""),
        ("u3", 'Hello <ph id="3">{name}</ph>, welcome back.', 'مرحبا <ph id="4">{name}</ph>، أهلا بعودتك.', ""),
        ("u4", "Cancel", "إلغاء العملية الحالية", ' maxwidth="12" size-unit="char"'),
        ("u5", '<bpt id="5">&lt;b&gt;</bpt>Important<ept id="5">&lt;/b&gt;</ept> notice',
         '<bpt id="5">&lt;b&gt;</bpt>إشعار مهم', ""),
        ("u6", "Delete", "حذف", ' maxwidth="10" size-unit="char"'),
    ]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
           '<file original="ui.properties" source-language="en" target-language="ar" datatype="plaintext">', "<body>"]
    src_line = {}
    for uid, en, ar, attrs in units:
        out.append(f'<trans-unit id="{uid}"{attrs}>')
        src_line[uid] = len(out) + 1
        out += [f"<source>{en}</source>", f"<target>{ar}</target>", "</trans-unit>"]
    out += ["</body>", "</file>", "</xliff>"]
    write("xliff-codes", "ui.xlf", "\n".join(out) + "\n")
    expect("xliff-codes", ["ui.xlf", "--source-lang", "en", "--target-lang", "ar"], 1, [
        {"check": "placeholders", "severity": "error", "unit": "u2", "src_line": src_line["u2"]},
        {"check": "placeholders", "severity": "error", "unit": "u3", "src_line": src_line["u3"]},
        {"check": "length", "severity": "warning", "unit": "u4", "src_line": src_line["u4"]},
        {"check": "placeholders", "severity": "error", "unit": "u5", "src_line": src_line["u5"]},
    ], "u2 lost its <x/>; u3's <ph> has another id; u4 is 21 characters for a maxwidth of 12; u5 lost its <ept>")


def json_icu() -> None:
    """English -> Arabic i18n catalogs with ICU MessageFormat and i18next placeholders."""
    en = {
        "files": "{count, plural, one {# file} other {# files}}",
        "invites": "{host} invited {count, plural, one {# guest} other {# guests}}",
        "greeting": "Hello {{user}}!",
        "reply": "{gender, select, male {He replied} female {She replied} other {They replied}}",
        "welcome": "Welcome back, {{user}}.",
    }
    ar = {
        "files": "{count, plural, one {ملف واحد} two {ملفان} few {# ملفات} many {# ملفًا} other {# ملف}}",
        "invites": "دعا {host} {count, plural, واحد {ضيفًا واحدًا} أخرى {# ضيوف}}",
        "greeting": "مرحبا {{المستخدم}}!",
        "reply": "{gender, select, male {ردّ} other {ردّوا}}",
        "welcome": "مرحبا بعودتك، {{user}}.",
    }
    write("json-icu", "en.json", json.dumps(en, ensure_ascii=False, indent=2) + "\n")
    write("json-icu", "ar.json", json.dumps(ar, ensure_ascii=False, indent=2) + "\n")
    line = {k: n for n, k in enumerate(en, 2)}
    expect("json-icu", ["en.json", "ar.json", "--source-lang", "en", "--target-lang", "ar"], 1, [
        {"check": "placeholders", "severity": "error", "unit": "invites", "src_line": line["invites"]},
        {"check": "placeholders", "severity": "error", "unit": "invites", "src_line": line["invites"]},
        {"check": "placeholders", "severity": "error", "unit": "greeting", "src_line": line["greeting"]},
        {"check": "placeholders", "severity": "error", "unit": "reply", "src_line": line["reply"]},
    ], "invites: plural keywords translated (واحد, أخرى) and no 'other'; greeting: {{user}} translated; "
       "reply: the select lost its 'female' branch; files: five Arabic plural branches, two spelling the number, are right")


GLOSSARY = """ar,en,forbidden,dnt,note
وزارة الصحة,Ministry of Health,Health Ministry,,official name
مستشفى,hospital,,,
الوزارة,ministry,,,
الوزير,minister,secretary,,
خط ساخن,hotline,,,
العدوى,infection,contagion,,
"""


def glossary() -> None:
    """The news pair with a glossary whose Arabic terms occur with clitics and in other forms:
    بالوزارة/للوزارة, المستشفيات (plural), خطًا ساخنًا (accusative)."""
    en = list(EN)
    en[5] = en[5].replace("hotline", "helpline")
    en[6] = en[6].replace("The minister", "The secretary")
    write("glossary", "ar.txt", "\n".join(AR) + "\n")
    write("glossary", "en.txt", "\n".join(en) + "\n")
    write("glossary", "terms.csv", GLOSSARY)
    expect("glossary", ["ar.txt", "en.txt", "--glossary", "terms.csv"], 0, [
        {"check": "terminology", "severity": "warning", "unit": None, "src_line": 6},
        {"check": "terminology", "severity": "warning", "unit": None, "src_line": 7},
        {"check": "terminology", "severity": "warning", "unit": None, "src_line": 7},
    ], "line 6: خطًا ساخنًا should be hotline, the English says helpline; line 7: الوزير should be minister, "
       "the English says secretary (also a forbidden translation); every other term is found through its clitics "
       "(للوزارة, المستشفيات, العدوى)")


if __name__ == "__main__":
    properties()
    po(); xliff12(); xliff20(); catalogs(); tables(); subtitles(); markdown()
    po_placeholders(); xliff_codes(); json_icu(); glossary()
