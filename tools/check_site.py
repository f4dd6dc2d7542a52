#!/usr/bin/env python
"""Check the built docs site in a real browser (headless Chromium driven by Playwright).

    python tools/check_site.py [--site _site] [--query fit_one_cycle] [--artifacts test_artifacts]

Serves the site on 127.0.0.1 (a random free port), loads every page and checks that:
- each page loads (HTTP 200) without uncaught JavaScript errors;
- nothing is fetched from another host (the site must work offline) and nothing the pages load is missing;
- every image has loaded (naturalWidth > 0);
- every internal link leads to an existing file, and its #anchor to an element with that id;
- every notebook in nbs/ has its page, linked from the home page's navigation;
- every public function and class of the library (its `__all__`, as indexed in `_modidx.py`) and every
  public method of those classes (however it was attached; callback events excepted) has its show_doc
  entry: the anchor nbdev links to exists on its page;
- every show_doc signature with parameters is followed by its parameter table (and none is left as the
  raw code block of nbdev's default renderer);
- every slider of every kernel-free explorer (`.tb-static-explorer`) changes its figure when moved
  with the keyboard (no Python runs on a static page: the explorers' JavaScript must redraw);
- the search page finds results for `--query`.
It keeps screenshots of the home page and one API page in `--artifacts`, and exits 1 with a list of
what is wrong (2 when it cannot run at all). The server always stops before it exits.
"""
from __future__ import annotations
import argparse, ast, functools, http.server, posixpath, re, sys, threading, time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = '/usr/bin/chromium'
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass

class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):
        # The browser drops connections it no longer needs (a page left while a file is sent): not a failure.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)): return
        super().handle_error(request, client_address)

class SiteServer:
    "The site on http://127.0.0.1:<free port>/, in a thread; a context manager that always shuts it down."
    def __init__(self, site: Path):
        handler = functools.partial(_Quiet, directory=str(site))
        self.httpd = _Server(('127.0.0.1', 0), handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}/'
    def __enter__(self):
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self
    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

# Wait (up to 10 s) for every image, lazy ones included, then list the broken ones.
_JS_IMAGES = """async () => {
  const imgs = Array.from(document.images);
  imgs.forEach(i => { i.loading = 'eager'; });
  await Promise.race([
    Promise.all(imgs.map(i => i.complete ? null : new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); }))),
    new Promise(r => setTimeout(r, 10000))]);
  return imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.currentSrc || i.src || i.outerHTML.slice(0, 120));
}"""
# show_doc entries whose signature has parameters but no parameter table after it (before the next entry).
_JS_SIGNATURES = """() => Array.from(document.querySelectorAll('p.tb-sig')).filter(p => {
  const m = p.innerText.match(/\\((.*)\\)\\s*$/s);
  if (!m || !m[1].trim()) return false;
  for (let e = p.nextElementSibling; e; e = e.nextElementSibling) {
    if (e.matches('table.tb-params') || e.querySelector('table.tb-params')) return false;
    if (e.matches('h1,h2,h3,h4,h5,h6,hr,section,p.tb-sig')) break;
  }
  return true;
}).map(p => p.innerText.slice(0, 100))"""
# A show_doc entry as nbdev's default renderer writes it (the signature as a code block, no table).
_JS_RAW_SIGNATURES = """() => Array.from(document.querySelectorAll('div.highlight pre')).filter(
  pre => /^\\s*(def|class) \\w+\\(\\s*$/m.test(pre.innerText) && /^\\):?\\s*$/m.test(pre.innerText)
).map(pre => pre.innerText.trim().split('\\n')[0].slice(0, 100))"""
_JS_LINKS = "() => Array.from(document.querySelectorAll('a[href]')).map(a => [a.getAttribute('href'), a.href])"
_JS_IDS = "() => Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.getAttribute('name'))"

def public_symbols(root: Path = ROOT) -> dict[str, str]:
    """Doc URL (site-relative, e.g. 'api/core.html#to_device') of every public function and class:
    names in a module's `__all__` that nbdev's symbol index (`_modidx.py`) lists."""
    import configparser
    ini = configparser.ConfigParser(delimiters=['='])
    ini.read(root/'settings.ini')
    lib = ini['DEFAULT'].get('lib_path', ini['DEFAULT']['lib_name'])
    idx_file = root/lib/'_modidx.py'
    if not idx_file.exists(): return {}
    idx = ast.literal_eval(idx_file.read_text().split('=', 1)[1])
    res = {}
    for mod, syms in idx['syms'].items():
        py = root/(mod.replace('.', '/') + '.py')
        if not py.exists(): continue
        names = set()
        for node in ast.parse(py.read_text()).body:
            if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in node.targets):
                try: names = set(ast.literal_eval(node.value))
                except ValueError: pass
        for full, (doc, _) in syms.items():
            if full[len(mod) + 1:] in names: res[full] = doc
    return res

