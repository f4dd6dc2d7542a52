"""The kernel-free explorers of trainbook.widgets (`static_schedule_explorer`, `static_momentum_explorer`) in Chromium.

Their JavaScript recomputes the curves from the same formulas as the Python: these tests run it in a real
browser (Playwright + Debian's /usr/bin/chromium, never `playwright install`) and compare it with
`schedule_curves`, `combine_scheds` and `ema`; then they move sliders and check the figure follows.
tools/check_site.py does the last part on the built docs site too. Without Chromium the tests skip, unless
the environment variable CI is set.
"""
from __future__ import annotations
import os
from pathlib import Path

import numpy as np
import pytest

from trainbook.callback.schedule import combine_scheds, sched_cos, sched_exp, sched_lin, sched_no, Annealer
from trainbook.callback.lr_finder import minimum, slide, steep, valley
from trainbook.widgets import (ema, lr_find_curves, momentum_demo, optimizer_trajectories, schedule_curves, static_lr_find_explorer,
                               static_momentum_explorer, static_optimizer_explorer, static_schedule_explorer)

CHROMIUM = Path(os.environ.get('TRAINBOOK_CHROMIUM', '/usr/bin/chromium'))
ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync']

def _lr_curve():
    "An LR finder curve: flat, a dip, then an explosion."
    lrs = np.geomspace(1e-7, 10, 100)
    x = np.log10(lrs)
    return list(lrs), list(2.3 - 1.8 / (1 + np.exp(-2.5 * (x + 3))) + np.exp(3 * (x - 0.2)) + 0.01 * np.sin(7 * x))
LR_CURVE = _lr_curve()

@pytest.fixture(scope='module')
def page():
    if not CHROMIUM.exists():
        msg = f'{CHROMIUM} not found: `apt-get install -y chromium`'
        if os.environ.get('CI'): pytest.fail(msg)
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        p = b.new_page()
        errors = []
        p.on('pageerror', lambda e: errors.append(str(e)))
        p.set_content('<html><body>' + static_schedule_explorer() + static_momentum_explorer() + static_optimizer_explorer()
                      + static_lr_find_explorer(*LR_CURVE) + '</body></html>')
        p.errors = errors
        yield p
        b.close()

SCHEDULES = [dict(kind='one_cycle'), dict(kind='one_cycle', n_epoch=2, n_iter=7, lr_max=3e-3, div=10., div_final=1e3,
                                           pct_start=0.4, moms=(0.9, 0.8, 0.99)),
             dict(kind='one_cycle', pct_start=0.), dict(kind='one_cycle', pct_start=1.),
             dict(kind='flat_cos'), dict(kind='flat_cos', n_epoch=4, n_iter=3, pct_start=0.5, div_final=10.),
             dict(kind='sgdr'), dict(kind='sgdr', n_cycles=2, cycle_len=2, cycle_mult=1, n_iter=5, lr_max=0.1)]

@pytest.mark.parametrize('kw', SCHEDULES, ids=lambda kw: '-'.join(f'{k}={v}' for k, v in kw.items()))
def test_js_schedules_match_python(page, kw):
    want = schedule_curves(**kw)
    o = dict(n_epoch=3, n_iter=50, lr_max=1e-2, div=25., div_final=1e5, moms=(0.95, 0.85, 0.95), n_cycles=3, cycle_len=1, cycle_mult=2)
    o.update(kw); o['pct_start'] = kw.get('pct_start', {'one_cycle': 0.25, 'flat_cos': 0.75}.get(kw['kind'], 0.25))
    o['moms'] = list(o['moms'])
    got = page.evaluate('o => tbSched.curves(o)', o)
    assert got['n_epoch'] == want['n_epoch']
    np.testing.assert_allclose(got['lr'], want['lr'], rtol=1e-12, atol=1e-15)
    if want['mom'] is None: assert got['mom'] is None
    else: np.testing.assert_allclose(got['mom'], want['mom'], rtol=1e-12)

def test_js_pieces_match_combine_scheds(page):
    pieces = [('lin', 1e-4, 1e-2, 0.2), ('cos', 1e-2, 1e-2, 0.), ('exp', 1e-2, 1e-5, 0.6), ('no', 3e-3, 1., 0.2)]
    fs = {'lin': sched_lin, 'cos': sched_cos, 'exp': sched_exp, 'no': sched_no}
    used = [p for p in pieces if p[3] > 0]
    sched = combine_scheds([p[3] for p in used], [Annealer(fs[k], a, b) for k, a, b, _ in used])
    total = 2 * 30
    want = [sched(k / total) for k in range(total)]
    got = page.evaluate('o => tbSched.curves(o)', dict(kind='pieces', n_epoch=2, n_iter=30,
                        pieces=[dict(kind=k, start=a, end=b, pct=p) for k, a, b, p in pieces]))
    np.testing.assert_allclose(got['lr'], want, rtol=1e-12)
    assert got['mom'] is None

