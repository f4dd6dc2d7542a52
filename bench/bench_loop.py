"""Per-batch overhead of `Learner.fit` against a plain PyTorch loop.

Same model (a tiny MLP), same pre-batched data (batch 32), same optimizer object type, one thread.
Variants run interleaved in shuffled order each round (the plain loop twice: the A/A row says how much two
identical runs differ on this machine, the noise floor of every other ratio); we report the median time per batch and the
median of the per-round ratios to the plain loop. Times are CPU time of this process
(`time.process_time`, one thread), which other processes on a shared machine disturb far less than
wall-clock time.

    .venv/bin/python bench/bench_loop.py [--batches 3000] [--rounds 9] [--width 512]

The default model is tiny (20-64-10, about 0.2 ms per batch on one CPU thread), so the Learner's fixed cost per batch
shows as much as it can; `--width 512` trains 20-512-512-10 (about 1.2 ms per batch) to show the same cost on a
batch closer to real work.
"""
import argparse, contextlib, io, random, statistics, sys, time
from functools import partial
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from trainbook.data import DataLoaders
from trainbook.learner import Learner, ProgressCallback
from trainbook.optimizer import OptimWrapper, SGD

WIDTH = None          # `--width w`: a wider model, 20-w-w-10, where a batch costs about a millisecond (w=512)

def make_model():
    torch.manual_seed(0)
    if WIDTH is None: return nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 10))
    return nn.Sequential(nn.Linear(20, WIDTH), nn.ReLU(), nn.Linear(WIDTH, WIDTH), nn.ReLU(), nn.Linear(WIDTH, 10))

def make_batches(n, bs=32):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(bs, 20, generator=g), torch.randint(0, 10, (bs,), generator=g)) for _ in range(n)]

def plain(batches, torch_opt):
    model, loss_func = make_model(), nn.CrossEntropyLoss()
    opt = torch_opt(model.parameters(), lr=0.01)
    model.train()
    t = time.process_time()
    for xb, yb in batches:
        loss = loss_func(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
    return time.process_time() - t

def learner(batches, opt_func, bar):
    learn = Learner(DataLoaders(batches, None, device='cpu'), make_model(), loss_func=nn.CrossEntropyLoss(),
                    opt_func=opt_func, lr=0.01)
    if bar: learn.progress.notebook = True      # fastprogress bar (its console form outside a notebook)
    else: learn.remove_cb(ProgressCallback)
    with contextlib.redirect_stdout(io.StringIO()):
        t = time.process_time()
        learn.fit(1)
        return time.process_time() - t

def interleaved(variants: dict, n_batches: int, rounds: int, base: str = 'plain loop, torch SGD'):
    "Run `variants` (name -> f() returning seconds) in shuffled order each round; print medians per batch and ratios to `base`."
    for f in variants.values(): f()                      # warm-up
    times = {k: [] for k in variants}
    for r in range(rounds):
        order = list(variants); random.shuffle(order)
        for k in order: times[k].append(variants[k]() / n_batches)
    print(f"torch {torch.__version__}, 1 thread, {n_batches} batches of 32, {rounds} interleaved rounds\n")
    print(f"| variant | median us/batch | median ratio to plain loop |\n|---|---:|---:|")
    for k, ts in times.items():
        ratio = statistics.median(t / b for t, b in zip(ts, times[base]))
        print(f"| {k} | {statistics.median(ts) * 1e6:.1f} | {ratio:.3f}x |")

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--batches', type=int, default=3000)
    ap.add_argument('--rounds', type=int, default=9)
    ap.add_argument('--width', type=int, default=None)
    a = ap.parse_args()
    WIDTH = a.width
    torch.set_num_threads(1)
    batches = make_batches(a.batches)
    tsgd = partial(torch.optim.SGD, momentum=0.9)
    wrapped = partial(OptimWrapper, opt=tsgd)
    variants = {
        'plain loop, torch SGD':                 lambda: plain(batches, tsgd),
        'plain loop again (A/A noise control)':  lambda: plain(batches, tsgd),
        'Learner, torch SGD (OptimWrapper)':      lambda: learner(batches, wrapped, bar=False),
        'Learner + progress bar, torch SGD':      lambda: learner(batches, wrapped, bar=True),
        'Learner, trainbook SGD(mom=0.9)':        lambda: learner(batches, partial(SGD, mom=0.9), bar=False),
    }
    interleaved(variants, a.batches, a.rounds)
