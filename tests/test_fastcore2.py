"""Runtime code must import and train under fastcore 2.x (what Colab ships), not only under the dev pin.

Builds (once) a second virtual environment, `.venv-fastcore2/`, with torch and fastcore 2.x, installs
trainbook into it without its dev extras, then imports `trainbook.all` and trains with the default
optimizer, a schedule and the LR finder, showing the notebook progress bar code path too.
"""
import os, subprocess, sys, textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / '.venv-fastcore2'
PY = VENV / 'bin' / 'python'

SCRIPT = textwrap.dedent("""
    import fastcore, torch, warnings
    from trainbook.all import *
    assert fastcore.__version__.startswith('2.'), fastcore.__version__
    learn = synth_learner(n_trn=5, lr=1e-2)
    learn.progress.notebook = True          # the fastprogress code path, here in its console form
    learn.fit_one_cycle(2, 1e-2)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        learn.lr_find(show_plot=False, num_it=20)
    learn.fit(1)
    print('ok', fastcore.__version__, len(learn.recorder.values))
""")

def _ensure_venv():
    stamp = VENV / '.ok'
    if stamp.exists(): return
    subprocess.run([sys.executable, '-m', 'venv', str(VENV)], check=True)
    pip = [str(PY), '-m', 'pip', 'install', '-q']
    subprocess.run(pip + ['torch==2.13.0', 'fastcore>=2,<3', 'fastprogress', 'numpy', 'matplotlib'], check=True)
    subprocess.run(pip + ['--no-deps', '-e', str(ROOT)], check=True)
    stamp.touch()

def test_runtime_under_fastcore2():
    _ensure_venv()
    env = {**os.environ, 'MPLBACKEND': 'Agg'}
    r = subprocess.run([str(PY), '-c', SCRIPT], capture_output=True, text=True, cwd=str(ROOT / 'tests'), env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip().splitlines()[-1].startswith('ok 2.'), r.stdout
