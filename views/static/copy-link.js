// Progressive enhancement for a page that shows a link once: a button that copies it. Without
// this script (or without clipboard access) the button stays hidden and the link is selected by hand.
(function () {
  'use strict';
  var buttons = document.querySelectorAll('button[data-copy]');
  Array.prototype.forEach.call(buttons, function (button) {
    var field = document.getElementById(button.getAttribute('data-copy'));
    var status = document.getElementById('copy-status');
    if (!field) return;
    function say(text) {
      if (status) status.textContent = text;
    }
    function selectField() {
      field.focus();
      field.select();
    }
    field.addEventListener('focus', function () {
      field.select();
    });
    button.hidden = false;
    button.addEventListener('click', function () {
      if (!navigator.clipboard || !window.isSecureContext) {
        selectField();
        say(button.getAttribute('data-failed'));
        return;
      }
      navigator.clipboard.writeText(field.value).then(
        function () {
          say(button.getAttribute('data-copied'));
        },
        function () {
          selectField();
          say(button.getAttribute('data-failed'));
        },
      );
    });
  });
})();
