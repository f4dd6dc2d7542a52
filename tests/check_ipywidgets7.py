"""Build every explorer of `trainbook.widgets` and make each redraw, headlessly, under the installed ipywidgets.

Meant for Colab's ipywidgets 7.7.1 (the explorers must work with 7.7 and 8.x), in a second environment:

    python3 -m venv /tmp/venv_w7
    /tmp/venv_w7/bin/pip install torch==2.13.0 'ipywidgets==7.7.1' matplotlib numpy fastcore fastprogress
    /tmp/venv_w7/bin/pip install -e . --no-deps        # or put the repository on PYTHONPATH
    /tmp/venv_w7/bin/python tests/check_ipywidgets7.py --require 7.7.1

For each explorer it checks: the widget tree builds with the expected controls, the first render shows a
PNG, and setting each listed control from Python redraws exactly once with a different PNG (that is what a
slider move in the browser does, through the same `observe` callbacks). Prints one line per check; exits 1
on the first failure. No browser and no kernel: an IPython shell captures what the explorers display.
"""
from __future__ import annotations
import argparse, sys, time, warnings


def controls(box) -> dict:
    "Every control inside the widget `box`, by its description."
    res, todo = {}, [box]
    while todo:
        w = todo.pop()
        todo += list(getattr(w, 'children', ()))
        if getattr(w, 'description', ''): res[w.description] = w
    return res


def pngs(cap) -> list:
    return [o.data['image/png'] for o in cap.outputs if 'image/png' in o.data]


def check(name: str, build, moves: list):
    "Build an explorer with `build()`, then set each `(label, value)` of `moves` and expect one new PNG per move."
    from IPython.utils.capture import capture_output
    from ipywidgets import Output, VBox
    with capture_output() as cap: box = build()
    assert isinstance(box, VBox), f'{name}: expected a VBox, got {type(box).__name__}'
    outs = [w for w in box.children if isinstance(w, Output)]
    assert len(outs) == 1, f'{name}: expected one Output, found {len(outs)}'
    first = pngs(cap)
    assert len(first) == 1, f'{name}: the first render displayed {len(first)} PNGs'
    ctl, last = controls(box), first[0]
    for label, value in moves:
        assert label in ctl, f'{name}: no control {label!r}; controls: {sorted(ctl)}'
        t = time.perf_counter()
        with capture_output() as cap: ctl[label].value = value
        ms = 1e3 * (time.perf_counter() - t)
        new = pngs(cap)
        assert len(new) == 1, f'{name}: setting {label}={value!r} displayed {len(new)} PNGs'
        assert new[0] != last, f'{name}: setting {label}={value!r} did not change the picture'
        last = new[0]
        print(f'ok  {name}: {label} = {value!r} redrew in {ms:.0f} ms')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--require', help='fail unless ipywidgets has exactly this version (e.g. 7.7.1)')
    args = ap.parse_args()
    import ipywidgets, matplotlib, torch
    from IPython.core.interactiveshell import InteractiveShell
    print(f'ipywidgets {ipywidgets.__version__}, matplotlib {matplotlib.__version__}, torch {torch.__version__}, '
          f'python {sys.version.split()[0]}')
    if args.require and ipywidgets.__version__ != args.require:
        sys.exit(f'FAIL: ipywidgets {ipywidgets.__version__} installed, {args.require} required')
    InteractiveShell.instance()        # `display` goes through a shell, which `capture_output` can catch

    import trainbook.widgets as tw
    from trainbook.callback.lr_finder import minimum, steep, valley, slide
    from trainbook.test_utils import synth_learner
    learn = synth_learner(n_trn=20)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        learn.lr_find(show_plot=False, suggest_funcs=(minimum, steep, valley, slide))

    try:
        check('schedule_explorer', tw.schedule_explorer,
              [('lr_max', 1e-3), ('epochs', 5), ('batches/epoch', 20), ('pct_start', 0.5), ('div', 10.),
               ('div_final', 1e3), ('mom middle', 0.8), ('log scale', True), ('schedule', 'sgdr'), ('cycle_mult', 1),
               ('SGDR cycles', 4), ('schedule', 'flat_cos')])
        check('momentum_explorer', tw.momentum_explorer, [('beta', 0.5), ('noise', 0.6), ('debias', False)])
        check('lr_find_explorer', lambda: tw.lr_find_explorer(learn),
              [('skip_end', 20), ('valley', False), ('minimum', False), ('skip_end', 0)])
        check('optimizer_explorer', tw.optimizer_explorer,
              [('lr', 0.3), ('mom (β1)', 0.5), ('sqr_mom (β2)', 0.9), ('steps', 80), ('tilt (degrees)', 30.)])
    except AssertionError as e:
        sys.exit(f'FAIL: {e}')
    print(f'all explorers build and redraw under ipywidgets {ipywidgets.__version__}')


if __name__ == '__main__': main()
