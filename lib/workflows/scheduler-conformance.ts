import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bank } from '../bank/bank.js';
import type { PlanRecord, ScheduledOperationRecord, TriggerRecord } from '../bank/records.js';
import type { ProtectablesView } from '../karbor/protectables-port.js';
import { formatKarborTime, nextOccurrences, scheduleFromProperties } from '../schedules/index.js';
import type { OperationScheduler } from './operation-scheduler.js';
import { scheduledCheckpointId } from './protect/scheduled-checkpoint-id.js';
import {
  type ScheduledRunInput,
  type ScheduledStart,
  startScheduledProtect,
} from './protect/scheduled-protect.js';

/**
 * The behaviour every OperationScheduler adapter must show (operation-scheduler.ts), run by
 * each adapter's own test file as lib/blocks/store-conformance.ts is for chunk stores. An
 * adapter is driven through a harness that knows how its runtime fires: the local one runs
 * its timer, the EventBridge one reads the schedule back from the Scheduler API, works out
 * when AWS would fire it, and hands over the target's input. Everything after a fire is the
 * shared first step of the scheduled run (startScheduledProtect), as in both runtimes.
 */
export interface SchedulerUnderTest {
  readonly scheduler: OperationScheduler;
  readonly bank: Bank;
  /** sets the clock the adapter (and the run's first step) reads */
  setClock(now: Date): void;
  /** when the armed schedule would fire next; undefined when nothing will fire */
  nextFire(operation: ScheduledOperationRecord): Promise<Date | undefined>;
  /** whether the adapter keeps any schedule for the operation, spent or not */
  isArmed(operation: ScheduledOperationRecord): Promise<boolean>;
  /**
   * Fires the next armed occurrence as the runtime would, with the clock at `clock`: returns the
   * input the started workflow gets, or undefined when nothing fires (or the runtime drops it).
   */
  fire(operation: ScheduledOperationRecord, clock: Date): Promise<ScheduledRunInput | undefined>;
  /** requests the adapter sent that the real service would refuse */
  requestProblems(): readonly string[];
  cleanup(): Promise<void>;
}

/** a Monday */
const epoch = new Date('2030-03-04T00:00:00Z');
const window = 20;
const hour = 3_600_000;
const day = 24 * hour;

interface TriggerKind {
  readonly name: string;
  readonly format: 'crontab' | 'calendar';
  readonly pattern: string;
  /** properties that leave exactly two occurrences after the epoch */
  readonly twoLeft: readonly Readonly<Record<string, string>>[];
}

const daily = (rule: string) => `BEGIN:VEVENT\nRRULE:FREQ=DAILY;BYHOUR=3;BYMINUTE=0${rule}\nEND:VEVENT`;

const triggerKinds: readonly TriggerKind[] = [
  {
    // Mon, Wed, Fri: the weekday list 9d4ea80 wrote as `2/2`, which AWS's grammar refuses
    name: 'a crontab EventBridge can recur by itself',
    format: 'crontab',
    pattern: '0 3 * * 1,3,5',
    twoLeft: [{ end_time: formatKarborTime(new Date(epoch.getTime() + 2 * day + 3 * hour)) }],
  },
  {
    name: 'a crontab that restricts both day fields',
    format: 'crontab',
    pattern: '0 3 1,15 * 1',
    twoLeft: [{ end_time: formatKarborTime(new Date(epoch.getTime() + 7 * day + 3 * hour)) }],
  },
  {
    name: 'a calendar rule',
    format: 'calendar',
    pattern: daily(''),
    twoLeft: [
      { pattern: daily(';COUNT=2') },
      {
        pattern: daily(
          `;UNTIL=${formatKarborTime(new Date(epoch.getTime() + day + 3 * hour))
            .replace(/[-:]/g, '')
            .replace(' ', 'T')}Z`,
        ),
      },
    ],
  },
];

/** The protectables of a plan whose graph is its resources, with no cloud behind it. */
const graphOnly: ProtectablesView = {
  listInstances: async () => [],
  showInstance: async () => {
    throw new Error('not used');
  },
  buildGraph: async (resources) =>
    JSON.stringify([
      Object.fromEntries(resources.map((r, i) => [`0x${i}`, [r.type, r.id, r.name, r.extra_info]])),
      [],
    ]),
};

