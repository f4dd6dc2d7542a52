"""Where the Learner's per-batch overhead goes: ablations between a plain PyTorch loop and `Learner.fit`.

The same harness as bench_loop.py (tiny MLP, pre-built batches of 32, torch.optim.SGD(momentum=0.9), one
thread, CPU time, interleaved shuffled rounds, medians of per-round ratios to the plain loop), with contenders
that add the Learner's parts one at a time:

- plain loop again: the A/A row, the noise floor of every other ratio;
- plain loop + the Learner's bookkeeping, inline: the batch split into `xb`/`yb` tuples, `pred`, `loss_grad` and
  the detached `loss` kept on an object until the next batch, each batch's loss and size kept in lists, the
  train-iteration counters; the cheapest loop with the Learner's semantics, no method calls;
- Learner, inline batch loop, no callbacks: `Learner.fit` with `all_batches` replaced by that inline loop and no
  event fired per batch (fit's setup, the wrapped optimizer, attributes on the learner);
- Learner, inline batch loop + the default callbacks' batch handlers (Recorder.after_loss,
  TrainEvalCallback.after_batch) called from the inline loop;
- Learner: the real `fit`, default callbacks, progress bar off.

    .venv/bin/python bench/bench_loop_ablations.py [--batches 1000] [--rounds 15]
"""
import argparse, sys, time
from functools import partial
from pathlib import Path

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_loop import make_model, make_batches, plain, learner, interleaved
from trainbook.learner import Learner
from trainbook.optimizer import OptimWrapper

class _State: pass

def inline_bookkeeping(batches, torch_opt):
    model, loss_func = make_model(), nn.CrossEntropyLoss()
    opt = OptimWrapper(model.parameters(), opt=torch_opt, lr=0.01)
    model.train()
    s, losses, lrs, bss, n = _State(), [], [], [], len(batches)
    s.train_iter = 0
    t = time.process_time()
    for s.iter, b in enumerate(batches):
        s.xb, s.yb = tuple(b[:1]), tuple(b[1:])
        s.pred = model(*s.xb)
        s.loss_grad = loss_func(s.pred, *s.yb)
        s.loss = s.loss_grad.detach()
        losses.append(s.loss); lrs.append(0.01); bss.append(s.yb[0].shape[0])
        s.loss_grad.backward(); opt.step(); opt.zero_grad()
        s.train_iter += 1; s.pct_train = s.train_iter / n
    return time.process_time() - t

def _inline_all_batches(self, with_cbs):
    "An ablation of `Learner.all_batches`: the batch body inline, the batch handlers called directly (or not at all)."
    self.n_iter = len(self.dl)
    self._handlers = h = self._train_handlers if self.training else self._valid_handlers
    after_loss, after_batch = (h['after_loss'], h['after_batch']) if with_cbs else ((), ())
    model, loss_func, opt = self.model, self.loss_func, self.opt
    for self.iter, b in enumerate(self.dl):
        self.xb, self.yb = tuple(b[:1]), tuple(b[1:])
        self.pred = model(*self.xb)
        self.loss_grad = loss_func(self.pred, *self.yb)
        self.loss = self.loss_grad.detach()
        for f in after_loss: f()
        self.loss_grad.backward(); opt.step(); opt.zero_grad()
        for f in after_batch: f()

def learner_with(batches, opt_func, all_batches):
    orig = Learner.all_batches
    Learner.all_batches = all_batches
    try: return learner(batches, opt_func, bar=False)
    finally: Learner.all_batches = orig

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--batches', type=int, default=1000)
    ap.add_argument('--rounds', type=int, default=15)
    a = ap.parse_args()
    torch.set_num_threads(1)
    batches = make_batches(a.batches)
    tsgd = partial(torch.optim.SGD, momentum=0.9)
    wrapped = partial(OptimWrapper, opt=tsgd)
    variants = {
        'plain loop, torch SGD':                                 lambda: plain(batches, tsgd),
        'plain loop again (A/A noise control)':                  lambda: plain(batches, tsgd),
        "plain loop + the Learner's bookkeeping, inline":        lambda: inline_bookkeeping(batches, tsgd),
        'Learner, inline batch loop, no callbacks':              lambda: learner_with(batches, wrapped, lambda self: _inline_all_batches(self, False)),
        "Learner, inline batch loop + default callbacks' handlers": lambda: learner_with(batches, wrapped, lambda self: _inline_all_batches(self, True)),
        'Learner (real fit, default callbacks, no bar)':          lambda: learner(batches, wrapped, bar=False),
    }
    interleaved(variants, a.batches, a.rounds)
