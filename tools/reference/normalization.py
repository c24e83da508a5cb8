#!/usr/bin/python3
"""Reference values from PyTorch for trainlab's normalization and regularization functions
(tests/nn-parity.test.ts): batchNorm, layerNorm, dropout and l2Penalty, values and gradients.

Regenerate (Debian's python3-torch 1.13, not a pyenv python):

    /usr/bin/python3 tools/reference/normalization.py > tests/reference/normalization.json

Layout: trainlab is channels last ([N, C], [N, L, C], [N, H, W, C]); torch's batch_norm is channels
first, so 3-D and 4-D inputs are permuted to [N, C, …] for torch and the results permuted back.
Every case records its inputs (float32 values, so JavaScript reads the very same numbers), an
upstream gradient `dy` and what torch computes in float64 from them:

    output = F.batch_norm(x, running_mean, running_var, gamma, beta, training, momentum, eps)
    (output * dy).sum().backward()        # dx, dgamma, dbeta = the gradients of that sum

Batch-norm training cases run `steps` batches in a row through the same running statistics and
record the output and gradients of every batch and the running statistics after each, so the
momentum update (with the unbiased variance) is checked over several steps. An upstream gradient of
ones would make batch norm's dx exactly zero (the mean is subtracted), so `dy` is random.

Dropout's masks come from different random generators, so they cannot match; the JSON records what
must match: the kept units' scale 1/(1 − p) and gradient, and the identity in eval mode.
`l2Penalty` records ½·λ·Σw² and its gradient λ·w, which is the term torch's `weight_decay=λ` adds to
a gradient (checked with one SGD step).
"""

import json
import sys

import torch
import torch.nn.functional as F


def float32_values(shape, generator, scale=1.0, shift=0.0):
    """Values drawn in float32, widened to float64 for the computation."""
    return (torch.randn(shape, generator=generator, dtype=torch.float32) * scale + shift).double()


def to_torch_layout(t):
    """[N, …, C] → [N, C, …]."""
    if t.dim() <= 2:
        return t
    return t.permute(0, t.dim() - 1, *range(1, t.dim() - 1))


def from_torch_layout(t):
    """[N, C, …] → [N, …, C]."""
    if t.dim() <= 2:
        return t
    return t.permute(0, *range(2, t.dim()), 1)


def flat(t):
    return t.detach().reshape(-1).tolist()


BATCH_NORM_CASES = [
    # name, shape (channels last), training, momentum, epsilon, steps
    ("2-D training defaults", [6, 4], True, 0.1, 1e-5, 3),
    ("2-D training momentum 0.3 eps 1e-3", [5, 3], True, 0.3, 1e-3, 3),
    ("2-D training two rows", [2, 3], True, 0.1, 1e-5, 2),
    ("2-D eval", [6, 4], False, 0.1, 1e-5, 1),
    ("3-D training [N, L, C]", [2, 5, 3], True, 0.1, 1e-5, 2),
    ("4-D training NHWC", [2, 3, 3, 4], True, 0.1, 1e-5, 3),
    ("4-D training one image", [1, 2, 2, 3], True, 0.2, 1e-5, 2),
    ("4-D eval NHWC", [2, 3, 3, 4], False, 0.1, 1e-5, 1),
]

LAYER_NORM_CASES = [
    # name, shape, epsilon
    ("2-D", [4, 6], 1e-5),
    ("2-D batch of one", [1, 5], 1e-5),
    ("3-D [N, T, C]", [2, 3, 4], 1e-5),
    ("4-D NHWC", [2, 2, 3, 5], 1e-3),
    ("1-D", [7], 1e-5),
]


def batch_norm_case(generator, name, shape, training, momentum, epsilon, steps):
    channels = shape[-1]
    gamma = float32_values([channels], generator, 0.5, 1.0)
    beta = float32_values([channels], generator, 0.5)
    running_mean = float32_values([channels], generator, 0.5)
    running_var = float32_values([channels], generator, 0.3).abs() + 0.5
    case = {
        "name": name, "shape": shape, "training": training, "momentum": momentum, "epsilon": epsilon,
        "gamma": flat(gamma), "beta": flat(beta),
        "runningMean": flat(running_mean), "runningVar": flat(running_var.float().double()),
        "steps": [],
    }
    running_var = torch.tensor(case["runningVar"], dtype=torch.float64)
    for _ in range(steps):
        x = float32_values(shape, generator, 2.0, 0.5)
        dy = float32_values(shape, generator)
        xt = to_torch_layout(x).clone().requires_grad_(True)
        g = gamma.clone().requires_grad_(True)
        b = beta.clone().requires_grad_(True)
        out = F.batch_norm(xt, running_mean, running_var, g, b, training=training, momentum=momentum, eps=epsilon)
        (out * to_torch_layout(dy)).sum().backward()
        case["steps"].append({
            "x": flat(x), "dy": flat(dy),
            "output": flat(from_torch_layout(out)),
            "dx": flat(from_torch_layout(xt.grad)), "dgamma": flat(g.grad), "dbeta": flat(b.grad),
            # F.batch_norm updated these in place (training) or left them alone (eval).
            "runningMean": flat(running_mean), "runningVar": flat(running_var),
        })
    return case


