// The desk's page: long-polls the server's state and redraws only what changed.
"use strict";
const SEND = { "X-Briefing": "1", "Content-Type": "application/json" };
const $ = (id) => document.getElementById(id);
let version = -1, zoom = 1, current = null, editing = { path: null, hash: null }, view = null, keys = [];

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}
const place = (p) => p.file ? `${p.file}:${p.line}:${p.column}` + (p.path ? `（${p.path}）` : "") : "";
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function poll() {
  for (;;) {
    try {
      const response = await fetch(`/api/state?after=${version}`);
      if (!response.ok) throw new Error(String(response.status));
      const state = await response.json();
      version = state.version;
      show(state);
    } catch (e) {
      status("与工作台的连接已断开，正在重试…", "error");
      await sleep(1000);
    }
  }
}

function status(text, kind = "") { $("status").textContent = text; $("status").className = kind; }

function show(state) {
  current = state;
  const errors = state.problems.filter((p) => p.level === "error").length;
  if (state.ok === null) status("正在生成页面…");
  else if (!state.ok) status(state.stale ? `内容有 ${errors} 个错误：显示的是上次成功生成的页面，改正后自动更新。`
                                          : `内容有 ${errors} 个错误，还没有可显示的页面。`, "error");
  else status(`已更新 ${state.built.at}（${state.pages.length} 页，用时 ${state.built.seconds} 秒）`, "ok");
  showPages(state);
  showProblems(state.problems);
  showChecks(state.checks);
  showJob(state.job);
  if (view && editing.path) lint();
}

function showPages(state) {
  const pages = $("pages"), thumbs = $("thumbs");
  state.pages.forEach((page, i) => {
    let div = pages.children[i];
    if (!div) {
      div = el("div", { className: "page" }, el("img", { alt: `第${i + 1}页` }));
      pages.append(div);
      thumbs.append(el("img", { alt: `第${i + 1}页缩略图`, onclick: () => div.scrollIntoView() }));
    }
    div.style.width = `${620 * zoom}px`;
    div.dataset.number = page.number;
    if (div.dataset.key !== page.key) {  // only a changed page is fetched again
      div.dataset.key = page.key;
      div.querySelector("img").src = thumbs.children[i].src = `/pages/${page.key}.png`;
      div.querySelectorAll(".line").forEach((n) => n.remove());
      for (const line of page.lines) {
        const [x, y, w, h] = line.box;
        div.append(el("div", { className: "line", title: line.file ? `${line.role}：${place(line)}` : line.role,
          style: `left:${x * 100}%;top:${y * 100}%;width:${w * 100}%;height:${h * 100}%`,
          onclick: (event) => chooseLine(event.target, line) }));
      }
    }
    div.classList.toggle("stale", !state.ok);
  });
  while (pages.children.length > state.pages.length) { pages.lastChild.remove(); thumbs.lastChild.remove(); }
  keys = state.pages.map((p) => p.key);
}

function chooseLine(node, line) {
  document.querySelectorAll(".line.chosen").forEach((n) => n.classList.remove("chosen"));
  node.classList.add("chosen");
  if (!line.file) { $("source").textContent = `这一行（${line.role}）是排版时加上的，没有对应的内容文件。`; tab("edit"); return; }
  $("source").textContent = `来源：${place(line)}`;
  openFile(line.file, line.line, line.text);
}

function showProblems(problems) {
  $("problem-count").textContent = problems.length ? `(${problems.length})` : "";
  $("problems").replaceChildren(...(problems.length ? problems.map((p) => el("li", {
    className: p.level === "error" ? "error-text" : "warning-text",
    onclick: () => p.file && openFile(p.file, p.line) },
    `${p.level === "error" ? "错误" : "警告"} ${place(p)}：${p.message}`,
    p.suggestion ? el("div", { className: "fix" }, `修改建议：${p.suggestion}`) : "")) : [el("li", {}, "没有错误和警告。")]));
}

