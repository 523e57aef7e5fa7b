// Dream's read-only dashboard: plain JS, no build step. Routes: #/ (the runs) and #/run/RUN_ID (one run, live).
"use strict";
const main = document.getElementById("main");
const where = document.getElementById("where");
const live = document.getElementById("live");
const OKABE_ITO = { blue: "#0072B2", orange: "#E69F00", green: "#009E73", vermillion: "#D55E00", sky: "#56B4E9", black: "#000" };
let stream = null, timer = null, listState = { page: 1, filter: "" };

const esc = s => String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const fmt = v => v == null ? "n/a" : (v >= 0 ? "+" : "") + v.toFixed(4);
const pct = v => v == null ? "n/a" : (v >= 0 ? "+" : "") + v.toFixed(1) + " %";
const pcts = c => c && c.length === 2 ? `[${pct(c[0])}, ${pct(c[1])}]` : "n/a";
const ci = c => c && c.length === 2 ? ` [${fmt(c[0])}, ${fmt(c[1])}]` : "";

async function json(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: r.statusText }));
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function stop() {
  if (stream) { stream.close(); stream = null; }
  if (timer) { clearInterval(timer); timer = null; }
  live.textContent = "";
}

async function runsPage() {
  where.textContent = "runs";
  const q = `?page=${listState.page}&size=25&filter=${encodeURIComponent(listState.filter)}`;
  let body;
  try { body = await json("/dream/ui/api/runs" + q); } catch (e) { main.innerHTML = `<p class="error">${esc(e.message)}</p>`; return; }
  const pages = Math.max(1, Math.ceil(body.total / body.size));
  const rows = body.runs.map(r => {
    const best = (r.domains || []).map(d => `${esc(d.domain)}: ${fmt(d.best_score)}`).join("<br>");
    const gen = (r.domains || []).map(d => `${d.generation + 1}/${d.generations}`).join("<br>");
    return `<tr><td><a href="#/run/${encodeURIComponent(r.run.run_id)}">${esc(r.run.run_id)}</a></td>
      <td class="state-${esc(r.run.state).replace(/ /g, "-")}">${esc(r.run.state)}</td><td>${esc(r.run.started_at_utc)}</td>
      <td>${esc(r.run.domains.join(", "))}</td><td class="num">${gen}</td><td class="num">${best}</td></tr>`;
  }).join("");
  main.innerHTML = `<h1>Runs</h1>
    <p><input type="search" id="filter" placeholder="filter: run id, state or domain" value="${esc(listState.filter)}">
    ${body.total} runs, newest first · page ${body.page} of ${pages}
    <button id="prev" ${body.page <= 1 ? "disabled" : ""}>previous</button><button id="next" ${body.page >= pages ? "disabled" : ""}>next</button></p>
    <table id="runs"><tr><th>run</th><th>state</th><th>started (UTC)</th><th>domains</th><th>generation</th><th>best score_v2</th></tr>${rows}</table>`;
  const f = document.getElementById("filter");
  f.addEventListener("change", () => { listState = { page: 1, filter: f.value }; runsPage(); });
  document.getElementById("prev").onclick = () => { listState.page--; runsPage(); };
  document.getElementById("next").onclick = () => { listState.page++; runsPage(); };
}

