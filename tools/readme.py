#!/usr/bin/env python
"""Render README.md from nbs/index.ipynb, without Quarto.

    python tools/readme.py           # write README.md (and its figures under index_files/)
    python tools/readme.py --check   # change nothing; exit 1 and say what to run when README.md is stale

The index notebook goes through nbdev's own processing (`nbdev.processors.FilterDefaults`, as for
the docs: front matter, hidden cells dropped, show_doc run, backticked names linked to the docs),
then becomes GitHub-flavoured markdown the way `nbdev_readme` (Quarto's gfm writer) lays it out:
the title and `> subtitle`, markdown cells as written, code in ``` python fences, text outputs as
indented blocks, markdown outputs inline, figures as PNG files in `index_files/figure-commonmark/`.
`#|` directive lines are dropped and honoured (`echo: false`, `output: false`, `include: false`).
Relative links and images are rewritten for a README at the repository root: `.ipynb` links go to
their page on the docs site, images to their path under nbs/.
"""
from __future__ import annotations
import argparse, base64, os, posixpath, re, sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs import split_directives, _false, _src  # noqa: E402  (tools/docs.py)

ROOT = Path(__file__).resolve().parent.parent
FIG_DIR = 'figure-commonmark'
_re_img = re.compile(r'(!\[[^\]]*\]\()([^)\s]+)((?:\s+"[^"]*")?\))')
_re_link = re.compile(r'((?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\()([^)\s]+)((?:\s+"[^"]*")?\))')
_re_src = re.compile(r'''(<img\b[^>]*\bsrc=)(["'])([^"']+)\2''')

def _cfg():
    from nbdev.config import get_config
    return get_config(path=ROOT)

def process(nb_path: Path):
    "The notebook after nbdev's docs processing (what `_proc/` holds for it)."
    from execnb.nbio import read_nb
    from nbdev.processors import FilterDefaults
    if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))   # show_doc cells import the library
    nb = read_nb(nb_path)
    os.environ['IN_TEST'] = '1'   # as nbdev's proc_nbs does
    try: FilterDefaults()(nb)
    finally: os.environ.pop('IN_TEST', None)
    return nb

def _indent(text: str) -> str:
    return '\n'.join(('    ' + l) if l.strip() else '' for l in text.rstrip('\n').split('\n'))

class Rewriter:
    "Relative targets in the index notebook, rewritten for README.md at the repository root."
    def __init__(self, nb_dir: Path, root: Path, site_url: str):
        self.prefix = posixpath.relpath(nb_dir.resolve().as_posix(), root.resolve().as_posix())
        self.site = site_url.rstrip('/') + '/'
        self.nb_dir = nb_dir
    @staticmethod
    def _local(u: str) -> bool: return not re.match(r'^[a-z][a-z0-9+.-]*:|^/|^#|^<', u)
    def image(self, u: str) -> str:
        return posixpath.normpath(posixpath.join(self.prefix, u)) if self._local(u) else u
    def link(self, u: str) -> str:
        if not self._local(u): return u
        path, h, frag = u.partition('#')
        if path.endswith('.ipynb'):
            rel = posixpath.normpath(path)
            name = re.sub(r'^\d+[a-zA-Z0-9]*_', '', posixpath.basename(rel).lower())[:-len('.ipynb')] + '.html'
            return self.site + posixpath.join(posixpath.dirname(rel), name) + h + frag
        return posixpath.normpath(posixpath.join(self.prefix, path)) + h + frag
    def markdown(self, md: str) -> str:
        out, fence = [], None
        for l in md.split('\n'):
            s = l.lstrip()
            if s.startswith('```') or s.startswith('~~~'):
                fence = s[:3] if fence is None else (None if s.startswith(fence) else fence)
            elif fence is None:
                l = _re_img.sub(lambda m: m.group(1) + self.image(m.group(2)) + m.group(3), l)
                l = _re_link.sub(lambda m: m.group(1) + self.link(m.group(2)) + m.group(3), l)
                l = _re_src.sub(lambda m: m.group(1) + m.group(2) + self.image(m.group(3)) + m.group(2), l)
            out.append(l)
        return '\n'.join(out)

