/* Filters for the case list on /cases/ (by county, industry and theme).
 *
 * The list is plain HTML written by the build (scripts/kb/case_list.py): the
 * list carries data-kb-filter="county industry theme", a label and the
 * values in pinyin order for each (data-kb-label-*, data-kb-values-*), and
 * every entry its own values (data-county="印江县", data-theme="a|b"). The
 * controls are built here, so the page has no inline script or form for the
 * sanitiser to remove, and works from file:// with no network. */
(function () {
  "use strict";

  function split(value) {
    return value ? value.split("|") : [];
  }

  function build(list) {
    var names = split((list.getAttribute("data-kb-filter") || "").replace(/\s+/g, "|"));
    var items = Array.prototype.slice.call(list.querySelectorAll("li[data-" + names[0] + "]"));
    if (!names.length || !items.length) return;

    var box = document.createElement("div");
    box.className = "kb-filters";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "筛选案例");
    var count = document.createElement("p");
    count.className = "kb-filter-count";
    count.setAttribute("aria-live", "polite");
    var selects = {};

    // The choice lives in the address (?county=…): it survives Back and a
    // shared link, and the browser never restores a select the list ignores.
    var asked = new URLSearchParams(location.search);
    names.forEach(function (name) {
      var label = document.createElement("label");
      label.textContent = list.getAttribute("data-kb-label-" + name) || name;
      var select = document.createElement("select");
      select.name = name;
      select.autocomplete = "off";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "全部";
      select.appendChild(all);
      split(list.getAttribute("data-kb-values-" + name)).forEach(function (value) {
        var n = items.filter(function (li) { return split(li.getAttribute("data-" + name)).indexOf(value) >= 0; }).length;
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + "（" + n + "）";
        select.appendChild(option);
      });
      if (asked.get(name) && split(list.getAttribute("data-kb-values-" + name)).indexOf(asked.get(name)) >= 0) {
        select.value = asked.get(name);
      }
      select.addEventListener("change", function () { apply(); keep(); });
      label.appendChild(select);
      box.appendChild(label);
      selects[name] = select;
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.textContent = "清除筛选";
    reset.addEventListener("click", function () {
      names.forEach(function (name) { selects[name].value = ""; });
      apply();
      keep();
      selects[names[0]].focus();  // the button hides itself: focus goes back to the first filter
    });

    function keep() {
      var params = new URLSearchParams(location.search);
      names.forEach(function (name) {
        if (selects[name].value) params.set(name, selects[name].value); else params.delete(name);
      });
      var query = params.toString();
      try { history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash); } catch (e) { /* file:// in an old browser */ }
    }
    box.appendChild(reset);

    var none = document.createElement("p");
    none.textContent = "没有符合这些条件的案例，请换一个条件或清除筛选。";
    none.hidden = true;

    function apply() {
      var shown = 0;
      items.forEach(function (li) {
        var ok = names.every(function (name) {
          var want = selects[name].value;
          return !want || split(li.getAttribute("data-" + name)).indexOf(want) >= 0;
        });
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      none.hidden = shown > 0;
      // Only a filter in use can be cleared; the list starts one row higher on a phone.
      reset.hidden = names.every(function (name) { return !selects[name].value; });
      count.textContent = shown === items.length
        ? "共 " + items.length + " 个案例"
        : "显示 " + shown + " 个案例（共 " + items.length + " 个）";
    }

    list.insertBefore(box, list.firstChild);
    list.insertBefore(count, box.nextSibling);
    list.appendChild(none);
    apply();
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) apply(); });  // back from the cache
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-filter]"), build);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
