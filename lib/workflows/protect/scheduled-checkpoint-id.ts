import { createHash } from 'node:crypto';

/**
 * One checkpoint id per operation and occurrence (or execution when there is none), so a retried
 * task finds the checkpoint it made and a schedule delivered twice makes only one.
 */
export const scheduledCheckpointId = (operationId: string, occurrenceOrExecution: string): string => {
  const hex = createHash('sha256').update(`${operationId}@${occurrenceOrExecution}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
