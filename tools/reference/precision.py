#!/usr/bin/python3
"""Reference roundings from PyTorch for toFloat16 / toBFloat16 (tests/precision-rounding.test.ts).

Regenerate (Debian's python3-torch 1.13, not a pyenv python):

    /usr/bin/python3 tools/reference/precision.py > tests/reference/precision.json

Inputs are float32 bit patterns; outputs are the bit patterns of `x.half().float()` and
`x.bfloat16().float()`, with every NaN written as 0x7fc00000 (payloads are not part of the
contract: NaN stays NaN). Three sets, so the file stays small:

  - `edge`: hand-picked patterns (zeros, infinities, NaNs, subnormals, the largest float16, the
    overflow threshold 65520, ties to even for both formats), stored in full;
  - `grid`: every one of the 65,536 upper halves (sign, exponent, top 7 fraction bits: all of
    bfloat16's values) combined with each of LOW_HALVES (ties, just below and above them, for both
    formats' rounding positions): 65,536 × 16 = 1,048,576 patterns, enumerated, not stored;
  - `random`: RANDOM_COUNT patterns from xorshift32 seeded with RANDOM_SEED (the test runs the
    same generator), not stored.

For the enumerated sets the file holds a 32-bit FNV-1a hash of the output words in order (and the
first 256 outputs of each, to point at a failure). Same hash in the test: equal outputs, equal hash.
"""

import json
import sys

import torch

LOW_HALVES = [0x0000, 0x0001, 0x0FFF, 0x1000, 0x1001, 0x2FFF, 0x3000, 0x3001,
              0x7FFF, 0x8000, 0x8001, 0xA5A5, 0xE000, 0xEFFF, 0xF000, 0xFFFF]
RANDOM_SEED = 20261207
RANDOM_COUNT = 1_000_000
SHOWN = 256

EDGE = [
    0x00000000, 0x80000000,              # ±0
    0x7F800000, 0xFF800000,              # ±Infinity
    0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FBFFFFF, 0xFFFFFFFF,  # NaNs (quiet, signalling, signs)
    0x00000001, 0x807FFFFF, 0x00400000,  # float32 subnormals
    0x00800000, 0x7F7FFFFF, 0xFF7FFFFF,  # float32 smallest normal, ±largest
    0x7F7F7FFF, 0x7F7F8000, 0x7F7F8001, 0x7F7E8000,  # bfloat16 overflow tie and neighbours
    0x477FE000,                          # 65504, float16's largest
    0x477FEFFF, 0x477FF000, 0x477FF001,  # just below 65520, 65520 (tie → 65536 → Inf), above
    0x477FFFFF, 0x47800000, 0xC7800000,  # 65535.99.., ±65536
    0x33800000, 0x33000000, 0x33000001, 0x33400000, 0xB3000000,  # 2^-24, 2^-25 (tie → 0), above, 3·2^-26, -2^-25
    0x38800000, 0x387FFFFF, 0x387FC000, 0x387FE000,  # 2^-14, just below, subnormal ties
    0x3F801000, 0x3F803000, 0x3F801001, 0x3F800FFF,  # 1 + 2^-11 (tie → 1), 1 + 3·2^-11 (tie → up), around
    0x3F808000, 0x3F818000, 0x3F808001,  # bfloat16 ties at 1
    0x3F7FFFFF, 0x40490FDB, 0xC0490FDB,  # just below 1, ±π
    0x2F800000, 0x0C000000,              # tiny normals: 2^-32, 2^-103
]


def xorshift32(seed, count):
    x = seed
    out = []
    for _ in range(count):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out.append(x)
    return out


def rounded_bits(bits, dtype):
    """Bit patterns of x.<dtype>().float() for float32 bit patterns `bits`, NaNs canonical."""
    x = torch.tensor(bits, dtype=torch.int64).to(torch.int32).view(torch.float32)
    y = x.to(dtype).float()
    out = y.view(torch.int32).to(torch.int64) & 0xFFFFFFFF
    out[torch.isnan(y)] = 0x7FC00000
    return out.tolist()


def fnv1a(words):
    h = 0x811C9DC5
    for w in words:
        for shift in (0, 8, 16, 24):
            h ^= (w >> shift) & 0xFF
            h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def summary(bits):
    return {
        "count": len(bits),
        "float16": {"fnv1a": fnv1a(rounded_bits(bits, torch.float16)), "first": rounded_bits(bits[:SHOWN], torch.float16)},
        "bfloat16": {"fnv1a": fnv1a(rounded_bits(bits, torch.bfloat16)), "first": rounded_bits(bits[:SHOWN], torch.bfloat16)},
    }


def main():
    grid = [(hi << 16) | lo for hi in range(0x10000) for lo in LOW_HALVES]
    random = xorshift32(RANDOM_SEED, RANDOM_COUNT)
    json.dump({
        "torch": torch.__version__,
        "edge": {"input": EDGE, "float16": rounded_bits(EDGE, torch.float16), "bfloat16": rounded_bits(EDGE, torch.bfloat16)},
        "grid": {"lowHalves": LOW_HALVES, **summary(grid)},
        "random": {"seed": RANDOM_SEED, **summary(random)},
    }, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
