import { usOf, US_PER_S, US_PER_MIN } from '../clock.js';
import { AUTH_SERVICE, BACKEND } from '../catalog.js';

/**
 * The samples' story, as data. Times are UTC. Everything the README says about the story is
 * read from here or computed from the generated entries, never typed twice.
 *
 * Sunday 2025-09-14, 20:00Z: staging runs revision 00041 of netra-backend-staging, which logs
 * the SSOT warnings (F1a at every container start, F3/F2 on every reconnect of a user who
 * already has a manager), refuses some WebSocket handshakes with 403 (JWT checked before
 * accept) and sees a few 1011 closes. At 23:03Z revision 00042 is deployed; it fixes the SSOT
 * duplication and the pre-accept JWT check. Overnight the health poller pauses, the instance
 * idles out and the service scales to zero: ~50 minutes with no entries at all. Monday
 * 17:41Z one keepalive timeout closes a WebSocket with 1011 on 00042. The export ends Monday
 * 22:00Z, 23 h after the fix: a "zero warnings for 24 h" claim cannot be made yet.
 */

export const REV41 = `${BACKEND}-00041-xk2`;
export const REV42 = `${BACKEND}-00042-p7q`;
export const AUTH_REV = `${AUTH_SERVICE}-00027-4fd`;

export const START_US = usOf('2025-09-14T20:00:00Z');
export const END_US = usOf('2025-09-15T22:00:00Z');
/** `gcloud logging read` ran 30 s after the end: entries received later are not in it. */
export const EXPORT_US = END_US + 30 * US_PER_S;

export const DEPLOY_AUDIT_US = usOf('2025-09-14T23:03:52.118406Z');
/** Traffic moves to 00042; 00041's instance is drained right after. */
export const TRAFFIC_SWITCH_US = usOf('2025-09-14T23:05:40Z');

/** The health poller (a CI runner) is down: no traffic, the instance idles out, scale to zero. */
export const POLLER_PAUSE = { fromUs: usOf('2025-09-15T02:54:00Z'), untilUs: usOf('2025-09-15T03:59:27.212006Z') };

export type BootKind = 'before-window' | 'autoscaling' | 'rollout';
export type EndKind = 'oom' | 'idle' | 'drained' | 'alive';

export interface InstancePlan {
  name: string;
  revision: string;
  startUs: number;
  boot: BootKind;
  acceptUntilUs: number;
  endUs: number;
  end: EndKind;
  /** A literal forced into labels.instanceId (decoy: "403" inside a hex id). */
  idContains?: string;
}

export const INSTANCES: readonly InstancePlan[] = [
  {
    name: 'I1',
    revision: REV41,
    startUs: usOf('2025-09-14T19:41:07.551203Z'),
    boot: 'before-window',
    acceptUntilUs: usOf('2025-09-14T22:29:14.208117Z'),
    endUs: usOf('2025-09-14T22:29:14.208117Z'),
    end: 'oom',
  },
  {
    name: 'I2',
    revision: REV41,
    startUs: usOf('2025-09-14T20:36:50.114279Z'),
    boot: 'autoscaling',
    acceptUntilUs: usOf('2025-09-14T21:09:30Z'),
    endUs: usOf('2025-09-14T21:24:41.902113Z'),
    end: 'idle',
  },
  {
    name: 'I3',
    revision: REV41,
    startUs: usOf('2025-09-14T22:29:40.330871Z'),
    boot: 'autoscaling',
    acceptUntilUs: TRAFFIC_SWITCH_US,
    endUs: usOf('2025-09-14T23:06:05.417760Z'),
    end: 'drained',
  },
  {
    name: 'I4',
    revision: REV42,
    startUs: usOf('2025-09-14T23:04:31.662015Z'),
    boot: 'rollout',
    acceptUntilUs: POLLER_PAUSE.fromUs,
    endUs: usOf('2025-09-15T03:09:12.530144Z'),
    end: 'idle',
    idContains: '403',
  },
  {
    name: 'I5',
    revision: REV42,
    startUs: usOf('2025-09-15T03:59:27.402113Z'),
    boot: 'autoscaling',
    acceptUntilUs: END_US + 60 * US_PER_MIN,
    endUs: END_US + 60 * US_PER_MIN,
    end: 'alive',
  },
  {
    name: 'I6',
    revision: REV42,
    startUs: usOf('2025-09-15T14:52:10.781934Z'),
    boot: 'autoscaling',
    acceptUntilUs: usOf('2025-09-15T19:32:00Z'),
    endUs: usOf('2025-09-15T19:47:05.126548Z'),
    end: 'idle',
  },
];

