import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The Powertools logger, created once per process, shared by every entry point. Locally the
 * same logger writes JSON lines to stderr; `POWERTOOLS_LOG_LEVEL` sets the level.
 */
export const logger = new Logger({ serviceName: 'karbor' });
