import type { CreateScheduleCommandInput, SchedulerClient } from '@aws-sdk/client-scheduler';
import { isSchedulerName, parseSchedulerExpression } from '../../lib/schedules/index.js';

/**
 * What EventBridge Scheduler's CreateSchedule/UpdateSchedule would refuse, from the API
 * reference (scheduler-2021-06-30: member constraints, enums, patterns) and the schedule
 * expression grammar. moto accepts anything, so tests put this in front of it.
 */
export const scheduleRequestProblems = (input: CreateScheduleCommandInput): string[] => {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  check(isSchedulerName(input.Name ?? ''), `Name "${input.Name}" is not 1-64 of [0-9a-zA-Z-_.]`);
  if (input.GroupName !== undefined)
    check(isSchedulerName(input.GroupName), `GroupName "${input.GroupName}" is not 1-64 of [0-9a-zA-Z-_.]`);
  try {
    parseSchedulerExpression(input.ScheduleExpression ?? '');
  } catch (error) {
    problems.push(`ScheduleExpression: ${(error as Error).message}`);
  }
  const zone = input.ScheduleExpressionTimezone;
  if (zone !== undefined)
    check(zone.length >= 1 && zone.length <= 50, 'ScheduleExpressionTimezone is 1-50 characters');
  const flexible = input.FlexibleTimeWindow;
  check(
    flexible?.Mode === 'OFF' || flexible?.Mode === 'FLEXIBLE',
    'FlexibleTimeWindow.Mode is OFF or FLEXIBLE',
  );
  const minutes = flexible?.MaximumWindowInMinutes;
  check(
    flexible?.Mode === 'FLEXIBLE'
      ? minutes !== undefined && minutes >= 1 && minutes <= 1440
      : minutes === undefined,
    'MaximumWindowInMinutes is 1-1440, and only with FLEXIBLE',
  );
  check(
    input.State === undefined || ['ENABLED', 'DISABLED'].includes(input.State),
    'State is ENABLED or DISABLED',
  );
  check(
    input.ActionAfterCompletion === undefined || ['NONE', 'DELETE'].includes(input.ActionAfterCompletion),
    'ActionAfterCompletion is NONE or DELETE',
  );
  if (input.StartDate && input.EndDate) check(input.StartDate < input.EndDate, 'StartDate is before EndDate');
  check((input.Description ?? '').length <= 512, 'Description is at most 512 characters');
  const target = input.Target;
  check(
    (target?.Arn ?? '').length >= 1 && (target?.Arn ?? '').length <= 1600,
    'Target.Arn is 1-1600 characters',
  );
  check(
    /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(target?.RoleArn ?? ''),
    `Target.RoleArn "${target?.RoleArn}" is not an IAM role ARN`,
  );
  if (target?.Input !== undefined) check(target.Input.length >= 1, 'Target.Input is at least 1 character');
  const age = target?.RetryPolicy?.MaximumEventAgeInSeconds;
  if (age !== undefined) check(age >= 60 && age <= 86_400, `MaximumEventAgeInSeconds ${age} is not 60-86400`);
  const attempts = target?.RetryPolicy?.MaximumRetryAttempts;
  if (attempts !== undefined)
    check(attempts >= 0 && attempts <= 185, `MaximumRetryAttempts ${attempts} is not 0-185`);
  return problems;
};

/**
 * Checks every CreateSchedule and UpdateSchedule the client sends: a request AWS would refuse
 * fails as AWS would (ValidationException) and is remembered for the test to report.
 */
export const checkScheduleRequests = (client: SchedulerClient): (() => readonly string[]) => {
  const seen: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (
        context.commandName === 'CreateScheduleCommand' ||
        context.commandName === 'UpdateScheduleCommand'
      ) {
        const problems = scheduleRequestProblems(args.input as CreateScheduleCommandInput);
        if (problems.length > 0) {
          seen.push(...problems.map((p) => `${context.commandName}: ${p}`));
          throw Object.assign(new Error(problems.join('; ')), { name: 'ValidationException' });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'checkScheduleRequests' },
  );
  return () => seen;
};