/** demo-user-001 (the QA account) reconnects all evening; on 00041 each reconnect logs F3 + F2. */
export const DEMO_USER = 'demo-user-001';
export const DEMO_RECONNECTS: readonly string[] = [
  '2025-09-14T20:14:22.118034Z',
  '2025-09-14T20:44:09.402771Z',
  '2025-09-14T21:02:51.660912Z',
  '2025-09-14T21:40:33.081245Z',
  '2025-09-14T22:05:12.733190Z',
  '2025-09-14T22:21:47.290466Z',
  '2025-09-14T22:38:05.514382Z',
  '2025-09-14T22:57:50.026671Z',
  '2025-09-15T09:31:18.447102Z',
  '2025-09-15T16:02:40.911836Z',
];

/** Refused handshakes (auth_403, the five-entry pattern of §4.1), all on 00041. */
export const HANDSHAKE_BURSTS: readonly { at: string; variants: readonly ('invalid' | 'missing' | 'invalid-token-in-url')[] }[] = [
  { at: '2025-09-14T20:41:12.733023Z', variants: ['invalid', 'invalid', 'missing'] },
  { at: '2025-09-14T22:47:31.104518Z', variants: ['invalid-token-in-url', 'missing'] },
];

export type Ws1011Event =
  | 'legacy-mcp'
  | 'keepalive-sent'
  | 'close-failed'
  | 'agent-stream-received'
  | 'disconnected-with-code'
  | 'factory-received';

/** WebSocket 1011 closes (ws_1011). The last one is the single late finding on 00042. */
export const WS1011_EVENTS: readonly { at: string; event: Ws1011Event }[] = [
  { at: '2025-09-14T20:22:41.318270Z', event: 'legacy-mcp' },
  { at: '2025-09-14T20:52:30.906413Z', event: 'keepalive-sent' },
  { at: '2025-09-14T21:33:48.552019Z', event: 'close-failed' },
  { at: '2025-09-14T22:13:09.174538Z', event: 'agent-stream-received' },
  { at: '2025-09-14T22:44:20.639807Z', event: 'disconnected-with-code' },
  { at: '2025-09-14T23:01:16.285104Z', event: 'factory-received' },
  { at: '2025-09-15T17:41:07.118532Z', event: 'keepalive-sent' },
];

/** F4 once, on 00041. */
export const F4_AT = '2025-09-14T21:12:05.447310Z';

/** Decoys planted at fixed times (LOG-FORMATS.md §5). */
export const DECOY_PLANTS = {
  tracebackQuotingClose1011: '2025-09-14T21:47:03.228914Z',
  rest403: ['2025-09-14T21:18:30.512840Z', '2025-09-15T11:05:10.338217Z', '2025-09-15T16:20:41.905563Z'],
  interServiceAuth403: '2025-09-15T09:12:44.501628Z',
  uuidWith403On422: '2025-09-15T13:31:02.817451Z',
  uuidWith1011: '2025-09-15T10:40:00.254019Z',
  line403Label: '2025-09-15T15:02:17.364902Z',
  timestampFraction1011: '2025-09-15T06:12:09.721011Z',
  latencyWith403: '2025-09-15T12:20:33.640218Z',
} as const;

/** Background browser sessions per UTC hour (the evening and Monday's working hours are busy). */
export function sessionsPerHour(hourUtc: number, day: 14 | 15): number {
  // 22:00-23:00 is kept light so the 30-minute Python-client dump stays under its 50-per-severity cap.
  if (day === 14) return hourUtc === 22 ? 1 : hourUtc === 23 ? 2 : 3;
  if (hourUtc <= 1) return 2;
  if (hourUtc === 2) return 1;
  if (hourUtc <= 6) return 0;
  if (hourUtc <= 12) return 1;
  if (hourUtc === 13) return 2;
  if (hourUtc <= 20) return 4;
  return 3;
}

/** Session starts are kept away from the moments where routing is ambiguous (crash, deploy, gap). */
export const QUIET_ZONES: readonly { fromUs: number; untilUs: number }[] = [
  { fromUs: usOf('2025-09-14T22:27:00Z'), untilUs: usOf('2025-09-14T22:32:00Z') },
  { fromUs: usOf('2025-09-14T23:01:30Z'), untilUs: usOf('2025-09-14T23:08:00Z') },
  { fromUs: usOf('2025-09-15T02:40:00Z'), untilUs: usOf('2025-09-15T04:05:00Z') },
  { fromUs: END_US - 3 * US_PER_MIN, untilUs: END_US + 60 * US_PER_MIN },
];

/** The three sample slices of the one world. */
export const SLICES = {
  /** JSON Lines sink, overlapping the deploy; holds the auth service too. */
  jsonl: { fromUs: usOf('2025-09-14T22:55:00Z'), untilUs: usOf('2025-09-15T00:55:00Z') },
  /** Python-client dump (severity >= INFO, 30 minutes around the crash/restart and a 403 burst). */
  python: { fromUs: usOf('2025-09-14T22:25:03.412977Z'), untilUs: usOf('2025-09-14T22:55:03.412977Z') },
  /** Plain text of instance I3 from its boot to just after its 403 burst. */
  text: { instance: 'I3', untilUs: usOf('2025-09-14T22:50:00Z') },
} as const;
