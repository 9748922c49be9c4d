// Orchestrator web UI: plain JavaScript, no build step. Talks to the same /v1 API as every other client, with an API
// key or a signed-in user's tokens kept in sessionStorage (gone when the tab closes). Live updates come from
// /v1/events, read with fetch (EventSource cannot send an API key header).
"use strict";

// ---------- DOM helpers (text only: nothing from the API is ever parsed as HTML) ----------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}
const $ = (sel, root = document) => root.querySelector(sel);
const main = () => $("#main");
const fmt = (t) => (t ? new Date(t).toLocaleString() : "");
const badge = (s) => h("span", { class: `status ${s}`, "data-status": s }, s);
const json = (v) => JSON.stringify(v, null, 2);

// ---------- auth + API ----------
const auth = {
  get() { try { return JSON.parse(sessionStorage.getItem("orchestrator.auth") || "null"); } catch { return null; } },
  set(v) { v ? sessionStorage.setItem("orchestrator.auth", JSON.stringify(v)) : sessionStorage.removeItem("orchestrator.auth"); },
  headers() {
    const a = auth.get();
    if (!a) return {};
    return a.kind === "key" ? { "X-API-Key": a.key } : { Authorization: `Bearer ${a.access}` };
  },
};

class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function refreshTokens() {
  const a = auth.get();
  if (!a || a.kind !== "token" || !a.refresh) return false;
  const r = await fetch("/v1/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refreshToken: a.refresh }) });
  if (!r.ok) return false;
  const t = await r.json();
  auth.set({ ...a, access: t.accessToken, refresh: t.refreshToken });
  return true;
}

async function api(method, path, body, retried) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...auth.headers(), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, { title: "The server cannot be reached", detail: String(e.message || e) });
  }
  if (response.status === 401 && !retried && (await refreshTokens())) return api(method, path, body, true);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { title: `HTTP ${response.status}`, detail: text.slice(0, 300) }; }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith("/v1/auth")) { auth.set(null); }
    throw new ApiError(response.status, data || { title: `HTTP ${response.status} ${response.statusText}` });
  }
  return data;
}

function showError(e) {
  const box = $("#error");
  if (!e) { box.hidden = true; box.textContent = ""; return; }
  const p = e.problem || {};
  const lines = [`${p.title || e.message}${e.status ? ` (${e.status})` : ""}`];
  if (p.detail) lines.push(p.detail);
  for (const [field, msgs] of Object.entries(p.errors || {})) lines.push(`${field}: ${msgs.join(" ")}`);
  box.textContent = lines.join("\n");
  box.hidden = false;
}

async function confirmDialog(text) {
  const d = $("#confirm");
  $("#confirm-text").textContent = text;
  d.returnValue = "cancel";
  d.showModal();
  $("#confirm-cancel").focus();
  return new Promise((resolve) => d.addEventListener("close", () => resolve(d.returnValue === "ok"), { once: true }));
}

// ---------- live events (SSE over fetch) ----------
let stream = null;
function setLive(on) { const l = $("#live"); l.textContent = on ? "live" : "offline"; l.classList.toggle("on", on); }

