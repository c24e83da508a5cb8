#!/usr/bin/python3
"""Reference trajectories from PyTorch for trainlab's optimizers (tests/optim-parity.test.ts).

Regenerate (Debian's python3-torch 1.13, not a pyenv python):

    /usr/bin/python3 tools/reference/optimizers.py > tests/reference/optimizers.json

What is recorded: four parameters of different shapes (a matrix, a vector, a 3-D tensor and a
scalar) start from fixed values; for 12 steps each receives a fixed gradient (the same sequence for
every case, stored in the JSON) and the optimizer steps once:

    for k in range(12):
        for group in optimizer.param_groups: group['lr'] = lrs[k]   # only when the case has `lrs`
        p.grad = grads[k][p]
        optimizer.step()
        trajectory[k] = [p.tolist() for p in params]                 # parameters after update k

Gradients do not depend on the parameters, so a tiny float32 difference cannot change later
gradients; weight decay still reads the parameters. Initial values and gradients are float32
numbers (drawn in float32, then widened), so both sides start from exactly the same inputs; PyTorch
then computes in float64 and trainlab in float32, and the tests compare with float32 tolerance.

Options are written with trainlab's names (camelCase) so the tests pass them straight to the
factories; `torch` holds the keyword arguments given to PyTorch. A case with `lrs` changes the
learning rate before every step (trainlab receives them as a Schedule: lrs[step]).
"""

import json
import sys

import torch

STEPS = 12
SHAPES = {"w": [3, 4], "b": [4], "k": [2, 3, 2], "s": []}

CASES = [
    # name, optimizer, trainlab options, torch class, torch kwargs, changing lr?
    ("sgd plain", "sgd", {"learningRate": 0.1}, "SGD", {"lr": 0.1}, False),
    ("sgd momentum", "sgd", {"learningRate": 0.1, "momentum": 0.9}, "SGD", {"lr": 0.1, "momentum": 0.9}, False),
    ("sgd momentum dampening", "sgd", {"learningRate": 0.1, "momentum": 0.9, "dampening": 0.5},
     "SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, False),
    ("sgd nesterov", "sgd", {"learningRate": 0.05, "momentum": 0.8, "nesterov": True},
     "SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True}, False),
    ("sgd weight decay", "sgd", {"learningRate": 0.1, "weightDecay": 0.1}, "SGD", {"lr": 0.1, "weight_decay": 0.1}, False),
    ("sgd nesterov weight decay changing lr", "sgd", {"learningRate": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 0.05},
     "SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.05}, True),
    ("sgd momentum dampening weight decay changing lr", "sgd",
     {"learningRate": 0.1, "momentum": 0.5, "dampening": 0.2, "weightDecay": 0.01},
     "SGD", {"lr": 0.1, "momentum": 0.5, "dampening": 0.2, "weight_decay": 0.01}, True),
    ("adam defaults", "adam", {}, "Adam", {}, False),
    ("adam custom betas eps", "adam", {"learningRate": 0.01, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-6},
     "Adam", {"lr": 0.01, "betas": (0.8, 0.95), "eps": 1e-6}, False),
    ("adam amsgrad", "adam", {"learningRate": 0.01, "amsgrad": True}, "Adam", {"lr": 0.01, "amsgrad": True}, False),
    ("adam weight decay (L2)", "adam", {"learningRate": 0.01, "weightDecay": 0.1}, "Adam", {"lr": 0.01, "weight_decay": 0.1}, False),
    ("adam amsgrad weight decay changing lr", "adam", {"learningRate": 0.01, "amsgrad": True, "weightDecay": 0.05},
     "Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05}, True),
    ("adamw defaults", "adamw", {}, "AdamW", {}, False),
    ("adamw strong decay", "adamw", {"learningRate": 0.01, "weightDecay": 0.5}, "AdamW", {"lr": 0.01, "weight_decay": 0.5}, False),
    ("adamw amsgrad changing lr", "adamw", {"learningRate": 0.01, "amsgrad": True, "weightDecay": 0.1},
     "AdamW", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.1}, True),
    ("adamw no decay", "adamw", {"learningRate": 0.01, "weightDecay": 0}, "AdamW", {"lr": 0.01, "weight_decay": 0}, False),
    ("rmsprop defaults", "rmsprop", {}, "RMSprop", {}, False),
    ("rmsprop alpha eps", "rmsprop", {"learningRate": 0.001, "alpha": 0.9, "epsilon": 1e-6},
     "RMSprop", {"lr": 0.001, "alpha": 0.9, "eps": 1e-6}, False),
    ("rmsprop centered", "rmsprop", {"learningRate": 0.001, "centered": True}, "RMSprop", {"lr": 0.001, "centered": True}, False),
    ("rmsprop momentum", "rmsprop", {"learningRate": 0.001, "momentum": 0.9}, "RMSprop", {"lr": 0.001, "momentum": 0.9}, False),
    ("rmsprop centered momentum weight decay changing lr", "rmsprop",
     {"learningRate": 0.001, "centered": True, "momentum": 0.9, "weightDecay": 0.1},
     "RMSprop", {"lr": 0.001, "centered": True, "momentum": 0.9, "weight_decay": 0.1}, True),
]


def float32_values(shape, generator, scale):
    """Values drawn in float32 (so JavaScript reads the very same numbers), widened to float64."""
    return (torch.randn(shape, generator=generator, dtype=torch.float32) * scale).double()


def main():
    generator = torch.Generator().manual_seed(20240905)
    initial = {name: float32_values(shape, generator, 1.0) for name, shape in SHAPES.items()}
    grads = [{name: float32_values(shape, generator, 0.5) for name, shape in SHAPES.items()} for _ in range(STEPS)]
    # A learning-rate sequence that changes at every step (up and down), as a schedule would.
    lr_factors = [1.0, 0.5, 2.0, 1.5, 0.25, 1.0, 3.0, 0.75, 0.1, 1.25, 0.6, 2.5]

    cases = []
    for name, optimizer, options, torch_class, torch_kwargs, changing in CASES:
        params = [initial[n].clone().requires_grad_(True) for n in SHAPES]
        opt = getattr(torch.optim, torch_class)(params, **torch_kwargs)
        base_lr = opt.param_groups[0]["lr"]
        lrs = [base_lr * f for f in lr_factors] if changing else None
        trajectory = []
        for k in range(STEPS):
            if lrs is not None:
                for group in opt.param_groups:
                    group["lr"] = lrs[k]
            for p, n in zip(params, SHAPES):
                p.grad = grads[k][n].clone()
            opt.step()
            trajectory.append({n: p.detach().reshape(-1).tolist() for p, n in zip(params, SHAPES)})
        case = {"name": name, "optimizer": optimizer, "options": options, "torch": {torch_class: torch_kwargs}}
        if lrs is not None:
            case["lrs"] = lrs
        case["trajectory"] = trajectory
        cases.append(case)

    json.dump(
        {
            "generator": "tools/reference/optimizers.py",
            "torch": torch.__version__,
            "dtype": "float64 (inputs are float32 values)",
            "steps": STEPS,
            "shapes": SHAPES,
            "initial": {n: t.reshape(-1).tolist() for n, t in initial.items()},
            "grads": [{n: t.reshape(-1).tolist() for n, t in g.items()} for g in grads],
            "cases": cases,
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