// The score figure of the report, in SVG: best per generation with its 95% band, the population, the baseline at 0.
function scoreChart(d) {
  const W = 480, H = 260, L = 56, R = 12, T = 22, B = 40;
  const gens = d.generations, pop = d.population;
  if (gens.length === 0 && pop.length === 0) return `<p>${esc(d.domain)}: no generation completed yet.</p>`;
  const ys = [0].concat(pop.map(p => p[1]), gens.flatMap(g => [g.best, ...(g.ci95 || [])]).filter(v => v != null));
  const xs = gens.map(g => g.generation).concat(pop.map(p => p[0]));
  const x0 = Math.min(...xs), x1 = Math.max(x0 + 1, ...xs), y0 = Math.min(...ys), y1 = Math.max(...ys) + 1e-9;
  const X = v => L + (v - x0) / (x1 - x0) * (W - L - R), Y = v => T + (y1 - v) / (y1 - y0) * (H - T - B);
  const band = gens.filter(g => g.ci95 && g.ci95.length === 2);
  const area = band.length ? band.map(g => `${X(g.generation)},${Y(g.ci95[1])}`).concat(band.slice().reverse().map(g => `${X(g.generation)},${Y(g.ci95[0])}`)).join(" ") : "";
  const line = gens.filter(g => g.best != null).map(g => `${X(g.generation)},${Y(g.best)}`).join(" ");
  const ticks = [...new Set(gens.map(g => g.generation))].map(g => `<text x="${X(g)}" y="${H - B + 14}" text-anchor="middle">${g}</text>`).join("");
  const yt = [y0, (y0 + y1) / 2, y1].map(v => `<text x="${L - 4}" y="${Y(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>`).join("");
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="score per generation of ${esc(d.domain)}">
    <text x="${W / 2}" y="14" text-anchor="middle">${esc(d.domain)}: score per generation</text>
    <rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="#999"/>
    ${area ? `<polygon points="${area}" fill="${OKABE_ITO.blue}" fill-opacity="0.2"/>` : ""}
    <line x1="${L}" x2="${W - R}" y1="${Y(0)}" y2="${Y(0)}" stroke="#000" stroke-dasharray="5,4"/>
    ${pop.map(p => `<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="3" fill="none" stroke="${OKABE_ITO.orange}"/>`).join("")}
    <polyline points="${line}" fill="none" stroke="${OKABE_ITO.blue}" stroke-width="2.5"/>
    ${gens.filter(g => g.best != null).map(g => `<circle cx="${X(g.generation)}" cy="${Y(g.best)}" r="4" fill="${OKABE_ITO.blue}"/>`).join("")}
    ${ticks}${yt}
    <text x="${L + (W - L - R) / 2}" y="${H - 6}" text-anchor="middle">generation (0 = the first)</text>
    <text transform="translate(12 ${T + (H - T - B) / 2}) rotate(-90)" text-anchor="middle">score_v2 (baseline = 0)</text>
  </svg><figcaption>Blue: the generation's best with its 95% band; orange: each scored candidate; dashed: the baseline.</figcaption></figure>`;
}

function renderRun(view) {
  const run = view.run.run;
  const progress = view.run.domains.map(d => {
    const pct = d.generations ? Math.round(100 * Math.max(0, d.generation + 1) / d.generations) : 0;
    return `<tr><td>${esc(d.domain)}</td><td class="state-${esc(d.state).replace(/ /g, "-")}">${esc(d.state)}</td>
      <td><span class="bar"><span style="width:${pct}%"></span></span> ${d.generation + 1}/${d.generations}</td>
      <td class="num">${d.trials_recorded}</td><td class="num best">${fmt(d.best_score)}</td><td>${esc(d.best_cand_id || "")}</td><td>${esc(d.outcome || "")}</td></tr>`;
  }).join("");
  const winners = view.domains.map(d => d.winner ? `<tr><td>${esc(d.domain)}</td><td>${esc(d.winner.cand_id)}</td>
      <td class="num">${fmt(d.winner.score)}${ci(d.winner.ci95)}</td><td>${esc(Object.entries(d.winner.genome).map(([k, v]) => k + "=" + v).join(", "))}</td>
      <td class="num">${d.trials}</td><td class="num">${d.failed}</td><td class="num">${d.cap_breaches}</td></tr>` : "").join("");
  const nodes = view.domains.flatMap(d => d.by_node.map(n => `<tr><td>${esc(d.domain)}</td><td>${esc(n.node)}</td><td class="num">${n.trials}</td>
      <td class="num">${n.failed}</td><td class="num">${n.cap_breaches}</td></tr>`)).join("");
  document.getElementById("run-body").innerHTML = `
    <p>seed ${esc(run.seed)} · started ${esc(run.started_at_utc)} · node class ${esc(run.node_class)} · state <strong id="run-state">${esc(run.state)}</strong></p>
    <h2>Progress</h2><table><tr><th>domain</th><th>state</th><th>generation</th><th>trials recorded</th><th>best score_v2</th><th>best candidate</th><th>outcome</th></tr>${progress}</table>
    <h2>Best so far</h2><table><tr><th>domain</th><th>candidate</th><th>score_v2 [95%]</th><th>knobs</th><th>trials</th><th>failed</th><th>cap breaches</th></tr>${winners}</table>
    <div class="charts">${view.domains.map(scoreChart).join("")}</div>
    <h2>Best candidate vs baseline</h2><p>Change from the baseline's mean, in %, with 95% intervals.</p>
    <table><tr><th>domain</th><th>regime</th><th>KPI</th><th>baseline mean</th><th>winner</th><th>winner 95%</th><th>baseline 95%</th></tr>${view.domains.flatMap(d => (d.winner_vs_baseline || []).map(r =>
      `<tr><td>${esc(d.domain)}</td><td>${esc(r.regime)}</td><td>${esc(r.kpi)} (${esc(r.unit)}${r.better ? ", " + esc(r.better) + " is better" : ""})</td>
       <td class="num">${r.baseline_mean.toPrecision(4)}</td><td class="num">${pct(r.winner_pct)}</td><td class="num">${pcts(r.winner_ci95_pct)}</td><td class="num">${pcts(r.baseline_ci95_pct)}</td></tr>`)).join("")}</table>
    <h2>Knob importance</h2><p>Share of the score's variance each knob explains on its own (omega squared; see dream report --html).</p>
    <table><tr><th>domain</th><th>knob</th><th>share</th><th>groups</th><th>candidates</th></tr>${view.domains.flatMap(d => (d.importance || []).map(e =>
      `<tr><td>${esc(d.domain)}</td><td>${esc(e.knob)}</td><td class="num">${e.share == null ? "n/a" : (100 * e.share).toFixed(1) + " %"}</td><td class="num">${e.groups}</td><td class="num">${e.samples}</td></tr>`)).join("")}</table>
    <h2>Anomalies</h2>${anomalies(view)}
    <h2>Trials by node</h2><table><tr><th>domain</th><th>node</th><th>trials</th><th>failed</th><th>cap breaches</th></tr>${nodes}</table>`;
}