def layer_norm_case(generator, name, shape, epsilon):
    channels = shape[-1]
    x = float32_values(shape, generator, 1.5, -0.3)
    dy = float32_values(shape, generator)
    gamma = float32_values([channels], generator, 0.5, 1.0)
    beta = float32_values([channels], generator, 0.5)
    xg = x.clone().requires_grad_(True)
    g = gamma.clone().requires_grad_(True)
    b = beta.clone().requires_grad_(True)
    out = F.layer_norm(xg, [channels], g, b, eps=epsilon)
    (out * dy).sum().backward()
    return {
        "name": name, "shape": shape, "epsilon": epsilon,
        "x": flat(x), "dy": flat(dy), "gamma": flat(gamma), "beta": flat(beta),
        "output": flat(out), "dx": flat(xg.grad), "dgamma": flat(g.grad), "dbeta": flat(b.grad),
    }


def dropout_case(generator, rate):
    x = float32_values([2000], generator).float()
    xg = x.clone().requires_grad_(True)
    out = F.dropout(xg, p=rate, training=True)
    out.sum().backward()
    kept = out != 0
    ratios = (out[kept] / x[kept]).double()
    grads = xg.grad[kept].double()
    x_eval = x.clone().requires_grad_(True)
    out_eval = F.dropout(x_eval, p=rate, training=False)
    out_eval.sum().backward()
    return {
        "rate": rate,
        # float32 arithmetic, as trainlab's: the scale 1/(1 − p) of every kept unit and its gradient.
        "keptScale": ratios.mean().item(), "keptScaleSpread": (ratios.max() - ratios.min()).item(),
        "keptGrad": grads.mean().item(), "droppedGrad": xg.grad[~kept].abs().max().item() if (~kept).any() else 0.0,
        "keptFraction": kept.double().mean().item(),
        "evalIsIdentity": bool(torch.equal(out_eval, x)), "evalGrad": flat(x_eval.grad.unique()),
    }


def l2_case(generator, lam):
    shapes = {"w": [3, 4], "b": [4]}
    weights = {n: float32_values(s, generator) for n, s in shapes.items()}
    params = {n: w.clone().requires_grad_(True) for n, w in weights.items()}
    penalty = 0.5 * lam * sum((p ** 2).sum() for p in params.values())
    penalty.backward()
    # One SGD step with weight_decay=λ and a zero loss gradient moves p by −lr·λ·p: the same λ·p.
    sgd_params = [w.clone().requires_grad_(True) for w in weights.values()]
    opt = torch.optim.SGD(sgd_params, lr=0.1, weight_decay=lam)
    for p in sgd_params:
        p.grad = torch.zeros_like(p)
    opt.step()
    return {
        "lambda": lam, "shapes": shapes,
        "weights": {n: flat(w) for n, w in weights.items()},
        "penalty": penalty.item(),
        "grads": {n: flat(p.grad) for n, p in params.items()},
        "sgdWeightDecayStep": {"lr": 0.1, "after": {n: flat(p) for n, p in zip(shapes, sgd_params)}},
    }


def main():
    generator = torch.Generator().manual_seed(20260907)
    torch.manual_seed(7)  # dropout's masks
    json.dump(
        {
            "generator": "tools/reference/normalization.py",
            "torch": torch.__version__,
            "dtype": "float64 (inputs are float32 values); dropout in float32",
            "batchNorm": [batch_norm_case(generator, *c) for c in BATCH_NORM_CASES],
            "layerNorm": [layer_norm_case(generator, *c) for c in LAYER_NORM_CASES],
            "dropout": [dropout_case(generator, rate) for rate in (0.1, 0.5, 0.8)],
            "l2Penalty": [l2_case(generator, lam) for lam in (0.01, 0.5)],
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
