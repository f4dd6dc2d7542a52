"""The explorers of `nbs/tutorials/explorers.ipynb` in a real browser: JupyterLab + Debian's Chromium.

Starts JupyterLab on 127.0.0.1 with a token, all its state (config, data, workspaces, matplotlib) in a
temporary folder, opens a copy of the tutorial, runs all cells, moves one slider of every explorer with the
keyboard (focus the handle, press ArrowRight) and checks that the explorer's plot image changed. Saves
screenshots to test_artifacts/ (git-ignored).

Needs `jupyterlab` and `playwright` (Python package only: never `playwright install`, which downloads a
browser) and /usr/bin/chromium (`apt-get install -y chromium`; `TRAINBOOK_CHROMIUM` names another binary).
Without Chromium the test skips, unless the environment variable CI is set: then it fails, since CI is meant
to install it.

Without a browser: `test_widgets_notebook_in_a_real_kernel` runs nbs/api/09_widgets.ipynb in an ipykernel
(`nbdev_test` runs it in-process, where `Output` widgets behave differently); `test_explorers_headless` runs
tests/check_ipywidgets7.py under this environment's ipywidgets, and `test_explorers_headless_ipywidgets7`
under Colab's ipywidgets 7.7.1 in a second environment, when one exists (`TRAINBOOK_W7_PYTHON`, or
/tmp/venv_w7/bin/python).
"""
from __future__ import annotations
import json, os, secrets, shutil, signal, socket, subprocess, sys, time, urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / 'nbs' / 'tutorials' / 'explorers.ipynb'
ARTIFACTS = ROOT / 'test_artifacts'
CHROMIUM = Path(os.environ.get('TRAINBOOK_CHROMIUM', '/usr/bin/chromium'))
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
N_EXPLORERS = 4           # schedule, momentum, lr_find, optimizer, in notebook order
RUN_TIMEOUT_S = 240       # Run All on 2 busy cores: imports, an lr_find on the digits, a dozen figures


def _require_chromium():
    if CHROMIUM.exists(): return
    msg = f"{CHROMIUM} not found: install Debian's Chromium with `apt-get update && apt-get install -y chromium`."
    if os.environ.get('CI'): pytest.fail(f"CI is set, so the browser test must run, but {msg}")
    pytest.skip(msg)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 2.):
    with urllib.request.urlopen(url, timeout=timeout) as r: return r.status


def _settings(settings_dir: Path):
    "JupyterLab user settings that keep a test run deterministic."
    def write(ext: str, name: str, value: dict):
        p = settings_dir / ext / f'{name}.jupyterlab-settings'
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(value))
    write('@jupyterlab/notebook-extension', 'tracker', {'windowingMode': 'none'})   # every cell in the DOM
    write('@jupyterlab/apputils-extension', 'notification', {'fetchNews': 'false', 'checkForUpdates': False})