function showChecks(checks) {
  document.querySelectorAll(".mark").forEach((n) => n.remove());
  const failed = checks.filter((c) => c.ok === false);  // (null: 未测, measured nothing)
  $("check-count").textContent = failed.length ? `(${failed.length} 项不合格)` : "";
  $("checks").replaceChildren(...checks.map((c) => el("li", { className: c.ok === false ? "fail" : "",
    onclick: () => c.marks.length && $("pages").children[c.marks[0].page - 1].scrollIntoView() },
    `${c.ok === null ? "－ 未测" : c.ok ? "✓" : "✗"} ${c.name}（${c.clause}）：实测 ${c.measured}；标准 ${c.nominal}`)));
  for (const c of failed) for (const mark of c.marks) {
    const page = $("pages").children[mark.page - 1];
    if (!page) continue;
    const [x, y, w, h] = mark.box;
    page.append(el("div", { className: "mark", title: `${c.name}：${c.measured}`,
      style: `left:${x * 100}%;top:${y * 100}%;width:${w * 100}%;height:${h * 100}%` }, el("span", {}, `${c.name}：${c.measured}`)));
  }
}

function showJob(job) {
  const names = { pdf: "PDF", ofd: "OFD", docx: "DOCX", distribute: "分发件" };
  if (!job) return;
  if (job.running) {
    $("job").textContent = `正在生成${names[job.what]}… ${job.step ? job.step + "，" : ""}已用 ${Math.round(Date.now() / 1000 - job.started)} 秒`;
    setTimeout(() => current && current.job === job && showJob(job), 1000);
  } else if (job.error) {
    $("job").textContent = `${names[job.what]}：${job.error}`;
    if (job.problems) showProblems(job.problems);
  } else {
    $("job").textContent = `已生成${names[job.what]}（${job.files.length} 个文件，${job.seconds} 秒），见“下载”。`;
    $("downloads").replaceChildren(...job.files.map((f) => el("li", {}, el("a", { href: `/outputs/${encodeURI(f)}`, download: "" }, f))));
  }
}

// --- editing -------------------------------------------------------------------------------

let completions = [];

async function setUpEditor() {
  const files = (await (await fetch("/api/files")).json()).files;
  $("file").replaceChildren(...files.map((f) => el("option", { value: f }, f)));
  $("file").onchange = () => openFile($("file").value);
  const schemas = await (await fetch("/api/schema")).json();
  const seen = new Map();
  (function walk(node) {
    if (!node || typeof node !== "object") return;
    if (node.properties) for (const [key, sub] of Object.entries(node.properties))
      if (!seen.has(key)) seen.set(key, (sub && sub.description) || "");
    Object.values(node).forEach(walk);
  })(schemas);
  completions = [...seen].map(([label, info]) => ({ label: `${label}: `, displayLabel: label, info, type: "property" }));
  view = new CM.EditorView({ parent: $("editor"), extensions: [CM.basicSetup, CM.yaml(), CM.lintGutter(),
    CM.autocompletion({ override: [keyCompletion] }), CM.EditorView.lineWrapping] });
  $("save").onclick = () => save(editing.hash);
  if (files.length) openFile(files.includes("edition.yaml") ? "edition.yaml" : files[0]);
}

function keyCompletion(context) {  // the schema's key names, where a key starts a line
  const word = context.matchBefore(/^\s*(-\s+)?[A-Za-z_]*$/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const start = word.text.search(/[A-Za-z_]*$/);
  return { from: word.from + start, options: completions };
}

async function openFile(path, line, text) {
  tab("edit");
  const response = await fetch(`/api/file?path=${encodeURIComponent(path)}`);
  const body = await response.json();
  if (!response.ok) { saveStatus(body.error, true); return; }
  editing = { path, hash: body.hash };
  $("file").value = path;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: body.text } });
  saveStatus("");
  if (line) goTo(refine(line, text));
  lint();
}

function refine(line, text) {  // a paragraph's node starts at `line`: find the printed line's own
  if (!text) return line;
  const start = text.replace(/\s/g, "").slice(0, 4);
  const doc = view.state.doc;
  for (let n = line; n <= Math.min(doc.lines, line + 80); n++) if (doc.line(n).text.replace(/\s/g, "").includes(start)) return n;
  return line;
}

function goTo(line) {
  const target = view.state.doc.line(Math.min(Math.max(line, 1), view.state.doc.lines));
  view.dispatch({ selection: { anchor: target.from, head: target.to }, scrollIntoView: true });
  view.focus();
}

