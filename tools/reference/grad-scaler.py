#!/usr/bin/python3
"""Reference traces of PyTorch's dynamic loss scaler for DynamicLossScaler (tests/precision-loss-scaler.test.ts).

Regenerate (Debian's python3-torch 1.13, not a pyenv python):

    /usr/bin/python3 tools/reference/grad-scaler.py > tests/reference/grad-scaler.json

torch 1.13's GradScaler (torch.cuda.amp.GradScaler; torch.amp.GradScaler in torch ≥ 2.3, same
rule) runs only on CUDA: it disables itself without a GPU, asserts that tensors are on CUDA, and its
two kernels have no CPU implementation in this build. So this script runs GradScaler's own Python
code (scale, unscale_, step — which skips optimizer.step() on a non-finite gradient —, update,
state_dict) on the CPU with
  - `_enabled` forced on and the CUDA-only device asserts bypassed (`_MultiDeviceReplicator`,
    `scale` on a single tensor), and
  - the two kernels transcribed from aten/src/ATen/native/cuda/AmpKernels.cu:
      _amp_foreach_non_finite_check_and_unscale_: found_inf = 1 if any value is not finite;
          every gradient is multiplied in place by inv_scale (= float32(1 / float64(scale)));
      _amp_update_scale_: on found_inf: scale ← float32(scale · backoff), tracker ← 0; else
          tracker + 1 == interval ? (scale ← float32(scale · growth) if that is finite; tracker ← 0)
          : tracker ← tracker + 1.

Each case trains one float32 parameter vector p (4 values, start [1, −2, 0.5, 3]) with SGD (lr 0.1)
on loss = Σ c_k · p for a per-step coefficient vector c_k; on the overflow steps c_k holds a value so
large that c_k · scale overflows float32 (the scaled gradient is ±Inf), or a NaN. Per step it records
the scale used, the unscaled gradient, whether it was finite, p after the step and the scale and
growth tracker after update().
"""

import json
import math
import sys
import warnings

import torch
import torch.cuda.amp.grad_scaler as gs


class _Replicator:
    """_MultiDeviceReplicator without its CUDA assert: the CPU is the only device here."""

    def __init__(self, master):
        self.master = master
        self._per_device_tensors = {}

    def get(self, device):
        return self._per_device_tensors.setdefault(device, self.master)


def _non_finite_check_and_unscale_(grads, found_inf, inv_scale):
    for g in grads:
        if not torch.isfinite(g).all():
            found_inf.fill_(1.0)
        if inv_scale.item() != 1.0:
            g.mul_(inv_scale)


def _update_scale_(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    if found_inf.item():
        scale.fill_(scale.item() * backoff_factor)   # float32 · double, stored as float32
        growth_tracker.fill_(0)
    else:
        successful = growth_tracker.item() + 1
        if successful == growth_interval:
            new_scale = torch.tensor(scale.item() * growth_factor, dtype=torch.float32).item()
            if math.isfinite(new_scale):
                scale.fill_(new_scale)
            growth_tracker.fill_(0)
        else:
            growth_tracker.fill_(successful)
    return scale


gs._MultiDeviceReplicator = _Replicator
torch._amp_foreach_non_finite_check_and_unscale_ = _non_finite_check_and_unscale_
torch._amp_update_scale_ = _update_scale_


class CpuGradScaler(gs.GradScaler):
    def __init__(self, **kwargs):
        with warnings.catch_warnings():  # "CUDA is not available. Disabling." — re-enabled below
            warnings.simplefilter("ignore")
            super().__init__(**kwargs)
        self._enabled = True
        self._init_scale = kwargs.get("init_scale", 2.0 ** 16)
        self._growth_factor = kwargs.get("growth_factor", 2.0)
        self._backoff_factor = kwargs.get("backoff_factor", 0.5)
        self._growth_interval = kwargs.get("growth_interval", 2000)
        self._init_growth_tracker = 0
        self._scale = None
        self._growth_tracker = None
        self._per_optimizer_states = gs.defaultdict(gs._refresh_per_optimizer_state)

    def scale(self, outputs):
        if self._scale is None:
            self._lazy_init_scale_growth_tracker(outputs.device)
        return outputs * self._scale


def coefficient(step, overflow, nan):
    base = [0.5 + 0.1 * step, -1.0, 0.25 * (step % 3), 2.0 ** -(step % 7)]
    if step in overflow:
        base[step % 4] = 3.0e38
    if step in nan:
        base[(step + 1) % 4] = float("nan")
    return base


def run(name, options, steps, overflow=(), nan=(), record=True):
    """options use trainlab's names; GradScaler gets the torch ones."""
    torch_options = {"init_scale": options.get("initScale", 2.0 ** 16), "growth_factor": options.get("growthFactor", 2.0),
                     "backoff_factor": options.get("backoffFactor", 0.5), "growth_interval": options.get("growthInterval", 2000)}
    scaler = CpuGradScaler(**torch_options)
    p = torch.tensor([1.0, -2.0, 0.5, 3.0], requires_grad=True)
    optimizer = torch.optim.SGD([p], lr=0.1)
    trace = []
    for k in range(steps):
        c = torch.tensor(coefficient(k, overflow, nan), dtype=torch.float32)
        optimizer.zero_grad()
        scale_used = scaler.get_scale()
        scaler.scale((c * p).sum()).backward()
        scaler.unscale_(optimizer)
        grad = p.grad.tolist()
        state = scaler._per_optimizer_states[id(optimizer)]
        finite = not sum(v.item() for v in state["found_inf_per_device"].values())
        scaler.step(optimizer)
        scaler.update()
        sd = scaler.state_dict()
        row = {"scaleUsed": scale_used, "finite": finite, "scale": sd["scale"], "growthTracker": sd["_growth_tracker"]}
        if record:
            row["grad"] = [g if math.isfinite(g) else str(g) for g in grad]
            row["p"] = p.tolist()
        trace.append(row)
    if not record:  # long runs: only the steps where the scale changed
        trace = [dict(step=k, **r) for k, r in enumerate(trace) if k == 0 or r["scale"] != trace[k - 1]["scale"]]
    return {"name": name, "options": options, "steps": steps, "overflow": list(overflow), "nan": list(nan),
            "trace": trace, "stateDict": scaler.state_dict()}


def main():
    cases = [
        run("short interval with overflows and a NaN", {"growthInterval": 3}, 24, overflow=(2, 3, 10, 17), nan=(13,)),
        run("non-power-of-two factors", {"initScale": 1000.0, "growthFactor": 3.0, "backoffFactor": 0.3, "growthInterval": 2},
            20, overflow=(1, 8, 9), nan=(15,)),
        run("growth that would overflow is not applied", {"initScale": 2.0 ** 126, "growthInterval": 1}, 6),
        run("defaults over 4500 steps", {}, 4500, overflow=(2500,), record=False),
    ]
    json.dump({"torch": torch.__version__, "initial": [1.0, -2.0, 0.5, 3.0], "lr": 0.1, "cases": cases},
              sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
