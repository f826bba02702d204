// itatui serve: start textual-serve's terminal once the page's fonts are loaded (the terminal
// measures its cells from the font when it opens), with a websocket address made from the
// page's own (ws:// or wss://, this host), and a "เปิดใหม่" button after the app ended.
(function () {
  "use strict";
  const start = window.onload;          // textual.js's: opens the terminal and connects
  window.onload = async function (event) {
    const term = document.getElementById("terminal");
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    term.dataset.sessionWebsocketUrl =
      scheme + "//" + window.location.host + term.dataset.sessionWebsocketPath;
    const font = term.dataset.fontSize + "px 'Roboto Mono'";
    try {
      await Promise.all([document.fonts.load(font, "W"), document.fonts.load(font, "ที่น้ำ"),
                         document.fonts.load("bold " + font, "W"),
                         document.fonts.load("bold " + font, "ที่น้ำ")]);
    } catch (error) { /* the terminal opens with a fallback font */ }
    const restart = document.getElementById("restart");
    if (restart) restart.addEventListener("click", function () { window.location.reload(); });
    if (start) start.call(window, event);
  };
})();
