"""The notebook code paths (fastprogress HTML bars, the epoch table in the bar) in a real Jupyter kernel.

`nbdev_test` runs notebooks in-process, where trainbook prints plain tables; users run them in Jupyter
and Colab, where `ProgressCallback` draws fastprogress bars. This test executes a notebook with an
ipykernel (nbclient) covering every way a fit can start and end.
"""
import nbformat, pytest
from nbclient import NotebookClient

CELLS = [
    "from trainbook.all import *\nimport warnings; warnings.simplefilter('ignore')\nlearn = synth_learner(n_trn=3)",
    "learn.fit(2)\nassert learn.progress.mbar is None and learn.logger is print_row",
    "learn.fit_one_cycle(3, 1e-2, start_epoch=1)\nassert len(learn.recorder.values) == 2",
    "learn.fit_one_cycle(2, 1e-2, start_epoch=2)\nassert learn.recorder.values == []",
    "learn.lr_find(num_it=10)",
    "learn.validate(); learn.get_preds()",
    "learn.fit(1, cbs=ShortEpochCallback(pct=0.5))",
    "class Boom(Callback):\n    def after_batch(self):\n        if self.iter == 1: raise RuntimeError('boom')\ntry: learn.fit(2, cbs=Boom())\nexcept RuntimeError: pass\nlearn.fit(1)\nassert learn.logger is print_row",
    "learn2 = synth_learner(n_trn=3, n_val=0)\nlearn2.fit(2)",
    "with learn.no_bar(): learn.fit(1)\nwith learn.no_logging(): learn.fit(1)",
]

def test_fits_in_a_real_kernel(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    NotebookClient(nb, timeout=120, kernel_name='python3', resources={'metadata': {'path': str(tmp_path)}}).execute()
    html = ''.join(o.get('data', {}).get('text/html', '') for c in nb.cells for o in c.get('outputs', []))
    assert 'fastprogress' in html or '<progress' in html, 'no progress bar was drawn'
    errors = [o for c in nb.cells for o in c.get('outputs', []) if o.get('output_type') == 'error']
    assert not errors, errors
