"""Load a causal language model from local files only: a Hugging Face folder or a GGUF file.

Nothing is ever downloaded: ``HF_HUB_OFFLINE=1`` is set and every loader gets
``local_files_only=True``, so a missing file is an error naming that file, never a silent fetch.
GGUF files (quantised llama.cpp weights) are de-quantised by transformers into an ordinary torch
model, so every score below is computed the same way for both formats.

Device and precision: CUDA when available, else CPU. bf16 is used on CUDA and on CPUs with native
bf16 instructions (``avx512_bf16`` / ``amx_bf16``), where it is faster (``bench/probe.py``
measures it); elsewhere fp32, where emulated bf16 would only be slower. Log-probabilities are always
computed in fp32 from the logits.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shelfcheck.errors import ShelfcheckError

WEIGHT_PATTERNS = ("*.safetensors", "pytorch_model*.bin", "model*.bin", "*.gguf")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json", "tokenizer_config.json")
_HASH_CHUNK = 1 << 22


@dataclass
class LoadedModel:
    """A model ready for scoring: the torch module, its fast tokenizer and where it came from.

    ``sha256`` identifies the exact weights (see :func:`weights_sha256`), so a RESULT.json names
    the model it measured even if the folder is later renamed or overwritten.
    """

    model: Any
    tokenizer: Any
    path: str
    sha256: str
    device: str
    dtype: str

    @property
    def bos_id(self) -> int | None:
        """The token the model's own tokenizer puts first (None if it adds none).

        Prepending it keeps the first real token scoreable and matches what the model saw in
        training; models whose tokenizer adds no BOS (SmolLM2, GPT-2 style) get none.
        """
        ids = self.tokenizer("a", add_special_tokens=True)["input_ids"]
        bos = self.tokenizer.bos_token_id
        return bos if bos is not None and ids and ids[0] == bos else None

    @property
    def pad_id(self) -> int:
        tok = self.tokenizer
        for candidate in (tok.pad_token_id, tok.eos_token_id, tok.unk_token_id):
            if candidate is not None:
                return int(candidate)
        return 0


def weights_sha256(files: list[Path]) -> str:
    """SHA-256 of the weight file, or of ``"name  sha256\\n"`` lines over several sorted shards."""
    digests = []
    for file in sorted(files):
        digest = hashlib.sha256()
        with open(file, "rb") as handle:
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
        digests.append((file.name, digest.hexdigest()))
    if len(digests) == 1:
        return digests[0][1]
    return hashlib.sha256("".join(f"{name}  {hexd}\n" for name, hexd in digests).encode()).hexdigest()


def _resolve(path: Path) -> tuple[Path, str | None, list[Path]]:
    """(folder, gguf file name or None, weight files) for a model path, or a clear error."""
    if not path.exists():
        raise ShelfcheckError(f"{path}: model not found (give a local Hugging Face model folder or a .gguf file)")
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise ShelfcheckError(f"{path}: not a model (expected a .gguf file or a Hugging Face model folder)")
        return path.parent, path.name, [path]
    ggufs = sorted(path.glob("*.gguf"))
    if not (path / "config.json").exists():
        if len(ggufs) == 1:
            return path, ggufs[0].name, ggufs
        if len(ggufs) > 1:
            names = ", ".join(g.name for g in ggufs)
            raise ShelfcheckError(f"{path}: several GGUF files ({names}); name the one to load")
        raise ShelfcheckError(f"{path}: model folder has no config.json and no .gguf file")
    weights = sorted({w for pattern in WEIGHT_PATTERNS[:3] for w in path.glob(pattern)})
    if not weights:
        raise ShelfcheckError(
            f"{path}: model folder has no weights (expected model.safetensors or pytorch_model.bin beside config.json)"
        )
    if not any((path / name).exists() for name in TOKENIZER_FILES):
        raise ShelfcheckError(f"{path}: model folder has no tokenizer (expected tokenizer.json or tokenizer.model)")
    return path, None, weights


def _cpu_has_native_bf16() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def default_device_dtype(device: str | None, dtype: str | None) -> tuple[str, str]:
    """Fill in device and dtype: CUDA if present, bf16 where the hardware runs it natively."""
    import torch

    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if not (device == "cpu" or (device.startswith("cuda") and torch.cuda.is_available())):
        raise ShelfcheckError(f"device {device!r} is not available here (use cpu{' or cuda' if torch.cuda.is_available() else ''})")
    if dtype is None:
        native = device.startswith("cuda") or _cpu_has_native_bf16()
        dtype = "bfloat16" if native else "float32"
    if dtype not in ("float32", "bfloat16", "float16"):
        raise ShelfcheckError(f"unknown dtype {dtype!r} (use float32, bfloat16 or float16)")
    return device, dtype


def load_model(path: str | os.PathLike, device: str | None = None, dtype: str | None = None) -> LoadedModel:
    """Load ``path`` (HF folder or ``.gguf`` file) offline, in eval mode, on ``device`` in ``dtype``.

    Raises :class:`ShelfcheckError` naming what is missing: the path, the weights, the config, the
    tokenizer, or a tokenizer without character offsets (a "slow" tokenizer cannot map passages
    back to the book text).
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    path = Path(path)
    folder, gguf_file, weights = _resolve(path)
    device, dtype = default_device_dtype(device, dtype)

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    kwargs: dict[str, Any] = {"local_files_only": True}
    if gguf_file:
        kwargs["gguf_file"] = gguf_file
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, **kwargs)
    except (OSError, ValueError, KeyError) as exc:
        raise ShelfcheckError(f"{path}: cannot load the tokenizer: {str(exc).splitlines()[0]}") from None
    if not getattr(tokenizer, "is_fast", False):
        raise ShelfcheckError(f"{path}: the tokenizer has no fast (Rust) version, so passages cannot be mapped to offsets")
    try:
        # GGUF de-quantisation draws its own tqdm bar on stderr; shelfcheck shows its own progress.
        with contextlib.redirect_stderr(io.StringIO()):
            model = AutoModelForCausalLM.from_pretrained(folder, dtype=getattr(torch, dtype), **kwargs)
    except ImportError as exc:
        raise ShelfcheckError(f"{path}: a library needed to load it is missing: {str(exc).splitlines()[0]}") from None
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise ShelfcheckError(f"{path}: cannot load the model: {str(exc).splitlines()[0]}") from None
    model.to(device).eval()
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        path=str(path),
        sha256=weights_sha256(weights),
        device=device,
        dtype=dtype,
    )


def ensure_loaded(model: "LoadedModel | str | os.PathLike", device: str | None = None, dtype: str | None = None) -> LoadedModel:
    """Accept either a loaded model or a path to load."""
    return model if isinstance(model, LoadedModel) else load_model(model, device=device, dtype=dtype)