function lint() {
  const doc = view.state.doc;
  const diagnostics = (current ? current.problems : []).filter((p) => p.file === editing.path && p.line && p.line <= doc.lines)
    .map((p) => { const line = doc.line(p.line); const from = Math.min(line.from + p.column - 1, line.to);
      return { from, to: line.to, severity: p.level, message: p.message + (p.suggestion ? `\n修改建议：${p.suggestion}` : "") }; });
  view.dispatch(CM.setDiagnostics(view.state, diagnostics));
}

function saveStatus(text, conflict = false, action = null) {
  $("save-status").replaceChildren(text, ...(action ? [" ", action] : []));
  $("save-status").className = conflict ? "conflict" : "";
}

async function save(hash) {
  const response = await fetch("/api/file", { method: "PUT", headers: SEND,
    body: JSON.stringify({ path: editing.path, text: view.state.doc.toString(), hash }) });
  const body = await response.json();
  if (response.status === 409) {
    saveStatus(body.error, true, el("button", { onclick: () => save(body.current) }, "仍然用我的版本覆盖"));
  } else if (!response.ok) saveStatus(body.error, true);
  else { editing.hash = body.hash; saveStatus(`已保存 ${editing.path}（原文件备份为 ${body.backup}）`); }
}

// --- figures, revisions, outputs -----------------------------------------------------------

async function showFigures() {
  const data = await (await fetch("/api/figures")).json();
  if (!data.figures.length) { $("figures").replaceChildren("这个内容文件夹没有指标登记表。"); return; }
  const head = el("tr", {}, el("th", {}, "id"), ...data.columns.map((c) => el("th", {}, c)), el("th", {}, "用到的地方"));
  const rows = data.figures.map((f) => el("tr", {}, el("td", {}, el("a", { onclick: () => openFile(f.file, f.line) }, f.id)),
    ...data.columns.map((c) => el("td", {}, el("input", { value: f.fields[c], onchange: (e) => setFigure(f.id, c, e.target.value, data.hash) }))),
    el("td", { className: "uses" }, ...f.uses.map((u) => el("a", { onclick: () => openFile(u.file, u.line) }, `${u.file}:${u.line} ${u.how}`)))));
  $("figures").replaceChildren(el("table", {}, head, ...rows));
}

async function setFigure(id, key, value, hash) {
  const response = await fetch("/api/figure", { method: "PUT", headers: SEND, body: JSON.stringify({ id, key, value, hash }) });
  if (!response.ok) alert((await response.json()).error);
  await sleep(600);  // the table shows the figures of the build that follows the save
  showFigures();
}

async function compareWith() {
  $("diff-report").textContent = "正在比较…";
  const response = await fetch(`/api/diff?against=${encodeURIComponent($("against").value)}`);
  const body = await response.json();
  if (!response.ok) { $("diff-report").textContent = body.error; return; }
  $("diff-report").replaceChildren(...sideBySide(body.report));
}

function sideBySide(report) {  // `briefing diff`'s report, each change's 原 and 新 lines in two columns
  const nodes = [], lines = report.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const before = lines[i].match(/^\s+原：(.*)$/), after = (lines[i + 1] || "").match(/^\s+新：(.*)$/);
    if (before && after) {
      nodes.push(el("table", { className: "sides" }, el("tr", {}, el("td", {}, `原：${before[1]}`), el("td", {}, `新：${after[1]}`))));
      i++;
    } else nodes.push(el("div", {}, lines[i]));
  }
  return nodes;
}

async function startOutput(what) {
  const response = await fetch("/api/outputs", { method: "POST", headers: SEND, body: JSON.stringify({ what }) });
  if (!response.ok) $("job").textContent = (await response.json()).error;
}

function tab(name) {
  document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === `tab-${name}`));
  if (name === "figures") showFigures();
}

function setZoom(factor) {
  zoom = Math.min(3, Math.max(0.4, factor));
  $("zoom").textContent = `${Math.round(zoom * 100)}%`;
  for (const page of $("pages").children) page.style.width = `${620 * zoom}px`;
}

document.querySelectorAll(".tabs button").forEach((b) => b.onclick = () => tab(b.dataset.tab));
document.querySelectorAll("[data-output]").forEach((b) => b.onclick = () => startOutput(b.dataset.output));
$("zoom-in").onclick = () => setZoom(zoom * 1.25);
$("zoom-out").onclick = () => setZoom(zoom / 1.25);
$("compare").onclick = compareWith;
setUpEditor();
poll();
