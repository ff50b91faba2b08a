import { AUTH_SERVICE, BACKEND } from './catalog.js';
import { humanDuration, isoUs } from './clock.js';
import { KIND_NAMES, type WorldEntry } from './model.js';
import {
  DEPLOY_AUDIT_US,
  END_US,
  EXPORT_US,
  INSTANCES,
  POLLER_PAUSE,
  REV41,
  REV42,
  SLICES,
  START_US,
  TRAFFIC_SWITCH_US,
} from './story/plan.js';
import type { World } from './story/world.js';
import type { FileTruth } from './truth.js';

/**
 * samples/README.md, rendered from the generated world and the truth files so that every
 * number in it is computed, and regenerating the samples regenerates the README.
 */

const md = (s: string): string => s.replace(/\|/g, '\\|');
const tidy = (iso: string): string => iso.replace('.000000Z', 'Z');
const z = (us: number): string => tidy(isoUs(us));

function fileTable(truths: readonly FileTruth[], sizes: Map<string, number>): string {
  const rows = truths.map((t) => {
    const services = Object.entries(t.entriesByService)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    return `| \`${t.file}\` | ${t.format} | ${sizes.get(t.file)!.toLocaleString('en-US')} | ${t.entries} | ${t.firstTimestamp ?? '-'} .. ${t.lastTimestamp ?? '-'} | ${services || '(plain text: none)'} |`;
  });
  return ['| file | format | bytes | entries | first .. last | entries per service |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function truthTable(truths: readonly FileTruth[]): string {
  const rows = truths.map((t) => {
    const per = (k: (typeof KIND_NAMES)[number]): string => {
      const byRev = Object.entries(t.findings.byKindAndRevision[k])
        .map(([r, n]) => `${r.replace(`${BACKEND}-`, '')}: ${n}`)
        .join(', ');
      return `${t.findings.byKind[k]}${byRev ? ` (${byRev})` : ''}`;
    };
    const rules = Object.entries(t.findings.authByRule)
      .map(([r, n]) => `${r} ${n}`)
      .join(' / ');
    const gaps = t.gapsOver30m.map((g) => `${g.service}: ${g.start} .. ${g.end} (${g.minutes} min)`).join('<br>') || 'none';
    return `| \`${t.file}\` | ${per('ssot_warning')} | ${per('ws_1011')} | ${per('auth_403')}${rules ? `<br>${rules}` : ''} | ${gaps} |`;
  });
  return ['| file | ssot_warning | ws_1011 | auth_403 (by rule) | gaps > 30 min |', '|---|---|---|---|---|', ...rows].join('\n');
}

function verdictTable(t: FileTruth): string {
  const rows = (t.expectedVerdicts ?? []).map(
    (v) =>
      `| \`ssot-watch verify samples/${t.file} ${v.args}\` | **${v.verdict}** (exit ${v.exitCode}) | ${tidy(v.window.start)} .. ${tidy(v.window.end)} | ${md(v.reasons.join('; '))} |`,
  );
  return ['| command | verdict | window [start, end) | reasons |', '|---|---|---|---|', ...rows].join('\n');
}

function findingsList(t: FileTruth): string {
  const rows = t.findings.list.map(
    (f) => `| ${f.timestamp} | ${f.kind} | ${f.variant} | ${f.revision.replace(`${BACKEND}-`, '')} | ${f.instance} | \`${f.insertId ?? `line ${f.line}`}\` |`,
  );
  return ['| timestamp | kind | rule/family | revision | instance | insertId |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function naiveTable(truths: readonly FileTruth[]): string {
  const rows = truths.map(
    (t) =>
      `| \`${t.file}\` | ${t.naive.containing403} | ${t.findings.byKind.auth_403} | ${t.naive.containing1011} | ${t.findings.byKind.ws_1011} | ${t.naive.containingSSOT} | ${t.findings.byKind.ssot_warning} |`,
  );
  return [
    '| file | entries containing "403" | auth_403 truth | containing "1011" | ws_1011 truth | containing "SSOT" | ssot_warning truth |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function instanceTable(world: World): string {
  const rows = INSTANCES.map((p) => {
    const inst = world.instances.find((i) => i.name === p.name)!;
    const start = p.boot === 'before-window' ? `${z(p.startUs)} (before the window: no startup lines)` : `${z(p.startUs)} (${p.boot})`;
    const end = p.end === 'alive' ? 'still running at the end' : `${z(p.endUs)} (${p.end === 'oom' ? 'out of memory' : p.end})`;
    const id = `\`${inst.where.instanceId!.slice(0, 18)}…\`${p.idContains ? ` (contains "${p.idContains}")` : ''}`;
    return `| ${p.name} | ${p.revision.replace(`${BACKEND}-`, '')} | ${start} | ${end} | ${id} |`;
  });
  return ['| instance | revision | started | ended | labels.instanceId |', '|---|---|---|---|---|', ...rows].join('\n');
}

function decoyList(truths: readonly FileTruth[]): string {
  const t = truths[0]!;
  const lines = Object.entries(t.decoys).map(([k, n]) => `- \`${k}\`: ${n}`);
  const rel = Object.entries(t.relatedNotCounted).map(([k, n]) => `- \`${k}\`: ${n}`);
  return [`Decoys planted in \`${t.file}\` (entries):`, '', ...lines, '', 'Auth-related entries listed as informational, not counted (§4.3–4.5):', '', ...rel].join('\n');
}

export function renderReadme(world: World, truths: readonly FileTruth[], files: readonly { name: string; content: string }[]): string {
  const sizes = new Map(files.map((f) => [f.name, Buffer.byteLength(f.content)]));
  const t26 = truths.find((t) => t.file === 'staging-26h.json')!;
  const gap = t26.gapsOver30m[0];
  const first42 = world.entries.find((e: WorldEntry) => e.revision === REV42)!;
  const late = t26.findings.list.filter((f) => f.revision === REV42);
  const lateText = late.map((f) => `${f.kind} (${f.variant}) at ${f.timestamp}, insertId \`${f.insertId}\``).join('; ');
  const i6plan = INSTANCES.find((p) => p.name === 'I6')!;
  const i6 = `I6, ${z(i6plan.startUs)} .. ${z(i6plan.endUs)}`;
  const out: string[] = [];
  out.push(`# Sample exports of \`${BACKEND}\` (synthetic, realistic)

Generated by \`scripts/gen-samples.ts\` with seed ${world.seed}; **do not edit by hand**: \`npm run samples\`
rewrites every file here byte for byte (this README included), and \`test/generators.test.ts\`
fails when a checked-in file differs from what the generator produces.

The entries are modelled on the real exports in \`/work/shared/corpus/\` (same envelopes, field
names, key order, id shapes, timestamp precision, message texts) and on \`LOG-FORMATS.md\`. The
story, the instance ids and the users are invented. Project \`netra-staging\`, region
\`us-central1\`, services \`${BACKEND}\` and (in the JSONL file only) \`${AUTH_SERVICE}\`.

## Files

${fileTable(truths, sizes)}

Each data file has a \`<name>.truth.json\` beside it (\`staging-26h.truth.json\`, …): entries,
entries per service and revision, first/last timestamp, gaps over 30 minutes, the findings
(count per kind, per revision, per rule/family, and each one's insertId or line), the decoys,
what a naive grep would count, and the expected verdicts below. All of it is computed by the
generator from the entries it generated.

> Reading the whole directory (\`ssot-watch scan samples/\`) also meets \`*.truth.json\` and this
> README: they are not log exports. Pass the data files, or have directory reads skip them.

## The story

- **${z(START_US)}** (Sunday): staging serves **${REV41}**. It has the problems: every container
  start logs the F1a \`SSOT WARNING: Found other WebSocket Manager classes: [11 classes]\` (shape A,
  stdout, WARNING, followed by the INFO decoy \`WebSocket Manager SSOT validation: WARNING\`); every
  reconnect of a user who already has a manager logs F3 \`SSOT VALIDATION: …\` + F2 \`SSOT validation
  issues (non-blocking): […]\` (shape B, stderr); WebSocket handshakes with a bad or missing JWT are
  refused **before accept**, leaving the five entries of LOG-FORMATS §4.1 (request log 403 on
  \`/ws\`, uvicorn \`"WebSocket /ws" 403\`, \`WebSocket connection rejected in staging: … JWT=REDACTED\`,
  \`connection rejected (403 Forbidden)\`, \`connection closed\`; four of them count, A1–A4); a few
  WebSocket closes with 1011 are logged in the library's words (\`sent 1011 (internal error)
  keepalive ping timeout; …\`, \`received 1011 (internal error) …\`, legacy \`code = 1011 (unexpected
  error)\`, \`(code: 1011\`, \`with code 1011\`). One refused handshake carries a fake JWT in the URL
  (\`/ws?token=eyJ…\`, in the request log's \`requestUrl\` and in the uvicorn line) to exercise redaction.
- **${z(DEPLOY_AUDIT_US)}**: deploy of **${REV42}** (audit entry \`ReplaceService\`, NOTICE, empty
  revision). Its first entry is **${isoUs(first42.tsUs)}**; traffic moves at ${z(TRAFFIC_SWITCH_US)} and
  00041's last instance is drained. 00042 fixes the SSOT duplication (\`WebSocket Manager SSOT
  validation: PASS\`) and authenticates after accept (failures close with 1008: no 403). No finding
  of 00041 is later than 00042's first entry, so a window starting there contains none of them
  whether or not the tool also filters by revision.
- **${gap ? `${gap.start} .. ${gap.end}` : '(no gap)'}**: the health poller (a CI runner) is down from
  ${z(POLLER_PAUSE.fromUs)}; the only instance idles out and the service scales to zero: **${gap ? `${gap.minutes} minutes` : '-'} without a
  single entry**. A poll at ${isoUs(POLLER_PAUSE.untilUs)} cold-starts a new instance.
- **Monday**: daytime traffic on 00042, a second instance (${i6}), and one late finding on
  00042: ${lateText}.
- **${z(END_US)}**: the export (\`gcloud logging read\`, run at ${z(EXPORT_US)}). That is
  ${humanDuration(END_US - first42.tsUs)} after 00042's first entry: "zero SSOT warnings for 24 hours" cannot be
  claimed yet.

${instanceTable(world)}

## Ground truth

${truthTable(truths)}

Counting follows LOG-FORMATS.md §6 (one entry counts once per kind; a refused handshake counts
up to four times for auth_403, one per rule). Texts examined: \`jsonPayload.message\`,
\`jsonPayload.textPayload\`, \`textPayload\`, \`jsonPayload.error.value|message\`, and
\`httpRequest.status\` + path for A1; never \`raw_payload\`, ids, labels or traceback source lines.

### Expected verdicts

\`--at\` is given explicitly (never "now"). Exit codes per DESIGN.md: 0 CLEAN, 1 DIRTY,
2 INCONCLUSIVE. Reasons are the substance the verdict must state; wording is the tool's.

#### staging-26h.json

${verdictTable(t26)}

In short: the last 24 hours still contain 00041's last hour (DIRTY); judged only since the fix
(\`--since-revision latest\`) the history is too short and has a ${gap ? `${Math.round(gap.minutes)}-minute` : ''} hole (INCONCLUSIVE
for SSOT warnings, DIRTY for everything because of the late 1011); windows after the gap are
CLEAN for SSOT warnings and 403s.
`);
  for (const t of truths.slice(1)) {
    if (!t.expectedVerdicts?.length) continue;
    out.push(`#### ${t.file}\n\n${verdictTable(t)}\n`);
  }
  const t2 = truths.find((t) => t.file === 'staging-2h.jsonl')!;
  out.push(`Without \`--service\`, \`verify samples/${t2.file}\` is a usage error (exit 3): the file holds two services.

### Findings in staging-26h.json

${findingsList(t26)}

### What a naive grep counts

${naiveTable(truths)}

"403" hides in \`labels.instanceId\` (instance I4's id contains it), insertIds, latencies
(\`0.004031779s\`), span ids, trace ids, UUIDs (\`…-4038-…\` on a 422), \`"line": "403"\`, REST 403s
on \`/api/…\` and \`INTER-SERVICE AUTH=REDACTED Service not authorized (403)\`; "1011" in the
RACE CONDITION predictions, a UUID (\`…-1011-…\`), a timestamp (\`…09.721011Z\`) and a traceback
whose quoted source lines say \`close_code=1011\` and \`websocket.close(code=1011, …)\`; "SSOT" in INFO lines (\`WebSocket SSOT loaded -
CRITICAL …\`, \`WebSocket Manager SSOT validation: WARNING|PASS\`, \`SSOT WEBSOCKET AUTH=REDACTED …\`)
and in an SSOT-worded WARNING outside the counted families (\`SSOT CONSOLIDATION (Issue #824): …\`).

${decoyList(truths)}

## Format notes

- **staging-26h.json** — exactly what \`gcloud logging read --format=json\` prints: a JSON array,
  2-space indent, keys sorted at every level, non-ASCII as UTF-8, newest first, final newline.
  Timestamps in protobuf JSON form (6 fractional digits, fewer when exact: \`…08.403Z\`),
  \`receiveTimestamp\` with nanoseconds, latencies like \`0.002852s\`. Plain stdout/stderr lines have
  no \`severity\`; tracebacks are one ERROR entry with \`errorGroups\`.
- **staging-2h.jsonl** — one compact entry per line, oldest first, keys in LogEntry proto field
  order (\`textPayload\`, \`insertId\`, \`jsonPayload\`, \`httpRequest\`, \`resource\`, \`timestamp\`, …), like a
  Cloud Storage sink. Window ${z(SLICES.jsonl.fromUs)} .. ${z(SLICES.jsonl.untilUs)}: 00041's last findings, the deploy,
  00042's first instance, and \`${AUTH_SERVICE}\` entries.
- **python-client-dump.json** — the wrapper of the corpus' Python script
  (\`{collection_time, time_range, logs_by_severity, summary}\`), \`json.dump(indent=2)\` with
  \`ensure_ascii\` (emoji as \`\\ud83d\\udd11\`), snake_case entries (\`insert_id\`, \`json_payload\`,
  \`text_payload\`, \`span_id\`, \`http_request{method,url,status,user_agent,latency}\`),
  \`+00:00\` timestamps, Struct keys in map (shuffled) order, numbers in \`json_payload\` as floats,
  \`raw_payload\` = Python \`str()\` of the payload cut at 500 characters, grouped by severity and
  newest first inside a group. Filter \`severity>=INFO\`: lines without severity are absent by
  construction. No group reaches the script's 50-entry cap (a group of exactly 50 would mean an
  incomplete export).
- **uvicorn-stdout.log** — instance I3's own plain-text lines (gunicorn \`[… +0000] [pid] [LEVEL]\`,
  Python logging \`YYYY-mm-dd HH:MM:SS - logger - LEVEL -\`, uvicorn access lines without any time),
  JSON lines left out.

## Inferred, not observed

- Server-side 1011 lines: no real export has one (LOG-FORMATS §3.3). The samples use the library's
  exact wording inside plausible backend lines (\`[MAIN MODE] Connection error: …\`, an agent stream
  client, an MCP bridge).
- A request log in the Python-client dump (\`raw_payload_type: "NoneType"\`): the corpus dumps have
  none; this is what that script's code path produces for a payload-less entry.
- The frames of the traceback decoy are composed (the close calls they quote are those of
  LOG-FORMATS §3.1); it exists so that "quoted source lines are skipped" is tested.
- The audit entry is trimmed (the real one carries ~8 KB of service spec).

## Regenerate

\`\`\`
npm run samples                                    # build, then rewrite samples/
node dist/scripts/gen-samples.js --check           # exit 1 if samples/ differs from the generator
node dist/scripts/gen-samples.js --out /tmp/s --seed 7   # another story variant elsewhere
\`\`\`
`);
  return out.join('\n');
}