function openEvents(query, onEvent) {
  closeEvents();
  const controller = new AbortController();
  stream = controller;
  (async () => {
    while (!controller.signal.aborted) {
      try {
        const r = await fetch(`/v1/events${query}`, { headers: auth.headers(), signal: controller.signal });
        if (!r.ok) { setLive(false); if (r.status === 401 && !(await refreshTokens())) return; }
        else {
          setLive(true);
          const reader = r.body.getReader();
          const decoder = new TextDecoder();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let cut;
            while ((cut = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, cut);
              buffer = buffer.slice(cut + 2);
              const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n");
              if (data) onEvent(JSON.parse(data));
            }
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      setLive(false);
      await new Promise((res) => setTimeout(res, 2000)); // reconnect; the page re-reads what it shows
    }
  })();
}
function closeEvents() { if (stream) stream.abort(); stream = null; setLive(false); }

// ---------- pages ----------
// Every navigation starts a new generation: a page whose data arrives after the user moved on, or a live reload
// scheduled by the previous page, must not draw over the current one.
let generation = 0;
let reloadTimer = 0;
function current() { const gen = generation; return () => gen === generation; }
function reloadLater(fn, ms) {
  const live = current();
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(() => { if (live()) fn().catch(showError); }, ms);
}

function page(title, ...content) {
  const m = main();
  m.replaceChildren(h("h1", {}, title), ...content);
  document.title = `${title} · Orchestrator`;
}

async function loginPage() {
  closeEvents();
  $("#top").hidden = true;
  const keyForm = h("form", { id: "login-key", onsubmit: async (ev) => {
    ev.preventDefault();
    const key = $("#api-key").value.trim();
    auth.set({ kind: "key", key });
    try {
      const tenant = await api("GET", "/v1/tenants/current");
      auth.set({ kind: "key", key, who: `API key · tenant ${tenant.name || tenant.id}` });
      location.hash = "#/jobs";
    } catch (e) { auth.set(null); showError(e); }
  } },
    h("label", { for: "api-key" }, "API key", h("input", { id: "api-key", name: "apiKey", type: "password", required: true, autocomplete: "off" })),
    h("button", { type: "submit", class: "primary" }, "Sign in with API key"));
  const userForm = h("form", { id: "login-user", onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      const email = $("#email").value;
      const t = await api("POST", "/v1/auth/login", { email, password: $("#password").value });
      auth.set({ kind: "token", access: t.accessToken, refresh: t.refreshToken });
      const tenant = await api("GET", "/v1/tenants/current").catch(() => null);
      auth.set({ ...auth.get(), who: `${email} (${t.role}) · tenant ${tenant?.name || t.tenantId || ""}` });
      location.hash = "#/jobs";
    } catch (e) { showError(e); }
  } },
    h("label", { for: "email" }, "Email", h("input", { id: "email", type: "email", autocomplete: "username", required: true })),
    h("label", { for: "password" }, "Password", h("input", { id: "password", type: "password", autocomplete: "current-password", required: true })),
    h("button", { type: "submit", class: "primary" }, "Sign in"));
  main().replaceChildren(h("section", { class: "login", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "Sign in to Orchestrator"), keyForm, h("p", { class: "muted" }, "or as a user"), userForm));
  document.title = "Sign in · Orchestrator";
  $("#api-key").focus();
}

// A datetime-local input showing an instant of the query (ISO 8601) in local time: re-submitting the filters keeps it.
// Seconds are shown (and allowed by step) only when the instant has some, so minute values stay valid with the default step.
function dateInput(id, name, iso) {
  const d = iso ? new Date(iso) : null;
  if (!d || Number.isNaN(d.getTime())) return h("input", { id, name, type: "datetime-local" });
  const p = (n) => String(n).padStart(2, "0");
  const seconds = d.getSeconds() !== 0 || d.getMilliseconds() !== 0;
  const value = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}${seconds ? `:${p(d.getSeconds())}` : ""}`;
  return h("input", { id, name, type: "datetime-local", value, step: seconds ? 1 : null });
}

const STATUSES = ["Scheduled", "Queued", "Running", "Retrying", "Succeeded", "DeadLettered", "Cancelled"];

function jobRow(j) {
  return h("tr", { dataset: { id: j.id } },
    h("td", { class: "mono" }, h("a", { href: `#/jobs/${j.id}` }, j.id)),
    h("td", {}, j.type), h("td", {}, j.queue),
    h("td", { class: "st" }, badge(j.status)),
    h("td", { class: "att" }, `${j.attempt ?? 0}/${j.maxAttempts ?? ""}`),
    h("td", {}, fmt(j.createdAt)), h("td", { class: "upd" }, fmt(j.updatedAt)),
    h("td", { class: "err" }, j.lastError || ""));
}

