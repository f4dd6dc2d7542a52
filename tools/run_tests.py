"""Run every trainbook check and end with one line `N passed, N failed`.

Checks: nbdev_clean and nbdev_export leave the tree unchanged, README.md is in sync with
nbs/index.ipynb, every notebook passes the nbdev test engine, and the pytest suite in tests/ passes.
"""
import argparse, hashlib, os, subprocess, sys, time, xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
results = []   # (name, ok, seconds, detail)

def record(name, ok, secs, detail=''):
    results.append((name, ok, secs, detail))
    print(f"{'PASS' if ok else 'FAIL'}  {name}  ({secs:.1f}s){'  ' + detail if detail and not ok else ''}", flush=True)

def digest(paths):
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}

def notebooks():
    return sorted(p for p in (ROOT / 'nbs').rglob('*.ipynb')
                  if '.ipynb_checkpoints' not in p.parts and not p.name.startswith('_'))

def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)

def check_unchanged(name, cmd, paths_fn):
    t = time.time(); before = digest(paths_fn())
    r = run(cmd)
    after = digest(paths_fn())
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    ok = r.returncode == 0 and not changed
    detail = (r.stderr[-2000:] if r.returncode else '') + (f"changed: {[os.path.relpath(c, ROOT) for c in changed]}; "
              f"run `make export` and commit" if changed else '')
    record(name, ok, time.time() - t, detail)

def check_sync():
    check_unchanged('nbdev_clean leaves notebooks unchanged', [str(BIN / 'nbdev_clean')], notebooks)
    check_unchanged('nbdev_export leaves the library unchanged', [str(BIN / 'nbdev_export')],
                    lambda: sorted((ROOT / 'trainbook').rglob('*.py')))
    readme = ROOT / 'tools' / 'readme.py'
    if readme.exists():
        t = time.time(); r = run([sys.executable, str(readme), '--check'])
        record('README.md in sync with nbs/index.ipynb', r.returncode == 0, time.time() - t, r.stdout[-1000:] + r.stderr[-1000:])

def check_docs():
    "Colab cells, the sidebar, the docs tools, the site build and the real-browser check of the built site."
    for name, cmd in [
        ('Colab badge and install cell in every notebook', ['tools/colab.py', '--check']),
        ('nbs/sidebar.yml in sync with nbs/', ['tools/docs.py', 'sidebar', '--check']),
        ('docs tools tests', ['tools/test_docs_tools.py']),
        ('docs site builds (make docs)', ['tools/docs.py', '-q']),
        ('docs site passes the browser check', ['tools/check_site.py']),
    ]:
        t = time.time(); r = run([sys.executable, *cmd])
        record(name, r.returncode == 0, time.time() - t, (r.stdout + r.stderr)[-3000:])

def test_notebook(nb, flags):
    t = time.time()
    cmd = [str(BIN / 'nbdev_test'), '--path', str(nb), '--do_print']
    if flags: cmd += ['--flags', flags]
    env = {**os.environ, 'MPLBACKEND': 'Agg', 'PYTHONWARNINGS': 'ignore::DeprecationWarning'}
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    return nb, r.returncode == 0, time.time() - t, (r.stderr or r.stdout)[-3000:]

def check_notebooks(flags, workers):
    with ThreadPoolExecutor(workers) as ex:
        for nb, ok, secs, detail in ex.map(lambda nb: test_notebook(nb, flags), notebooks()):
            record(f'notebook {nb.relative_to(ROOT)}', ok, secs, detail)

def check_pytest():
    tests = ROOT / 'tests'
    if not any(tests.glob('test_*.py')): return
    xml = ROOT / 'test_artifacts' / 'pytest.xml'; xml.parent.mkdir(exist_ok=True)
    t = time.time()
    r = subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', str(tests), f'--junitxml={xml}'],
                       cwd=ROOT, text=True)
    secs = time.time() - t
    if not xml.exists(): record('pytest tests/', False, secs, f'pytest exited {r.returncode} without a report'); return
    for case in ET.parse(xml).getroot().iter('testcase'):
        if case.find('skipped') is not None: continue
        bad = case.find('failure') if case.find('failure') is not None else case.find('error')
        record(f"pytest {case.get('classname')}.{case.get('name')}", bad is None, float(case.get('time', 0)),
               (bad.get('message') or '')[:500] if bad is not None else '')

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--only-notebooks', action='store_true')
    ap.add_argument('--flags', default='slow', help='nbdev test flags to run (default: slow)')
    ap.add_argument('--workers', type=int, default=2)
    a = ap.parse_args()
    t0 = time.time()
    if not a.only_notebooks: check_sync()
    check_notebooks(a.flags, a.workers)
    if not a.only_notebooks:
        check_pytest()
        check_docs()
    failed = [r for r in results if not r[1]]
    if failed:
        print('\nFailures:')
        for name, _, _, detail in failed: print(f'--- {name}\n{detail}\n')
    print(f'\nTotal time {time.time() - t0:.0f}s')
    print(f'{len(results) - len(failed)} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)