def _symbol_index(root: Path) -> tuple[str, dict]:
    import configparser
    ini = configparser.ConfigParser(delimiters=['='])
    ini.read(root/'settings.ini')
    lib = ini['DEFAULT'].get('lib_path', ini['DEFAULT']['lib_name'])
    idx_file = root/lib/'_modidx.py'
    return lib, (ast.literal_eval(idx_file.read_text().split('=', 1)[1]) if idx_file.exists() else {'syms': {}})

# Methods a class has by protocol rather than as API: callback events (documented once, in callbacks 101)
# and `nn.Module.forward`.
PROTOCOL_METHODS = {'forward', 'after_create', 'before_fit', 'before_epoch', 'before_train', 'before_batch', 'after_pred',
                    'after_loss', 'before_backward', 'after_backward', 'before_step', 'after_step', 'before_zero_grad',
                    'after_zero_grad', 'after_batch', 'after_train', 'before_validate', 'after_validate', 'after_epoch',
                    'after_fit', 'cleanup_fit', 'cleanup_epoch', 'cleanup_batch'} | \
                   {f'after_cancel_{x}' for x in ('batch', 'step', 'backward', 'zero_grad', 'train', 'validate', 'epoch', 'fit')}

def public_methods(root: Path = ROOT) -> dict[str, str]:
    """Doc URL of every public method of every public class, wherever it was attached (in the class body, by
    `@patch`, or by a plain `Cls.meth = f`, which nbdev does not see): each needs its own show_doc entry.
    The library is imported (all of its modules) and each class's own functions are read; a method's entry
    is on the page of the module that defines it, at nbdev's anchor (`learner.fit`)."""
    import enum, importlib, inspect
    lib, idx = _symbol_index(root)
    pages = {mod: next(iter(v.values()))[0].partition('#')[0] for mod, v in idx['syms'].items() if v}
    sys.path.insert(0, str(root))
    try:
        mods = {}
        for mod in idx['syms']:
            try: mods[mod] = importlib.import_module(mod)
            except Exception as e: print(f'check_site: cannot import {mod} ({e}); its methods are not checked')
    finally: sys.path.pop(0)
    res = {}
    for mod, m in mods.items():
        for name in getattr(m, '__all__', []):
            cls = getattr(m, name, None)
            if not inspect.isclass(cls) or cls.__module__ != mod or issubclass(cls, enum.Enum): continue
            # its own functions, and those it gets from private base classes of the library (`_BaseOptimizer`)
            owners = [c for c in cls.__mro__ if c is cls or (c.__name__.startswith('_') and c.__module__.startswith(lib + '.'))]
            for owner in owners:
                for attr, f in vars(owner).items():
                    if attr.startswith('_') or attr in PROTOCOL_METHODS: continue
                    fn = f.__func__ if isinstance(f, (classmethod, staticmethod)) else f
                    if not inspect.isfunction(fn) or fn.__module__ not in pages: continue
                    # an alias of a public function documented under its own name (`SuggestionMethod.Valley = valley`)
                    if fn.__name__ != attr and not fn.__name__.startswith('_') and '.' not in fn.__qualname__: continue
                    key = f'{fn.__module__}.{owner.__name__}.{attr}'
                    page = pages[fn.__module__]
                    if owner is cls: res.setdefault(key, idx['syms'][fn.__module__].get(key, (f'{page}#{cls.__name__.lower()}.{attr}',))[0])
                    else:   # a private base's method: documented once, under any public class that has it
                        res[key] = tuple(sorted(set(res.get(key, ())) | {f'{page}#{cls.__name__.lower()}.{attr}'}))
    return res

def entry_errors(symbols: dict[str, str], ids: dict[str, set]) -> list[str]:
    "What is wrong with the show_doc entries of `symbols` (name -> doc URL) on pages whose element ids are `ids`."
    errors = []
    for sym, docs in symbols.items():
        docs = (docs,) if isinstance(docs, str) else docs   # several: any one of them will do
        found = []
        for doc in docs:
            pg, _, frag = doc.partition('#')
            found.append(f'its page {pg} is missing' if pg not in ids else
                         '' if not frag or frag in ids[pg] else f'no show_doc entry on {pg} (no element with id "{frag}")')
        if all(found): errors.append(f'{sym}: ' + ' or '.join(dict.fromkeys(found)))
    return errors

