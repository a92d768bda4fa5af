"""A tiny causal language model trained from scratch, so membership has a known ground truth.

Probing a downloaded model can never be checked: nobody outside the lab knows what it was trained on.
A model trained here, on passages we chose, can: its members are exactly those passages, and text from
the same books that was left out is a same-distribution non-member. The ground-truth test
(``tests/probe/test_ground_truth.py``) uses it to measure the probe's power and false-positive rate.

The model is small enough to train on two CPU cores in about a minute (GPT-2 architecture, two
layers of width 256, about 1.9 M parameters with a 1024-token vocabulary, no dropout so it memorises
quickly and deterministically; 70 epochs take it off the unigram plateau and down to memorisation)
and is saved as an
ordinary Hugging Face folder (``config.json``, ``model.safetensors``, ``tokenizer.json``), so
``shelfcheck probe FOLDER ...`` loads it like any other model.

The tokenizer is a byte-level BPE trained with the ``tokenizers`` library; train it on *all* the text
of the experiment (members and non-members), so that tokenisation itself does not leak membership.
It adds a BOS token in front of every text, like Llama-family tokenizers, so the first real token of a
passage is predicted from context and scored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from shelfcheck.atomic import atomic_dir

BOS = "<s>"
EOS = "</s>"
PAD = "<pad>"


def train_tokenizer(texts: list[str], vocab_size: int = 1024):
    """A byte-level BPE ``PreTrainedTokenizerFast`` trained on ``texts`` (adds BOS to every text)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[PAD, BOS, EOS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    bos_id = tokenizer.token_to_id(BOS)
    tokenizer.post_processor = processors.Sequence(
        [
            processors.ByteLevel(trim_offsets=False),
            processors.TemplateProcessing(single=f"{BOS} $A", pair=f"{BOS} $A $B", special_tokens=[(BOS, bos_id)]),
        ]
    )
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, bos_token=BOS, eos_token=EOS, pad_token=PAD)


def tiny_config(tokenizer, *, n_positions: int, n_embd: int, n_layer: int, n_head: int):
    """A small GPT-2 configuration for ``tokenizer``, dropout off so training is deterministic."""
    from transformers import GPT2Config

    return GPT2Config(
        vocab_size=len(tokenizer),
        n_positions=n_positions,
        n_embd=n_embd,
        n_layer=n_layer,
        n_head=n_head,
        resid_pdrop=0.0,
        embd_pdrop=0.0,
        attn_pdrop=0.0,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )


def train_tiny_lm(
    texts: list[str],
    out_dir: str | os.PathLike,
    *,
    tokenizer=None,
    epochs: int = 70,
    seed: int = 0,
    n_layer: int = 2,
    n_embd: int = 256,
    n_head: int = 4,
    max_tokens: int = 256,
    batch_size: int = 4,
    learning_rate: float = 3e-3,
    threads: int = 2,
    on_epoch: Callable[[int, float], None] | None = None,
) -> Path:
    """Train a GPT-2-style LM on ``texts`` (each one training sequence) and save it to ``out_dir``.

    ``tokenizer`` defaults to :func:`train_tokenizer` on ``texts``; pass one trained on all the
    experiment's text to keep tokenisation independent of membership. Every text is seen once per
    epoch, in a seeded order; same inputs and ``seed`` give the same weights on the same machine.
    Texts longer than ``max_tokens`` are truncated. ``on_epoch(epoch, mean_loss)`` is called after each
    epoch; the last mean loss is recorded in ``config.json`` as ``shelfcheck_final_loss``. Training uses
    ``threads`` CPU threads (restored afterwards). Returns the folder, written atomically.
    """
    import torch
    from transformers import GPT2LMHeadModel

    if not texts:
        raise ValueError("train_tiny_lm needs at least one text")
    if tokenizer is None:
        tokenizer = train_tokenizer(texts)
    encoded = [tokenizer(text, add_special_tokens=True)["input_ids"][:max_tokens] for text in texts]
    torch.manual_seed(seed)
    config = tiny_config(tokenizer, n_positions=max_tokens, n_embd=n_embd, n_layer=n_layer, n_head=n_head)
    model = GPT2LMHeadModel(config)
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        final_loss = _fit(model, encoded, tokenizer.pad_token_id, epochs, batch_size, learning_rate, seed, on_epoch)
    finally:
        torch.set_num_threads(previous_threads)
    model.config.shelfcheck_final_loss = round(final_loss, 6)
    with atomic_dir(out_dir) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
    return Path(out_dir)


def _fit(model, encoded: list[list[int]], pad_id: int, epochs: int, batch_size: int, learning_rate: float, seed: int, on_epoch) -> float:
    """AdamW over ``encoded`` sequences in seeded order; returns the last epoch's mean loss."""
    import torch

    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.0)
    total = epochs * -(-len(encoded) // batch_size)
    warmup, cooldown = max(1, total // 20), max(1, total * 3 // 10)
    # Short warm-up, a constant rate, then a linear decay over the last 30 %. Small transformers sit
    # on a plateau (unigram statistics) before they start memorising, and a rate that decays from the
    # start (cosine) can end the run before they leave it; the final decay settles the memorised text.
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup, (total - step) / cooldown)
    )
    generator = torch.Generator().manual_seed(seed)
    model.train()
    final_loss = float("nan")
    for epoch in range(epochs):
        order = torch.randperm(len(encoded), generator=generator).tolist()
        losses = []
        for begin in range(0, len(order), batch_size):
            rows = [encoded[i] for i in order[begin : begin + batch_size]]
            width = max(len(row) for row in rows)
            ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
            labels = torch.full((len(rows), width), -100, dtype=torch.long)  # -100: ignored by the loss
            mask = torch.zeros((len(rows), width), dtype=torch.long)
            for r, row in enumerate(rows):
                ids[r, : len(row)] = torch.tensor(row)
                labels[r, : len(row)] = torch.tensor(row)
                mask[r, : len(row)] = 1
            loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            losses.append(loss.item())
        final_loss = sum(losses) / len(losses)
        if on_epoch is not None:
            on_epoch(epoch, final_loss)
    model.eval()
    return final_loss
