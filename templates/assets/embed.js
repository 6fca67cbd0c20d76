// A chart page inside an iframe tells the page around it how tall it is, so the embed
// code's listener can size the frame (no scroll bar, no empty space). Nothing else is
// sent, and nothing is read from the parent.
(function () {
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ "barograph-height": height, "barograph-chart": location.pathname }, "*");
  }
  window.addEventListener("load", send);
  window.addEventListener("resize", send);
  document.addEventListener("toggle", send, true);
})();
