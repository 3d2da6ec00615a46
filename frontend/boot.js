// Starts the web app. A file rather than an inline script: the Content-Security-Policy allows scripts from
// this origin only ('self'), without 'unsafe-inline'.
import init from '/frontend.js';

// The skip link moves keyboard focus to the page's <main>, which the router alone would only scroll to.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  const main = document.getElementById('contenu');
  if (main) {
    event.preventDefault();
    main.focus();
  }
});
init({ module_or_path: '/frontend_bg.wasm' });
