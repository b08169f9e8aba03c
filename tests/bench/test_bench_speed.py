"""bench.speed: the corpus throughput table and how it replaces its section."""

from __future__ import annotations

from bench.speed import CORPUS_HEADING, corpus_markdown, replace_section


def test_corpus_table_rates_ratios_and_cost():
    c = {"documents": 2, "pairs": 100, "distinct_texts": 200, "encoder_s": 10.0, "cores": 2,
         "rows": [{"engine": "local", "jobs": 1, "seconds": 12.5}, {"engine": "local", "jobs": 2, "seconds": 10.0},
                  {"engine": "ray", "jobs": 2, "seconds": 20.0}]}
    md = corpus_markdown(c, 0.02)
    # 100 pairs / 10 s = 10 pairs/s raw; 100 / 12.5 = 8 pairs/s; 1e6 / 8 / 3600 * 2 cores = 69.4 core-hours
    assert "**10.00 sentence pairs/s** (10.0 s)" in md
    assert "| `--jobs 1` | 12.5 | 8.00 | 0.80 ✓ | 1.00 | 69.4 | 1.39 |" in md
    assert "| `--jobs 2` | 10.0 | 10.00 | 1.00 ✓ | 1.25 | 55.6 | 1.11 |" in md
    assert "| `--engine ray` (local, 2 CPUs) | 20.0 | 5.00 | 0.50 ✗ | 0.62 | 111.1 | 2.22 |" in md


def test_replace_section_replaces_inserts_and_appends():
    new = CORPUS_HEADING + "\n\nnew table\n"
    text = "## Speed\n\n### A\n\na\n\n" + CORPUS_HEADING + "\n\nold\n\n### B\n\nb\n"
    assert replace_section(text, CORPUS_HEADING, new) == "## Speed\n\n### A\n\na\n\n" + new + "\n### B\n\nb\n"
    assert replace_section("## Speed\n\n### B\n\nb\n", CORPUS_HEADING, new, before="### B") == \
        "## Speed\n\n" + new + "\n### B\n\nb\n"
    assert replace_section("## Speed\n", CORPUS_HEADING, new) == "## Speed\n\n" + new


def test_a_ratio_above_one_is_called_noise():
    c = {"documents": 1, "pairs": 100, "distinct_texts": 200, "encoder_s": 10.0, "cores": 2,
         "rows": [{"engine": "local", "jobs": 1, "seconds": 8.0}]}
    assert "A ratio above 1 is measurement noise" in corpus_markdown(c, 0.02)
    c["rows"][0]["seconds"] = 10.0
    assert "measurement noise" not in corpus_markdown(c, 0.02)
