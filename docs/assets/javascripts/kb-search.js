/* Search that reacts to every way text gets into the box.
 *
 * Material reads the search box on keyup (and focus): text pasted from a
 * phone's long-press menu, or a word chosen in a pinyin IME, fires no keyup
 * and so searched nothing. And while a pinyin IME composes, every keyup
 * searched the half-typed letters, flashing 「没有找到」. Here: keyups
 * during composition are held back, and each input event (paste, the end of
 * a composition, dictation) is passed on as the keyup Material listens for.
 * Also gives the search dialog an accessible name. */
(function () {
  "use strict";
  var composing = false;

  function isSearchBox(el) {
    return el && el.classList && el.classList.contains("md-search__input");
  }

  function announce(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Process" }));
  }

  document.addEventListener("compositionstart", function (ev) {
    if (isSearchBox(ev.target)) composing = true;
  }, true);

  document.addEventListener("compositionend", function (ev) {
    if (!isSearchBox(ev.target)) return;
    composing = false;
    announce(ev.target);
  }, true);

  // Capture phase: runs before Material's listener on the input itself.
  document.addEventListener("keyup", function (ev) {
    if (isSearchBox(ev.target) && (composing || ev.isComposing)) ev.stopImmediatePropagation();
  }, true);

  document.addEventListener("input", function (ev) {
    if (isSearchBox(ev.target) && !composing && !ev.isComposing) announce(ev.target);
  }, true);

  function nameDialog() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "搜索");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameDialog);
  } else {
    nameDialog();
  }
})();
