"""PyTorch side of bench/digits.bench.ts: the digits MLP trained the way a PyTorch user writes it.

Run by the benchmark as a child process (Debian's torch: /usr/bin/python3), one thread. It builds
the model (64→128→128→10, ReLU), AdamW (lr 1e-3, PyTorch's defaults otherwise) and `rows` random
rows, prints "ready", then for every line "epoch" on stdin trains one epoch — a fresh shuffle,
batches of `batch_size`, zero_grad / forward / cross_entropy / backward / step, `loss.item()` per
step as a loop that logs its loss does — and prints "done <steps> <mean loss>". EOF ends it.
The node side times from writing "epoch" to reading "done": a pipe round trip is ~0.1 ms against
an epoch of tens of milliseconds.

Usage: /usr/bin/python3 bench/torch_mlp.py <rows> <batch_size>
"""
import sys

import torch
import torch.nn.functional as F


def main() -> None:
    rows, batch_size = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(rows, 64)
    y = torch.randint(0, 10, (rows,))
    print(f"ready torch {torch.__version__} threads {torch.get_num_threads()}", flush=True)
    for line in sys.stdin:
        if line.strip() != "epoch":
            continue
        order = torch.randperm(rows)
        total, steps = 0.0, 0
        for start in range(0, rows, batch_size):
            index = order[start:start + batch_size]
            xb, yb = x[index], y[index]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            steps += 1
        print(f"done {steps} {total / steps:.6f}", flush=True)


if __name__ == "__main__":
    main()
