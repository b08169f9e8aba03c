"""Unit tests of aligncheck.segment. Texts are literals (copied from /work/shared/cases)."""

from __future__ import annotations

import sys

import pytest

from aligncheck import segment
from aligncheck.errors import ConfigError
from aligncheck.segment import blank_line_before, embedding_text, segment_text

# Rule table: (id, lang, line, expected sentences). bench/segmenters.py reads this table too,
# so its "rules passed" column counts exactly these cases.
RULE_CASES = [
    ("ar-question", "ar", "هل ستفتح المكتبة؟ نعم ستفتح غدًا.", ["هل ستفتح المكتبة؟", "نعم ستفتح غدًا."]),
    ("ar-full-stop", "ar", "ذهب إلى السوق. ثم عاد إلى البيت.", ["ذهب إلى السوق.", "ثم عاد إلى البيت."]),
    ("ar-exclamation", "ar", "يا له من يوم! سنعود غدًا.", ["يا له من يوم!", "سنعود غدًا."]),
    ("ar-latin-question", "ar", "هل جاء? نعم جاء.", ["هل جاء?", "نعم جاء."]),
    ("ar-ellipsis", "ar", "انتظر قليلًا… ثم ذهب إلى البيت.", ["انتظر قليلًا…", "ثم ذهب إلى البيت."]),
    ("ar-comma", "ar", "نعم، ستفتح من العاشرة صباحًا، وتغلق مساءً.", ["نعم، ستفتح من العاشرة صباحًا، وتغلق مساءً."]),
    ("ar-semicolon", "ar", "ستفتح حتى الرابعة مساءً؛ لكنها ستغلق يوم السبت.", ["ستفتح حتى الرابعة مساءً؛ لكنها ستغلق يوم السبت."]),
    (
        "ar-guillemets",
        "ar",
        "وقال في مؤتمر صحفي: «لا داعي لتوقع أي بيانات.» ثم غادر القاعة.",
        ["وقال في مؤتمر صحفي: «لا داعي لتوقع أي بيانات.»", "ثم غادر القاعة."],
    ),
    ("ar-doctor", "ar", "قدمت د. سلمى يوسف نتائج الدراسة.", ["قدمت د. سلمى يوسف نتائج الدراسة."]),
    ("ar-engineer", "ar", "قال م. أحمد إن المشروع اكتمل.", ["قال م. أحمد إن المشروع اكتمل."]),
    ("ar-page", "ar", "انظر ص. ١٢ من التقرير.", ["انظر ص. ١٢ من التقرير."]),
    ("ar-hijri", "ar", "ولد عام ١٢٠٠ ه. في مكة المكرمة.", ["ولد عام ١٢٠٠ ه. في مكة المكرمة."]),
    ("ar-decimal-indic", "ar", "بلغ السعر ٣٫٧٥ دينار للتر.", ["بلغ السعر ٣٫٧٥ دينار للتر."]),
    ("ar-decimal", "ar", "بلغ السعر 3.75 دولار للتر.", ["بلغ السعر 3.75 دولار للتر."]),
    ("en-us", "en", "Researchers from the U.S. Geological Survey took part.", ["Researchers from the U.S. Geological Survey took part."]),
    ("en-dr", "en", "Dr. Salma Youssef presented the results.", ["Dr. Salma Youssef presented the results."]),
    ("en-mr-mrs", "en", "Mr. and Mrs. Smith arrived late.", ["Mr. and Mrs. Smith arrived late."]),
    ("en-am-pm", "en", "Open from 10 a.m. to 4 p.m. every day.", ["Open from 10 a.m. to 4 p.m. every day."]),
    ("en-vol-no", "en", "It appeared in a journal (Vol. 12, No. 3).", ["It appeared in a journal (Vol. 12, No. 3)."]),
    ("en-eg-ie", "en", "Fruit, e.g. apples, i.e. the red ones, is good.", ["Fruit, e.g. apples, i.e. the red ones, is good."]),
    ("en-inc-st", "en", "Acme Inc. moved to Main St. last year.", ["Acme Inc. moved to Main St. last year."]),
    ("en-initials", "en", "J. K. Rowling wrote the books.", ["J. K. Rowling wrote the books."]),
    (
        "ar-enumeration",
        "ar",
        "التاريخ المرضي: (1) السفر إلى المدينة؛ (2) التواصل مع المصابين؛ (3) غير ذلك.",
        ["التاريخ المرضي: (1) السفر إلى المدينة؛ (2) التواصل مع المصابين؛ (3) غير ذلك."],
    ),
    ("en-decimal", "en", "The price rose to 3.75 dollars. Sales fell.", ["The price rose to 3.75 dollars.", "Sales fell."]),
    (
        "en-curly-quotes",
        "en",
        "He said: “We will not comment.” Then he left.",
        ["He said: “We will not comment.”", "Then he left."],
    ),
    ("en-question", "en", "Will it open on Friday? Yes, at 10 a.m.", ["Will it open on Friday?", "Yes, at 10 a.m."]),
    # post2 (issue 12): sentences inside quotations, quote marks around breaks, names and abbreviations
    (
        "en-inside-quote",
        "en",
        'He said: "We are ready. The team is strong." Then he left.',
        ['He said: "We are ready.', 'The team is strong."', "Then he left."],
    ),
    (
        "ar-inside-quote",
        "ar",
        'وقال: "نحن مستعدون. الفريق قوي." ثم غادر.',
        ['وقال: "نحن مستعدون.', 'الفريق قوي."', "ثم غادر."],
    ),
    (
        "en-close-then-open-quote",
        "en",
        'Flake said: "It was told." "We need a deal. We want the best deal," he said.',
        ['Flake said: "It was told."', '"We need a deal.', 'We want the best deal," he said.'],
    ),
    (
        "ar-close-then-open-quote",
        "ar",
        'وقال "نحتاج إلى صفقة." "نريد أفضل صفقة. نريد صفقة عادلة"، قال.',
        ['وقال "نحتاج إلى صفقة."', '"نريد أفضل صفقة.', 'نريد صفقة عادلة"، قال.'],
    ),
    (
        "en-unbalanced-quote",
        "en",
        '"Do you think he is telling the truth? He was told, "you have power." Flake said so.',
        ['"Do you think he is telling the truth?', 'He was told, "you have power."', "Flake said so."],
    ),
    (
        "ar-unbalanced-quote",
        "ar",
        '"هل تعتقدون أنه يقول الحقيقة؟ وتم إخباره، "لديك السلطة." قال فليك ذلك.',
        ['"هل تعتقدون أنه يقول الحقيقة؟', 'وتم إخباره، "لديك السلطة."', "قال فليك ذلك."],
    ),
    (
        "en-closing-quotes-stay",
        "en",
        'He was told, "you have power when women are powerless."" Flake said so.',
        ['He was told, "you have power when women are powerless.""', "Flake said so."],
    ),
    (
        "ar-closing-quotes-stay",
        "ar",
        'قالوا "هذه بداية النهاية." "أعتقد أنها مزحة".',
        ['قالوا "هذه بداية النهاية."', '"أعتقد أنها مزحة".'],
    ),
    ("ar-dr-transliterated", "ar", "منتجات ريفلون ودي آر. بوبو لأول مرة.", ["منتجات ريفلون ودي آر. بوبو لأول مرة."]),
    ("ar-roe-v-wade", "ar", "قد تحدد مستقبل روي في. واد والهجرة.", ["قد تحدد مستقبل روي في. واد والهجرة."]),
    ("en-roe-v-wade", "en", "It could decide the future of Roe v. Wade and more.", ["It could decide the future of Roe v. Wade and more."]),
    ("en-et-al", "en", "The chart of Zhou et al. should be updated.", ["The chart of Zhou et al. should be updated."]),
    ("en-name-al", "en", "Psst. Al. Al! Come here.", ["Psst.", "Al.", "Al!", "Come here."]),
    ("en-sens", "en", "He asked Republican Sens. John Kennedy and Lindsey Graham.", ["He asked Republican Sens. John Kennedy and Lindsey Graham."]),
    ("en-question-she-asked", "en", '"Why?" she asked. He smiled.', ['"Why?" she asked.', "He smiled."]),
    (
        "en-lowercase-dialogue",
        "en",
        "are you having a fever now? and are you coughing?",
        ["are you having a fever now?", "and are you coughing?"],
    ),
    (
        "ar-question-she-asked",
        "ar",
        '"هل يعتقدون أنني أحصل على خصم؟" تساءلت. ثم غادرت.',
        ['"هل يعتقدون أنني أحصل على خصم؟" تساءلت.', "ثم غادرت."],
    ),
    (
        "en-initial-before-opener",
        "en",
        "It binds to a different part of S. There are other receptors.",
        ["It binds to a different part of S.", "There are other receptors."],
    ),
    ("ar-latin-initial-then-arabic", "ar", "ضمن بروتين S. وفقًا لدراسة حديثة.", ["ضمن بروتين S.", "وفقًا لدراسة حديثة."]),
    ("en-initialism-before-opener", "en", "He moved to the U.S. The move was quick.", ["He moved to the U.S.", "The move was quick."]),
]