@pytest.mark.parametrize('beta,debiased', [(0.9, True), (0.5, False), (0.99, True), (0., True)])
def test_js_ema_matches_python(page, beta, debiased):
    y = momentum_demo(noise=0.7)['y']
    np.testing.assert_allclose(page.evaluate('a => tbEma(a[0], a[1], a[2])', [list(map(float, y)), beta, debiased]),
                               ema(y, beta, debiased), rtol=1e-12)

def _curves(ex) -> list[str]: return [p.get_attribute('d') for p in ex.locator('path.tb-curve').all()]

def test_sliders_redraw_and_controls_follow_the_schedule(page):
    ex = page.locator('[data-explorer="schedule"]')
    assert page.errors == []
    first = _curves(ex)
    assert len(first) == 2 and all(first), first          # lr and momentum of 1cycle
    ex.locator('[data-k="pct_start"]').focus(); page.keyboard.press('ArrowRight')
    assert _curves(ex) != first
    assert ex.locator('[data-k="cycle_mult"]').is_disabled() and not ex.locator('[data-k="div"]').is_disabled()
    ex.locator('[data-k="kind"]').select_option('sgdr')
    assert ex.locator('[data-k="div"]').is_disabled() and not ex.locator('[data-k="cycle_mult"]').is_disabled()
    assert len(_curves(ex)) == 1                           # SGDR leaves the momentum alone
    ex.locator('[data-k="kind"]').select_option('pieces')
    before = _curves(ex)
    ex.locator('[data-k="p0_kind"]').select_option('exp')
    assert _curves(ex) != before and ex.locator('[data-k="lr_max"]').is_disabled()
    mom = page.locator('[data-explorer="momentum"]')
    before = _curves(mom)
    mom.locator('[data-k="beta"]').focus(); page.keyboard.press('ArrowLeft')
    assert _curves(mom) != before
    assert page.errors == []

def test_first_figure_uses_the_exact_defaults(page):
    "A log slider snaps to its step (10**1.4 = 25.1 for div=25): until it is moved, the figure uses the value given."
    html = static_schedule_explorer(div=25.)
    p2 = page.context.browser.new_page(); p2.set_content(html)
    title = [t.text_content() for t in p2.locator('svg.tb-lr text').all() if t.text_content().startswith('lr:')][0]
    assert title.startswith('lr: 4.0e-4'), title           # 1e-2/25, not 1e-2/25.1
    p2.close()

@pytest.mark.parametrize('kw', [dict(), dict(lr=0.5, mom=0.5, sqr_mom=0.9, n_steps=80, angle=30.), dict(lr=1.2, n_steps=30),
                                dict(lr=0.01, angle=90., n_steps=200)])
def test_js_optimizers_match_python(page, kw):
    want = optimizer_trajectories(**kw)
    o = dict(lr=0.1, mom=0.9, sqr_mom=0.99, n_steps=50, angle=0.); o.update(kw)
    got = page.evaluate('o => tbValley.trajectories(o)', o)
    for name, w in want.items():
        g = got[name]
        assert g['diverged'] == w['diverged'], name
        np.testing.assert_allclose(np.array(g['xy']), w['xy'], rtol=1e-9, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(g['loss'], w['loss'], rtol=1e-9, atol=1e-12, err_msg=name)

def test_lr_find_frames_match_lr_find_curves(page):
    ex = page.locator('[data-explorer="lr_find"]')
    funcs = (minimum, steep, valley, slide)
    for skip in (0, 5, 30):
        ex.locator('[data-k="skip_end"]').evaluate(f'(e, v) => {{ e.value = v; e.dispatchEvent(new Event("input", {{bubbles: true}})); }}', skip)
        want = lr_find_curves(*LR_CURVE, 100, funcs, skip)
        legend = [t.text_content() for t in ex.locator('svg text').all() if ':' in (t.text_content() or '')]
        for f in funcs:
            pt = want['points'].get(f.__name__)
            assert f'{f.__name__}: ' + (f'{pt[0]:.2e}'.replace('e-0', 'e-').replace('e+0', 'e+') if pt else 'none') in legend, (skip, legend)
    before = _curves(ex)
    ex.locator('[data-k="skip_end"]').focus(); page.keyboard.press('ArrowRight')
    assert _curves(ex) != before
