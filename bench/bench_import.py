"""How long `import trainbook.all` adds to `import torch`, in fresh interpreters (median of N runs).

    .venv/bin/python bench/bench_import.py [--runs 9]
"""
import argparse, statistics, subprocess, sys

def t(code: str) -> float:
    out = subprocess.run([sys.executable, '-c', f"import time; t=time.perf_counter(); {code}; print(time.perf_counter()-t)"],
                         capture_output=True, text=True, check=True).stdout
    return float(out)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--runs', type=int, default=9); a = ap.parse_args()
    base, full = [], []
    for _ in range(a.runs):
        base.append(t('import torch')); full.append(t('import torch; import trainbook.all'))
    b, f = statistics.median(base), statistics.median(full)
    print(f"import torch: {b:.3f}s; import torch + trainbook.all: {f:.3f}s; trainbook.all adds {f - b:.3f}s (median of {a.runs})")
