# Sphinx configuration for the offline docs site (used by `tools/docs.py` when Quarto is absent).
# The source folder is the prepared copy of nbdev's processed notebooks (`_proc/_sphinx`), not nbs/:
# see tools/docs.py. Everything the pages load is served from the site itself (no CDN).
import configparser, os
from pathlib import Path

here = Path(__file__).resolve().parent
_ini = configparser.ConfigParser(delimiters=['='])
_ini.read(here.parent/'settings.ini', encoding='utf-8')
cfg = _ini['DEFAULT']

project = cfg.get('title', cfg['lib_name'])
author = cfg['author']
copyright = cfg['copyright']
release = version = cfg['version']

extensions = ['myst_nb']
exclude_patterns = ['_build', '**.ipynb_checkpoints']
html_static_path = [str(here/'_static')]
# Local copies of third-party JS (MathJax, the ipywidgets embed manager) that tools/docs.py found in
# tools/node_modules are copied here by the build.
_vendor = os.environ.get('TRAINBOOK_DOCS_VENDOR')
if _vendor: html_static_path.append(_vendor)
html_css_files = ['trainbook.css']

# Notebooks are rendered from their saved outputs (plus what nbdev executed at processing time).
nb_execution_mode = 'off'
nb_merge_streams = True
nb_render_markdown_format = 'myst'
myst_enable_extensions = ['colon_fence', 'dollarmath', 'attrs_block', 'attrs_inline', 'html_image']
# Links are already resolved to final relative URLs by tools/docs.py (as Quarto would resolve them);
# tools/check_site.py checks every one of them in a browser.
myst_all_links_external = True
suppress_warnings = ['myst.header', 'mystnb.unknown_mime_type']

# MathJax: only from a local copy (tools/node_modules/mathjax), else TeX stays as typed.
mathjax_path = os.environ.get('TRAINBOOK_DOCS_MATHJAX') or 'no-mathjax.js'   # Sphinx 9 insists on a value
mathjax_config_path = 'mathjax-config.js'
# ipywidgets: the embed manager and require.js from local copies, or no widget JS at all.
_wjs = os.environ.get('TRAINBOOK_DOCS_WIDGETS_JS', '')
nb_ipywidgets_js = ({'require.min.js': {}, _wjs: {'data-jupyter-widgets-cdn-only': ''}} if _wjs else {})
if _wjs: html_js_files = [('require-config.js', {'priority': 400})]

html_theme = 'sphinx_book_theme'
html_title = project
html_short_title = project
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    'repository_url': cfg['git_url'] if 'git_url' in cfg else '',
    'repository_branch': cfg.get('branch', 'main'),
    'use_repository_button': 'git_url' in cfg,
    'use_edit_page_button': False,
    'use_source_button': False,
    'use_download_button': False,
    'use_fullscreen_button': False,
    'home_page_in_toc': True,
    'show_navbar_depth': 1,
    'show_toc_level': 2,
    'navigation_with_keys': False,
    'search_bar_text': 'Search the docs…',
    'navbar_persistent': [],   # the search field lives in the sidebar
}

