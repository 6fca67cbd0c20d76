// Copy-link button of the share links: progressive enhancement, no third party.
// Without JavaScript the button stays hidden and the page works as is.
(function () {
  var button = document.querySelector(".copy-link");
  if (!button || !navigator.clipboard) return;
  var status = document.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.dataset.url).then(function () {
      if (status) status.textContent = button.dataset.done;
    });
  });
})();
