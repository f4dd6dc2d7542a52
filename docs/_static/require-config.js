// Read before require.js: the ipywidgets embed manager's modules (and the fonts they load) are
// resolved from this site's _static/ folder, whatever the depth of the page, never from a CDN.
var require = {baseUrl: (document.documentElement.dataset.content_root || '') + '_static/'};
