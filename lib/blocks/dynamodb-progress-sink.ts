import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ProgressReportTarget } from './job-spec.js';
import type { ProgressSink, ProgressSnapshot } from './progress.js';

/**
 * Writes each progress snapshot into one DynamoDB item (a workflow's resource run in the Bank),
 * so the API and the console can show live progress and the workflow reads the final counts.
 * The item must exist: the mover never creates Bank items. A failed write is dropped (progress
 * must not fail a backup) and the next report tries again.
 */
class DynamoDbProgressSink implements ProgressSink {
  readonly #documents: DynamoDBDocumentClient;
  readonly #target: ProgressReportTarget;
  #failures = 0;

  constructor(target: ProgressReportTarget, client: DynamoDBClient = new DynamoDBClient({})) {
    this.#documents = DynamoDBDocumentClient.from(client);
    this.#target = target;
  }

  get failures(): number {
    return this.#failures;
  }

  async report(snapshot: ProgressSnapshot): Promise<void> {
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#target.table,
          Key: this.#target.key,
          UpdateExpression: 'SET #progress = :progress',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#progress': 'progress' },
          ExpressionAttributeValues: { ':progress': snapshot },
        }),
      );
    } catch {
      this.#failures++;
    }
  }
}

export { DynamoDbProgressSink };
