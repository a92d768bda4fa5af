"""Matching parameters and the guarantees they imply (recorded in every index manifest)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from shelfcheck.errors import ShelfcheckError


@dataclass(frozen=True, slots=True)
class Params:
    """Winnowing and verification parameters.

    k          k-gram length in normalised characters (seeds).
    w          winnowing window, in k-grams.
    block      verification block length B: evidence is checked block by block.
    min_blocks a span needs this many verified blocks (the noise floor is ``min_blocks * block``).
    max_gap    unverified blocks (OCR errors) tolerated between verified ones inside a span.
    max_shift  per-block realignment (± characters) to absorb OCR insertions and deletions.
    max_df     a fingerprint found in more works than this is boilerplate-like and dropped.
    """

    k: int = 30
    w: int = 71
    block: int = 32
    min_blocks: int = 2
    max_gap: int = 2
    max_shift: int = 3
    max_df: int = 8

    @property
    def threshold(self) -> int:
        """T: every shared normalised span this long yields at least one shared fingerprint."""
        return self.w + self.k - 1

    @property
    def noise_floor(self) -> int:
        """No reported span holds fewer verified normalised characters than this."""
        return self.min_blocks * self.block

    def validate(self) -> Params:
        if self.k < 8 or self.w < 1 or self.block < 8 or self.min_blocks < 1:
            raise ShelfcheckError(f"invalid index parameters {asdict(self)}: need k >= 8, w >= 1, block >= 8, min_blocks >= 1")
        if self.threshold < (self.min_blocks + 1) * self.block - 1:
            raise ShelfcheckError(
                f"invalid index parameters: T = w + k - 1 = {self.threshold} must be at least "
                f"(min_blocks + 1) * block - 1 = {(self.min_blocks + 1) * self.block - 1} so a span of T chars always verifies"
            )
        return self

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Params:
        return cls(**{name: int(data[name]) for name in cls.__dataclass_fields__})
