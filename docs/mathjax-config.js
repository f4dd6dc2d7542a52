// MathJax 3, plus the one MathJax 2 call the ipywidgets embed manager makes (MathJax.Hub.Queue) to
// typeset widget labels. Merged into the options MyST-NB sets just before this.
window.MathJax = Object.assign(window.MathJax || {}, {
  startup: {
    ready() {
      MathJax.startup.defaultReady();
      MathJax.Hub = {Queue: (job) => (job && job[2] ? MathJax.typesetPromise([job[2]]) : MathJax.typesetPromise())};
    }
  }
});