const describeOperationSchedulerConformance = (
  name: string,
  open: () => Promise<SchedulerUnderTest>,
): void => {
  describe(`operation scheduler conformance: ${name}`, () => {
    const project = randomUUID().replaceAll('-', '');
    let subject: SchedulerUnderTest;
    let plan: PlanRecord;
    let clock = epoch;
    let executions = 0;

    const setClock = (now: Date) => {
      clock = now;
      subject.setClock(now);
    };

    beforeAll(async () => {
      subject = await open();
      setClock(epoch);
      plan = await subject.bank.plans.create({
        id: randomUUID(),
        project_id: project,
        created_at: epoch.toISOString(),
        name: 'plan',
        description: null,
        provider_id: 'cf56bd3e-97a7-4078-b6d5-f36246333fd9',
        status: 'started',
        resources: [{ id: project, type: 'OS::Keystone::Project', name: 'demo' }],
        parameters: {},
      });
    });
    afterAll(async () => subject?.cleanup());

    const armed = async (kind: TriggerKind, properties: Readonly<Record<string, string>> = {}) => {
      setClock(epoch);
      const trigger: TriggerRecord = await subject.bank.triggers.create({
        id: randomUUID(),
        project_id: project,
        created_at: epoch.toISOString(),
        name: kind.name,
        type: 'time',
        properties: {
          format: kind.format,
          pattern: kind.pattern,
          start_time: formatKarborTime(epoch),
          window: String(window),
          ...properties,
        },
      });
      const operation = await subject.bank.scheduledOperations.create({
        id: randomUUID(),
        project_id: project,
        created_at: epoch.toISOString(),
        name: 'nightly',
        description: null,
        operation_type: 'protect',
        trigger_id: trigger.id,
        operation_definition: { provider_id: plan.provider_id, plan_id: plan.id },
        enabled: true,
        user_id: 'u1',
        trust_id: null,
      });
      await subject.scheduler.arm(operation, trigger);
      const occurrences = nextOccurrences(scheduleFromProperties(trigger.properties), epoch, 3);
      return { operation, occurrences };
    };

    /** The scheduled run's first step, as StartProtect runs it after the fire. */
    const run = (input: ScheduledRunInput): Promise<ScheduledStart> =>
      startScheduledProtect(
        { bank: subject.bank, scheduler: subject.scheduler, protectables: () => graphOnly, now: clock },
        input,
        `execution-${++executions}`,
      );

    /** Fires the armed occurrence `lateSeconds` after its time and runs the first step. */
    const fireAndRun = async (
      operation: ScheduledOperationRecord,
      expected: Date | undefined,
      lateSeconds = 0,
    ) => {
      expect(expected, 'the schedule has this occurrence').toBeDefined();
      expect((await subject.nextFire(operation))?.toISOString(), 'armed for the expected occurrence').toBe(
        expected?.toISOString(),
      );
      const at = new Date((expected as Date).getTime() + lateSeconds * 1000);
      setClock(at);
      const input = await subject.fire(operation, at);
      expect(input, 'the fire started the workflow').toBeDefined();
      const scheduled = input as ScheduledRunInput;
      expect(scheduled).toMatchObject({ project_id: project, scheduled_operation_id: operation.id });
      expect(new Date(scheduled.occurrence ?? '').toISOString()).toBe(expected?.toISOString());
      return { input: scheduled, start: await run(scheduled) };
    };

    const checkpointOf = (operation: ScheduledOperationRecord, input: ScheduledRunInput) =>
      subject.bank.checkpoints.get(project, scheduledCheckpointId(operation.id, input.occurrence ?? ''));

    describe.each(triggerKinds)('$name', (kind) => {
      it('fires at its first occurrence, and after each fire the next one is armed', async () => {
        const { operation, occurrences } = await armed(kind);
        for (const occurrence of occurrences.slice(0, 2)) {
          const { input, start } = await fireAndRun(operation, occurrence);
          expect(start.skipped, JSON.stringify(start)).toBe(false);
          expect((await checkpointOf(operation, input))?.status).toBe('protecting');
        }
        expect((await subject.nextFire(operation))?.toISOString()).toBe(occurrences[2]?.toISOString());
      });

      it('skips a fire later than the window, makes nothing, and arms the next occurrence', async () => {
        const { operation, occurrences } = await armed(kind);
        const late = await fireAndRun(operation, occurrences[0], window + 10);
        expect(late.start).toMatchObject({
          skipped: true,
          reason: expect.stringContaining('dropped_out_of_window'),
        });
        expect(await checkpointOf(operation, late.input)).toBeUndefined();
        const onTheEdge = await fireAndRun(operation, occurrences[1], window);
        expect(onTheEdge.start.skipped).toBe(false);
      });

      it.each(kind.twoLeft)('deletes the schedule once the rule is exhausted (%o)', async (properties) => {
        const { operation, occurrences } = await armed(kind, properties);
        expect(occurrences).toHaveLength(2);
        await fireAndRun(operation, occurrences[0]);
        expect(await subject.isArmed(operation)).toBe(true);
        await fireAndRun(operation, occurrences[1]);
        expect(await subject.nextFire(operation)).toBeUndefined();
        expect(await subject.isArmed(operation), 'no schedule is left behind').toBe(false);
      });

      it('is disarmed when the operation is deleted, even with a delivery in flight', async () => {
        const { operation, occurrences } = await armed(kind);
        setClock(occurrences[0] as Date);
        const inFlight = await subject.fire(operation, occurrences[0] as Date);
        await subject.scheduler.disarm(operation);
        await subject.bank.scheduledOperations.remove(project, operation.id);
        expect(await subject.isArmed(operation)).toBe(false);
        expect(await run(inFlight as ScheduledRunInput)).toMatchObject({ skipped: true });
        expect(await subject.isArmed(operation), 'the late delivery armed nothing').toBe(false);
        expect(await subject.nextFire(operation)).toBeUndefined();
      });

      it('pauses while karbor-operationengine is disabled and resumes when it is enabled', async () => {
        const { operation, occurrences } = await armed(kind);
        const engine = (await subject.bank.services.list()).find(
          (s) => s.binary === 'karbor-operationengine',
        );
        await subject.bank.services.setStatus(engine?.id ?? 1, 'disabled', 'maintenance');
        try {
          const paused = await fireAndRun(operation, occurrences[0]);
          expect(paused.start).toMatchObject({ skipped: true, reason: expect.stringContaining('disabled') });
          expect(await checkpointOf(operation, paused.input)).toBeUndefined();
          const logs = await subject.bank.operationLogs.list(project);
          expect(logs.filter((l) => l.scheduled_operation_id === operation.id)).toEqual([
            expect.objectContaining({ status: 'skipped', error_info: expect.stringContaining('disabled') }),
          ]);
        } finally {
          await subject.bank.services.setStatus(engine?.id ?? 1, 'enabled', null);
        }
        const resumed = await fireAndRun(operation, occurrences[1]);
        expect(resumed.start.skipped).toBe(false);
      });
    });

    it('sent only requests the real service accepts', () => {
      expect(subject.requestProblems()).toEqual([]);
    });
  });
};

export { describeOperationSchedulerConformance };
