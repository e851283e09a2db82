/* 编辑台: lists, the item editor, 保存 / 预览 / 发布 / 历史. */
"use strict";

(function () {
  var el = window.KbForms.el;
  var csrf = document.querySelector('meta[name="csrf"]').content;
  var local = document.querySelector('meta[name="local"]').content === "1";
  var state = { meta: null, kind: "case", item: null, form: null, editors: [], dirty: false, checkTimer: null,
    checking: 0 };

  function api(method, url, body) {
    var init = { method: method, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401) { window.location.href = "/login"; }
        if (!response.ok && response.status !== 422) {
          var error = new Error(data.error || ("出错了（" + response.status + "）"));
          error.status = response.status;
          throw error;
        }
        data._status = response.status;
        return data;
      });
    });
  }

  function say(text, bad) {
    var box = document.getElementById("status");
    box.textContent = text;
    box.className = "status show" + (bad ? " bad" : "");
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { box.className = "status"; }, bad ? 12000 : 5000);
  }

  // A modal dialog: resolves with the button's value (or null when closed).
  function dialog(title, body, buttons) {
    var d = document.getElementById("dialog");
    document.getElementById("dialog-title").textContent = title;
    var holder = document.getElementById("dialog-body");
    holder.innerHTML = "";
    (Array.isArray(body) ? body : [body]).forEach(function (n) { holder.appendChild(typeof n === "string" ? el("p", { text: n }) : n); });
    var row = document.getElementById("dialog-buttons");
    row.innerHTML = "";
    return new Promise(function (resolve) {
      buttons.forEach(function (b) {
        var button = el("button", { type: "button", class: b.class || "", text: b.text });
        button.addEventListener("click", function () {
          if (b.check && !b.check()) return;
          d.close();
          resolve(b.value);
        });
        row.appendChild(button);
      });
      d.onclose = function () { resolve(null); };
      d.showModal();
      var first = holder.querySelector("input, textarea, select") || row.querySelector("button");
      if (first) first.focus();
    });
  }

  function ask(title, fields, okText) {
    var inputs = fields.map(function (f, i) {
      var id = "ask-" + i;
      var input = el(f.long ? "textarea" : "input", { id: id, value: f.value || "", rows: f.long ? 3 : null });
      if (f.value) input.value = f.value;
      return [f, input, el("div", { class: "field" }, [el("label", { for: id, class: "label", text: f.label }), input,
        f.help ? el("p", { class: "help", text: f.help }) : null])];
    });
    return dialog(title, inputs.map(function (x) { return x[2]; }), [
      { text: okText || "确定", value: "ok", class: "primary", check: function () {
        return inputs.every(function (x) {
          if (x[0].required && !x[1].value.trim()) { x[1].focus(); say("请填写「" + x[0].label + "」", true); return false; }
          return true;
        });
      } },
      { text: "取消", value: null }
    ]).then(function (value) {
      return value ? inputs.map(function (x) { return x[1].value.trim(); }) : null;
    });
  }

  // -- the list -------------------------------------------------------------

  function showKinds() {
    var nav = document.getElementById("kinds");
    nav.innerHTML = "";
    ["case", "course", "handbook", "term", "source"].forEach(function (name) {
      var b = el("button", { type: "button", text: state.meta.kinds[name].word, "aria-pressed": String(name === state.kind) });
      b.addEventListener("click", function () { leave().then(function (ok) { if (ok) { state.kind = name; showKinds(); closeItem(); loadList(); } }); });
      nav.appendChild(b);
    });
    document.getElementById("import-label").hidden = state.kind !== "case";
  }

  function loadList() {
    var q = document.getElementById("search").value;
    return api("GET", "/api/items/" + state.kind + "?q=" + encodeURIComponent(q)).then(function (data) {
      var list = document.getElementById("item-list");
      list.innerHTML = "";
      if (!data.items.length) list.appendChild(el("li", { class: "empty", text: q ? "没有找到" : "还没有内容，点「新建」" }));
      data.items.forEach(function (item) {
        var badges = [];
        if (item.status) badges.push(el("span", { class: "badge badge-" + item.status, text: { draft: "草稿", published: "已发布", "private": "不公开" }[item.status] || item.status }));
        if (item.draft) badges.push(el("span", { class: "badge badge-kept", text: "有未通过校验的修改" }));
        var b = el("button", { type: "button", class: "item", "aria-current": state.item && state.item.id === item.id ? "true" : null },
          [el("span", { class: "item-title", text: item.title || item.id }), el("span", { class: "item-id", text: item.id })].concat(badges));
        b.addEventListener("click", function () { leave().then(function (ok) { if (ok) openItem(state.kind, item.id); }); });
        list.appendChild(el("li", {}, [b]));
      });
    }).catch(function (e) { say(e.message, true); });
  }

  // -- one item ---------------------------------------------------------------

  function leave() {
    if (!state.dirty) return Promise.resolve(true);
    return dialog("还有没保存的修改", "离开这一页，没保存的修改就没有了。", [
      { text: "保存后离开", value: "save", class: "primary" }, { text: "不保存，离开", value: "drop", class: "danger" },
      { text: "留在这里", value: null }]).then(function (choice) {
      if (choice === "save") return save().then(function (result) { return result === "file"; });
      if (choice === "drop") { state.dirty = false; return true; }
      return false;
    });
  }

  function closeItem() {
    state.item = null; state.form = null; state.editors = []; state.dirty = false;
    var work = document.getElementById("work");
    work.innerHTML = "";
    work.appendChild(document.getElementById("welcome") || el("div"));
  }

  function changed() {
    state.dirty = true;
    document.body.classList.add("dirty");
    clearTimeout(state.checkTimer);
    state.checkTimer = setTimeout(check, 1500);
  }

  function collect() {
    var body = { version: state.item.version, texts: {} };
    if (state.rawArea) body.raw = state.rawArea.value;
    else body.data = state.form.get();
    state.editors.forEach(function (e) { body.texts[e.options.name] = e.value(); });
    return body;
  }

  function itemUrl(suffix) {
    return "/api/items/" + state.kind + "/" + encodeURIComponent(state.item.id) + (suffix || "");
  }

  function showResult(messages) {
    var work = document.getElementById("work");
    var unplaced = window.KbForms.showMessages(work, messages);
    var summary = document.getElementById("summary");
    summary.innerHTML = "";
    var errors = messages.filter(function (m) { return m.level === "错误"; }).length;
    var warnings = messages.length - errors;
    if (!messages.length) { summary.appendChild(el("p", { class: "ok", text: "校验通过，没有错误" })); return; }
    summary.appendChild(el("p", { class: errors ? "bad" : "warn",
      text: (errors ? errors + " 处错误" : "没有错误") + (warnings ? "，" + warnings + " 处提醒" : "") + "（点一条跳到它所在的位置）" }));
    var list = el("ul", {});
    messages.forEach(function (m) {
      var where = m.elsewhere ? "（" + m.file + " 第 " + m.line + " 行）" : m.text ? "（" + m.text + " 第 " + m.line + " 行）" : "";
      var b = el("button", { type: "button", class: "link " + (m.level === "错误" ? "error" : "warning"),
        text: (m.level === "错误" ? "错误：" : "提醒：") + m.message + where });
      b.addEventListener("click", function () {
        var t = m.target && (m.target.querySelector("input, select, textarea") || m.target);
        if (t) { t.focus(); t.scrollIntoView({ block: "center" }); }
      });
      list.appendChild(el("li", {}, [b]));
    });
    summary.appendChild(list);
    if (unplaced.length && !state.rawArea) { /* shown in the list above, with file and line */ }
  }

  function check() {
    if (!state.item) return;
    var ticket = ++state.checking;
    api("POST", itemUrl("/check"), collect()).then(function (data) {
      if (ticket === state.checking) showResult(data.messages);
    }).catch(function () {});
  }

  function save(confirmed) {
    if (!state.item) return Promise.resolve(null);
    clearTimeout(state.checkTimer);
    var body = collect();
    if (confirmed) body.confirm = true;
    say("正在校验并保存……");
    return api("PUT", itemUrl(), body).then(function (data) {
      showResult(data.messages || []);
      if (data.saved === "draft") {
        say(data.notice, true);
        state.dirty = false;
        document.body.classList.remove("dirty");
        showDraftBar(true);
        loadList();
        return dialog("有错误，已存为草稿", [data.notice + "。", "改正标红的地方后再保存；或者确认仍要把有错误的内容写进正式文件（网站在改正前无法发布）。"], [
          { text: "继续修改", value: null, class: "primary" }, { text: "仍然写入正式文件", value: "force", class: "danger" }
        ]).then(function (choice) { return choice === "force" ? save(true) : "draft"; });
      }
      state.item.version = data.version;
      state.dirty = false;
      document.body.classList.remove("dirty");
      showDraftBar(false);
      say("已保存：" + data.files.join("、") + (data.messages.length ? "（有 " + data.messages.length + " 条提醒）" : ""));
      loadList();
      return "file";
    }).catch(function (e) {
      say(e.message, true);
      if (e.status === 409) dialog("没有保存", e.message, [{ text: "知道了", value: null, class: "primary" }]);
      return null;
    });
  }

  function showDraftBar(on) {
    var bar = document.getElementById("draft-bar");
    if (bar) bar.hidden = !on;
  }

  function openItem(kind, id, useDraft) {
    return api("GET", "/api/items/" + kind + "/" + encodeURIComponent(id)).then(function (item) {
      state.kind = kind;
      state.item = item;
      state.dirty = false;
      document.body.classList.remove("dirty");
      render(item, useDraft && item.draft ? item.draft : item);
      loadList();
      check();
    }).catch(function (e) { say(e.message, true); });
  }

  function render(item, content) {
    var meta = state.meta.kinds[state.kind];
    var work = document.getElementById("work");
    work.innerHTML = "";
    var title = (content.data && content.data[meta.title_field]) || item.id;
    var saveButton = el("button", { type: "button", class: "primary", text: "保存" });
    saveButton.title = "Ctrl+S";
    saveButton.addEventListener("click", function () { save(); });
    var previewButton = el("button", { type: "button", text: "预览" });
    previewButton.addEventListener("click", preview);
    var deleteButton = el("button", { type: "button", class: "danger", text: "删除" });
    deleteButton.addEventListener("click", remove);
    var reopen = el("button", { type: "button", text: "重新打开" });
    reopen.addEventListener("click", function () { leave().then(function (ok) { if (ok) openItem(state.kind, item.id); }); });
    work.appendChild(el("div", { class: "item-head" }, [
      el("h2", { id: "item-title", text: meta.word + "：" + title }),
      el("div", { class: "item-actions" }, [saveButton, previewButton, reopen, deleteButton])]));
    var draftBar = el("div", { id: "draft-bar", class: "draft-bar", role: "note" }, [
      el("span", { text: content === item.draft ? "正在看的是未通过校验的草稿（正式文件没有这些修改）。" : "这条内容有一份未通过校验的草稿。" })]);
    if (content !== item.draft) {
      var openDraft = el("button", { type: "button", text: "打开草稿" });
      openDraft.addEventListener("click", function () { leave().then(function (ok) { if (ok) openItem(state.kind, item.id, true); }); });
      draftBar.appendChild(openDraft);
    }
    var dropDraft = el("button", { type: "button", class: "danger", text: "丢弃草稿" });
    dropDraft.addEventListener("click", function () {
      api("DELETE", itemUrl("/draft")).then(function () { say("草稿已丢弃"); openItem(state.kind, item.id); });
    });
    draftBar.appendChild(dropDraft);
    draftBar.hidden = !item.draft;
    work.appendChild(draftBar);
    work.appendChild(el("div", { id: "summary", class: "summary", role: "status", "aria-live": "polite" }));
    state.rawArea = null;
    if (content.data) {
      var schema = meta.schema;
      state.form = new window.KbForms.Form(schema, state.meta.options);
      state.form.onChange = changed;
      var readOnly = [meta.id_field];
      var built = state.form.object(schema, content.data, [], readOnly);
      state.form.get = built.get;
      work.appendChild(el("form", { class: "item-form", "aria-labelledby": "item-title", novalidate: "novalidate" }, [built.node]));
    } else {
      work.appendChild(el("p", { class: "bad", text: "这个文件的 YAML 格式有错，表单读不出来：请在下面直接改正文字（错误位置见上方）。" }));
      state.rawArea = el("textarea", { class: "raw", rows: 24, "aria-label": "YAML 文件内容", spellcheck: "false" });
      state.rawArea.value = content.raw || "";
      state.rawArea.addEventListener("input", changed);
      work.appendChild(el("div", { class: "field", "data-path": "" }, [state.rawArea, el("p", { class: "messages" })]));
    }
    state.editors = [];
    var labels = { "case.md": "案例正文", "teaching.md": "教学说明（只在教师版里，学员看不到）" };
    Object.keys(content.texts || {}).forEach(function (name) {
      var editor = new window.KbEditor.Editor({ name: name, label: labels[name] || "正文 " + name, value: content.texts[name],
        api: api, sources: state.meta.options.source, onChange: changed, notice: say, kind: state.kind, id: item.id,
        askAlt: function (file) {
          return ask("图片说明", [{ label: "这张图片画的是什么（给看不见图片的读者，也是图片下方的说明文字）", required: true, help: file }], "插入图片")
            .then(function (values) { return values ? values[0] : null; });
        },
        upload: function (file) {
          var body = new FormData();
          body.append("file", file, file.name);
          return api("POST", itemUrl("/picture"), body);
        } });
      state.editors.push(editor);
      work.appendChild(editor.node);
    });
    work.focus();
  }

  function preview() {
    if (!state.item) return;
    var win = window.open("about:blank", "_blank");
    say("正在生成预览（约 10 秒）……");
    api("POST", itemUrl("/preview"), collect()).then(function (data) {
      if (win) win.location.href = data.url; else window.location.href = data.url;
      say("预览已在新标签页打开：和网站上看到的一样（还没有保存）");
    }).catch(function (e) { if (win) win.close(); say(e.message, true); });
  }

  function remove() {
    var meta = state.meta.kinds[state.kind];
    dialog("删除" + meta.word, "确定删除「" + state.item.id + "」吗？文件会移到 .desk-trash 文件夹；发布后，在「历史」里也能恢复。",
      [{ text: "删除", value: "yes", class: "danger" }, { text: "取消", value: null, class: "primary" }]).then(function (v) {
      if (!v) return;
      api("DELETE", itemUrl()).then(function () {
        say("已删除「" + state.item.id + "」");
        state.dirty = false;
        closeItem();
        loadList();
      }).catch(function (e) { say(e.message, true); });
    });
  }

  function newItem() {
    var meta = state.meta.kinds[state.kind];
    var fields = [{ label: meta.entry && state.kind === "term" ? "术语" : "id（小写英文字母、数字和连字符，例如 xiaopo；会成为网址）", required: true }];
    if (state.kind !== "term") fields.push({ label: "标题", required: state.kind !== "source" });
    leave().then(function (ok) {
      if (!ok) return;
      ask("新建" + meta.word, fields, "新建").then(function (values) {
        if (!values) return;
        api("POST", "/api/items/" + state.kind, { id: values[0], title: values[1] || "" }).then(function (data) {
          say("已新建" + meta.word + "「" + data.id + "」");
          refreshOptions().then(function () { openItem(state.kind, data.id); });
        }).catch(function (e) { say(e.message, true); });
      });
    });
  }

  function importWord(file) {
    var body = new FormData();
    body.append("file", file, file.name);
    say("正在导入 " + file.name + "……");
    api("POST", "/api/import", body).then(function (data) {
      var lines = [el("p", { text: "已导入为草稿案例「" + data.id + "」：" + data.files.join("、") })];
      if (data.report && data.report.length) {
        lines.push(el("p", { text: "下面这些没有搬过来，请对照 Word 原件补上：" }));
        lines.push(el("ul", {}, data.report.map(function (r) { return el("li", { text: r }); })));
      }
      state.kind = "case";
      showKinds();
      refreshOptions().then(function () { openItem("case", data.id); });
      dialog("Word 导入完成", lines, [{ text: "知道了", value: null, class: "primary" }]);
    }).catch(function (e) { say(e.message, true); });
  }

  function refreshOptions() {
    return api("GET", "/api/meta").then(function (meta) { state.meta.options = meta.options; });
  }

  // -- 发布 and 历史 ----------------------------------------------------------

  function publish() {
    leave().then(function (ok) {
      if (!ok) return;
      var fields = [{ label: "这次改了什么（一句话，记在版本里）", required: true, long: true }];
      if (local) fields.unshift({ label: "你的名字（记在版本里）", required: true, value: localStorage.getItem("kb-desk-name") || "" });
      ask("发布", fields, "发布").then(function (values) {
        if (!values) return;
        var body = local ? { author: values[0], message: values[1] } : { message: values[0] };
        if (local) localStorage.setItem("kb-desk-name", values[0]);
        api("POST", "/api/publish", body).then(showJob).catch(function (e) { say(e.message, true); });
      });
    });
  }

  function showJob(job) {
    var bar = el("progress", { max: String(job.total), value: String(job.done), "aria-label": "发布进度" });
    var step = el("p", { class: "job-step" });
    var log = el("pre", { class: "job-log", tabindex: "0", "aria-label": "发布日志" });
    dialog("发布", [step, bar, log], [{ text: "关闭（发布在后台继续）", value: null }]);
    function update(j) {
      bar.value = j.done;
      bar.max = j.total;
      step.textContent = j.state === "done" ? "发布完成（" + j.seconds + " 秒）" : j.state === "failed" ? "发布没有完成：原因见日志" :
        "第 " + (j.done + 1) + " 步，共 " + j.total + " 步：" + j.steps[Math.min(j.done, j.steps.length - 1)];
      step.className = "job-step " + j.state;
      log.textContent = j.log;
      log.scrollTop = log.scrollHeight;
      if (j.state === "running") setTimeout(function () { api("GET", "/api/jobs/" + j.id).then(update); }, 1000);
      else say(step.textContent, j.state !== "done");
    }
    update(job);
  }

  function historyView() {
    leave().then(function (ok) {
      if (!ok) return;
      api("GET", "/api/history").then(function (data) {
        state.item = null;
        var work = document.getElementById("work");
        work.innerHTML = "";
        work.appendChild(el("h2", { text: "历史版本" }));
        if (data.unsaved.length) {
          work.appendChild(el("p", { class: "warn", text: "还有 " + data.unsaved.length + " 个文件的修改没有保存为版本（发布时会保存）：" + data.unsaved.slice(0, 8).join("、") + (data.unsaved.length > 8 ? "……" : "") }));
        }
        var table = el("table", { class: "versions" }, [el("thead", {}, [el("tr", {}, ["时间", "谁", "说明", ""].map(function (h) { return el("th", { scope: "col", text: h }); }))])]);
        var body = el("tbody");
        data.versions.forEach(function (v) {
          var show = el("button", { type: "button", class: "small", text: "看改了什么" });
          show.addEventListener("click", function () { showVersion(v); });
          body.appendChild(el("tr", {}, [el("td", { text: v.date }), el("td", { text: v.author }), el("td", { text: v.message }), el("td", {}, [show])]));
        });
        table.appendChild(body);
        work.appendChild(table);
        work.appendChild(el("div", { id: "version-detail" }));
        work.focus();
      }).catch(function (e) { say(e.message, true); });
    });
  }

  function showVersion(v) {
    api("GET", "/api/history/" + v.rev).then(function (data) {
      var box = document.getElementById("version-detail");
      box.innerHTML = "";
      box.appendChild(el("h3", { text: v.date + " " + v.author + "：" + v.message }));
      box.appendChild(el("ul", {}, data.files.map(function (f) {
        return el("li", { text: f.path + (f.added === "-" ? "（图片或其他文件）" : "（增加 " + f.added + " 行，删去 " + f.removed + " 行）") });
      })));
      var pre = el("pre", { class: "diff", tabindex: "0", "aria-label": "改动的行" });
      data.diff.split("\n").filter(function (line) { return !/^(index |diff --git |--- |\+\+\+ )/.test(line); }).forEach(function (line) {
        var cls = /^\+(?!\+\+)/.test(line) ? "add" : /^-(?!--)/.test(line) ? "del" : /^@@/.test(line) ? "hunk" : "";
        pre.appendChild(el("span", { class: cls, text: line + "\n" }));
      });
      box.appendChild(pre);
      var restore = el("button", { type: "button", class: "danger", text: "恢复到这个版本" });
      restore.addEventListener("click", function () {
        dialog("恢复旧版本", "全部内容会恢复成「" + v.date + " " + v.message + "」时的样子，并保存为一个新版本；之后的修改仍在历史里，可以再恢复。", [
          { text: "恢复", value: "yes", class: "danger" }, { text: "取消", value: null, class: "primary" }]).then(function (ok) {
          if (!ok) return;
          api("POST", "/api/history/" + v.rev + "/restore", { author: localStorage.getItem("kb-desk-name") || "" }).then(function () {
            say("已恢复到 " + v.date + " 的版本");
            refreshOptions();
            historyView();
            loadList();
          }).catch(function (e) { say(e.message, true); });
        });
      });
      box.appendChild(restore);
      box.scrollIntoView();
    }).catch(function (e) { say(e.message, true); });
  }

  // -- start --------------------------------------------------------------------

  function start() {
    api("GET", "/api/meta").then(function (meta) {
      state.meta = meta;
      document.getElementById("who").textContent = meta.local ? "本机使用" : "用户：" + meta.user;
      showKinds();
      loadList();
    }).catch(function (e) { say(e.message, true); });
    var timer;
    document.getElementById("search").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(loadList, 250); });
    document.getElementById("new-item").addEventListener("click", newItem);
    document.getElementById("open-publish").addEventListener("click", publish);
    document.getElementById("open-history").addEventListener("click", historyView);
    document.getElementById("import-word").addEventListener("change", function (event) {
      if (event.target.files[0]) importWord(event.target.files[0]);
      event.target.value = "";
    });
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        save();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (state.dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }

  window.KbDesk = { state: state, save: save, openItem: openItem };
  start();
})();
