// Starts ReDoc from a file, not an inline script, so the page keeps a strict CSP;
// the page's nonce lets ReDoc's generated <style> elements apply.
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  Redoc.init(
    container.dataset.specUrl,
    { nonce: container.dataset.nonce || undefined },
    container
  );
})();