def notebook_pages(root: Path = ROOT) -> dict[str, str]:
    "nbs/ notebook -> the page nbdev gives it ('api/00_core.ipynb' -> 'api/core.html')."
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import docs
        nbs = docs._cfg().nbs_path
        return {r.as_posix(): (r.parent/(re.sub(r'^\d+[a-zA-Z0-9]*_', '', r.name.lower())[:-len('.ipynb')] + '.html')).as_posix()
                for r in docs.nb_paths(nbs)}
    except Exception as e:
        print(f'check_site: cannot list the notebooks ({e}); skipping the one-page-per-notebook check')
        return {}
    finally: sys.path.pop(0)

def check(site: Path, query: str, artifacts: Path, api_page: str | None, verbose: bool) -> list[str]:
    from playwright.sync_api import sync_playwright, Error as PWError
    errors: list[str] = []
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob('*.html')
                   if not any(part.startswith(('_', '.')) for part in p.relative_to(site).parts))
    if 'index.html' not in pages: return [f'{site}/index.html does not exist: build the site first (`make docs`)']
    artifacts.mkdir(parents=True, exist_ok=True)
    ids: dict[str, set] = {}
    links: list[tuple[str, str, str]] = []   # (page, href as written, resolved URL)
    with SiteServer(site) as server, sync_playwright() as pw:
        try: browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except PWError as e:
            raise SystemExit(f'check_site: cannot start {CHROMIUM} ({str(e).splitlines()[0]}). '
                             'Install it with `apt-get install -y chromium` (never `playwright install`).')
        try:
            ctx = browser.new_context(viewport={'width': 1280, 'height': 900})
            page = ctx.new_page()
            current = {'page': None}
            def on_route(route):
                u = route.request.url
                if u.startswith(server.url) or u.startswith(('data:', 'blob:', 'about:')): return route.continue_()
                errors.append(f'{current["page"]}: loads {route.request.resource_type} from another host '
                              f'(the site must work offline): {u}')
                route.abort()
            page.route('**/*', on_route)
            page.on('response', lambda r: r.status >= 400 and errors.append(
                f'{current["page"]}: {r.request.resource_type} {r.url[len(server.url):]} answered HTTP {r.status}'))
            page.on('pageerror', lambda e: errors.append(f'{current["page"]}: JavaScript error: {e}'))
            for p in pages:
                current['page'] = p
                t0 = time.time()
                resp = page.goto(server.url + p, wait_until='load')
                if resp is None or resp.status != 200:
                    errors.append(f'{p}: HTTP {resp.status if resp else "no response"}'); continue
                for src in page.evaluate(_JS_IMAGES): errors.append(f'{p}: image did not load: {src}')
                ids[p] = set(page.evaluate(_JS_IDS))
                errors += check_explorers(page, p)
                for sig in page.evaluate(_JS_SIGNATURES): errors.append(f'{p}: signature without its parameter table: {sig}')
                for sig in page.evaluate(_JS_RAW_SIGNATURES):
                    errors.append(f'{p}: a show_doc signature rendered as a code block (not by tools/docs.py): {sig}')
                links += [(p, h, u) for h, u in page.evaluate(_JS_LINKS)]
                if verbose: print(f'  {p}: {time.time()-t0:.2f}s')
                if p == 'index.html': page.screenshot(path=str(artifacts/'home.png'), full_page=True)
            api = api_page or next((p for p in ('api/core.html',) if p in pages), None) or \
                  next((p for p in pages if p.startswith('api/')), None)
            if api:
                current['page'] = api
                page.goto(server.url + api, wait_until='load')
                page.screenshot(path=str(artifacts/'api.png'))
            else: errors.append('no API page (api/*.html) to take a screenshot of')
            errors += check_search(page, server.url, site, query, current)
        finally: browser.close()
    errors += check_links(site, server.url, links, ids)
    home_links = {posixpath.normpath(posixpath.join('.', urlsplit(u).path[1:])) for p, h, u in links if p == 'index.html'}
    for nb, html in notebook_pages().items():
        if html not in pages: errors.append(f'nbs/{nb} has no page ({html} is missing)')
        elif html != 'index.html' and html not in home_links: errors.append(f'nbs/{nb}: {html} is not in the site navigation')
    errors += entry_errors({**public_symbols(), **public_methods()}, ids)
    return errors

