"""trainbook demo: train a small CNN on the digits data (real, offline) in well under a minute.

Runs the LR finder, then `fit_one_cycle`, prints the epoch table and the final accuracy, and writes
the loss, schedule and LR-finder plots as PNG files.

    make demo            # or: .venv/bin/python scripts/demo.py --out demo_output
"""
import argparse, sys, time
from pathlib import Path

import matplotlib
matplotlib.use('Agg')
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from trainbook.all import *

def main(out: Path, epochs: int, seed: int):
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    dls = digits_dls(bs=64)
    learn = Learner(dls, digits_cnn(), loss_func=nn.CrossEntropyLoss(), metrics=accuracy)
    print(f"Data: {len(dls.train.dataset)} training and {len(dls.valid.dataset)} validation digits (8x8), "
          f"device {dls.device}\n")
    t0 = time.perf_counter()
    sugg = learn.lr_find(show_plot=False)
    fig = learn.recorder.plot_lr_find(suggestions=sugg, show=False)
    fig.savefig(out / 'lr_find.png', dpi=100, bbox_inches='tight')
    print("LR finder suggestions: " + ", ".join(f"{k}={v:.2e}" for k, v in sugg._asdict().items() if v is not None))
    lr = sugg.minimum if sugg.minimum is not None else 1e-2
    lr = min(max(lr * 5, 3e-3), 3e-2)
    print(f"Training {epochs} epochs with fit_one_cycle(lr_max={lr:.2e})\n")
    learn.fit_one_cycle(epochs, lr)
    secs = time.perf_counter() - t0
    acc = learn.recorder.values[-1][2]
    fig = learn.recorder.plot_loss(show=False); fig.savefig(out / 'loss.png', dpi=100, bbox_inches='tight')
    fig = learn.recorder.plot_sched(show=False); fig.savefig(out / 'schedule.png', dpi=100, bbox_inches='tight')
    print(f"\nFinal validation accuracy: {acc:.4f}  (LR finder + training: {secs:.1f}s)")
    print(f"Plots written to {out}/: lr_find.png, loss.png, schedule.png")
    print("(train_loss in the table is each epoch's mean over its batches, the squares in loss.png; the smoothed\n"
          " curve there is the progress bar's moving average, which lags behind over a short fit.)")
    if acc < 0.95: sys.exit(f"Accuracy {acc:.4f} is below the 0.95 the demo promises.")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', type=Path, default=Path('demo_output'))
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    main(a.out, a.epochs, a.seed)
