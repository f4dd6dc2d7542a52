/* MathJax is not installed here: `npm ci --prefix tools` puts a local copy in the site. */
