// Saves each answer of a questionnaire page as it is chosen, so that a closed tab or a lost
// connection costs nothing already ticked. Progressive enhancement: without this script (or when
// a save fails) the page's own buttons save every answer on it, as they always do.
(function () {
  'use strict';
  var form = document.getElementById('questionnaire');
  var status = document.getElementById('autosave-status');
  if (!form || !status || !window.fetch || !window.URLSearchParams) return;
  var url = form.getAttribute('data-autosave');
  if (!url) return;
  var saved = form.getAttribute('data-saved') || '';
  var failed = form.getAttribute('data-failed') || '';
  // One request at a time, in the order chosen: two quick changes of one answer must not arrive reversed.
  var queue = Promise.resolve();

  function send(name, value) {
    var body = new URLSearchParams();
    body.set(name, value);
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: body.toString(),
    }).then(
      function (response) {
        status.textContent = response.status === 204 ? saved : failed;
      },
      function () {
        status.textContent = failed;
      },
    );
  }

  form.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || input.type !== 'radio' || !input.checked || !input.name) return;
    var name = input.name;
    var value = input.value;
    queue = queue.then(function () {
      return send(name, value);
    });
  });
})();
