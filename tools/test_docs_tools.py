#!/usr/bin/env python
"""Tests of the docs tooling: tools/colab.py, tools/readme.py, tools/docs.py, tools/check_site.py.

    python tools/test_docs_tools.py            # all (1-2 min: builds probe sites, checks one in Chromium)
    python tools/test_docs_tools.py -k colab   # those whose name contains "colab"
    python tools/test_docs_tools.py --fast     # skip the site build and the browser

Everything runs in a throw-away copy of the project (settings.ini, the library, nbs/api/00_core.ipynb,
the tools) plus probe notebooks made here: an index and a tutorial with a plot, an HTML table, math, a
callout, an ipywidgets slider with its static figure, hidden and folded cells and links to API pages.
The work tree is never touched. Prints `N passed, N failed` last; exit 1 on any failure.
Works under pytest too (plain `test_*` functions and asserts).
"""
from __future__ import annotations
import json, os, shutil, subprocess, sys, tempfile, time, traceback
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
PY = sys.executable

# ---------------------------------------------------------------------------------------------
# A throw-away project with probe notebooks

def _md(s): return {'cell_type': 'markdown', 'metadata': {}, 'source': s}
def _code(s): return {'cell_type': 'code', 'execution_count': None, 'metadata': {}, 'outputs': [], 'source': s}

