// ReDoc under the site's Content-Security-Policy, with nothing fetched from elsewhere.
// Loaded before ReDoc's bundle (which it prepares for) and starting ReDoc once the page is parsed,
// so the page needs no inline script and no 'unsafe-inline' style.
"use strict";
(function () {
  const container = document.getElementById("redoc-container");
  const nonce = container.dataset.nonce;
  const REDOCLY_CDN = "https://cdn.redoc.ly/";
  // An empty image: ReDoc's footer logo would otherwise come from Redocly's CDN.
  const BLANK = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";

  // The bundle inserts some <style> elements while it loads, before it can be told the
  // page's nonce: give it to every <style> as it is inserted.
  if (nonce) {
    for (const method of ["appendChild", "insertBefore"]) {
      const original = Node.prototype[method];
      Node.prototype[method] = function (node, ...rest) {
        if (node instanceof HTMLStyleElement && !node.nonce) {
          node.setAttribute("nonce", nonce);
        }
        return original.call(this, node, ...rest);
      };
    }
  }
  const local = (value) => (String(value).startsWith(REDOCLY_CDN) ? BLANK : value);
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    const isSrc = this instanceof HTMLImageElement && name.toLowerCase() === "src";
    return setAttribute.call(this, name, isSrc ? local(value) : value);
  };
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    ...src,
    set(value) {
      src.set.call(this, local(value));
    },
  });

  document.addEventListener("DOMContentLoaded", function () {
    Redoc.init(container.dataset.specUrl, { nonce: nonce || undefined }, container);
  });
})();
