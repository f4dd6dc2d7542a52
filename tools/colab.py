#!/usr/bin/env python
"""Give every notebook an "Open in Colab" badge and a hidden Colab install cell, right after its title.

    python tools/colab.py                      # every notebook under nbs/
    python tools/colab.py nbs/api/00_core.ipynb  # just these
    python tools/colab.py --check [NOTEBOOK ...] # change nothing; exit 1 if a notebook lacks the cells,
                                               # has stale ones, or links Colab to a notebook that does not exist

The badge cell links to `https://colab.research.google.com/github/{user}/{repo}/blob/{branch}/{nbs_path}/{path}`
(user, repo, branch, nbs_path from settings.ini). The install cell is

    #| eval: false
    #| hide
    ! [ -e /content ] && pip install -Uqq git+https://github.com/trainbook/trainbook

so nbdev_test skips it, the docs and README leave it out, and outside Colab it does nothing.
The title cell (`# Title` + `> subtitle`, nbdev's front matter) stays first. Running this again changes
nothing; a renamed notebook gets its badge updated. Notebooks are written the way `nbdev_clean` writes them.

From tests: `problems(paths)` returns the same messages `--check` prints (an empty list when all is well).
"""
from __future__ import annotations
import argparse, configparser, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BADGE_ID, INSTALL_ID = 'colab-badge', 'colab-install'
BADGE_SVG = 'https://colab.research.google.com/assets/colab-badge.svg'
_re_colab = re.compile(r'https://colab\.research\.google\.com/github/([^/\s)]+)/([^/\s)]+)/blob/([^/\s)]+)/([^\s)#?"]+)')
_re_badge_only = re.compile(r'^\s*\[!\[[^\]]*\]\([^)]*colab-badge[^)]*\)\]\(\s*https://colab\.research\.google\.com/[^)]*\)\s*$')

def settings(root: Path = ROOT) -> dict:
    ini = configparser.ConfigParser(delimiters=['='])
    ini.read(root/'settings.ini', encoding='utf-8')
    d = ini['DEFAULT']
    return {'user': d['user'], 'repo': d['repo'], 'branch': d.get('branch', 'main'),
            'nbs_path': d.get('nbs_path', 'nbs'), 'lib_name': d['lib_name']}

def colab_url(rel: str, cfg: dict) -> str:
    "Colab URL of the notebook at `rel` (relative to nbs_path)."
    return f"https://colab.research.google.com/github/{cfg['user']}/{cfg['repo']}/blob/{cfg['branch']}/{cfg['nbs_path']}/{rel}"

def badge_source(rel: str, cfg: dict) -> str:
    return f'[![Open In Colab]({BADGE_SVG})]({colab_url(rel, cfg)})'

def install_source(cfg: dict) -> str:
    # trainbook is installed from its repository (it is not on PyPI yet); Colab has everything else it needs
    return f"#| eval: false\n#| hide\n! [ -e /content ] && pip install -Uqq git+https://github.com/{cfg['user']}/{cfg['repo']}"

def _src(c) -> str:
    s = c.get('source', '')
    return ''.join(s) if isinstance(s, list) else s

def _lines(s: str) -> list[str]:
    "Source as nbformat stores it on disk: a list of lines, each but the last ending in a newline."
    ls = s.split('\n')
    return [l + '\n' for l in ls[:-1]] + ([ls[-1]] if ls[-1] else [])

def _is_badge(c) -> bool:
    return c['cell_type'] == 'markdown' and (c.get('id') == BADGE_ID or bool(_re_badge_only.match(_src(c))))

def _is_install(c) -> bool:
    return c['cell_type'] == 'code' and (c.get('id') == INSTALL_ID or '[ -e /content ]' in _src(c))

def title_index(nb: dict) -> int | None:
    "Index of the cell that gives nbdev its front matter: a `# Title` markdown cell or a YAML raw cell, if first."
    if not nb['cells']: return None
    c = nb['cells'][0]
    if c['cell_type'] == 'markdown' and re.match(r'^\s*#\s+\S', _src(c)): return 0
    if c['cell_type'] == 'raw' and _src(c).lstrip().startswith('---'): return 0
    return None

def with_colab_cells(nb: dict, rel: str, cfg: dict) -> dict:
    "`nb` with exactly one badge and one install cell, right after the title cell (pure; `nb` is not changed)."
    cells = [c for c in nb['cells'] if not (_is_badge(c) or _is_install(c))]
    badge = {'cell_type': 'markdown', 'id': BADGE_ID, 'metadata': {}, 'source': _lines(badge_source(rel, cfg))}
    install = {'cell_type': 'code', 'execution_count': None, 'id': INSTALL_ID, 'metadata': {}, 'outputs': [],
               'source': _lines(install_source(cfg))}
    at = 1 if title_index({'cells': cells}) == 0 else 0
    cells = cells[:at] + [badge, install] + cells[at:]
    res = {**nb, 'cells': cells}
    # Cell ids need nbformat 4.5.
    if (res.get('nbformat'), res.get('nbformat_minor', 0)) < (4, 5): res['nbformat_minor'] = 5
    return res

