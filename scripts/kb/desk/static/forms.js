/* Forms generated from the content models' JSON Schemas (the same models
   the validator and schemas/ use): labels and help from each field's Chinese
   description, lists that grow and reorder, pickers for ids, and values
   kept as typed (the validator on the server is the judge). */
"use strict";

window.KbForms = (function () {
  // Fields that name other items: what the picker offers.
  var REFS = { source: "source", sources: "source", cases: "case", related_cases: "case",
    before_class: "case", after_class: "case", courses: "course", related_courses: "course",
    handbooks: "handbook" };
  // Fields worth a few lines of text.
  var LONG = { summary: 1, about: 1, explanation: 1, note: 1, event: 1, text: 1, usage: 1,
    no_industry: 1, goal: 1, step: 0 };
  // Where a description does not start with a short name.
  var LABELS = { description: "说明（不知道原标题时）", repost: "转载网址", alternatives: "其他来源的说法",
    approx: "约数", aliases: "其他写法", series: "图表数列", kind: "类型" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "class") node.className = attrs[key];
      else if (attrs[key] !== null && attrs[key] !== undefined) node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function labelOf(name, schema) {
    if (LABELS[name]) return LABELS[name];
    var text = (schema.description || schema.title || name).trim();
    var cut = text.split(/[：，。；（(]/)[0].trim();
    return cut.length && cut.length <= 16 ? cut : name;
  }

  var uid = 0;
  function nextId() { uid += 1; return "f" + uid; }

  function Form(rootSchema, options) {
    this.root = rootSchema;
    this.options = options || {};   // kind -> [{id, title}]
    this.onChange = function () {};
  }

  Form.prototype.resolve = function (schema) {
    var seen = 0;
    while (schema && schema.$ref && seen < 20) {
      var name = schema.$ref.replace("#/$defs/", "");
      schema = Object.assign({}, this.root.$defs[name], { description: schema.description || this.root.$defs[name].description });
      seen += 1;
    }
    return schema || {};
  };

  // The shape of a field: object, array, enum, boolean, number, text.
  Form.prototype.shape = function (schema) {
    schema = this.resolve(schema);
    if (schema.anyOf) {
      var others = schema.anyOf.filter(function (s) { return s.type !== "null"; });
      var optional = others.length < schema.anyOf.length;
      if (others.length === 1) {
        var inner = this.shape(Object.assign({}, others[0], { description: schema.description || others[0].description }));
        inner.optional = optional;
        return inner;
      }
      var numeric = others.some(function (s) { return s.type === "number" || s.type === "integer"; });
      return { kind: numeric ? "number" : "text", schema: schema, optional: optional, loose: true };
    }
    if (schema.type === "object" || schema.properties) return { kind: "object", schema: schema };
    if (schema.type === "array") return { kind: "array", schema: schema, items: this.resolve(schema.items || {}) };
    if (schema.enum) return { kind: "enum", schema: schema };
    if (schema.const !== undefined) return { kind: "enum", schema: Object.assign({ enum: [schema.const] }, schema) };
    if (schema.type === "boolean") return { kind: "boolean", schema: schema };
    if (schema.type === "number" || schema.type === "integer") return { kind: "number", schema: schema };
    return { kind: "text", schema: schema };
  };

  // Build the form for an object; returns {node, get()}.
  Form.prototype.object = function (schema, value, path, readOnly) {
    var self = this;
    schema = this.resolve(schema);
    value = value && typeof value === "object" ? value : {};
    var required = schema.required || [];
    var fields = [];
    var box = el("div", { class: "fields" });
    Object.keys(schema.properties || {}).forEach(function (name) {
      var field = self.field(name, schema.properties[name], value[name], path.concat([name]),
        required.indexOf(name) >= 0, readOnly && readOnly.indexOf(name) >= 0);
      fields.push([name, field]);
      box.appendChild(field.node);
    });
    return {
      node: box,
      get: function () {
        var out = {};
        // Keys the form does not know (a typo the validator will name) are kept.
        Object.keys(value).forEach(function (k) { if (!(schema.properties || {})[k]) out[k] = value[k]; });
        fields.forEach(function (pair) {
          var v = pair[1].get();
          if (v !== undefined) out[pair[0]] = v;
        });
        return out;
      }
    };
  };

  Form.prototype.field = function (name, schema, value, path, required, readOnly) {
    var shape = this.shape(schema);
    var described = this.resolve(schema);
    var id = nextId();
    var wrap = el("div", { class: "field field-" + shape.kind, "data-path": path.join(".") });
    var label = labelOf(name, described);
    var help = described.description || (shape.schema && shape.schema.description) || "";
    var helpId = id + "-help";
    var head = el("label", { for: id, class: "label" }, [
      document.createTextNode(label),
      required ? el("span", { class: "required", text: "（必填）" }) : null,
      el("code", { class: "key", text: name })
    ]);
    var control;
    if (shape.kind === "object") {
      control = this.object(shape.schema, value, path);
      var set = el("fieldset", { class: "group", "data-path": path.join(".") }, [
        el("legend", { text: label }), help ? el("p", { class: "help", id: helpId, text: help }) : null, control.node,
        el("p", { class: "messages", "aria-live": "polite" })]);
      return { node: set, get: function () { return prune(control.get(), required); } };
    }
    if (shape.kind === "array") {
      control = this.list(name, shape, value, path, id, label);
      wrap.className += " field-list";
      wrap.appendChild(el("div", { class: "label", id: id, text: label + (required ? "（必填）" : "") }, [el("code", { class: "key", text: name })]));
      if (help) wrap.appendChild(el("p", { class: "help", id: helpId, text: help }));
      wrap.appendChild(control.node);
      wrap.appendChild(el("p", { class: "messages", "aria-live": "polite" }));
      return { node: wrap, get: function () { var v = control.get(); return v.length || required ? v : undefined; } };
    }
    control = this.input(name, shape, value, id, helpId, readOnly);
    wrap.appendChild(head);
    wrap.appendChild(control.node);
    if (help) wrap.appendChild(el("p", { class: "help", id: helpId, text: help }));
    wrap.appendChild(el("p", { class: "messages", "aria-live": "polite" }));
    return {
      node: wrap,
      get: function () {
        var v = control.get();
        if ((v === "" || v === null || v === undefined) && !required) return undefined;
        return v;
      }
    };
  };

  Form.prototype.picker = function (kind, value, id, helpId) {
    var select = el("select", { id: id, "aria-describedby": helpId });
    select.appendChild(el("option", { value: "", text: "（请选择）" }));
    var found = false;
    (this.options[kind] || []).forEach(function (o) {
      var option = el("option", { value: o.id, text: o.title ? o.title + "（" + o.id + "）" : o.id });
      if (o.id === value) { option.selected = true; found = true; }
      select.appendChild(option);
    });
    if (value && !found) {
      select.appendChild(el("option", { value: value, text: value + "（不存在）", selected: "selected" }));
    }
    return select;
  };

  Form.prototype.input = function (name, shape, value, id, helpId, readOnly) {
    var self = this;
    var node;
    var kind = REFS[name];
    if (kind && shape.kind === "text") {
      node = this.picker(kind, value, id, helpId);
      node.addEventListener("change", function () { self.onChange(); });
      return { node: node, get: function () { return node.value; } };
    }
    if (shape.kind === "enum") {
      node = el("select", { id: id, "aria-describedby": helpId });
      if (shape.optional || value === undefined) node.appendChild(el("option", { value: "", text: "（不填）" }));
      shape.schema.enum.forEach(function (v) {
        var o = el("option", { value: String(v), text: String(v) });
        if (value !== undefined && String(v) === String(value)) o.selected = true;
        node.appendChild(o);
      });
      node.addEventListener("change", function () { self.onChange(); });
      return { node: node, get: function () { return node.value === "" ? undefined : node.value; } };
    }
    if (shape.kind === "boolean") {
      node = el("input", { id: id, type: "checkbox", "aria-describedby": helpId });
      node.checked = value === true;
      node.addEventListener("change", function () { self.onChange(); });
      return { node: node, get: function () { return node.checked ? true : undefined; } };
    }
    var long = LONG[name] || (typeof value === "string" && value.length > 60);
    node = el(long ? "textarea" : "input", { id: id, "aria-describedby": helpId, rows: long ? 3 : null,
      inputmode: shape.kind === "number" && !shape.loose ? "decimal" : null });
    if (readOnly) node.readOnly = true;
    node.value = value === undefined || value === null ? "" : String(value);
    node.addEventListener("input", function () { self.onChange(); });
    return {
      node: node,
      get: function () {
        var text = node.value.trim();
        if (shape.kind === "number") return asNumber(text);
        if (shape.loose && /^\d{4}$/.test(text)) return Number(text);  // a year, as the files write it
        return text;
      }
    };
  };

  // A list: each entry with 上移 / 下移 / 删除, and 添加 at the end.
  Form.prototype.list = function (name, shape, value, path, labelId, label) {
    var self = this;
    var items = shape.items;
    var itemShape = this.shape(items);
    var entries = [];
    var box = el("div", { class: "list", role: "group", "aria-labelledby": labelId });
    var holder = el("ol", { class: "entries" });
    box.appendChild(holder);
    function renumber() {
      entries.forEach(function (entry, i) {
        entry.node.setAttribute("data-path", path.concat([i]).join("."));
        entry.node.querySelectorAll("[data-path]").forEach(function (inner) {
          var parts = inner.getAttribute("data-path").split(".");
          parts[path.length] = String(i);
          inner.setAttribute("data-path", parts.join("."));
        });
        entry.title.textContent = label + " 第 " + (i + 1) + " 项";
      });
    }
    function add(v, focus) {
      var index = entries.length;
      var entryPath = path.concat([index]);
      var li = el("li", { class: "entry", "data-path": entryPath.join(".") });
      var title = el("span", { class: "entry-title" });
      var control;
      if (itemShape.kind === "object") {
        control = self.object(items, v, entryPath);
      } else {
        var inputId = nextId();
        var input = self.input(name, itemShape, v, inputId, null);
        input.node.setAttribute("aria-labelledby", labelId);
        control = { node: el("div", { class: "field" }, [input.node, el("p", { class: "messages", "aria-live": "polite" })]),
          get: input.get };
      }
      var entry = { node: li, get: control.get, title: title };
      var tools = el("div", { class: "entry-tools" }, [title]);
      [["上移", -1], ["下移", 1]].forEach(function (pair) {
        var b = el("button", { type: "button", class: "small", text: pair[0] });
        b.addEventListener("click", function () { move(entry, pair[1]); });
        tools.appendChild(b);
      });
      var del = el("button", { type: "button", class: "small danger", text: "删除" });
      del.addEventListener("click", function () {
        var i = entries.indexOf(entry);
        entries.splice(i, 1);
        li.remove();
        renumber();
        self.onChange();
      });
      tools.appendChild(del);
      li.appendChild(tools);
      li.appendChild(control.node);
      holder.appendChild(li);
      entries.push(entry);
      renumber();
      if (focus) { var first = li.querySelector("input, select, textarea"); if (first) first.focus(); }
    }
    function move(entry, step) {
      var i = entries.indexOf(entry), j = i + step;
      if (j < 0 || j >= entries.length) return;
      entries.splice(i, 1);
      entries.splice(j, 0, entry);
      if (step < 0) holder.insertBefore(entry.node, entries[j + 1].node);
      else holder.insertBefore(entry.node, entries[j - 1].node.nextSibling);
      renumber();
      entry.node.querySelector("button").focus();
      self.onChange();
    }
    (Array.isArray(value) ? value : []).forEach(function (v) { add(v, false); });
    var addButton = el("button", { type: "button", class: "small add", text: "添加一项：" + label });
    addButton.addEventListener("click", function () { add(itemShape.kind === "object" ? {} : "", true); self.onChange(); });
    box.appendChild(addButton);
    return {
      node: box,
      get: function () {
        return entries.map(function (e) { return e.get(); }).filter(function (v) {
          return !(v === "" || v === undefined || (typeof v === "object" && v !== null && !Object.keys(v).length));
        });
      }
    };
  };

  // What organisers type for a number: 1,300 / １３００ / 1.5; anything else
  // (约1000, 5000余) goes to the validator as typed.
  function asNumber(text) {
    var plain = text.replace(/[０-９．，]/g, function (c) {
      return c === "．" ? "." : c === "，" ? "," : String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
    if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(plain)) plain = plain.replace(/,/g, "");
    if (/^-?\d+(\.\d+)?$/.test(plain)) return Number(plain);
    return text;
  }

  function prune(obj, required) {
    return Object.keys(obj).length || required ? obj : undefined;
  }

  // Show the validator's messages beside their fields; returns the ones
  // that found no field (shown in the summary only).
  function showMessages(container, messages) {
    container.querySelectorAll(".messages").forEach(function (p) { p.textContent = ""; });
    container.querySelectorAll("[aria-invalid]").forEach(function (n) { n.removeAttribute("aria-invalid"); });
    container.querySelectorAll(".has-error, .has-warning").forEach(function (n) { n.classList.remove("has-error", "has-warning"); });
    var unplaced = [];
    messages.forEach(function (m) {
      var target = null;
      if (m.field) {
        var parts = m.field.slice();
        while (parts.length && !target) {
          target = container.querySelector('[data-path="' + parts.join(".") + '"]');
          if (!target) parts.pop();
        }
      } else if (m.text) {
        target = container.querySelector('[data-text="' + m.text + '"]');
      }
      if (!target) { unplaced.push(m); return; }
      var box = target.querySelector(":scope > .messages") || target.querySelector(".messages");
      var line = el("span", { class: m.level === "错误" ? "msg error" : "msg warning",
        text: (m.level === "错误" ? "错误：" : "提醒：") + m.message + (m.text ? "（第 " + m.line + " 行）" : "") });
      if (box) box.appendChild(line);
      target.classList.add(m.level === "错误" ? "has-error" : "has-warning");
      var input = target.querySelector("input, select, textarea");
      if (input && m.level === "错误") input.setAttribute("aria-invalid", "true");
      m.target = target;
    });
    return unplaced;
  }

  return { Form: Form, el: el, showMessages: showMessages, asNumber: asNumber, labelOf: labelOf };
})();
