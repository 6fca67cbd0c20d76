// Copy buttons: the share link of an article (.copy-link, its address in data-url) and
// the embed code of a chart (.copy-code, the id of its text field in data-copy).
// Progressive enhancement, no third party: without JavaScript the buttons stay hidden
// and the page works as is (the embed code can be selected by hand).
(function () {
  if (!navigator.clipboard) return;
  function enable(button, text, status) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text()).then(function () {
        if (status) status.textContent = button.dataset.done;
      });
    });
  }
  var link = document.querySelector(".copy-link");
  if (link) {
    enable(link, function () { return link.dataset.url; }, document.querySelector(".link-status"));
  }
  document.querySelectorAll(".copy-code").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    enable(button, function () { return field.value; }, button.parentNode.querySelector(".copy-status"));
  });
})();
