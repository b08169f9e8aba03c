"""Quality benchmark for aligncheck: reusable, unit-tested building blocks.

* :mod:`bench.scoring`   -- Vecalign-compatible strict/lax alignment precision, recall and F1.
* :mod:`bench.faults`    -- seeded fault injection into gold 1-1 document pairs.
* :mod:`bench.detection` -- fault-detection recall/precision and false alarms.
* :mod:`bench.baselines` -- naive argmax and Gale & Church (1993) baselines.

Everything here is pure and deterministic: randomness comes only from a
``numpy.random.Generator`` passed in by the caller. Nothing happens on import.
"""