@pytest.mark.parametrize("case_id, lang, line, expected", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_rule_cases(case_id, lang, line, expected):
    assert [s.text for s in segment_text(line, lang)] == expected


# --- cases from /work/shared/cases (copied as literals) ---------------------------------------

BC24_AR = (
    "قدمت د. سلمى يوسف نتائج الدراسة في الساعة ٩ صباحًا.\n"
    "وشارك في الدراسة باحثون من هيئة المسح الجيولوجي الأمريكية وجامعات أخرى.\n"
    "ونشرت النتائج في مجلة علمية محكمة (المجلد ١٢، العدد ٣).\n"
)
BC24_EN = (
    "Dr. Salma Youssef presented the results of the study at 9 a.m.\n"
    "Researchers from the U.S. Geological Survey and other universities took part in the study.\n"
    "The results appeared in a peer-reviewed scientific journal (Vol. 12, No. 3).\n"
)
BC26_AR = (
    "هل ستفتح المكتبة يوم الجمعة؟ نعم، ستفتح من العاشرة صباحًا حتى الرابعة مساءً؛ لكنها ستغلق يوم السبت للصيانة.\n"
    "ما الخدمات المتاحة؟ الإعارة، والطباعة، وقاعات الدراسة.\n"
)
BC26_EN = (
    "Will the library be open on Friday? Yes, from 10 a.m. to 4 p.m., but it will close on Saturday for maintenance.\n"
    "What services are available? Lending, printing and study rooms.\n"
)
BC28_AR = (
    "# سياسة الخصوصية\n\n## جمع البيانات\nنجمع عنوان البريد الإلكتروني عند التسجيل فقط.\n\n"
    "## مشاركة البيانات\nلا نشارك بياناتك مع أي طرف ثالث.\n"
)
BC28_EN = (
    "# Privacy Policy\n\n## Data Collection\nWe collect your email address only when you register.\n\n"
    "## Data Sharing\nWe do not share your data with any third party.\n"
)
BC03_AR = (
    "تعمل البلدية على توسيع شبكة الحافلات في المدينة.\n\n\nوستضاف خمسة خطوط جديدة قبل نهاية العام.\n\n"
    "وقال المسؤولون إن الأجرة لن تتغير.\n\n\n\nويمكن للركاب الاطلاع على الجداول عبر التطبيق.\n\n\n\n"
)
BC03_EN = (
    "The municipality is expanding the city's bus network.\nFive new lines will be added before the end of the year.\n"
    "Officials said fares will not change.\nPassengers can check the timetables in the app.\n"
)
BC12_AR = (
    "أطلقت المدينة حملة لتنظيف الشواطئ شارك فيها مئات المتطوعين الذين جمعوا أكثر من طنين من النفايات "
    "البلاستيكية خلال يومين.\nوستتكرر الحملة في الربيع المقبل.\n"
)
BC12_EN = (
    "The city launched a beach clean-up campaign with hundreds of volunteers.\n"
    "They collected more than two tonnes of plastic waste in two days.\nThe campaign will be repeated next spring.\n"
)

CASES = [
    ("BC-24", BC24_AR, BC24_EN, 3, 3),
    ("BC-26", BC26_AR, BC26_EN, 4, 4),
    ("BC-28", BC28_AR, BC28_EN, 5, 5),
    ("BC-03", BC03_AR, BC03_EN, 4, 4),
    ("BC-12", BC12_AR, BC12_EN, 2, 3),
]


@pytest.mark.parametrize("name, ar, en, n_ar, n_en", CASES, ids=[c[0] for c in CASES])
def test_case_counts(name, ar, en, n_ar, n_en):
    segs_ar = segment_text(ar, "ar")
    segs_en = segment_text(en, "en")
    assert len(segs_ar) == n_ar
    assert len(segs_en) == n_en
    for text, segs in ((ar, segs_ar), (en, segs_en)):
        for i, s in enumerate(segs):
            assert s.index == i
            assert s.text and s.text == text[s.start : s.end]
            assert s.text == s.text.strip()


def test_bc26_never_splits_at_arabic_comma_or_semicolon():
    texts = [s.text for s in segment_text(BC26_AR, "ar")]
    assert texts[0].endswith("؟") and texts[2].endswith("؟")
    assert "؛" in texts[1] and "،" in texts[3]


def test_bc28_headings_kept_as_written():
    segs = segment_text(BC28_AR, "ar")
    assert segs[0].text == "# سياسة الخصوصية"
    assert segs[1].text == "## جمع البيانات"
    assert [s.line for s in segs] == [1, 3, 4, 6, 7]
    assert [s.paragraph for s in segs] == [0, 1, 2, 3, 4]
    assert blank_line_before(BC28_AR, segs) == (False, True, False, True, False)


def test_bc03_blank_lines():
    segs = segment_text(BC03_AR, "ar")
    assert [s.line for s in segs] == [1, 4, 6, 10]
    assert [s.paragraph for s in segs] == [0, 1, 2, 3]
    assert blank_line_before(BC03_AR, segs) == (False, True, True, True)
    assert blank_line_before(BC03_EN, segment_text(BC03_EN, "en")) == (False,) * 4


# --- line endings, offsets, blank content -----------------------------------------------------


@pytest.mark.parametrize("mode", ["sentences", "lines"])
@pytest.mark.parametrize("text", [BC03_AR, BC28_EN, BC26_AR, BC24_EN])
def test_crlf_and_cr_same_as_lf(text, mode):
    ref = segment_text(text, "ar", mode=mode)
    for eol in ("\r\n", "\r"):
        other = text.replace("\n", eol)
        segs = segment_text(other, "ar", mode=mode)
        assert [(s.text, s.line, s.paragraph) for s in segs] == [(s.text, s.line, s.paragraph) for s in ref]
        assert all(other[s.start : s.end] == s.text for s in segs)
        assert blank_line_before(other, segs) == blank_line_before(text, ref)


def test_offsets_are_code_points_with_mixed_endings():
    text = "\ufeff  أولى. ثانية؟\r\n\r\n\tThird one.  \rlast"
    segs = segment_text(text, "ar")
    assert [s.text for s in segs] == ["أولى.", "ثانية؟", "Third one.", "last"]
    assert [s.line for s in segs] == [1, 1, 3, 4]
    assert [s.paragraph for s in segs] == [0, 0, 1, 2]
    assert segs[0].start == 3
    assert all(text[s.start : s.end] == s.text for s in segs)


@pytest.mark.parametrize(
    "text", ["", "\n\n", "   \r\n\t\n", "\u200b\u200c\n\ufeff\n", "\u200f \u200e\n", "\ufeff"]
)
@pytest.mark.parametrize("mode", ["sentences", "lines"])
def test_blank_documents_give_no_segments(text, mode):
    assert segment_text(text, "ar", mode=mode) == ()


def test_lines_mode_one_segment_per_line():
    segs = segment_text(BC26_EN + "\n\n  third line. Two sentences.  \n", "en", mode="lines")
    assert [s.text for s in segs] == [
        BC26_EN.splitlines()[0],
        BC26_EN.splitlines()[1],
        "third line. Two sentences.",
    ]
    assert [s.line for s in segs] == [1, 2, 5]


def test_invisible_characters_stripped_from_edges_only():
    text = "\u200fمرحبا\u200c بكم.\u200f\n\u200b\n"
    segs = segment_text(text, "ar")
    assert [s.text for s in segs] == ["مرحبا\u200c بكم."]
    assert not any("\ufeff" in s.text for s in segment_text("\ufeffHello.\n\ufeffWorld.", "en"))


def test_no_letter_pieces_are_joined():
    assert [s.text for s in segment_text("1. Introduction to the topic.", "en")] == ["1. Introduction to the topic."]
    assert [s.text for s in segment_text("١. مقدمة الموضوع.", "ar")] == ["١. مقدمة الموضوع."]


def test_unknown_language_uses_generic_rules():
    assert len(segment_text("Hallo Welt. Noch ein Satz.", "xx")) == 2


def test_bad_mode():
    with pytest.raises(ConfigError):
        segment_text("x", "en", mode="words")


# --- embedding_text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("## جمع البيانات", "جمع البيانات"),
        ("# Privacy Policy", "Privacy Policy"),
        ("## Data Sharing ##", "Data Sharing"),
        ("- item one", "item one"),
        ("* item two", "item two"),
        ("1. First step", "First step"),
        ("١. الخطوة الأولى", "الخطوة الأولى"),
        ("جمــــيل", "جميل"),  # tatweel
        ("مُحَمَّدٌ", "محمد"),  # diacritics
        ("\u200fمرحبا\u200e  \u202bبكم\u202c", "مرحبا بكم"),  # bidi controls, whitespace
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("\ufefb\ufef7", "لالأ"),  # presentation forms -> NFKC
        ("ﷲ", "الله"),
        ("#hashtag stays", "#hashtag stays"),
        ("ﬁne", "ﬁne"),  # Latin ligature: not an Arabic presentation form, kept
    ],
)
def test_embedding_text(raw, expected):
    assert embedding_text(raw) == expected


@pytest.mark.parametrize("raw", ["#", "1.", "-", "## ", "ـ", "\u064e"])
def test_embedding_text_never_empty(raw):
    assert embedding_text(raw) != ""


# --- signature and laziness -------------------------------------------------------------------


def test_signature():
    from importlib.metadata import version

    assert segment.SEGMENTER_SIGNATURE == f"sentencex-{version('sentencex')}+ar-post2"
    assert segment.segmenter_signature("lines") == "lines"
    with pytest.raises(AttributeError):
        segment.NO_SUCH_NAME  # noqa: B018


def test_import_is_light():
    import subprocess

    code = "import sys, aligncheck.segment; print('sentencex' in sys.modules, 'pysbd' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