async function jobsPage(params) {
  const live = current();
  const q = new URLSearchParams(params);
  const field = (name, label, input) => h("label", { for: `f-${name}` }, label, input);
  const statusSelect = h("select", { id: "f-status", name: "status" }, h("option", { value: "" }, "any"), STATUSES.map((s) => h("option", { value: s, selected: q.get("status") === s }, s)));
  const filters = h("form", { class: "filters", id: "job-filters", onsubmit: (ev) => {
    ev.preventDefault();
    const f = new URLSearchParams();
    for (const el of ev.target.elements) if (el.name && el.value) f.set(el.name, el.type === "datetime-local" ? new Date(el.value).toISOString() : el.value);
    location.hash = `#/jobs?${f}`;
  } },
    field("status", "Status", statusSelect),
    field("queue", "Queue", h("input", { id: "f-queue", name: "queue", value: q.get("queue") || "" })),
    field("type", "Type", h("input", { id: "f-type", name: "type", value: q.get("type") || "" })),
    field("from", "Created from", dateInput("f-from", "from", q.get("from"))),
    field("to", "Created before", dateInput("f-to", "to", q.get("to"))),
    h("button", { type: "submit" }, "Filter"));
  const body = h("tbody", { id: "jobs-body" });
  const more = h("button", { type: "button", id: "more", hidden: true }, "Load more");
  const table = h("table", { id: "jobs" }, h("caption", { class: "muted" }, "Newest first; updates live"),
    h("thead", {}, h("tr", {}, ["Id", "Type", "Queue", "Status", "Attempts", "Created", "Updated", "Last error"].map((c) => h("th", { scope: "col" }, c)))), body);
  if (!live()) return;
  page("Jobs", filters, table, more);
  let cursor = null;
  const load = async () => {
    const p = new URLSearchParams(q); p.set("limit", "50"); if (cursor) p.set("cursor", cursor);
    const list = await api("GET", `/v1/jobs?${p}`);
    for (const j of list.items) body.append(jobRow(j));
    cursor = list.nextCursor; more.hidden = !cursor;
  };
  more.addEventListener("click", () => load().catch(showError));
  await load();
  if (!live()) return;
  const matches = (e) => (!q.get("queue") || e.queue === q.get("queue")) && (!q.get("type") || e.type === q.get("type")) && (!q.get("status") || e.status === q.get("status"));
  const events = new URLSearchParams({ kind: "job" });
  for (const k of ["queue", "type"]) if (q.get(k)) events.set(k, q.get(k));
  openEvents(`?${events}`, (e) => {
    const row = body.querySelector(`tr[data-id="${e.id}"]`);
    if (row && q.get("status") && e.status !== q.get("status")) {
      row.remove(); // its new status is outside the filter
    } else if (row) {
      row.querySelector(".st").replaceChildren(badge(e.status));
      row.querySelector(".att").textContent = `${e.attempt}/${row.querySelector(".att").textContent.split("/")[1] || ""}`;
      row.querySelector(".upd").textContent = fmt(e.at);
    } else if (matches(e) && !q.get("from") && !q.get("to")) {
      body.prepend(jobRow({ id: e.id, type: e.type, queue: e.queue, status: e.status, attempt: e.attempt, createdAt: e.at, updatedAt: e.at }));
    }
  });
}

function logSections(logs) {
  return (logs.attempts || []).map((a) => h("section", {},
    h("h3", {}, `Attempt ${a.attempt} `, a.progress !== null && a.progress !== undefined
      ? h("progress", { max: 100, value: a.progress, "aria-label": `progress of attempt ${a.attempt}` }, `${a.progress} %`) : null,
      a.progress !== null && a.progress !== undefined ? h("span", { class: "pct" }, ` ${a.progress} %`) : ""),
    h("pre", { class: "mono" }, [...(a.lines || []).map((l) => `${l.at ?? ""} ${l.text ?? l.message ?? ""}`), a.output ? `--- output ---\n${a.output}` : ""].filter(Boolean).join("\n") || "(no log lines)")));
}

