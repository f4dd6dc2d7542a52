"""Optimizer step time: trainbook's `Adam` and `SGD(mom=0.9)` against `torch.optim`'s AdamW and SGD.

Measures `opt.step()` alone (gradients are fixed random tensors, shared by every optimizer), on two sets of
parameter shapes: ResNet-18's (62 tensors, 11.7M values, written out by hand, no torchvision) and 200 small
transformer-like tensors (where per-tensor Python overhead dominates). Optimizers are timed in interleaved
rounds (every optimizer once per round, in a rotating order). The table reports the median time per step and
the median over rounds of its ratio to torch's fused optimizer of the same family in the same round.

    .venv/bin/python bench/bench_optimizer.py                 # torch's default threads
    .venv/bin/python bench/bench_optimizer.py --threads 1     # torch.set_num_threads(1)
    .venv/bin/python bench/bench_optimizer.py --sets small --rounds 5

This is a benchmark, not a test: it asserts nothing. The targets are in bench/README.md.
"""
import argparse, statistics, sys, time
from functools import partial
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from trainbook.optimizer import Adam, SGD


def resnet18_shapes() -> list:
    "The parameter shapes of torchvision's resnet18 (62 tensors, 11,689,512 values)."
    shapes = [(64, 3, 7, 7), (64,), (64,)]                      # stem: conv1, bn1
    c_in = 64
    for c in (64, 128, 256, 512):
        for block in range(2):
            down = block == 0 and c != 64
            shapes += [(c, c_in if block == 0 else c, 3, 3), (c,), (c,), (c, c, 3, 3), (c,), (c,)]
            if down: shapes += [(c, c_in, 1, 1), (c,), (c,)]
        c_in = c
    return shapes + [(1000, 512), (1000,)]


def small_shapes(n_layers: int = 16, d: int = 64, vocab: int = 512, ctx: int = 128) -> list:
    "200 small transformer-like tensors: 16 blocks of 12 tensors, embeddings, final norm and head."
    block = [(d,), (d,), (3 * d, d), (3 * d,), (d, d), (d,), (d,), (d,), (4 * d, d), (4 * d,), (d, 4 * d), (d,)]
    return [(vocab, d), (ctx, d), (d,), (d,)] + block * n_layers + [(d,), (d,), (vocab, d), (vocab,)]


def make_params(shapes: list, grads: list) -> list:
    "Fresh parameters for `shapes`, each with its (shared) gradient from `grads`."
    ps = [torch.nn.Parameter(torch.randn(s) * 0.02) for s in shapes]
    for p, g in zip(ps, grads): p.grad = g
    return ps


def candidates(family: str) -> dict:
    "name -> function building the optimizer from a list of parameters."
    lr, wd = 1e-3, 0.01
    if family == 'adam':
        return {
            'trainbook Adam (fast path)': partial(Adam, lr=lr, mom=0.9, sqr_mom=0.999, eps=1e-8, wd=wd),
            'trainbook Adam (foreach, fused=False)': partial(Adam, lr=lr, mom=0.9, sqr_mom=0.999, eps=1e-8, wd=wd, fused=False),
            'trainbook Adam (reference path)': partial(Adam, lr=lr, mom=0.9, sqr_mom=0.999, eps=1e-8, wd=wd, foreach=False),
            'torch AdamW (for-loop)': partial(torch.optim.AdamW, lr=lr, weight_decay=wd, foreach=False),
            'torch AdamW (foreach)': partial(torch.optim.AdamW, lr=lr, weight_decay=wd, foreach=True),
            'torch AdamW (fused)': partial(torch.optim.AdamW, lr=lr, weight_decay=wd, fused=True),
        }
    return {
        'trainbook SGD mom=0.9 (fast path)': partial(SGD, lr=lr, mom=0.9),
        'trainbook SGD mom=0.9 (foreach, fused=False)': partial(SGD, lr=lr, mom=0.9, fused=False),
        'trainbook SGD mom=0.9 (reference path)': partial(SGD, lr=lr, mom=0.9, foreach=False),
        'torch SGD momentum=0.9 (for-loop)': partial(torch.optim.SGD, lr=lr, momentum=0.9, foreach=False),
        'torch SGD momentum=0.9 (foreach)': partial(torch.optim.SGD, lr=lr, momentum=0.9, foreach=True),
        'torch SGD momentum=0.9 (fused)': partial(torch.optim.SGD, lr=lr, momentum=0.9, fused=True),
    }


def bench(shapes: list, family: str, rounds: int, steps: int) -> dict:
    "name -> list of seconds per step, one per round; optimizers interleaved within each round."
    torch.manual_seed(0)
    grads = [torch.randn(s) * 1e-3 for s in shapes]
    opts = {name: f(make_params(shapes, grads)) for name, f in candidates(family).items()}
    for opt in opts.values(): opt.step()                        # warm-up: creates the state
    times = {name: [] for name in opts}
    names = list(opts)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            opt = opts[name]
            t0 = time.perf_counter()
            for _ in range(steps): opt.step()
            times[name].append((time.perf_counter() - t0) / steps)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--threads', type=int, default=None, help='torch.set_num_threads (default: torch\'s default)')
    parser.add_argument('--rounds', type=int, default=9, help='interleaved rounds; the table shows medians')
    parser.add_argument('--sets', default='resnet18,small', help='comma-separated: resnet18, small')
    parser.add_argument('--families', default='adam,sgd', help='comma-separated: adam, sgd')
    args = parser.parse_args()
    if args.threads: torch.set_num_threads(args.threads)
    sets = {'resnet18': (resnet18_shapes(), 3), 'small': (small_shapes(), 50)}
    n = torch.get_num_threads()
    print(f"torch {torch.__version__}, {n} thread{'s' if n > 1 else ''}, {args.rounds} rounds\n")
    print("| parameters | optimizer | median ms/step | vs torch fused (median of per-round ratios) |")
    print("|---|---|---:|---:|")
    for set_name in args.sets.split(','):
        shapes, steps = sets[set_name]
        label = f"{set_name} ({len(shapes)} tensors, {sum(torch.Size(s).numel() for s in shapes) / 1e6:.2f}M values)"
        for family in args.families.split(','):
            times = bench(shapes, family, args.rounds, steps)
            base = next(ts for k, ts in times.items() if k.startswith('torch') and k.endswith('(fused)'))
            for name, ts in times.items():
                ratio = statistics.median(t / b for t, b in zip(ts, base))   # per round: robust to load drifting between rounds
                print(f"| {label} | {name} | {statistics.median(ts) * 1e3:.3f} | {ratio:.2f}x |")


if __name__ == '__main__':
    main()
