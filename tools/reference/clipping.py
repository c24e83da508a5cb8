#!/usr/bin/python3
"""Reference values from PyTorch for trainlab's gradient clipping (tests/clip-parity.test.ts).

Regenerate (Debian's python3-torch 1.13, not a pyenv python):

    /usr/bin/python3 tools/reference/clipping.py > tests/reference/clipping.json

Each case gives float32 gradients for three parameters (a matrix, a vector, a 3-D tensor), runs
`torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type, error_if_nonfinite)` or
`torch.nn.utils.clip_grad_value_(params, clip_value)` on copies, and records the returned total norm
(the norm before clipping), the clipped gradients, or that it raised.

JSON has no NaN or Infinity: those numbers are written as the strings "NaN", "Infinity",
"-Infinity" (the tests decode them). Gradients are float32 values widened to float64, so both sides
start from the same numbers; torch computes in float32, as trainlab does.
"""

import json
import math
import sys

import torch

SHAPES = {"w": [3, 4], "b": [4], "k": [2, 3, 2]}


def encode(x):
    if isinstance(x, list):
        return [encode(v) for v in x]
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def base_grads(seed, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    return {k: (torch.randn(s, generator=g, dtype=torch.float32) * scale) for k, s in SHAPES.items()}


def with_value(grads, key, index, value):
    out = {k: v.clone() for k, v in grads.items()}
    out[key].view(-1)[index] = value
    return out


def params_for(grads):
    params = []
    for k in SHAPES:
        if k not in grads:
            continue
        p = torch.zeros(SHAPES[k], dtype=torch.float32, requires_grad=True)
        p.grad = grads[k].clone()
        params.append((k, p))
    return params


def norm_case(name, grads, max_norm, norm_type, error_if_nonfinite=False):
    params = params_for(grads)
    case = {
        "name": name,
        "kind": "norm",
        "maxNorm": max_norm,
        "normType": "inf" if norm_type == math.inf else norm_type,
        "errorIfNonfinite": error_if_nonfinite,
        "grads": {k: encode(v.reshape(-1).tolist()) for k, v in grads.items()},
    }
    try:
        total = torch.nn.utils.clip_grad_norm_([p for _, p in params], max_norm, norm_type, error_if_nonfinite)
        case["raises"] = False
        case["totalNorm"] = encode(float(total))
        case["clipped"] = {k: encode(p.grad.reshape(-1).tolist()) for k, p in params}
    except RuntimeError:
        case["raises"] = True
    return case


def value_case(name, grads, clip_value):
    params = params_for(grads)
    torch.nn.utils.clip_grad_value_([p for _, p in params], clip_value)
    return {
        "name": name,
        "kind": "value",
        "clipValue": clip_value,
        "grads": {k: encode(v.reshape(-1).tolist()) for k, v in grads.items()},
        "clipped": {k: encode(p.grad.reshape(-1).tolist()) for k, p in params},
    }


def main():
    g = base_grads(0)  # total 2-norm ≈ 5
    zeros = {k: torch.zeros(s) for k, s in SHAPES.items()}
    with_inf = with_value(g, "b", 2, math.inf)
    with_neg_inf = with_value(g, "k", 5, -math.inf)
    with_nan = with_value(g, "w", 7, math.nan)
    huge = base_grads(1, 1e20)  # squares overflow float32
    cases = []
    for norm_type in (2.0, 1.0, 3.0, 0.5, math.inf):
        label = "inf" if norm_type == math.inf else norm_type
        cases.append(norm_case(f"p={label} above threshold (clipped)", g, 1.0, norm_type))
        cases.append(norm_case(f"p={label} below threshold (unchanged)", g, 100.0, norm_type))
        cases.append(norm_case(f"p={label} zero gradients", zeros, 1.0, norm_type))
        cases.append(norm_case(f"p={label} an inf gradient", with_inf, 1.0, norm_type))
        cases.append(norm_case(f"p={label} a -inf gradient", with_neg_inf, 1.0, norm_type))
        cases.append(norm_case(f"p={label} a nan gradient", with_nan, 1.0, norm_type))
        cases.append(norm_case(f"p={label} an inf gradient, errorIfNonfinite", with_inf, 1.0, norm_type, True))
    cases.append(norm_case("p=2 a nan gradient, errorIfNonfinite", with_nan, 1.0, 2.0, True))
    cases.append(norm_case("p=2 finite, errorIfNonfinite", g, 1.0, 2.0, True))
    cases.append(norm_case("p=2 huge finite gradients (squares overflow)", huge, 1.0, 2.0))
    cases.append(norm_case("p=inf huge finite gradients", huge, 1.0, math.inf))
    cases.append(norm_case("p=2 one tensor", {"w": g["w"]}, 0.5, 2.0))
    cases.append(norm_case("p=2 max norm just above the norm", g, float(torch.linalg.vector_norm(torch.cat([v.reshape(-1) for v in g.values()]))) * 1.01, 2.0))
    for clip_value in (0.5, 1.0, 10.0):
        cases.append(value_case(f"value {clip_value}", g, clip_value))
    cases.append(value_case("value 0.5 with inf, -inf and nan", with_value(with_value(with_inf, "k", 5, -math.inf), "w", 7, math.nan), 0.5))
    json.dump({"torch": torch.__version__, "shapes": SHAPES, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
