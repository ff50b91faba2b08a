import { auditReplaceService, type Where } from '../builders.js';
import { AUTH_SERVICE, BACKEND, PROJECT, REGION, USER_AGENTS, REST_CALLS } from '../catalog.js';
import { protoTs, usOf, US_PER_H, US_PER_MIN, US_PER_MS, US_PER_S } from '../clock.js';
import { auditInsertId, instanceIdFor } from '../ids.js';
import type { WorldEntry } from '../model.js';
import { Rng } from '../prng.js';
import { Emitter, type Inst } from './emitter.js';
import { f4Violation, plantDecoys, ws1011 } from './incidents.js';
import { bootInstance, endInstance } from './lifecycle.js';
import {
  AUTH_REV,
  DECOY_PLANTS,
  DEMO_RECONNECTS,
  DEMO_USER,
  DEPLOY_AUDIT_US,
  END_US,
  F4_AT,
  HANDSHAKE_BURSTS,
  INSTANCES,
  POLLER_PAUSE,
  QUIET_ZONES,
  REV41,
  REV42,
  sessionsPerHour,
  START_US,
  TRAFFIC_SWITCH_US,
  WS1011_EVENTS,
  type InstancePlan,
} from './plan.js';
import { healthCheck, refusedHandshake, rest403, restCall, wsConnection } from './traffic.js';

export interface World {
  entries: WorldEntry[];
  instances: Inst[];
  plans: readonly InstancePlan[];
  seed: number;
}

const SERVICE_LABELS = { 'migration-run': '1757801912', 'vpc-connectivity': 'enabled' };

/** Browser users besides demo-user-001; a few repeat, so 00041 logs F3/F2 for them too. */
const USERS: readonly { user: string; ip: string }[] = [
  { user: 'u_5f2c9a71', ip: '98.207.41.203' },
  { user: 'u_8b1d03e4', ip: '24.4.187.66' },
  { user: 'u_c47a9e10', ip: '71.198.20.145' },
  { user: 'u_2e6f4b88', ip: '67.180.93.7' },
  { user: 'u_9d03aa15', ip: '104.28.53.119' },
  { user: 'u_71fe2c3b', ip: '76.126.240.31' },
  { user: 'qa-e2e-staging', ip: '34.121.77.208' },
];

function makeInstance(plan: InstancePlan, rng: Rng): Inst {
  const where: Where = {
    project: PROJECT,
    location: REGION,
    service: BACKEND,
    revision: plan.revision,
    instanceId: instanceIdFor(rng.fork(`id-${plan.name}`), plan.idContains),
    serviceLabels: SERVICE_LABELS,
  };
  const masterPid = rng.range(9, 14);
  return {
    name: plan.name,
    where,
    masterPid,
    workerPid: masterPid + 1,
    startUs: plan.startUs,
    readyUs: plan.startUs,
    acceptUntilUs: plan.acceptUntilUs,
    endUs: plan.endUs,
    managers: new Map(),
  };
}

/**
 * Generates the whole story once (all services, a margin past the end); each sample file is
 * a slice or a rendering of this one list, so overlapping samples share insertIds.
 */