def dumps(nb: dict) -> str:
    "The text nbdev_clean (execnb's write_nb) writes."
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + '\n'

def notebooks(args: list[str], cfg: dict, root: Path = ROOT) -> list[Path]:
    if args: return [Path(a).resolve() for a in args]
    nbs = root/cfg['nbs_path']
    return sorted(p for p in nbs.rglob('*.ipynb')
                  if not any(part.startswith(('.', '_')) for part in p.relative_to(nbs).parts))

def _rel(p: Path, cfg: dict, root: Path) -> str:
    try: return p.resolve().relative_to((root/cfg['nbs_path']).resolve()).as_posix()
    except ValueError: raise SystemExit(f'colab: {p} is not under {cfg["nbs_path"]}/')

def badge_problems(p: Path, cfg: dict, root: Path = ROOT) -> list[str]:
    "Every Colab link in notebook `p` must name this repository and branch and an existing notebook; the badge, `p` itself."
    nb, rel, out = json.loads(p.read_text(encoding='utf-8')), _rel(p, cfg, root), []
    name = f'{cfg["nbs_path"]}/{rel}'
    for c in nb['cells']:
        for m in _re_colab.finditer(_src(c)):
            user, repo, branch, path = m.groups()
            if (user, repo, branch) != (cfg['user'], cfg['repo'], cfg['branch']):
                out.append(f'{name}: Colab link {m.group(0)} is not for {cfg["user"]}/{cfg["repo"]} branch {cfg["branch"]}')
            if not path.endswith('.ipynb') or not (root/path).is_file():
                out.append(f'{name}: Colab link {m.group(0)} points to {path}, which does not exist')
            elif _is_badge(c) and path != name:
                out.append(f'{name}: its Colab badge points to {path}, not to itself')
    return out

def problems(paths: list[Path] | None = None, root: Path = ROOT) -> list[str]:
    "What `--check` reports for `paths` (default: every notebook under nbs/)."
    cfg = settings(root)
    out = []
    for p in (paths if paths is not None else notebooks([], cfg, root)):
        rel = _rel(p, cfg, root)
        nb = json.loads(p.read_text(encoding='utf-8'))
        name = f'{cfg["nbs_path"]}/{rel}'
        if title_index(nb) is None:
            out.append(f'{name}: the first cell is not the title (`# Title` and `> subtitle`)')
        badges, installs = [c for c in nb['cells'] if _is_badge(c)], [c for c in nb['cells'] if _is_install(c)]
        if not badges or not installs:
            out.append(f'{name}: no Colab ' + ('badge' if not badges else 'install cell'))
        elif [(c['cell_type'], _src(c)) for c in with_colab_cells(nb, rel, cfg)['cells']] != \
             [(c['cell_type'], _src(c)) for c in nb['cells']]:
            out.append(f'{name}: its Colab badge or install cell is out of date or not right after the title')
        out += badge_problems(p, cfg, root)
    return out

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('notebooks', nargs='*', help='notebooks to update (default: every notebook under nbs/)')
    ap.add_argument('--check', action='store_true', help='change nothing; exit 1 and say what is wrong')
    a = ap.parse_args(argv)
    cfg = settings()
    paths = notebooks(a.notebooks, cfg)
    if a.check:
        errs = problems(paths)
        if errs:
            print('colab: ' + '\n       '.join(errs), file=sys.stderr)
            print('colab: fix with `' + ' '.join(['python tools/colab.py'] + a.notebooks) + '`', file=sys.stderr)
            return 1
        print(f'colab: {len(paths)} notebook(s) have an up-to-date Colab badge and install cell')
        return 0
    changed = 0
    for p in paths:
        text = p.read_text(encoding='utf-8')
        nb = json.loads(text)
        if title_index(nb) is None:
            print(f'colab: warning: {p.relative_to(ROOT)} does not start with a `# Title` cell; the badge goes first',
                  file=sys.stderr)
        new = dumps(with_colab_cells(nb, _rel(p, cfg, ROOT), cfg))
        if new != text:
            p.write_text(new, encoding='utf-8')
            changed += 1
            print(f'colab: updated {p.relative_to(ROOT)}')
    print(f'colab: {changed} of {len(paths)} notebook(s) changed')
    return 0

if __name__ == '__main__': sys.exit(main())
