import { US_PER_MS, US_PER_S } from '../clock.js';
import {
  DECOY,
  F1A_CLASSES_11,
  f1aMessage,
  PROBE_OK,
  SCALING,
  STARTUP_A_BEFORE_SSOT,
  STARTUP_B,
  CONTAINER,
} from '../catalog.js';
import type { Rng } from '../prng.js';
import type { Emitter, Inst } from './emitter.js';
import type { BootKind, EndKind } from './plan.js';

const F1A = f1aMessage(F1A_CLASSES_11);
// The doc's count for the 11-class variant; a typo in the class list would silently change the fingerprint.
if (F1A.length !== 910) throw new Error(`F1a message must be 910 characters, got ${F1A.length}`);

const STDLIB = { module: 'logging', fn: 'callHandlers', line: '1706' } as const;

/**
 * A container start (LOG-FORMATS.md §1.6 + the order of the corpus' startup sequences).
 * Returns when the worker is ready to serve. `oldCode` = revision 00041 (F1a at import time).
 */
export function bootInstance(em: Emitter, rng: Rng, inst: Inst, kind: BootKind, oldCode: boolean, coldAfterIdle: boolean): number {
  let t = inst.startUs;
  const step = (minUs: number, maxUs: number): number => (t += rng.range(minUs, maxUs));
  const reason = kind === 'rollout' ? 'DEPLOYMENT_ROLLOUT' : 'AUTOSCALING';
  em.varlog(inst, t, kind === 'rollout' ? SCALING.rollout : SCALING.autoscaling, 'INFO', { scaling_reason: reason });

  step(2_300_000, 2_600_000);
  em.gunicorn(inst, t, 'master', 'INFO', 'Starting gunicorn 23.0.0');
  step(200, 400);
  em.gunicorn(inst, t, 'master', 'INFO', `Listening at: http://0.0.0.0:8000 (${inst.masterPid})`);
  step(30, 60);
  em.gunicorn(inst, t, 'master', 'INFO', 'Using worker: uvicorn.workers.UvicornWorker');
  step(250, 400);
  em.varlog(inst, t, PROBE_OK, 'INFO');
  step(5_000, 7_000);
  em.gunicorn(inst, t, 'master', 'INFO', `Booting worker with pid: ${inst.workerPid}`);
  step(40_000, 50_000);
  em.text(inst, t, 'stdout', 'Backend Service: Running in staging - skipping .env file loading (using GSM)');
  if (oldCode) {
    step(150, 300);
    em.text(inst, t, 'stdout', DECOY.oauthMismatch, {}, { decoy: 'warning_word_in_text' });
  }

  step(950_000, 1_050_000);
  for (const line of STARTUP_A_BEFORE_SSOT) {
    step(20, 3_000);
    em.a(inst, t, line.logger, line.message, line.severity);
  }
  step(15_000, 25_000);
  em.a(inst, t, 'netra_backend.app.websocket_core', DECOY.ssotLoaded, 'INFO', { decoy: 'ssot_loaded_critical_info' });
  step(1_000, 4_000);
  const wsManager = 'netra_backend.app.websocket_core.websocket_manager';
  if (oldCode) {
    em.a(inst, t, wsManager, F1A, 'WARNING', { finding: { kind: 'ssot_warning', family: 'F1a' } });
    step(60, 200);
    em.a(inst, t, wsManager, DECOY.managerValidationWarning, 'INFO', { decoy: 'ssot_validation_warning_info' });
  } else {
    em.a(inst, t, wsManager, DECOY.managerValidationPass, 'INFO', { decoy: 'ssot_validation_pass_info' });
  }
  step(8_000, 14_000);
  em.a(inst, t, 'netra_backend.app.services.websocket_error_validator', DECOY.errorValidatorLoaded, 'INFO', {
    decoy: 'ssot_word_info',
  });
  if (!oldCode) {
    step(500, 2_000);
    em.b(
      inst,
      t,
      { module: 'netra_backend.app.websocket_core.unified_manager', fn: '<module>', line: '61', message: DECOY.ssotConsolidation, severity: 'WARNING' },
      { decoy: 'ssot_worded_warning_not_a_family' },
    );
  }

  step(300_000, 500_000);
  for (const line of STARTUP_B) {
    step(30, 9_000);
    em.b(inst, t, { ...STDLIB, message: line.message, severity: line.severity });
  }
  // The startup race check (smd.py) predicts 1011s; it is not a close.
  if (oldCode || coldAfterIdle) {
    step(2_000_000, 2_200_000);
    em.b(
      inst,
      t,
      {
        module: 'netra_backend.app.smd',
        fn: '_wait_for_startup_phase',
        line: '412',
        contextName: 'netra_backend.app.smd',
        message: oldCode ? DECOY.raceConditionWould : DECOY.raceConditionQueued,
        severity: 'WARNING',
      },
      { decoy: 'race_condition_1011_prediction' },
    );
  }
  step(20_000, 40_000);
  em.gunicorn(inst, t, 'worker', 'INFO', `Started server process [${inst.workerPid}]`);
  step(40, 90);
  em.gunicorn(inst, t, 'worker', 'INFO', 'Waiting for application startup.');
  step(150_000, 300_000);
  em.gunicorn(inst, t, 'worker', 'INFO', 'Application startup complete.');
  return t + 5 * US_PER_MS;
}

/** The end of an instance: idle scale-down, drain after a deploy, or an out-of-memory kill. */
export function endInstance(em: Emitter, rng: Rng, inst: Inst, kind: EndKind): void {
  if (kind === 'alive') return;
  let t = inst.endUs;
  const step = (minUs: number, maxUs: number): number => (t += rng.range(minUs, maxUs));
  if (kind === 'oom') {
    em.varlog(
      inst,
      t,
      'Memory limit of 4096 MiB exceeded with 4127 MiB used. Consider increasing the memory limit, see https://cloud.google.com/run/docs/configuring/memory-limits',
      'ERROR',
    );
    step(90_000, 160_000);
    em.varlog(inst, t, 'Container terminated on signal 9.', 'WARNING', { container_name: CONTAINER });
    return;
  }
  if (kind === 'drained') {
    em.varlog(inst, t, 'Shutting down user disabled instance', 'INFO');
    step(200_000, 400_000);
  }
  em.gunicorn(inst, t, 'master', 'INFO', 'Handling signal: term');
  step(1_000, 3_000);
  em.gunicorn(inst, t, 'worker', 'INFO', 'Shutting down');
  step(100_000, 300_000);
  em.gunicorn(inst, t, 'worker', 'INFO', 'Waiting for application shutdown.');
  step(5_000, 40_000);
  em.b(inst, t, {
    module: 'netra_backend.app.shutdown',
    fn: 'run_complete_shutdown',
    line: '186',
    contextName: 'netra_backend.app.smd',
    message: 'Application shutdown complete.',
    severity: 'INFO',
  });
  step(100, 400);
  em.gunicorn(inst, t, 'worker', 'INFO', 'Application shutdown complete.');
  step(50, 150);
  em.gunicorn(inst, t, 'worker', 'INFO', `Finished server process [${inst.workerPid}]`);
  step(30_000, 90_000);
  em.gunicorn(inst, t, 'master', 'ERROR', `Worker (pid:${inst.workerPid}) was sent SIGTERM!`);
  step(100_000, 300_000);
  em.gunicorn(inst, t, 'master', 'INFO', 'Shutting down: Master');
  if (t > inst.endUs + 5 * US_PER_S) throw new Error(`shutdown of ${inst.name} ran long`);
}