class JupyterLab:
    "A JupyterLab server on 127.0.0.1 with a random token and all its state under `home`."
    def __init__(self, home: Path, root_dir: Path):
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.url = f'http://127.0.0.1:{self.port}'
        env = {**os.environ,
               'JUPYTER_CONFIG_DIR': str(home / 'config'), 'JUPYTER_DATA_DIR': str(home / 'data'),
               'JUPYTER_RUNTIME_DIR': str(home / 'runtime'), 'JUPYTERLAB_WORKSPACES_DIR': str(home / 'workspaces'),
               'JUPYTERLAB_SETTINGS_DIR': str(home / 'settings'), 'MPLCONFIGDIR': str(home / 'mpl'),
               'IPYTHONDIR': str(home / 'ipython'), 'JUPYTER_PLATFORM_DIRS': '1',
               'PYTHONPATH': os.pathsep.join([str(ROOT), os.environ.get('PYTHONPATH', '')]).rstrip(os.pathsep),
               'PATH': os.pathsep.join([str(Path(sys.executable).parent), os.environ.get('PATH', '')])}
        env.pop('MPLBACKEND', None)                 # the kernel must use the inline backend
        _settings(home / 'settings')
        self.log = open(home / 'jupyterlab.log', 'w')
        self.proc = subprocess.Popen(
            [sys.executable, '-m', 'jupyterlab', '--no-browser', '--ServerApp.ip=127.0.0.1', f'--ServerApp.port={self.port}',
             '--ServerApp.port_retries=0', f'--IdentityProvider.token={self.token}', f'--ServerApp.root_dir={root_dir}',
             '--LabApp.expose_app_in_browser=True', '--ServerApp.open_browser=False']
            + (['--allow-root'] if hasattr(os, 'geteuid') and os.geteuid() == 0 else []),    # CI containers run as root
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.home = home

    def wait_ready(self, timeout: float = 90.):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None: raise RuntimeError(f'JupyterLab exited early:\n{self.logs()}')
            try:
                if _get(f'{self.url}/api/status?token={self.token}') == 200: return
            except OSError: time.sleep(0.5)
        raise TimeoutError(f'JupyterLab did not answer in {timeout:.0f}s:\n{self.logs()}')

    def logs(self) -> str:
        self.log.flush()
        return (self.home / 'jupyterlab.log').read_text()[-4000:]

    def stop(self):
        "Ask the server to shut down (it stops its kernels), then make sure its process group is gone."
        if self.proc.poll() is None:
            try:
                req = urllib.request.Request(f'{self.url}/api/shutdown?token={self.token}', method='POST')
                urllib.request.urlopen(req, timeout=10).close()
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGTERM)
                try: self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired: os.killpg(self.proc.pid, signal.SIGKILL); self.proc.wait()
        self.log.close()


def _notebook_copy(dest: Path) -> Path:
    "A copy of the tutorial with a python3 kernelspec (the source notebook has none), so no kernel dialog opens."
    nb = json.loads(NOTEBOOK.read_text())
    nb['metadata']['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3 (ipykernel)', 'language': 'python'}
    path = dest / NOTEBOOK.name
    path.write_text(json.dumps(nb))
    return path