// Live events come only with status changes, so while a job runs its page reads the logs (lines, progress) every
// second. One poll at a time: every render of the job page and every navigation ends the previous one.
let following = 0;
function stopFollowing() { following++; }
function followLogs(id) {
  const mine = ++following;
  const live = current();
  const tick = async () => {
    if (mine !== following || !live()) return;
    let logs;
    try { logs = await api("GET", `/v1/jobs/${id}/logs`); }
    catch (e) {
      if (mine !== following || !live()) return;
      showError(e);
      if (e.status >= 400 && e.status < 500) return; // gone or not allowed: polling again would not help
    }
    if (mine !== following || !live()) return;
    if (logs && logs.status !== "Running") { jobPage(id).catch(showError); return; } // the page for its new status
    if (logs) $("#logs")?.replaceChildren(...logSections(logs));
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

async function jobPage(id) {
  const live = current();
  stopFollowing();
  const [job, logs] = await Promise.all([api("GET", `/v1/jobs/${id}`), api("GET", `/v1/jobs/${id}/logs`)]);
  const act = (label, path, question, cls) => h("button", { type: "button", class: cls, id: `action-${label.toLowerCase()}`, onclick: async () => {
    if (!(await confirmDialog(question))) return;
    try { await api("POST", path, {}); showError(null); await jobPage(id); } catch (e) { showError(e); }
  } }, label);
  const canCancel = ["Scheduled", "Queued", "Running", "Retrying"].includes(job.status);
  const canRetry = ["DeadLettered", "Cancelled"].includes(job.status);
  const timeline = h("ol", { class: "timeline", id: "timeline" },
    h("li", {}, `${fmt(job.createdAt)} — created (${job.runAt > job.createdAt ? `due ${fmt(job.runAt)}` : "due at once"})`),
    job.attempts.flatMap((a) => [
      h("li", {}, `${fmt(a.startedAt)} — attempt ${a.number} started on ${a.silo}`),
      a.endedAt ? h("li", {}, `${fmt(a.endedAt)} — attempt ${a.number} ended: ${a.result}${a.error ? ` (${a.error})` : ""}${a.deadLettered ? ", dead-lettered" : ""}`) : null,
    ]),
    h("li", {}, `${fmt(job.updatedAt)} — ${job.status}: ${job.statusReason || ""}`));
  const attempts = h("table", { id: "attempts" },
    h("thead", {}, h("tr", {}, ["#", "Started", "Ended", "Outcome", "Silo", "Error"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, job.attempts.map((a) => h("tr", {}, h("td", {}, a.number), h("td", {}, fmt(a.startedAt)), h("td", {}, fmt(a.endedAt)),
      h("td", {}, a.endedAt ? a.result : "running"), h("td", { class: "mono" }, a.silo), h("td", {}, a.error || "")))));
  const logView = h("div", { id: "logs" }, logSections(logs));
  if (!live()) return;
  page(`Job ${job.id}`,
    h("div", { class: "actions" }, canCancel ? act("Cancel", `/v1/jobs/${id}/cancel`, "Cancel this job?", "danger") : null,
      canRetry ? act("Retry", `/v1/jobs/${id}/retry`, "Retry this job with a fresh attempt budget?", "primary") : null),
    h("div", { class: "grid2" },
      h("section", {}, h("h2", {}, "Summary"), h("dl", { class: "summary", id: "job-summary" })),
      h("section", {}, h("h2", {}, "Timeline"), timeline)),
    h("h2", {}, "Payload"), h("pre", { id: "payload", class: "mono" }, json(job.payload)),
    job.result !== null && job.result !== undefined ? [h("h2", {}, "Result"), h("pre", { class: "mono" }, json(job.result))] : [],
    h("h2", {}, "Attempts"), attempts, h("h2", {}, "Logs"), logView);
  const dl = $("#job-summary");
  for (const [k, v] of [["Status", badge(job.status)], ["Reason", job.statusReason || ""], ["Type", job.type], ["Queue", job.queue], ["Priority", job.priority],
    ["Attempts", `${job.attempt}/${job.maxAttempts}`], ["Due", fmt(job.runAt)], ["Next attempt", fmt(job.nextAttemptAt)],
    ["Correlation id", h("span", { class: "mono" }, job.correlationId)], ["Last error", job.lastError || ""]]) dl.append(h("dt", {}, k), h("dd", {}, v));
  if (job.status === "Running") followLogs(id);
  openEvents(`?job=${id}`, () => reloadLater(() => jobPage(id), 150));
}

// Every dead-lettered job, page by page (newest first; the cursor is by creation, so retrying meanwhile moves nothing).
async function allDeadLettered() {
  const ids = [];
  let cursor = null;
  do {
    const list = await api("GET", `/v1/dlq?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    ids.push(...list.items.map((j) => j.id));
    cursor = list.nextCursor;
  } while (cursor);
  return ids;
}

// Retries with a few requests in flight at once: fast enough for thousands of jobs, gentle on the gateway.
async function retryEach(ids) {
  const failed = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      try { await api("POST", `/v1/jobs/${id}/retry`, {}); } catch (e) { failed.push(`${id}: ${e.message}`); }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
  return failed;
}

async function dlqPage() {
  const live = current();
  const body = h("tbody", { id: "dlq-body" });
  const retryAll = h("button", { type: "button", id: "retry-all", class: "primary", onclick: async () => {
    retryAll.disabled = true;
    try {
      const ids = await allDeadLettered();
      if (ids.length === 0 || !(await confirmDialog(`Retry all ${ids.length} dead-lettered jobs with a fresh attempt budget?`))) return;
      const failed = await retryEach(ids);
      if (failed.length) showError(new ApiError(0, { title: `${failed.length} of ${ids.length} retries failed`, detail: failed.slice(0, 20).join("\n") }));
      else showError(null);
      if (live()) await dlqPage();
    } catch (e) { showError(e); } finally { retryAll.disabled = false; }
  } }, "Retry all");
  if (!live()) return;
  page("Dead-lettered jobs", h("div", { class: "actions" }, retryAll),
    h("table", { id: "dlq" }, h("thead", {}, h("tr", {}, ["Id", "Type", "Queue", "Attempts", "Updated", "Last error", ""].map((c) => h("th", { scope: "col" }, c)))), body));
  const list = await api("GET", "/v1/dlq?limit=100");
  if (list.items.length === 0) body.append(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "The dead-letter queue is empty.")));
  for (const j of list.items) {
    body.append(h("tr", { dataset: { id: j.id } }, h("td", { class: "mono" }, h("a", { href: `#/jobs/${j.id}` }, j.id)), h("td", {}, j.type), h("td", {}, j.queue),
      h("td", {}, `${j.attempt}/${j.maxAttempts}`), h("td", {}, fmt(j.updatedAt)), h("td", {}, j.lastError || ""),
      h("td", {}, h("button", { type: "button", class: "retry", "aria-label": `Retry job ${j.id}`, onclick: async () => {
        if (!(await confirmDialog(`Retry job ${j.id} with a fresh attempt budget?`))) return;
        try { await api("POST", `/v1/jobs/${j.id}/retry`, {}); location.hash = `#/jobs/${j.id}`; } catch (e) { showError(e); }
      } }, "Retry"))));
  }
  if (list.nextCursor) body.append(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "Showing the newest 100; \u201cRetry all\u201d retries every one.")));
}

// The error slot is the input's description, so a screen reader reads the message with the field.
function fieldWithError(id, label, input) {
  input.setAttribute("aria-describedby", `${id}-error`);
  return h("label", { for: id }, label, input, h("span", { class: "field-error", id: `${id}-error`, "aria-live": "polite" }));
}

function showFieldErrors(form, errors) {
  for (const el of form.querySelectorAll(".field-error")) el.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const [field, msgs] of Object.entries(errors || {})) {
    const key = field.split(/[.[]/)[0];
    const slot = form.querySelector(`#s-${key}-error`);
    if (!slot) continue;
    slot.textContent = [slot.textContent, ...msgs].filter(Boolean).join(" ");
    form.querySelector(`#s-${key}`)?.setAttribute("aria-invalid", "true");
  }
}

function submitPage() {
  const live = current();
  const form = h("form", { class: "stack", id: "submit-form", novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    const errors = {};
    let payload = null;
    const text = $("#s-payload").value.trim();
    if (text) { try { payload = JSON.parse(text); } catch (e) { errors.payload = [`Not valid JSON: ${e.message}`]; } }
    if (!$("#s-type").value.trim()) errors.type = ["Required."];
    showFieldErrors(form, errors);
    if (Object.keys(errors).length) { showError(new ApiError(0, { title: "Please correct the highlighted fields" })); return; }
    const body = { type: $("#s-type").value.trim() };
    if (payload !== null) body.payload = payload;
    if ($("#s-queue").value.trim()) body.queue = $("#s-queue").value.trim();
    if ($("#s-priority").value !== "") body.priority = Number($("#s-priority").value);
    if ($("#s-maxAttempts").value !== "") body.maxAttempts = Number($("#s-maxAttempts").value);
    if ($("#s-delay").value !== "") body.delay = `PT${Number($("#s-delay").value)}S`;
    try {
      const job = await api("POST", "/v1/jobs", body);
      showError(null);
      location.hash = `#/jobs/${job.id}`;
    } catch (e) { showFieldErrors(form, e.problem.errors); showError(e); }
  } },
    fieldWithError("s-type", "Type (handler)", h("input", { id: "s-type", required: true, placeholder: "noop" })),
    fieldWithError("s-queue", "Queue", h("input", { id: "s-queue", placeholder: "default" })),
    fieldWithError("s-priority", "Priority", h("input", { id: "s-priority", type: "number" })),
    fieldWithError("s-maxAttempts", "Max attempts", h("input", { id: "s-maxAttempts", type: "number", min: 1 })),
    fieldWithError("s-delay", "Delay (seconds)", h("input", { id: "s-delay", type: "number", min: 0 })),
    fieldWithError("s-payload", "Payload (JSON)", h("textarea", { id: "s-payload", spellcheck: "false" }, "{}")),
    h("button", { type: "submit", class: "primary", id: "submit-job" }, "Submit"));
  if (!live()) return;
  page("Submit a job", form);
  $("#s-type").focus();
}