def render(nb_path: Path, root: Path = ROOT, site_url: str | None = None) -> tuple[str, dict[str, bytes]]:
    """README text for the notebook at `nb_path`, and its figure files ({path relative to `root`: bytes})."""
    import yaml
    cfg = _cfg()
    site_url = site_url if site_url is not None else cfg.doc_host + cfg.doc_baseurl
    nb = process(nb_path)
    rw = Rewriter(nb_path.parent, root, site_url)
    stem = nb_path.stem
    parts, files = [], {}
    for i, c in enumerate(nb.cells):
        src = _src(c)
        if c.cell_type == 'raw':
            m = re.match(r'^\s*---\s*\n(.*?)\n---\s*$', src, re.S)
            if m:   # nbdev's front matter: title and subtitle, as nbdev_readme shows them
                fm = yaml.safe_load(m.group(1)) or {}
                if fm.get('title'): parts.append(f'# {fm["title"]}')
                if fm.get('description'): parts.append(f'> {fm["description"]}')
            continue
        if c.cell_type == 'markdown':
            if src.strip(): parts.append(rw.markdown(src.strip('\n')))
            continue
        dirs, code = split_directives(src)
        if _false(dirs.get('include', True)): continue
        if not _false(dirs.get('echo', True)) and code.strip():
            parts.append(f'``` python\n{code.rstrip()}\n```')
        if _false(dirs.get('output', True)): continue
        for k, o in enumerate(c.get('outputs', []), 1):
            if o.get('output_type') == 'stream':
                t = o['text'] if isinstance(o['text'], str) else ''.join(o['text'])
                if t.strip() and o.get('name') != 'stderr': parts.append(_indent(t))
                continue
            d = o.get('data', {})
            join = lambda v: v if isinstance(v, str) else ''.join(v)
            if 'text/markdown' in d: parts.append(rw.markdown(join(d['text/markdown']).strip('\n')))
            elif any(m in d for m in ('image/png', 'image/jpeg')):
                mime = 'image/png' if 'image/png' in d else 'image/jpeg'
                rel = f'{stem}_files/{FIG_DIR}/cell-{i}-output-{k}.{mime.split("/")[1].replace("jpeg", "jpg")}'
                files[rel] = base64.b64decode(join(d[mime]))
                parts.append(f'![]({rel})')
            elif 'text/html' in d and '<table' in join(d['text/html']): parts.append(join(d['text/html']).strip())
            elif 'text/plain' in d: parts.append(_indent(join(d['text/plain'])))
    text = '\n\n'.join(p.rstrip() for p in parts if p.strip()) + '\n'
    return text, files

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--nb', help='index notebook (default: nbs/ + settings.ini readme_nb, i.e. nbs/index.ipynb)')
    ap.add_argument('--out', default='README.md', help='README file (default: README.md at the repository root)')
    ap.add_argument('--check', action='store_true', help='change nothing; exit 1 when the README is out of date')
    a = ap.parse_args(argv)
    cfg = _cfg()
    nb = Path(a.nb).resolve() if a.nb else cfg.nbs_path/cfg.get('readme_nb', 'index.ipynb')
    out = (ROOT/a.out).resolve()
    if not nb.exists():
        print(f'readme: {nb} does not exist: README.md is rendered from it.', file=sys.stderr)
        return 1
    text, files = render(nb)
    base = out.parent
    if a.check:
        stale = [] if out.exists() and out.read_text(encoding='utf-8') == text else [out.name]
        stale += [f for f, b in files.items() if not (base/f).exists() or (base/f).read_bytes() != b]
        if stale:
            print(f'readme: {", ".join(stale)} out of date with {nb.relative_to(ROOT)}: '
                  f'run `python tools/readme.py` and commit the result.', file=sys.stderr)
            return 1
        print(f'readme: {out.name} is up to date with {nb.relative_to(ROOT)}')
        return 0
    figdir = base/f'{nb.stem}_files'/FIG_DIR
    if figdir.exists():   # figures of cells that no longer exist
        for f in figdir.iterdir():
            if f.relative_to(base).as_posix() not in files: f.unlink()
    for f, b in files.items():
        (base/f).parent.mkdir(parents=True, exist_ok=True)
        (base/f).write_bytes(b)
    changed = not out.exists() or out.read_text(encoding='utf-8') != text
    if changed: out.write_text(text, encoding='utf-8')
    print(f'readme: {"wrote" if changed else "unchanged:"} {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} '
          f'from {nb.relative_to(ROOT) if nb.is_relative_to(ROOT) else nb}' + (f' ({len(files)} figure(s))' if files else ''))
    return 0

if __name__ == '__main__': sys.exit(main())
