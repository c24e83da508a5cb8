#!/usr/bin/python3
"""Reference values from PyTorch for trainlab's initializers (tests/nn-init.test.ts).

Regenerate (Debian's python3-torch 1.13, not a pyenv python):

    /usr/bin/python3 tools/reference/init.py > tests/reference/init.json

For each kernel shape and initializer, the exact bound (uniform) or standard deviation (normal)
that `torch.nn.init` draws with — captured by handing it a tensor whose `uniform_` / `normal_`
record their arguments instead of sampling — and `calculate_gain` for every nonlinearity.

Shapes: torch keeps weights as [out, in] (dense) and [out, in, kh, kw] (conv); tfjs as [in, out]
and [kh, kw, in, out]. Each case stores both; trainlab is given the tfjs shape.
LeCun normal is torch's `kaiming_normal_(nonlinearity='linear')` (gain 1): std = 1/√fan.
"""

import json
import math
import sys

import torch
import torch.nn.init as init


class Probe(torch.Tensor):
    """A tensor that records what an initializer asks for instead of sampling."""

    __torch_function__ = torch._C._disabled_torch_function_impl
    calls = []

    def uniform_(self, a=0.0, b=1.0, generator=None):
        Probe.calls.append(("uniform", a, b))
        return self

    def normal_(self, mean=0.0, std=1.0, generator=None):
        Probe.calls.append(("normal", mean, std))
        return self


def capture(fn, torch_shape, **kwargs):
    Probe.calls = []
    fn(torch.empty(torch_shape).as_subclass(Probe), **kwargs)
    (kind, a, b), = Probe.calls
    return {"bound": b} if kind == "uniform" else {"std": b}


def to_tfjs(torch_shape):
    if len(torch_shape) == 2:
        return [torch_shape[1], torch_shape[0]]
    out, inp, *k = torch_shape
    return [*k, inp, out]


SHAPES = [[10, 64], [128, 64], [3, 7], [16, 3, 5, 5], [8, 4, 3], [6, 2, 3, 3, 3]]


def main():
    cases = []
    for shape in SHAPES:
        fan_in, fan_out = init._calculate_fan_in_and_fan_out(torch.empty(shape))
        base = {"torchShape": shape, "shape": to_tfjs(shape), "fanIn": fan_in, "fanOut": fan_out}
        for gain in (1.0, 5.0 / 3.0):
            cases.append({**base, "init": "glorotUniform", "options": {"gain": gain}, **capture(init.xavier_uniform_, shape, gain=gain)})
            cases.append({**base, "init": "glorotNormal", "options": {"gain": gain}, **capture(init.xavier_normal_, shape, gain=gain)})
        for mode, torch_mode in (("fanIn", "fan_in"), ("fanOut", "fan_out")):
            for slope in (0.0, 0.2):
                kw = {"a": slope, "mode": torch_mode, "nonlinearity": "leaky_relu"}
                opts = {"mode": mode, "negativeSlope": slope}
                cases.append({**base, "init": "heUniform", "options": opts, **capture(init.kaiming_uniform_, shape, **kw)})
                cases.append({**base, "init": "heNormal", "options": opts, **capture(init.kaiming_normal_, shape, **kw)})
            cases.append({**base, "init": "lecunNormal", "options": {"mode": mode},
                          **capture(init.kaiming_normal_, shape, mode=torch_mode, nonlinearity="linear")})
    gains = []
    for name in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "selu"):
        gains.append({"nonlinearity": name, "gain": init.calculate_gain(name)})
    for param in (None, 0.0, 0.2, 1.0, 3):
        entry = {"nonlinearity": "leaky_relu", "gain": init.calculate_gain("leaky_relu", param)}
        if param is not None:
            entry["param"] = param
        gains.append(entry)
    json.dump({"torch": torch.__version__, "cases": cases, "gains": gains}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