async function schedulesPage() {
  const live = current();
  const body = h("tbody", { id: "schedules-body" });
  const act = (s, verb) => h("button", { type: "button", class: `sch-${verb}`, "aria-label": `${verb} schedule ${s.id}`, onclick: async () => {
    try { await api("POST", `/v1/schedules/${s.id}/${verb}`, {}); showError(null); await schedulesPage(); } catch (e) { showError(e); }
  } }, verb[0].toUpperCase() + verb.slice(1));
  const create = h("form", { class: "filters", id: "schedule-form", onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api("POST", "/v1/schedules", { cron: $("#c-cron").value, timeZone: $("#c-tz").value || undefined, job: { type: $("#c-type").value } });
      showError(null); await schedulesPage();
    } catch (e) { showError(e); }
  } },
    h("label", { for: "c-cron" }, "Cron", h("input", { id: "c-cron", required: true, placeholder: "*/5 * * * *" })),
    h("label", { for: "c-tz" }, "Time zone", h("input", { id: "c-tz", placeholder: "UTC" })),
    h("label", { for: "c-type" }, "Job type", h("input", { id: "c-type", required: true, placeholder: "noop" })),
    h("button", { type: "submit" }, "Create schedule"));
  if (!live()) return;
  page("Schedules", create,
    h("table", { id: "schedules" }, h("thead", {}, h("tr", {}, ["Id", "Cron", "Runs", "Status", "Next fire", "Last fire", "Fires", "Actions"].map((c) => h("th", { scope: "col" }, c)))), body));
  const list = await api("GET", "/v1/schedules");
  if (list.items.length === 0) body.append(h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No schedules yet.")));
  for (const s of list.items) {
    body.append(h("tr", { dataset: { id: s.id } }, h("td", { class: "mono" }, s.id), h("td", { class: "mono" }, `${s.cron}${s.timeZone ? ` (${s.timeZone})` : ""}`),
      h("td", {}, s.workflow ? `workflow ${s.workflow}` : s.job?.type || ""), h("td", {}, badge(s.status)), h("td", {}, fmt(s.nextFireAt)),
      h("td", {}, s.lastJobId ? h("a", { href: `#/jobs/${s.lastJobId}` }, fmt(s.lastFireAt)) : fmt(s.lastFireAt)), h("td", {}, s.fireCount),
      h("td", { class: "actions" }, s.status === "Paused" ? act(s, "resume") : act(s, "pause"), act(s, "trigger"),
        h("button", { type: "button", class: "sch-next", "aria-label": `Next fires of schedule ${s.id}`, "aria-expanded": "false", onclick: async (ev) => {
          const row = ev.target.closest("tr");
          const open = row.nextElementSibling?.classList.contains("next-fires");
          if (open) { row.nextElementSibling.remove(); ev.target.setAttribute("aria-expanded", "false"); return; }
          try {
            const next = await api("GET", `/v1/schedules/${s.id}/next?count=5`);
            row.after(h("tr", { class: "next-fires" }, h("td", { colspan: 8 }, "Next fires: ", next.items.length ? next.items.map(fmt).join(" · ") : "none")));
            ev.target.setAttribute("aria-expanded", "true");
          } catch (e) { showError(e); }
        } }, "Next fires"))));
  }
}

