"""Instructions per batch of the Learner's loop against a plain loop, counted by valgrind (deterministic, unlike time).

The workload is a near-free model, loss and optimizer step (a module returning a constant tensor, a one-multiply loss,
torch.optim.SGD over one parameter without a gradient), so what is counted is the loop's own Python and torch
bookkeeping, not the arithmetic. Each variant runs in its own process under `valgrind --tool=callgrind` with
instrumentation switched on (`callgrind_control -i on`) only around the loop, once with `--small` and once with
`--large` batches; the difference divided by the difference in batches is the count per batch, so setup and teardown
cancel. Counts vary by about 1 k per batch from run to run (OpenBLAS's idle threads).

    .venv/bin/python bench/bench_loop_instructions.py [--small 500] [--large 1500]

Needs valgrind (`apt-get install -y valgrind`); each run takes about 25 s.
"""
import argparse, os, re, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def _workload(name: str, n: int):
    "Run variant `name` for `n` batches (after a 20-batch warm-up), with callgrind counting only the measured run."
    sys.path.insert(0, str(ROOT))
    import torch
    from torch import nn
    from trainbook.data import DataLoaders
    from trainbook.learner import Learner, ProgressCallback, Recorder
    from trainbook.optimizer import OptimWrapper
    torch.set_num_threads(1)
    class Const(nn.Module):
        def __init__(self): super().__init__(); self.w, self.out = nn.Parameter(torch.zeros(1)), torch.zeros(32, 10)
        def forward(self, x): return self.out
    leaf = torch.zeros((), requires_grad=True)
    def loss_func(pred, y): return leaf * 1.
    tsgd = partial(torch.optim.SGD, momentum=0.9)
    class State: pass
    def plain(batches):
        m = Const(); opt = tsgd(m.parameters(), lr=0.01)
        for xb, yb in batches:
            loss = loss_func(m(xb), yb); loss.backward(); opt.step(); opt.zero_grad()
    def inline(batches):                   # the Learner's semantics written inline (bench_loop_ablations' row)
        m = Const(); opt = OptimWrapper(m.parameters(), opt=tsgd, lr=0.01)
        s, losses, lrs, bss, hp = State(), [], [], [], opt.hypers[-1]
        s.train_iter, n = 0, len(batches)
        for s.iter, b in enumerate(batches):
            s.xb, s.yb = tuple(b[:1]), tuple(b[1:])
            s.pred = m(*s.xb)
            s.loss_grad = loss_func(s.pred, *s.yb)
            s.loss = s.loss_grad.detach()
            losses.append(s.loss); lrs.append(hp['lr']); bss.append(s.yb[0].shape[0])
            s.loss_grad.backward(); opt.step(); opt.zero_grad()
            s.train_iter += 1; s.pct_train = s.train_iter / n
    def fit(batches, without=()):
        learn = Learner(DataLoaders(batches, None, device='cpu'), Const(), loss_func=loss_func,
                        opt_func=partial(OptimWrapper, opt=tsgd), lr=0.01)
        learn.remove_cbs([ProgressCallback, *without]); learn.logger = lambda *a: None
        learn.fit(1)
    variants = {'plain': plain, 'inline': inline, 'fit': fit, 'fit_no_recorder': partial(fit, without=[Recorder])}
    b = (torch.zeros(32, 20), torch.zeros(32, dtype=torch.long))
    variants[name]([b] * 20)
    ctl = lambda s: subprocess.run(['callgrind_control', '-i', s, str(os.getpid())], capture_output=True)
    ctl('on'); variants[name]([b] * n); ctl('off')

def _count(name: str, n: int) -> int:
    "Instructions executed while variant `name` ran `n` batches."
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / 'cg.out'
        subprocess.run(['valgrind', '--tool=callgrind', '--instr-atstart=no', f'--callgrind-out-file={out}',
                        sys.executable, __file__, '--run', name, str(n)], capture_output=True, check=True)
        text = ''.join(p.read_text() for p in Path(d).glob('cg.out*'))
    return sum(int(m) for m in re.findall(r'^(?:summary|totals):\s+(\d+)', text, re.M))

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--small', type=int, default=500)
    ap.add_argument('--large', type=int, default=1500)
    ap.add_argument('--run', nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.run: _workload(a.run[0], int(a.run[1])); sys.exit()
    names = ['plain', 'inline', 'fit', 'fit_no_recorder']
    with ThreadPoolExecutor(2) as ex:
        counts = dict(zip([(k, n) for k in names for n in (a.small, a.large)],
                          ex.map(lambda kn: _count(*kn), [(k, n) for k in names for n in (a.small, a.large)])))
    per = {k: (counts[k, a.large] - counts[k, a.small]) / (a.large - a.small) for k in names}
    print(f"instructions per batch (callgrind, batches {a.small} vs {a.large}, near-free model, loss and step)\n")
    print("| variant | instructions per batch | over the plain loop |\n|---|---:|---:|")
    labels = {'plain': 'plain loop, torch SGD', 'inline': "plain loop + the Learner's bookkeeping, inline",
              'fit': 'Learner (real fit, default callbacks, no bar)', 'fit_no_recorder': 'Learner without the Recorder'}
    for k in names: print(f"| {labels[k]} | {per[k] / 1e3:.1f} k | +{(per[k] - per['plain']) / 1e3:.1f} k |")