def _open_notebook(page, lab: JupyterLab, name: str):
    "Open notebook `name` in a fresh workspace and wait until its kernel is idle."
    page.goto(f'{lab.url}/lab/tree/{name}?reset&token={lab.token}')
    page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-CodeCell')", timeout=90_000)
    page.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
        return k && k.status === 'idle'; }""", timeout=90_000)


def _run_all(page, timeout_s: float):
    "Run all cells; retry once if the run was dropped right after the kernel started (no cell began)."
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    for attempt in range(2):
        # fire and forget: the command's promise settles only when the run ends (never, if a cell hangs)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        try:
            page.wait_for_function("""() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                                          .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))""", timeout=30_000)
            break
        except PlaywrightTimeout:
            if attempt: raise
    # done when every code cell has an execution count, or when a cell failed (Run All stops there)
    page.wait_for_function(f"() => {{ const s = ({_STATE_JS})(); return s.errors.length > 0 || s.done; }}",
                           timeout=timeout_s * 1000)


# Read from JupyterLab's notebook model: error outputs (the DOM shows them like any stderr text) and whether
# every code cell has run.
_STATE_JS = """() => {
    const nb = window.jupyterapp.shell.currentWidget.content, errors = [];
    let done = true;
    for (const cell of nb.widgets) {
        if (cell.model.type !== 'code') continue;
        if (cell.model.executionCount === null) done = false;
        const outs = cell.model.outputs;
        for (let i = 0; i < outs.length; i++) {
            const o = outs.get(i).toJSON();
            if (o.output_type === 'error') errors.push(o.ename + ': ' + o.evalue);
        }
    }
    return {done, errors};
}"""


def _errors(page) -> list:
    "The `ename: evalue` of every error output in the notebook."
    return page.evaluate(_STATE_JS)['errors']


def test_explorers_in_jupyterlab(tmp_path):
    _require_chromium()
    try: from playwright.sync_api import sync_playwright
    except ImportError: pytest.fail('The browser test needs the `playwright` Python package (a dev requirement): pip install playwright')
    ARTIFACTS.mkdir(exist_ok=True)
    work = tmp_path / 'notebooks'; work.mkdir()
    nb = _notebook_copy(work)
    lab = JupyterLab(tmp_path / 'jupyter', work)
    try:
        lab.wait_ready()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={'width': 1400, 'height': 1000})
                _open_notebook(page, lab, nb.name)
                _run_all(page, RUN_TIMEOUT_S)
                errors = _errors(page)
                assert not errors, f'cells raised:\n' + '\n'.join(errors)

                explorers = page.locator('.jp-OutputArea-output .widget-vbox')
                page.wait_for_function(f"""() => [...document.querySelectorAll('.jp-OutputArea-output .widget-vbox')]
                                             .filter(b => b.querySelector('img')).length >= {N_EXPLORERS}""", timeout=60_000)
                assert explorers.count() == N_EXPLORERS, f'expected {N_EXPLORERS} explorers, found {explorers.count()}'
                for i in range(N_EXPLORERS):
                    box = explorers.nth(i)
                    box.scroll_into_view_if_needed()
                    img = box.locator('img').first
                    before = img.get_attribute('src')
                    assert before and before.startswith('data:image/png'), f'explorer {i}: no PNG before the move'
                    handle = box.locator('.noUi-handle').first
                    handle.focus()
                    t = time.perf_counter()
                    page.keyboard.press('ArrowRight')
                    page.wait_for_function("""([box, before]) => { const img = box.querySelector('img');
                                                  return img && img.getAttribute('src') !== before; }""",
                                           arg=[box.element_handle(), before], timeout=30_000)
                    print(f'explorer {i}: key press to new image in {1e3 * (time.perf_counter() - t):.0f} ms')
                    after = box.locator('img').first.get_attribute('src')
                    assert after.startswith('data:image/png') and after != before
                    assert box.locator('img').count() == 1, f'explorer {i}: images piled up'
                    box.screenshot(path=str(ARTIFACTS / f'explorer_{i}.png'))
                page.screenshot(path=str(ARTIFACTS / 'explorers_jupyterlab.png'))
            finally: browser.close()
    except Exception:
        print(lab.logs())
        raise
    finally: lab.stop()


def test_widgets_notebook_in_a_real_kernel(tmp_path):
    "The tests of nbs/api/09_widgets.ipynb pass in a live ipykernel too, where every redraw goes through an `Output`."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(ROOT / 'nbs' / 'api' / '09_widgets.ipynb', as_version=4)
    for c in nb.cells:
        if c.cell_type == 'code' and ('#| eval: false' in c.source or '#| notest' in c.source): c.source = ''
    env = {'MPLCONFIGDIR': str(tmp_path / 'mpl')}
    old = {k: os.environ.get(k) for k in [*env, 'MPLBACKEND']}
    os.environ.update(env); os.environ.pop('MPLBACKEND', None)        # the kernel inherits these: inline backend
    try: NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': str(tmp_path)}}).execute()
    finally:
        for k, v in old.items():
            if v is None: os.environ.pop(k, None)
            else: os.environ[k] = v


def _w7_python():
    p = os.environ.get('TRAINBOOK_W7_PYTHON', '/tmp/venv_w7/bin/python')
    return p if Path(p).exists() else None


def test_explorers_headless():
    "Every explorer builds and redraws when a control changes, under this environment's ipywidgets."
    r = subprocess.run([sys.executable, str(ROOT / 'tests' / 'check_ipywidgets7.py')], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]


@pytest.mark.skipif(_w7_python() is None, reason='no environment with ipywidgets 7.7.1 (set TRAINBOOK_W7_PYTHON '
                    'or make /tmp/venv_w7, see tests/check_ipywidgets7.py)')
def test_explorers_headless_ipywidgets7():
    "The same under Colab's ipywidgets 7.7.1."
    r = subprocess.run([_w7_python(), str(ROOT / 'tests' / 'check_ipywidgets7.py'), '--require', '7.7.1'], cwd=ROOT,
                       capture_output=True, text=True, timeout=300, env={**os.environ, 'PYTHONPATH': str(ROOT)})
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