def _nb(cells):
    for i, c in enumerate(cells): c['id'] = f'p{i}'
    return {'cells': cells, 'metadata': {'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}},
            'nbformat': 4, 'nbformat_minor': 5}

INDEX = _nb([
    _md('# trainbook\n> A probe home page.'),
    _md('`find_bs` counts samples; see [the core API](api/00_core.ipynb) and [a tutorial](tutorials/01_probe.ipynb#a-plot).\n\n'
        '![a local image](images/dot.png)'),
    _code('#| hide\nSECRET_HIDDEN_CELL = 1'),
    _md('## Install\n\n```sh\npip install trainbook\n```'),
    _code('from trainbook.core import find_bs\nimport torch\nprint("batch of", find_bs(torch.zeros(5, 3)))'),
    _code('#| echo: false\nprint("only the output of this cell")'),
    _code('import matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\n%matplotlib inline\n'
          'plt.figure(figsize=(3, 2)); plt.plot([1, 3, 2]); plt.show()'),
])

TUTORIAL = _nb([
    _md('# Probe tutorial\n> A temporary notebook that exercises the docs pipeline.'),
    _md('Links: `to_device`, [the core page](../api/00_core.ipynb), [find_bs](../api/00_core.ipynb#find_bs) '
        'and [home](../index.ipynb).\n\nMath: $y = a x + b$.\n\n'
        '::: {.callout-note}\nA Quarto callout becomes an admonition.\n:::'),
    _code('from trainbook.core import *\nimport matplotlib\nmatplotlib.use("Agg")\nimport matplotlib.pyplot as plt\n%matplotlib inline'),
    _md('## A plot'),
    _code('plt.figure(figsize=(4, 3)); plt.plot([0, 1, 4, 9], label="loss"); plt.legend(); plt.show()'),
    _md('## A table'),
    _code('from IPython.display import HTML\n'
          'HTML("<table><thead><tr><th>epoch</th><th>train_loss</th></tr></thead>"\n'
          '     "<tbody><tr><td>0</td><td>1.2345</td></tr><tr><td>1</td><td>0.5678</td></tr></tbody></table>")'),
    _md('## A widget'),
    _code('import ipywidgets as widgets\n'
          'def show(a=2.0):\n    plt.figure(figsize=(3, 2)); plt.plot([0, a, 0]); plt.show()\n'
          'widgets.interactive(show, a=widgets.FloatSlider(2.0, min=0, max=4))'),
    _md('Its static figure:'),
    _code('show(2.0)'),
    _code('#| code-fold: true\nfolded = "folded code"\nprint(folded)'),
])

def _execute(path: Path, cwd: Path):
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(path, as_version=4)
    env_py = str(cwd)
    os.environ['PYTHONPATH'] = env_py + os.pathsep + os.environ.get('PYTHONPATH', '')
    NotebookClient(nb, timeout=120, kernel_name='python3', resources={'metadata': {'path': str(cwd)}},
                   store_widget_state=True).execute()
    nbformat.write(nb, path)

def make_project(tmp_path: Path, index=True, tutorial=True, execute=True) -> Path:
    "A copy of the project in `tmp_path` with nbs/api/00_core.ipynb and the probe notebooks."
    p = tmp_path/'proj'
    (p/'nbs'/'api').mkdir(parents=True)
    for f in ('settings.ini', 'pyproject.toml', 'setup.py'):
        if (ROOT/f).exists(): shutil.copy2(ROOT/f, p/f)
    lib = ROOT/'trainbook'
    shutil.copytree(lib, p/'trainbook', ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copy2(ROOT/'nbs'/'api'/'00_core.ipynb', p/'nbs'/'api'/'00_core.ipynb')
    (p/'nbs'/'_quarto.yml').write_text((ROOT/'_quarto.yml').read_text())
    (p/'tools').mkdir()
    for f in TOOLS.glob('*.py'): shutil.copy2(f, p/'tools'/f.name)
    if (TOOLS/'node_modules').exists(): (p/'tools'/'node_modules').symlink_to(TOOLS/'node_modules')
    shutil.copytree(ROOT/'docs', p/'docs', ignore=shutil.ignore_patterns('__pycache__'))
    # Only the modules this copy's notebooks document: the index of the real tree may list more.
    idx = p/'trainbook'/'_modidx.py'
    if idx.exists():
        import ast, pprint
        d = ast.literal_eval(idx.read_text().split('=', 1)[1])
        d['syms'] = {k: v for k, v in d['syms'].items() if k == 'trainbook.core'}
        idx.write_text('# Autogenerated by nbdev\n\nd = ' + pprint.pformat(d) + '\n')
    if index:
        (p/'nbs'/'images').mkdir()
        # a 2x2 PNG
        import base64
        (p/'nbs'/'images'/'dot.png').write_bytes(base64.b64decode(
            'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=='))
        (p/'nbs'/'index.ipynb').write_text(json.dumps(INDEX, indent=1))
    if tutorial:
        (p/'nbs'/'tutorials').mkdir()
        (p/'nbs'/'tutorials'/'01_probe.ipynb').write_text(json.dumps(TUTORIAL, indent=1))
    if execute:
        for nb in sorted((p/'nbs').rglob('*.ipynb')):
            if 'api' not in nb.parts: _execute(nb, p)
    return p

def run(cmd, cwd, check=True):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if check and r.returncode:
        raise AssertionError(f'{" ".join(map(str, cmd))} exited {r.returncode}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}')
    return r

def _load(name, proj):
    "Import tools/<name>.py from the copy in `proj`."
    import importlib.util
    spec = importlib.util.spec_from_file_location(f'{name}_{abs(hash(str(proj)))}', proj/'tools'/f'{name}.py')
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m

# ---------------------------------------------------------------------------------------------
# colab.py

def test_colab_inserts_after_title_and_is_idempotent(tmp_path: Path):
    p = make_project(tmp_path, index=True, tutorial=True, execute=False)
    nbs = sorted((p/'nbs').rglob('*.ipynb'))
    r = run([PY, 'tools/colab.py', '--check'], p, check=False)
    assert r.returncode == 1 and 'no Colab badge' in r.stderr and 'python tools/colab.py' in r.stderr, r.stderr
    run([PY, 'tools/colab.py'], p)
    first = {n: n.read_text() for n in nbs}
    r = run([PY, 'tools/colab.py'], p)
    assert '0 of 3 notebook(s) changed' in r.stdout, r.stdout
    assert {n: n.read_text() for n in nbs} == first, 'a second run changed a notebook'
    run([PY, 'tools/colab.py', '--check'], p)
    for n in nbs:
        cells = json.loads(n.read_text())['cells']
        src = [''.join(c['source']) for c in cells]
        assert src[0].startswith('# '), f'{n}: the title is no longer first'
        rel = n.relative_to(p).as_posix()
        assert src[1] == ('[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]'
                          f'(https://colab.research.google.com/github/trainbook/trainbook/blob/main/{rel})'), src[1]
        assert src[2] == '#| eval: false\n#| hide\n! [ -e /content ] && pip install -Uqq git+https://github.com/trainbook/trainbook', src[2]
        assert sum('colab-badge' in s for s in src) == 1 and sum('[ -e /content ]' in s for s in src) == 1
    # nbdev still reads the title cell as front matter
    sys.path.insert(0, str(p))
    try:
        from execnb.nbio import read_nb
        from nbdev.frontmatter import FrontmatterProc
        from nbdev.process import NBProcessor
        nb = read_nb(p/'nbs'/'api'/'00_core.ipynb')
        NBProcessor(nb=nb, procs=[FrontmatterProc]).process()
        assert nb.frontmatter_['title'] == 'Core', nb.frontmatter_
    finally: sys.path.remove(str(p))

def test_colab_updates_a_moved_notebook_and_checks_links(tmp_path: Path):
    p = make_project(tmp_path, index=False, tutorial=True, execute=False)
    run([PY, 'tools/colab.py'], p)
    old, new = p/'nbs'/'tutorials'/'01_probe.ipynb', p/'nbs'/'tutorials'/'02_probe.ipynb'
    old.rename(new)
    r = run([PY, 'tools/colab.py', '--check'], p, check=False)
    assert r.returncode == 1 and 'nbs/tutorials/01_probe.ipynb, which does not exist' in r.stderr, r.stderr
    run([PY, 'tools/colab.py', str(new)], p)
    run([PY, 'tools/colab.py', '--check'], p)
    colab = _load('colab', p)
    nb = json.loads(new.read_text())
    nb['cells'].append(_md('[other](https://colab.research.google.com/github/someone/else/blob/dev/nbs/nope.ipynb)'))
    new.write_text(json.dumps(nb))
    errs = colab.problems([new], root=p)
    assert any('is not for trainbook/trainbook branch main' in e for e in errs), errs
    assert any('nbs/nope.ipynb, which does not exist' in e for e in errs), errs

def test_colab_badges_in_work_tree():
    "Every Colab link in the work tree's notebooks names an existing notebook (the badges may still be missing)."
    import importlib.util
    spec = importlib.util.spec_from_file_location('colab', TOOLS/'colab.py'); colab = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(colab)
    cfg = colab.settings()
    errs = [e for nb in colab.notebooks([], cfg) for e in colab.badge_problems(nb, cfg)]
    assert not errs, errs

# ---------------------------------------------------------------------------------------------
# readme.py

def test_readme_renders_index_and_check_mode(tmp_path: Path):
    p = make_project(tmp_path, index=True, tutorial=False, execute=True)
    run([PY, 'tools/colab.py', 'nbs/index.ipynb'], p)
    r = run([PY, 'tools/readme.py', '--check'], p, check=False)
    assert r.returncode == 1 and 'run `python tools/readme.py`' in r.stderr, r.stderr
    run([PY, 'tools/readme.py'], p)
    md = (p/'README.md').read_text()
    assert md.startswith('# trainbook\n\n'), md[:200]
    assert '> A probe home page.' in md
    assert 'AUTOGENERATED' in md                               # nbdev's do-not-edit note
    assert '[![Open In Colab]' in md and 'nbs/index.ipynb' in md
    for gone in ('#|', 'SECRET_HIDDEN_CELL', '[ -e /content ]', 'only the output of this cell")'):
        assert gone not in md, f'{gone!r} should not be in the README'
    assert '    only the output of this cell' in md          # echo: false keeps the output
    assert '``` python\nfrom trainbook.core import find_bs' in md and '    batch of 5' in md
    assert '](https://trainbook.github.io/trainbook/api/core.html)' in md     # .ipynb link -> docs page
    assert '](https://trainbook.github.io/trainbook/tutorials/probe.html#a-plot)' in md
    assert '![a local image](nbs/images/dot.png)' in md
    figs = list((p/'index_files'/'figure-commonmark').glob('*.png'))
    assert len(figs) == 1 and f'![](index_files/figure-commonmark/{figs[0].name})' in md, (figs, md)
    run([PY, 'tools/readme.py', '--check'], p)
    (p/'README.md').write_text(md.replace('probe home', 'edited home'))
    r = run([PY, 'tools/readme.py', '--check'], p, check=False)
    assert r.returncode == 1 and 'README.md out of date' in r.stderr, r.stderr
    figs[0].unlink()
    run([PY, 'tools/readme.py'], p)
    run([PY, 'tools/readme.py', '--check'], p)

# ---------------------------------------------------------------------------------------------
# docs.py + check_site.py

_site_cache: dict = {}

def _built_site(tmp_path: Path) -> Path:
    "Build the probe project's site once for the tests below."
    if 'proj' not in _site_cache:
        p = make_project(tmp_path, index=True, tutorial=True, execute=True)
        run([PY, 'tools/colab.py'], p)
        t0 = time.time()
        r = run([PY, 'tools/docs.py', '--sphinx'], p)
        _site_cache.update(proj=p, build_s=time.time() - t0, log=r.stdout + r.stderr)
    return _site_cache['proj']

def test_docs_build_pages(tmp_path: Path):
    p = _built_site(tmp_path)
    assert _site_cache['build_s'] < 60, f'docs build took {_site_cache["build_s"]:.0f}s'
    site = p/'_site'
    for f in ('index.html', 'search.html', 'searchindex.js', 'api/core.html', 'tutorials/probe.html'):
        assert (site/f).exists(), f'{f} missing; build log:\n{_site_cache["log"]}'
    home, core, tut = [(site/f).read_text() for f in ('index.html', 'api/core.html', 'tutorials/probe.html')]
    # sidebar: Tutorials before API, a page per notebook
    assert home.index('>Tutorials<') < home.index('>API<'), 'sidebar sections'
    assert 'href="tutorials/probe.html"' in home and 'href="api/core.html"' in home
    # show_doc entries with their documented parameters, at nbdev's anchors
    for sym in ('default_device', 'to_device', 'find_bs', 'norm_bias_params'):
        assert f'id="{sym}"' in core, sym
    assert 'class="tb-sig"' in core and 'class="tb-params' in core and '<span class="pre">def</span>' not in core
    assert 'NoneType' not in core
    assert '# `None`: CUDA if available' in core.replace('<span class="c1">', '').replace('</span>', '') or \
           'CUDA if available' in core
    # Colab badge (local image), install cell hidden, no directives
    assert 'https://colab.research.google.com/github/trainbook/trainbook/blob/main/nbs/api/00_core.ipynb' in core
    assert '_images/colab-badge.svg' in core and '[ -e /content ]' not in core and '#|' not in core
    # tutorial: plot, table, widget + its static figure, math, callout, fold, hidden cells
    assert tut.count('<img') >= 3, 'plots'
    assert '<td>1.2345</td>' in tut, 'table'
    assert 'admonition note' in tut, 'callout'
    assert 'href="../api/core.html#find_bs"' in tut and 'href="../api/core.html"' in tut and 'href="../index.html"' in tut
    assert 'SECRET_HIDDEN_CELL' not in home and 'only the output of this cell")' not in home
    assert 'only the output of this cell' in home
    # no CDN: every script and stylesheet is local
    import re
    for f in site.rglob('*.html'):
        for tag in re.findall(r'<(?:script|link)\b[^>]*>', f.read_text()):
            if re.search(r'''(?:src|href)=["']https?://''', tag) and 'rel="stylesheet"' in tag or \
               re.search(r'<script\b[^>]*src=["\']https?://', tag):
                raise AssertionError(f'{f.relative_to(site)} loads {tag}')

def test_check_site_passes_on_probe_site(tmp_path: Path):
    p = _built_site(tmp_path)
    r = run([PY, 'tools/check_site.py', '--query', 'find_bs'], p, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    for f in ('home.png', 'api.png'):
        assert (p/'test_artifacts'/f).stat().st_size > 10_000, f
    r = run([PY, 'tools/check_site.py', '--query', 'nosuchwordanywhere'], p, check=False)
    assert r.returncode == 1 and "'nosuchwordanywhere' found no page" in r.stderr, r.stderr

def test_check_site_catches_broken_pages(tmp_path: Path):
    p = _built_site(tmp_path)
    bad = tmp_path/'bad_site'
    shutil.copytree(p/'_site', bad)
    f = bad/'tutorials'/'probe.html'
    html = f.read_text().replace('</article>', '<a href="../api/core.html#no_such_anchor">x</a>'
                                 '<a href="../api/missing.html">y</a><img src="../_images/nothing.png">'
                                 '<script src="https://cdn.example.com/x.js"></script>'
                                 '<div class="tb-static-explorer" data-explorer="dead"><input type="range" data-k="beta" '
                                 'min="0" max="1" step="0.1" value="0.5"><svg width="50" height="50"><path class="tb-curve" '
                                 'd="M0,0L9,9"/></svg></div></article>', 1)
    f.write_text(html)
    core = bad/'api'/'core.html'
    import re
    html = core.read_text().replace('id="to_detach"', 'id="something_else"')
    html = re.sub(r'(<section id="to-device".*?)<table class="tb-params', r'\1<table class="x', html, count=1, flags=re.S)
    core.write_text(html)
    r = run([PY, 'tools/check_site.py', '--site', str(bad), '--query', 'find_bs', '--artifacts', str(tmp_path/'art')], p, check=False)
    err = r.stderr
    assert r.returncode == 1, r.stdout + err
    for want in ('has no element with id "no_such_anchor"', 'api/missing.html does not exist',
                 'nothing.png', 'from another host', 'trainbook.core.to_detach: no show_doc entry',
                 'signature without its parameter table: to_device(',
                 "moving the slider 'beta' of the dead explorer did not change its figure"):
        assert want in err, f'{want!r} not reported:\n{err}'
    r = run([PY, 'tools/check_site.py', '--site', str(tmp_path/'nothing_here')], p, check=False)
    assert r.returncode == 2 and 'make docs' in r.stderr

def test_docs_execute_fills_outputs_and_caches(tmp_path: Path):
    "`--execute` runs notebooks that carry no outputs (cached), so their plots and widgets still reach the pages."
    p = make_project(tmp_path, index=False, tutorial=True, execute=False)
    r = run([PY, 'tools/docs.py', '--sphinx', '-q', '--execute'], p)
    assert 'running 2 notebook(s)' in r.stdout, r.stdout
    tut = (p/'_site'/'tutorials'/'probe.html').read_text()
    assert tut.count('<img') >= 2 and 'application/vnd.jupyter.widget-state+json' in tut and '<td>1.2345</td>' in tut
    assert not list((p/'nbs').rglob('*.ipynb'))[0].read_text().count('image/png'), 'nbs/ must stay as it was'
    r = run([PY, 'tools/docs.py', '--sphinx', '-q', '--execute'], p)
    assert 'running' not in r.stdout, 'the second build should reuse the executed notebooks'

def test_sidebar_yml(tmp_path: Path):
    p = _built_site(tmp_path)
    r = run([PY, 'tools/docs.py', 'sidebar', '--check'], p, check=False)
    assert r.returncode == 1 and 'python tools/docs.py sidebar' in r.stderr
    run([PY, 'tools/docs.py', 'sidebar'], p)
    run([PY, 'tools/docs.py', 'sidebar', '--check'], p)
    import yaml
    sb = yaml.safe_load((p/'nbs'/'sidebar.yml').read_text())['website']['sidebar']['contents']
    assert sb == ['index.ipynb', {'section': 'Tutorials', 'contents': ['tutorials/01_probe.ipynb']},
                  {'section': 'API', 'contents': ['api/00_core.ipynb']}], sb

def test_check_site_lists_every_public_method(tmp_path: Path):
    "Methods in the class body, by `@patch`, by plain assignment and from a private base all need an entry."
    lib = f'fakelib{os.getpid()}'
    (tmp_path/lib).mkdir()
    (tmp_path/'settings.ini').write_text(f'[DEFAULT]\nlib_name = {lib}\n')
    (tmp_path/lib/'__init__.py').write_text('')
    (tmp_path/lib/'core.py').write_text(
        "__all__ = ['Foo', 'Sub', 'helper']\n"
        "class _Base:\n    def shared(self): 'From a private base.'\n"
        "class Foo:\n    def bar(self, x: int = 1): 'In the class body.'\n"
        "    def before_fit(self): pass\n    def _private(self): pass\n"
        "class Sub(_Base): pass\n"
        "def _baz(self): 'Attached by assignment: nbdev does not index it.'\n"
        "Foo.baz = _baz\n"
        "def helper(): pass\n")
    (tmp_path/lib/'_modidx.py').write_text('d = ' + repr({'syms': {f'{lib}.core': {
        f'{lib}.core.Foo': ('api/core.html#foo', ''), f'{lib}.core.Foo.bar': ('api/core.html#foo.bar', ''),
        f'{lib}.core.helper': ('api/core.html#helper', ''), f'{lib}.core._Base.shared': ('api/core.html#_base.shared', '')}}}))
    cs = _load('check_site', ROOT)
    m = cs.public_methods(tmp_path)
    assert set(m) == {f'{lib}.core.Foo.bar', f'{lib}.core.Foo.baz', f'{lib}.core._Base.shared'}, m
    assert m[f'{lib}.core.Foo.baz'] == 'api/core.html#foo.baz' and m[f'{lib}.core._Base.shared'] == ('api/core.html#sub.shared',)
    ids = {'api/core.html': {'foo', 'foo.bar', 'helper', 'sub.shared'}}
    errs = cs.entry_errors(m, ids)
    assert errs == [f'{lib}.core.Foo.baz: no show_doc entry on api/core.html (no element with id "foo.baz")'], errs
    ids['api/core.html'] |= {'foo.baz'}
    assert cs.entry_errors(m, ids) == []
    assert 'its page api/core.html is missing' in cs.entry_errors(m, {})[0]

def test_tutorials_in_reading_order():
    "The sidebar (and so Prev/Next) follows the learning path, not the file names; new notebooks come last."
    docs = _load('docs', ROOT)
    rels = [Path(f'tutorials/{n}.ipynb') for n in ('distributed', 'zz_new', 'callbacks_101', 'explorers', 'a_new', 'one_cycle')]
    got = [r.stem for r in docs.ordered('tutorials', rels)]
    assert got == ['callbacks_101', 'one_cycle', 'explorers', 'distributed', 'a_new', 'zz_new'], got
    assert [r.stem for r in docs.ordered('api', [Path('api/01_b.ipynb'), Path('api/00_a.ipynb')])] == ['00_a', '01_b']
    sb = (ROOT/'nbs'/'sidebar.yml').read_text()
    assert sb.index('callbacks_101') < sb.index('training_process') < sb.index('one_cycle') < sb.index('tutorials/lr_finder') \
        < sb.index('transfer_learning') < sb.index('ultimate_training_loop') < sb.index('explorers') < sb.index('tutorials/distributed')

def test_showdoc_markdown_signature_and_table():
    "One compact signature line with defaults as written, then a table with types, defaults and docments."
    docs = _load('docs', ROOT)
    ns = {}
    exec("from __future__ import annotations\n"
         "class Thing:\n"
         "    def __init__(self, a: int, b=1e5,  # the `b` value, see [docs](x.html)\n"
         "                 *args, c: float | None = None, **kwargs): 'A thing.'\n"
         "    def go(self, lr=25., n: int = 3) -> list:  # what it returns\n"
         "        'Go.'\n", ns)
    import linecache, inspect
    md = docs.showdoc_markdown(ns['Thing'], docstring='A thing.')
    # exec'd code has no source file: the signature then comes from inspect (defaults as Python repr)
    assert '{.tb-sig}\n`class Thing(a, b=100000.0, *args, c=None, **kwargs)`' in md, md
    assert '| *args |' in md and '| **kwargs |' in md and 'NoneType' not in md and 'VAR_POSITIONAL' not in md
    # from a real source file: numbers as written, annotations as written, docments as markdown
    f = Path(tempfile.mkdtemp())/'thing_mod.py'
    f.write_text("from __future__ import annotations\n"
                 "class Thing:\n"
                 "    def __init__(self, a: int, b=1e5,  # the `b` value, see [docs](x.html)\n"
                 "                 *args, c: float | None = None, **kwargs): 'A thing.'\n")
    import importlib.util
    spec = importlib.util.spec_from_file_location('thing_mod', f); mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    md = docs.showdoc_markdown(mod.Thing, docstring='A thing.')
    assert '`class Thing(a, b=1e5, *args, c=None, **kwargs)`' in md, md
    assert '| b |  | `1e5` | the `b` value, see [docs](x.html) |' in md, md
    assert '| c | `float \\| None` | `None` |  |' in md, md
    assert '*A thing.*' in md and '{.tb-params}' in md and '```' not in md

# ---------------------------------------------------------------------------------------------

SLOW = ('readme', 'docs_', 'check_site_passes', 'check_site_catches', 'sidebar')   # --fast skips these

def main(argv=None) -> int:
    import argparse, inspect
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-k', default='', help='run the tests whose name contains this')
    ap.add_argument('--fast', action='store_true', help='skip the tests that build a site or render a README')
    a = ap.parse_args(argv)
    tests = [(n, f) for n, f in globals().items() if n.startswith('test_') and callable(f) and a.k in n
             and not (a.fast and any(s in n for s in SLOW))]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix='trainbook-docs-') as d:
        for i, (n, f) in enumerate(tests):
            t0 = time.time()
            tmp_path = Path(d)/f'{i}'
            tmp_path.mkdir()
            try:
                f(*([tmp_path] if inspect.signature(f).parameters else []))
                passed += 1
                print(f'PASS {n} ({time.time()-t0:.1f}s)')
            except Exception:
                failed += 1
                print(f'FAIL {n} ({time.time()-t0:.1f}s)\n{traceback.format_exc()}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
