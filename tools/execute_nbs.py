"""Execute notebooks with nbdev's engine (execnb) and save their outputs, for the docs.

    .venv/bin/python tools/execute_nbs.py nbs/tutorials/one_cycle.ipynb [...]

The docs show saved outputs (tables, plots). Run this after changing a tutorial, then `nbdev_clean`.
Outputs come out as in a terminal (plain epoch tables, no progress bars), which keeps them small.
"""
import os, sys
from pathlib import Path

def shrink_pngs(path: Path, colors: int = 64):
    "Re-encode saved PNG outputs with an adaptive palette: plots lose nothing visible, files get ~4x smaller."
    import base64, io, json
    from PIL import Image
    nb = json.loads(path.read_text())
    for cell in nb['cells']:
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if 'image/png' not in data: continue
            im = Image.open(io.BytesIO(base64.b64decode(data['image/png']))).convert('RGB')
            buf = io.BytesIO(); im.quantize(colors=colors).save(buf, format='PNG', optimize=True)
            data['image/png'] = base64.b64encode(buf.getvalue()).decode()
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def execute(path: Path):
    from execnb.shell import CaptureShell
    cwd = os.getcwd()
    os.chdir(path.parent)                     # notebooks run from their own folder, as under nbdev_test
    try: CaptureShell().execute(path.name, path.name, exc_stop=True)
    finally: os.chdir(cwd)

if __name__ == '__main__':
    os.environ.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    for p in sys.argv[1:]:
        execute(Path(p).resolve()); shrink_pngs(Path(p)); print('executed', p)