async function workflowsPage() {
  const live = current();
  const body = h("tbody", { id: "workflows-body" });
  if (!live()) return;
  page("Workflows", h("table", { id: "workflows" }, h("thead", {}, h("tr", {}, ["Id", "Name", "Status", "Steps", "Run", "Created", "Ended"].map((c) => h("th", { scope: "col" }, c)))), body));
  const list = await api("GET", "/v1/workflows");
  if (list.items.length === 0) body.append(h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No workflows yet.")));
  for (const w of list.items) {
    const done = w.steps.filter((s) => s.status === "Succeeded").length;
    body.append(h("tr", { dataset: { id: w.id } }, h("td", { class: "mono" }, h("a", { href: `#/workflows/${w.id}` }, w.id)), h("td", {}, w.name || ""),
      h("td", {}, badge(w.status)), h("td", {}, `${done}/${w.steps.length} succeeded`), h("td", {}, w.run), h("td", {}, fmt(w.createdAt)), h("td", {}, fmt(w.endedAt))));
  }
  if (!live()) return;
  openEvents("?kind=workflow", () => reloadLater(() => workflowsPage(), 300));
}

const COLORS = { Succeeded: "#dff3e4", Running: "#e3ecfd", Failed: "#fdecea", Cancelled: "#eceff3", Skipped: "#f3f3f3", Pending: "#ffffff" };

function dagSvg(steps) {
  const depth = {};
  const byName = Object.fromEntries(steps.map((s) => [s.name, s]));
  const depthOf = (n, seen = new Set()) => {
    if (depth[n] !== undefined) return depth[n];
    if (seen.has(n)) return 0;
    seen.add(n);
    return (depth[n] = Math.max(0, ...byName[n].dependsOn.map((d) => depthOf(d, seen) + 1)));
  };
  steps.forEach((s) => depthOf(s.name));
  const columns = {};
  steps.forEach((s) => (columns[depth[s.name]] ||= []).push(s));
  const W = 160, H = 46, GX = 60, GY = 18, pos = {};
  for (const [d, col] of Object.entries(columns)) col.forEach((s, i) => (pos[s.name] = { x: 10 + d * (W + GX), y: 10 + i * (H + GY) }));
  const width = 20 + (Math.max(...Object.keys(columns).map(Number)) + 1) * (W + GX);
  const height = 20 + Math.max(...Object.values(columns).map((c) => c.length)) * (H + GY);
  const NS = "http://www.w3.org/2000/svg";
  const s = (tag, attrs, ...kids) => { const el = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); el.append(...kids); return el; };
  const svg = s("svg", { class: "dag", id: "dag", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Workflow graph of ${steps.length} steps` },
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" }, s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#8a93a5" }))));
  for (const st of steps) for (const d of st.dependsOn) {
    const a = pos[d], b = pos[st.name];
    svg.append(s("path", { class: "edge", d: `M ${a.x + W} ${a.y + H / 2} C ${a.x + W + GX / 2} ${a.y + H / 2}, ${b.x - GX / 2} ${b.y + H / 2}, ${b.x} ${b.y + H / 2}` }));
  }
  for (const st of steps) {
    const p = pos[st.name];
    const label = s("text", { x: p.x + 8, y: p.y + 18 }); label.textContent = st.name;
    const state = s("text", { x: p.x + 8, y: p.y + 36 }); state.textContent = st.status + (st.attempts ? ` · ${st.attempts} att.` : "");
    const title = s("title", {}); title.textContent = `${st.name}: ${st.status}${st.error ? ` — ${st.error}` : ""}`;
    const g = s("g", { class: "node", "data-step": st.name, "data-status": st.status }, title, s("rect", { x: p.x, y: p.y, width: W, height: H, fill: COLORS[st.status] || "#fff" }), label, state);
    if (st.jobId) { const a = s("a", { href: `#/jobs/${st.jobId}` }, g); svg.append(a); } else svg.append(g);
  }
  return svg;
}

async function workflowPage(id) {
  const live = current();
  const w = await api("GET", `/v1/workflows/${id}`);
  const canRerun = ["Failed", "Cancelled", "TimedOut"].includes(w.status);
  if (!live()) return;
  page(`Workflow ${w.name || w.id}`,
    h("div", { class: "actions" }, h("span", {}, "Status: ", badge(w.status), ` · run ${w.run}`),
      canRerun ? h("button", { type: "button", id: "rerun", class: "primary", onclick: async () => {
        if (!(await confirmDialog("Re-run the failed steps and everything after them? Succeeded steps keep their results."))) return;
        try { await api("POST", `/v1/workflows/${id}/rerun`, {}); showError(null); await workflowPage(id); } catch (e) { showError(e); }
      } }, "Re-run from failure") : null,
      w.status === "Running" ? h("button", { type: "button", class: "danger", onclick: async () => {
        if (!(await confirmDialog("Cancel this workflow?"))) return;
        try { await api("POST", `/v1/workflows/${id}/cancel`, {}); await workflowPage(id); } catch (e) { showError(e); }
      } }, "Cancel") : null),
    dagSvg(w.steps),
    h("h2", {}, "Steps"),
    h("table", { id: "steps" }, h("thead", {}, h("tr", {}, ["Step", "Depends on", "Status", "Job", "Attempts", "Error"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, w.steps.map((s) => h("tr", {}, h("td", {}, s.name), h("td", {}, s.dependsOn.join(", ")), h("td", {}, badge(s.status)),
        h("td", { class: "mono" }, s.jobId ? h("a", { href: `#/jobs/${s.jobId}` }, s.jobId) : ""), h("td", {}, s.attempts), h("td", {}, s.error || s.reason || ""))))));
  openEvents(`?workflow=${id}`, () => reloadLater(() => workflowPage(id), 200));
}

async function usagePage() {
  const live = current();
  const [usage, sub] = await Promise.all([api("GET", "/v1/billing/usage"), api("GET", "/v1/billing/subscription")]);
  const q = usage.quota, p = sub.plan;
  const lim = (v) => (v === null || v === undefined ? "unlimited" : v.toLocaleString());
  const money = (minor) => `${(minor / 100).toFixed(2)} ${p.currency}`;
  if (!live()) return;
  page("Usage and quota",
    h("div", { class: "grid2" },
      h("section", {}, h("h2", {}, `Plan: ${p.name}`), h("dl", { class: "summary", id: "plan" },
        ...[["Jobs per day", lim(p.includedJobsPerDay)], ["Jobs per month", lim(p.includedJobsPerMonth)], ["Concurrent jobs", lim(p.maxConcurrentJobs)],
          ["Pending jobs", lim(p.maxPendingJobs)], ["Schedules", lim(p.maxSchedules)], ["Workflows", lim(p.maxWorkflows)],
          ["Base price", money(p.monthlyBaseMinor)], ["Per 1,000 jobs over", money(p.pricePer1000JobsMinor)]].flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
      h("section", {}, h("h2", {}, "Quota"), h("dl", { class: "summary", id: "quota" },
        ...[["Level", badge(q.level)], ["Accepted today", `${q.acceptedToday} of ${lim(q.dailyLimit)}`], ["Accepted this month", `${q.acceptedThisMonth} of ${lim(q.monthlyLimit)}`],
          ["Blocked until", fmt(q.blockedUntil) || "—"]].flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])))),
    h("h2", {}, `Usage ${usage.from} – ${usage.to} (UTC days)`),
    h("table", { id: "usage" }, h("thead", {}, h("tr", {}, ["Day", "Accepted", "Executions", "Retries", "Failures", "Dead letters", "Execution s"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, usage.days.map((d) => h("tr", {}, h("td", {}, d.day), h("td", {}, d.jobsAccepted), h("td", {}, d.executions), h("td", {}, d.retries),
        h("td", {}, d.failures), h("td", {}, d.deadLetters), h("td", {}, (d.executionMilliseconds / 1000).toFixed(1)))),
        h("tr", {}, h("th", { scope: "row" }, "Total"), h("td", {}, usage.totals.jobsAccepted), h("td", {}, usage.totals.executions), h("td", {}, usage.totals.retries),
          h("td", {}, usage.totals.failures), h("td", {}, usage.totals.deadLetters), h("td", {}, (usage.totals.executionMilliseconds / 1000).toFixed(1))))));
}

// ---------- router ----------
const routes = [
  [/^#\/jobs\/([0-9a-f-]{36})$/i, (m) => jobPage(m[1])],
  [/^#\/jobs(?:\?(.*))?$/, (m) => jobsPage(m[1] || "")],
  [/^#\/dlq$/, () => dlqPage()],
  [/^#\/submit$/, () => submitPage()],
  [/^#\/schedules$/, () => schedulesPage()],
  [/^#\/workflows\/([0-9a-f-]{36})$/i, (m) => workflowPage(m[1])],
  [/^#\/workflows$/, () => workflowsPage()],
  [/^#\/usage$/, () => usagePage()],
];

async function route() {
  generation++;
  clearTimeout(reloadTimer);
  stopFollowing();
  showError(null);
  closeEvents();
  const hash = location.hash || "#/jobs";
  if (!auth.get() || hash === "#/login") return loginPage();
  $("#top").hidden = false;
  $("#who").textContent = auth.get().who ? `Signed in: ${auth.get().who}` : "";
  for (const a of document.querySelectorAll("header nav a")) a.toggleAttribute("aria-current", hash.startsWith(a.getAttribute("href")));
  for (const a of document.querySelectorAll("header nav a[aria-current]")) a.setAttribute("aria-current", "page");
  const found = routes.find(([re]) => re.test(hash));
  if (!found) { page("Not found", h("p", {}, "There is no such page. ", h("a", { href: "#/jobs" }, "Back to jobs"))); return; }
  try {
    await found[1](hash.match(found[0]));
    main().focus({ preventScroll: true });
  } catch (e) {
    if (e.status === 401 && !auth.get()) return loginPage();
    page("Something went wrong", h("p", {}, "This page could not be loaded; the error is shown above."));
    showError(e);
  }
}

$("#signout").addEventListener("click", async () => {
  const a = auth.get();
  if (a?.kind === "token" && a.refresh) { try { await api("POST", "/v1/auth/logout", { refreshToken: a.refresh }); } catch { /* signed out anyway */ } }
  auth.set(null);
  location.hash = "#/login";
});
window.addEventListener("hashchange", route);
route();