export function buildWorld(seed: number): World {
  const root = new Rng(seed, 'world');
  const em = new Emitter(root.fork('emitter'));
  const instances = INSTANCES.map((p) => makeInstance(p, root.fork('instances')));
  const byName = new Map(instances.map((i) => [i.name, i]));
  // demo-user-001 was connected to I1 before the window: its first reconnect already duplicates.
  byName.get('I1')!.managers.set(DEMO_USER, 1);

  const auth: Inst = {
    name: 'auth',
    where: {
      project: PROJECT,
      location: REGION,
      service: AUTH_SERVICE,
      revision: AUTH_REV,
      instanceId: instanceIdFor(root.fork('id-auth')),
      serviceLabels: {},
    },
    masterPid: 7,
    workerPid: 8,
    startUs: START_US - 6 * US_PER_H,
    readyUs: START_US - 6 * US_PER_H,
    acceptUntilUs: END_US + US_PER_H,
    endUs: END_US + US_PER_H,
    managers: new Map(),
  };

  for (const plan of INSTANCES) {
    const inst = byName.get(plan.name)!;
    const life = em.fork(`life-${plan.name}`);
    if (plan.boot !== 'before-window') {
      const coldAfterIdle = plan.name === 'I5';
      inst.readyUs = bootInstance(life, root.fork(`boot-${plan.name}`), inst, plan.boot, plan.revision === REV41, coldAfterIdle);
    }
    endInstance(life, root.fork(`end-${plan.name}`), inst, plan.end);
  }

  const routeRng = root.fork('route');
  /** The instance that serves a request arriving at `t` (a request just before a start triggers it). */
  const route = (t: number): Inst | null => {
    const rev = t < TRAFFIC_SWITCH_US ? REV41 : REV42;
    const live = instances.filter((i) => i.where.revision === rev && i.startUs - US_PER_S <= t && t < i.acceptUntilUs);
    if (live.length === 0) return null;
    return live.length === 1 ? live[0]! : routeRng.pick(live);
  };
  const coldExtra = (inst: Inst, t: number): number => (t < inst.readyUs ? inst.readyUs - t : 0);

  // Health poller, every ~5 minutes, backend and auth service.
  {
    const pem = em.fork('poller');
    const prng = root.fork('poller');
    let t = START_US + 3 * US_PER_S + prng.int(US_PER_S);
    while (t < END_US + 10 * US_PER_MIN) {
      if (t >= POLLER_PAUSE.fromUs && t < POLLER_PAUSE.untilUs) t = POLLER_PAUSE.untilUs;
      const inst = route(t);
      if (inst) healthCheck(pem, prng, inst, t, coldExtra(inst, t));
      healthCheck(pem, prng, auth, t + prng.range(150, 400) * US_PER_MS);
      t += 300 * US_PER_S + (prng.int(30 * US_PER_S) - 15 * US_PER_S);
    }
  }

  // Browser sessions: a few REST calls, then a WebSocket.
  const sessionRng = root.fork('sessions');
  const session = (t: number, user: string, ip: string, userAgent: string, demo: boolean, label: string): void => {
    const inst = route(t);
    if (!inst) return;
    const sem = em.fork(`session-${label}`);
    const srng = sessionRng.fork(label);
    let ct = t;
    const calls = srng.range(2, 3);
    for (let i = 0; i < calls; i++) {
      const call = REST_CALLS[srng.int(REST_CALLS.length)]!;
      const latencyUs = srng.range(call.ms[0], call.ms[1]) * US_PER_MS + srng.int(US_PER_MS);
      restCall(sem, srng, inst, ct, {
        method: call.method,
        path: call.path,
        status: 200,
        latencyUs: latencyUs + coldExtra(inst, ct),
        userAgent,
        remoteIp: ip,
        responseSize: srng.range(call.size[0], call.size[1]),
        referer: 'https://app.staging.netrasystems.ai/',
      });
      ct += srng.range(120, 900) * US_PER_MS;
    }
    const wsAt = ct + srng.range(300, 1_500) * US_PER_MS;
    const oldCode = inst.where.revision === REV41;
    wsConnection(
      sem,
      srng,
      inst,
      auth,
      wsAt,
      {
        user,
        userAgent,
        remoteIp: ip,
        durationUs: srng.range(45, 1_500) * US_PER_S + srng.int(US_PER_S),
        authFails: !oldCode && !demo && srng.chance(0.12),
      },
      oldCode,
    );
  };

  const inQuiet = (t: number): boolean =>
    QUIET_ZONES.some((z) => t >= z.fromUs && t < z.untilUs) || (t >= POLLER_PAUSE.fromUs && t < POLLER_PAUSE.untilUs);
  DEMO_RECONNECTS.forEach((iso, i) => session(usOf(iso), DEMO_USER, '98.207.41.203', USER_AGENTS.browsers[0], true, `demo-${i}`));
  for (let h = START_US; h < END_US; h += US_PER_H) {
    const d = new Date(h / 1000);
    const n = sessionsPerHour(d.getUTCHours(), d.getUTCDate() === 14 ? 14 : 15);
    for (let i = 0; i < n; i++) {
      const t = h + sessionRng.int(US_PER_H);
      if (inQuiet(t)) continue;
      const u = sessionRng.pick(USERS);
      session(t, u.user, u.ip, sessionRng.pick(USER_AGENTS.browsers), false, `bg-${h}-${i}`);
    }
  }

  // Scheduled incidents.
  const inc = em.fork('incidents');
  const incRng = root.fork('incidents');
  const at = (iso: string): { inst: Inst; t: number } => {
    const t = usOf(iso);
    const inst = route(t);
    if (!inst) throw new Error(`no instance serves ${iso}`);
    return { inst, t };
  };
  for (const burst of HANDSHAKE_BURSTS) {
    const { inst, t } = at(burst.at);
    // The first two interleave within the same millisecond, as in the corpus (§4.1).
    const offsets = [0, 394, 412_118, 913_402];
    burst.variants.forEach((v, i) => {
      const client = { userAgent: USER_AGENTS.browsers[1], remoteIp: i % 2 === 0 ? '68.134.22.91' : '98.207.41.203' };
      refusedHandshake(inc, incRng, inst, t + offsets[i]!, v, client);
    });
  }
  for (const ev of WS1011_EVENTS) {
    const { inst, t } = at(ev.at);
    ws1011(inc, inst, t, ev.event);
  }
  {
    const { inst, t } = at(F4_AT);
    f4Violation(inc, inst, t);
  }
  plantDecoys(inc, incRng, at, DECOY_PLANTS, (inst, t, path, method) => rest403(inc, incRng, inst, t, path, method));

  // The deploy of 00042 (audit entry: NOTICE, empty revision_name).
  {
    const arng = root.fork('audit');
    const receiveUs = DEPLOY_AUDIT_US + 180 * US_PER_MS;
    const principal = 'github-staging-deployer@netra-staging.iam.gserviceaccount.com';
    const entry = auditReplaceService(
      { timestamp: protoTs(DEPLOY_AUDIT_US), receiveTimestamp: protoTs(receiveUs, 312), insertId: auditInsertId(arng) },
      {
        project: PROJECT,
        location: REGION,
        service: BACKEND,
        principal,
        callerIp: '68.134.22.91',
        userAgent: `google-cloud-sdk gcloud/538.0.0 command/gcloud.run.deploy invocation-id/${arng.hex(32)} environment/None environment-version/None client-os/LINUX interactive/False from-script/True python/3.12.10 term/ (Linux 6.8.0-1031-azure),gzip(gfe)`,
        requestTime: protoTs(DEPLOY_AUDIT_US + 151 * US_PER_MS),
        newRevision: REV42,
        generation: 42,
        minScale: '0',
      },
    );
    em.push(entry, DEPLOY_AUDIT_US, receiveUs, { ...auth.where, service: BACKEND, revision: '', serviceLabels: {} }, '');
  }

  const entries = em.entries.sort((x, y) => x.tsUs - y.tsUs || (x.entry.insertId < y.entry.insertId ? -1 : 1));
  checkStory(entries);
  return { entries, instances, plans: INSTANCES, seed };
}

/** The README's claims about the story, enforced: if the generator drifts, it fails loudly. */
function checkStory(entries: readonly WorldEntry[]): void {
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.entry.insertId)) throw new Error(`duplicate insertId ${e.entry.insertId}`);
    ids.add(e.entry.insertId);
  }
  const first42 = entries.find((e) => e.revision === REV42);
  if (!first42) throw new Error('revision 00042 never logged');
  const late41 = entries.filter((e) => e.finding && e.revision === REV41 && e.tsUs >= first42.tsUs);
  if (late41.length) throw new Error(`00041 findings after 00042's first entry: ${late41.map((e) => e.entry.insertId).join(', ')}`);
  const f42 = entries.filter((e) => e.finding && e.revision === REV42 && e.tsUs < END_US);
  if (f42.length !== 1) throw new Error(`expected exactly one late finding on 00042, got ${f42.length}`);
}
