import { AUTH_SERVICE, BACKEND } from './catalog.js';
import { isoUs, US_PER_MIN, US_PER_S } from './clock.js';
import type { WorldEntry } from './model.js';
import { Rng } from './prng.js';
import { renderGcloudArray, sortKeysDeep } from './render/gcloudArray.js';
import { lineTimestamp, plainTextLines, renderPlainText } from './render/plainText.js';
import { PER_SEVERITY_CAP, renderPythonDump } from './render/pythonDump.js';
import { renderSinkJsonl, sinkOrder } from './render/sinkJsonl.js';
import { renderReadme } from './readme.js';
import { scenarioFor, SCENARIOS_26H, SCENARIOS_2H, SCENARIOS_PYTHON } from './scenarios.js';
import { END_US, EXPORT_US, SLICES, START_US } from './story/plan.js';
import { buildWorld, type World } from './story/world.js';
import { computeTruth, type FileTruth } from './truth.js';
import { expectVerdict } from './verdict.js';

export const DEFAULT_SEED = 20250915;

export interface SampleFile {
  name: string;
  content: string;
}

export interface Samples {
  world: World;
  files: SampleFile[];
  truths: FileTruth[];
}

function truthFileName(sample: string): string {
  return sample.replace(/\.(json|jsonl|log)$/, '') + '.truth.json';
}

/** UTC with `Z`, without a fraction on whole seconds. */
const z = (us: number): string => isoUs(us).replace('.000000Z', 'Z');

function inRange(w: WorldEntry, fromUs: number, untilUs: number): boolean {
  return w.tsUs >= fromUs && w.tsUs < untilUs;
}

/** Every sample file (and its truth, and the README) from one seed. Pure: no I/O, no clock. */
export function generateSamples(seed = DEFAULT_SEED): Samples {
  const world = buildWorld(seed);
  const files: SampleFile[] = [];
  const truths: FileTruth[] = [];
  const add = (name: string, content: string, truth: FileTruth): void => {
    files.push({ name, content });
    truths.push(truth);
  };

  // 1. The 26-hour gcloud export of the backend (the gcloud filter named the service).
  {
    const name = 'staging-26h.json';
    const picked = world.entries.filter((w) => w.service === BACKEND && inRange(w, START_US, END_US) && w.receiveUs <= EXPORT_US);
    const truth = computeTruth(
      {
        file: name,
        format: 'gcloud-array',
        description: `gcloud logging read 'resource.labels.service_name="${BACKEND}" AND timestamp>="${z(START_US)}" AND timestamp<"${z(END_US)}"' --format=json, run at ${z(EXPORT_US)}`,
        notes: [
          'Entries received after the export ran are absent: a WebSocket still open at the end has no request log yet.',
          'I1 started before the window, so its F1a warning is not in the file: no F1a does not mean no warning.',
        ],
      },
      picked,
      (w) => JSON.stringify(sortKeysDeep(w.entry), null, 2),
    );
    truth.expectedVerdicts = SCENARIOS_26H.map((s) => expectVerdict(picked, scenarioFor(s, BACKEND, END_US)));
    add(name, renderGcloudArray(picked), truth);
  }

  // 2. A two-hour JSON Lines sink file overlapping the deploy; the sink takes every service.
  {
    const name = 'staging-2h.jsonl';
    const { fromUs, untilUs } = SLICES.jsonl;
    const picked = world.entries.filter((w) => inRange(w, fromUs, untilUs) && w.receiveUs <= untilUs + 5 * US_PER_MIN);
    const truth = computeTruth(
      {
        file: name,
        format: 'jsonl',
        description: `Cloud Storage sink file (all services of the project), ${z(fromUs)} .. ${z(untilUs)}; oldest first; proto field order`,
        notes: [
          `Overlaps staging-26h.json: the ${BACKEND} entries are the same entries (same insertIds); ingesting both must not double-count.`,
          'Two services: verify needs --service.',
        ],
      },
      picked,
      (w) => JSON.stringify(sinkOrder(w.entry)),
    );
    truth.expectedVerdicts = SCENARIOS_2H(BACKEND, AUTH_SERVICE).map((s) => expectVerdict(picked, scenarioFor(s, s.service!, untilUs)));
    add(name, renderSinkJsonl(picked), truth);
  }

  // 3. The Python-client dump (severity >= INFO, grouped by severity, capped at 50 per group).
  {
    const name = 'python-client-dump.json';
    const { fromUs, untilUs } = SLICES.python;
    const candidates = world.entries.filter((w) => w.service === BACKEND && inRange(w, fromUs, untilUs) && w.receiveUs <= untilUs + 2 * US_PER_S);
    const dump = renderPythonDump(candidates, SLICES.python, new Rng(seed, 'python-dump'));
    if (dump.capped || dump.groups.some((g) => g.count >= PER_SEVERITY_CAP)) {
      throw new Error(`python dump reaches the ${PER_SEVERITY_CAP}-per-severity cap: ${JSON.stringify(dump.groups)}; shorten the slice`);
    }
    const truth = computeTruth(
      {
        file: name,
        format: 'wrapper-by-severity',
        description: `Python google-cloud-logging script dump, filter severity>=INFO, ${isoUs(fromUs)} .. ${isoUs(untilUs)}, at most ${PER_SEVERITY_CAP} per severity (no group reached it)`,
        notes: [
          'Entries without severity (gunicorn/uvicorn text lines) are not in this dump: A2/A3 (403) lines and text-only 1011 lines cannot appear.',
          'Request logs have no payload: raw_payload_type "NoneType", raw_payload "None" (what the script does for them; the corpus dumps have no such entry).',
          'Numbers inside json_payload are floats (message_length 910.0), as the Python client returns Struct values.',
        ],
      },
      dump.written,
      dump.entryText,
    );
    truth.expectedVerdicts = SCENARIOS_PYTHON.map((s) => expectVerdict(dump.written, scenarioFor(s, BACKEND, untilUs)));
    add(name, dump.text, truth);
  }

  // 4. Plain text: instance I3's own output from its boot to just after its 403 burst.
  {
    const name = 'uvicorn-stdout.log';
    const inst = world.instances.find((i) => i.name === SLICES.text.instance)!;
    const lines = plainTextLines(world.entries, inst.name, inst.startUs, SLICES.text.untilUs);
    const lineNo = new Map(lines.map((w, i) => [w, i + 1]));
    const truth = computeTruth(
      {
        file: name,
        format: 'text',
        description: `Plain-text output of instance ${inst.name} (${inst.where.revision}) from its start to ${z(SLICES.text.untilUs)}; JSON lines left out`,
        notes: [
          'Plain text carries no service, revision or insertId. Timestamps are those the lines state (second precision); uvicorn access lines and a few others have none.',
          `untimed lines: ${lines.filter((w) => lineTimestamp(w.entry.textPayload!) === null).length}`,
        ],
      },
      lines,
      (w) => w.entry.textPayload!,
      { plainText: true, lineOf: (w) => lineNo.get(w)!, timestampOf: (w) => lineTimestamp(w.entry.textPayload!) },
    );
    add(name, renderPlainText(lines), truth);
  }

  for (const t of [...truths]) files.push({ name: truthFileName(t.file), content: `${JSON.stringify(t, null, 2)}\n` });
  files.push({ name: 'README.md', content: renderReadme(world, truths, files) });
  return { world, files, truths };
}