// Stalls, nodes failing more than the others and drifted baselines, as the journal recorded them (anomaly-detected.v1).
function anomalies(view) {
  const rows = view.domains.flatMap(d => (d.anomalies || []).map(a => `<tr class="anomaly"><td>${esc(d.domain)}</td>
      <td>${a.generation < 0 ? "baselines" : "generation " + a.generation}</td><td>${esc(a.kind)}</td><td>${esc(a.subject)}</td><td>${esc(a.detail)}</td></tr>`));
  return rows.length === 0 ? `<p id="no-anomalies">None recorded: no stall, no node failing more than the others, no baseline drift.</p>`
    : `<table id="anomalies"><tr><th>domain</th><th>when</th><th>kind</th><th>about</th><th>detail</th></tr>${rows.join("")}</table>`;
}

async function clusterPanel() {
  const el = document.getElementById("cluster");
  if (!el) return;
  try {
    const [members, trials] = await Promise.all([json("/cluster/members"), json("/dream/trials")]);
    const rows = (members.members || []).map(m => `<tr><td>${esc(m.node)}</td><td>${esc(m.status)}</td><td>${esc((m.roles || []).join(", "))}</td></tr>`).join("");
    const flight = (trials.in_flight || []).slice(0, 50).map(t => `<tr><td>${esc(t.trial_id)}</td><td>${esc(t.node)}</td><td class="num">${t.age_ms}</td></tr>`).join("");
    el.innerHTML = `<h2>Cluster</h2><table><tr><th>member</th><th>status</th><th>roles</th></tr>${rows}</table>
      <p>${trials.runners} runners ready · ${trials.queued} trials queued · ${(trials.in_flight || []).length} in flight</p>
      <table><tr><th>trial in flight</th><th>node</th><th>age (ms)</th></tr>${flight}</table>`;
  } catch (e) { el.innerHTML = `<h2>Cluster</h2><p class="error">${esc(e.message)}</p>`; }
}

async function runPage(runId) {
  where.textContent = "run " + runId;
  main.innerHTML = `<h1>Run ${esc(runId)}</h1><div id="run-body"><p>Loading…</p></div><div id="cluster"></div>`;
  try { renderRun(await json("/dream/ui/api/runs/" + encodeURIComponent(runId))); }
  catch (e) { document.getElementById("run-body").innerHTML = `<p class="error">${esc(e.message)}</p>`; return; }
  clusterPanel();
  timer = setInterval(clusterPanel, 3000);
  stream = new EventSource("/dream/ui/api/runs/" + encodeURIComponent(runId) + "/events");
  stream.addEventListener("run", ev => { renderRun(JSON.parse(ev.data)); live.textContent = "live · updated " + new Date().toLocaleTimeString(); });
  stream.onerror = () => { live.textContent = "reconnecting…"; };
}

function route() {
  stop();
  const m = location.hash.match(/^#\/run\/(.+)$/);
  if (m) runPage(decodeURIComponent(m[1])); else runsPage();
}
window.addEventListener("hashchange", route);
route();