_JS_CURVES = "ex => Array.from(ex.querySelectorAll('path.tb-curve')).map(p => p.getAttribute('d'))"
_JS_FIGURE = "ex => Array.from(ex.querySelectorAll('svg')).map(s => s.innerHTML).join('')"   # curves, titles, ticks

def check_explorers(page, p: str) -> list[str]:
    """Move every enabled slider of every kernel-free explorer (`.tb-static-explorer`) on the page with the
    keyboard, as a reader would, and check that its figure (its SVG: curves, title, axes) changes each time."""
    errors, exs = [], page.locator('.tb-static-explorer')
    for i in range(exs.count()):
        ex = exs.nth(i)
        name = ex.get_attribute('data-explorer') or f'#{i + 1}'
        if not any(ex.evaluate(_JS_CURVES)):
            errors.append(f'{p}: the {name} explorer draws no figure'); continue
        sliders = ex.locator('input[type=range]:not([disabled])')
        if not sliders.count(): errors.append(f'{p}: the {name} explorer has no slider to move')
        for j in range(sliders.count()):
            s = sliders.nth(j)
            before = ex.evaluate(_JS_FIGURE)
            at_max = s.evaluate('e => +e.value >= +e.max')
            s.focus(); page.keyboard.press('ArrowLeft' if at_max else 'ArrowRight')
            if ex.evaluate(_JS_FIGURE) == before:
                errors.append(f'{p}: moving the slider {s.get_attribute("data-k")!r} of the {name} explorer did not change its figure')
    return errors

def check_search(page, base: str, site: Path, query: str, current: dict) -> list[str]:
    if not (site/'search.html').exists():
        # A Quarto site searches from a navbar box over search.json.
        sj = site/'search.json'
        if sj.exists() and query in sj.read_text(): return []
        return [f'search: {query!r} is in no page of the search index ({"search.json" if sj.exists() else "no search page"})']
    current['page'] = f'search.html?q={query}'
    page.goto(f'{base}search.html?q={query}', wait_until='load')
    try:
        page.wait_for_function("() => { const s = document.querySelector('#search-results');"
                               " return s && (s.querySelector('ul.search li') || /finished|no matching|did not match/i.test(s.innerText)); }",
                               timeout=15000)
    except Exception: return [f'search: no answer for {query!r} after 15 s']
    n = page.locator('#search-results ul.search li').count()
    return [] if n else [f'search: {query!r} found no page (the search index has no such word)']

def check_links(site: Path, base: str, links, ids: dict[str, set]) -> list[str]:
    errors, seen = [], set()
    for p, href, url in links:
        if not url.startswith(base) or (p, url) in seen: continue
        seen.add((p, url))
        parts = urlsplit(url)
        path = unquote(parts.path[len(urlsplit(base).path):]) or 'index.html'
        if path.endswith('/'): path += 'index.html'
        target = site/path
        if not target.exists():
            errors.append(f'{p}: broken link {href!r} ({path} does not exist)'); continue
        frag = unquote(parts.fragment)
        if frag and path.endswith('.html'):
            if path not in ids: ids[path] = _ids_of(target)
            if frag not in ids[path]: errors.append(f'{p}: broken link {href!r} ({path} has no element with id "{frag}")')
    return errors

def _ids_of(f: Path) -> set:
    return set(re.findall(r'''\b(?:id|name)=["']([^"']+)["']''', f.read_text(errors='replace')))

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--site', default='_site', help='built site folder (default: _site)')
    ap.add_argument('--query', default='fit_one_cycle', help='a word the search must find (default: fit_one_cycle)')
    ap.add_argument('--artifacts', default='test_artifacts', help='where screenshots go (default: test_artifacts)')
    ap.add_argument('--api-page', help='page to screenshot as the API page (default: api/core.html or the first api/ page)')
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args(argv)
    site = (ROOT/a.site).resolve()
    if not (site/'index.html').exists():
        print(f'check_site: {site} has no index.html: build the site first with `make docs`.', file=sys.stderr)
        return 2
    t0 = time.time()
    errors = check(site, a.query, (ROOT/a.artifacts).resolve(), a.api_page, a.verbose)
    n = len(list(site.rglob('*.html')))
    if errors:
        print(f'check_site: FAILED, {len(errors)} problem(s) in {site.name}/:', file=sys.stderr)
        for e in errors: print('  -', e, file=sys.stderr)
        return 1
    print(f'check_site: OK, {site.name}/ checked in Chromium in {time.time()-t0:.1f}s '
          f'(pages, images, links, anchors, show_doc entries and their parameter tables, static explorers, search for {a.query!r}); screenshots in {a.artifacts}/')
    return 0

if __name__ == '__main__': sys.exit(main())
