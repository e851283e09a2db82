/* The Markdown editor: a text area with a toolbar and a live preview that
   the server renders with the site's own Markdown settings. Text pasted
   from Word or WPS is turned into Markdown (turndown); pictures pasted or
   dropped in are uploaded beside the item, with a prompt for alt text. */
"use strict";

window.KbEditor = (function () {
  var el = window.KbForms.el;

  // Word's and WPS's clipboard HTML: Office namespaces, conditional
  // comments, styles and empty paragraphs that would become noise.
  function cleanOfficeHtml(html) {
    return html
      .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<\/?o:p[^>]*>/gi, "")
      .replace(/<\/?(w|v|m|st1):[^>]*>/gi, "")
      .replace(/<style[\s\S]*?<\/style>/gi, "")
      .replace(/<xml[\s\S]*?<\/xml>/gi, "")
      .replace(/\s(style|lang|class)=("[^"]*"|'[^']*'|[^\s>]+)/gi, "")  // formatting only; the CSP would refuse inline styles
      .replace(/&nbsp;/g, " ");
  }

  function makeTurndown() {
    if (!window.TurndownService) return null;
    var service = new window.TurndownService({ headingStyle: "atx", bulletListMarker: "-", emDelimiter: "*",
      strongDelimiter: "**", codeBlockStyle: "fenced" });
    if (window.turndownPluginGfm) service.use(window.turndownPluginGfm.tables);
    // Word marks headings and emphasis with spans and classes; keep the words.
    service.addRule("wordSpans", { filter: ["span", "font"], replacement: function (content) { return content; } });
    service.addRule("wordListParagraph", {
      filter: function (node) { return node.nodeName === "P" && /^\s*[·•\u00b7\u2022§]\s/.test(node.textContent || ""); },
      replacement: function (content) {
        return "\n- " + content.replace(/^\s*[·•\u00b7\u2022o§\d]+[.)、]?\s*/, "").trim() + "\n";
      }
    });
    service.remove(["script", "iframe", "object", "img"]);  // pasted pictures come as files, not links
    return service;
  }

  // A table pasted from Word has no header row (Markdown tables need one),
  // and paragraphs inside its cells (a Markdown cell is one line).
  function headerRows(doc) {
    doc.querySelectorAll("td, th").forEach(function (cell) {
      var parts = Array.prototype.map.call(cell.querySelectorAll("p"), function (p) { return p.innerHTML.trim(); });
      if (parts.length) cell.innerHTML = parts.join(" ");
    });
    doc.querySelectorAll("table").forEach(function (table) {
      if (table.querySelector("th")) return;
      var first = table.querySelector("tr");
      if (!first) return;
      first.querySelectorAll("td").forEach(function (td) {
        var th = doc.createElement("th");
        th.innerHTML = td.innerHTML;
        td.replaceWith(th);
      });
    });
  }

  function htmlToMarkdown(html) {
    var service = makeTurndown();
    if (!service) return null;
    var doc = new DOMParser().parseFromString(cleanOfficeHtml(html), "text/html");
    headerRows(doc);
    return service.turndown(doc.body).replace(/\n{3,}/g, "\n\n").trim();
  }

  var TOOLS = [
    ["加粗", "**", "**", "文字"], ["斜体", "*", "*", "文字"], ["二级标题", "\n## ", "\n", "标题"],
    ["三级标题", "\n### ", "\n", "标题"], ["列表", "\n- ", "", "一项"], ["编号", "\n1. ", "", "一项"],
    ["引用", "\n> ", "", "引文"], ["链接", "[", "](https://)", "链接文字"],
    ["表格", "\n| 列一 | 列二 |\n| --- | --- |\n| ", " |  |\n", "内容"]
  ];

  function Editor(options) {
    // options: name (file), label, value, api (desk's fetch), upload(file) -> Promise<name>,
    // sources [{id,title}], askAlt(name) -> Promise<alt>, onChange
    var self = this;
    this.options = options;
    var id = "md-" + options.name.replace(/[^a-z0-9]/gi, "-");
    this.area = el("textarea", { id: id, class: "markdown", rows: 18, spellcheck: "false",
      "aria-describedby": id + "-help" });
    this.area.value = options.value || "";
    this.preview = el("div", { class: "md-preview", "aria-label": options.label + " 预览", role: "region", tabindex: "0" });
    var bar = el("div", { class: "md-toolbar", role: "toolbar", "aria-label": options.label + " 工具栏" });
    TOOLS.forEach(function (tool) {
      var b = el("button", { type: "button", class: "small", text: tool[0] });
      b.addEventListener("click", function () { self.wrap(tool[1], tool[2], tool[3]); });
      bar.appendChild(b);
    });
    var cite = el("select", { class: "small", "aria-label": "插入来源引用" });
    cite.appendChild(el("option", { value: "", text: "插入来源引用…" }));
    (options.sources || []).forEach(function (s) {
      cite.appendChild(el("option", { value: s.id, text: (s.title || s.id).slice(0, 30) }));
    });
    cite.addEventListener("change", function () {
      if (cite.value) self.insert("[@" + cite.value + "]");
      cite.value = "";
    });
    bar.appendChild(cite);
    if (options.upload) {
      var pick = el("input", { type: "file", accept: ".jpg,.jpeg,.png,.webp", class: "visually-hidden", id: id + "-file" });
      var pickLabel = el("label", { for: id + "-file", class: "button small", text: "插入图片" });
      pick.addEventListener("change", function () { if (pick.files[0]) self.picture(pick.files[0]); pick.value = ""; });
      bar.appendChild(pickLabel);
      bar.appendChild(pick);
    }
    this.node = el("section", { class: "md-editor field", "data-text": options.name }, [
      el("h3", {}, [el("label", { for: id, text: options.label }), el("code", { class: "key", text: options.name })]),
      el("p", { class: "help", id: id + "-help", text: options.help || "用 Markdown 书写：## 开头是小标题；从 Word 或 WPS 复制的文字粘贴进来会自动转换；图片可以直接拖进来。" }),
      el("p", { class: "messages", "aria-live": "polite" }),
      bar,
      el("div", { class: "md-panes" }, [this.area, this.preview])
    ]);
    var timer = null;
    this.area.addEventListener("input", function () {
      options.onChange();
      clearTimeout(timer);
      timer = setTimeout(function () { self.render(); }, 400);
    });
    this.area.addEventListener("paste", function (event) { self.paste(event); });
    this.area.addEventListener("dragover", function (event) { event.preventDefault(); });
    this.area.addEventListener("drop", function (event) {
      var files = Array.prototype.filter.call(event.dataTransfer.files || [], function (f) { return /^image\//.test(f.type); });
      if (!files.length) return;
      event.preventDefault();
      files.forEach(function (f) { self.picture(f); });
    });
    this.render();
  }

  Editor.prototype.value = function () { return this.area.value; };

  Editor.prototype.insert = function (text) {
    var a = this.area, start = a.selectionStart, end = a.selectionEnd;
    a.setRangeText(text, start, end, "end");
    a.focus();
    a.dispatchEvent(new Event("input"));
  };

  Editor.prototype.wrap = function (before, after, placeholder) {
    var a = this.area, start = a.selectionStart, end = a.selectionEnd;
    var chosen = a.value.slice(start, end) || placeholder;
    a.setRangeText(before + chosen + after, start, end, "end");
    a.setSelectionRange(start + before.length, start + before.length + chosen.length);
    a.focus();
    a.dispatchEvent(new Event("input"));
  };

  Editor.prototype.paste = function (event) {
    var data = event.clipboardData;
    if (!data) return;
    var files = Array.prototype.filter.call(data.files || [], function (f) { return /^image\//.test(f.type); });
    var html = data.getData("text/html");
    if (files.length && !html) {
      event.preventDefault();
      files.forEach(function (f) { this.picture(f); }, this);
      return;
    }
    if (!html) return;  // plain text: the browser pastes it as it is
    var markdown = htmlToMarkdown(html);
    if (markdown === null) return;
    event.preventDefault();
    // Pasted blocks start on their own paragraph, not glued to the line above.
    var before = this.area.value.slice(0, this.area.selectionStart);
    var gap = !before || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    this.insert(gap + markdown + "\n");
    if (/<img/i.test(html)) this.options.notice("粘贴的文字里有图片：图片不能随文字一起粘贴，请把图片文件拖进来或点「插入图片」");
  };

  Editor.prototype.picture = function (file) {
    var self = this;
    return this.options.askAlt(file.name).then(function (alt) {
      if (alt === null) return;
      return self.options.upload(file).then(function (stored) {
        self.insert("\n![" + alt.replace(/[\[\]]/g, "") + "](" + stored.name + ")\n");
        self.options.notice("图片已保存为 " + stored.name + (stored.resized ? "（已缩小到 " + stored.width + "×" + stored.height + "）" : ""));
      });
    }).catch(function (error) { self.options.notice(error.message, true); });
  };

  Editor.prototype.render = function () {
    var self = this;
    this.options.api("POST", "/api/markdown", { text: this.area.value, kind: this.options.kind, id: this.options.id }).then(function (data) {
      // The server's sanitiser (kb.finish.sanitize) has cleaned this HTML.
      self.preview.innerHTML = data.html;
    }).catch(function () {});
  };

  return { Editor: Editor, htmlToMarkdown: htmlToMarkdown };
})();
