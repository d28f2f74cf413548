import { BadRequest } from './faults.js';
import { type Route, routes } from './routes.js';

export interface RouteMatch {
  readonly route: Route;
  readonly pathParameters: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

const splitPath = (path: string): string[] => path.split('/').filter((segment) => segment !== '');

const compiled: readonly CompiledRoute[] = routes.map((route) => ({
  route,
  segments: splitPath(route.path),
}));

const isParameter = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw new BadRequest('Malformed request url', { cause: error });
  }
};

/** Karbor accepts a `.json` suffix on every route (routes.Mapper's `{.format}`). */
const withoutJsonSuffix = (segments: string[]): string[] => {
  const last = segments.at(-1);
  if (last === undefined || !last.endsWith('.json') || last === '.json') return segments;
  return [...segments.slice(0, -1), last.slice(0, -'.json'.length)];
};

const matchSegments = (
  template: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined => {
  if (template.length !== actual.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, expected] of template.entries()) {
    const segment = actual[index] as string;
    if (isParameter(expected)) parameters[expected.slice(1, -1)] = segment;
    else if (expected !== segment) return undefined;
  }
  return parameters;
};

/** Literal segments win over parameters at the same depth (`checkpoints/action` before `{id}`). */
const specificity = (segments: readonly string[]): number =>
  segments.reduce((score, segment, index) => score + (isParameter(segment) ? 0 : 2 ** (32 - index)), 0);

const byMostSpecific = [...compiled].sort((a, b) => specificity(b.segments) - specificity(a.segments));

const versionsRoute = routes.find((r) => r.group === 'versions') as Route;

/**
 * Finds the route for a request. Karbor serves the versions document for every path outside
 * `/v1`; inside it, an unknown path or method is reported as `undefined` (a 404 fault).
 */
export const matchRoute = (method: string, rawPath: string): RouteMatch | undefined => {
  const segments = withoutJsonSuffix(splitPath(rawPath).map(decodeSegment));
  if (segments[0] !== 'v1')
    return method === 'GET' ? { route: versionsRoute, pathParameters: {} } : undefined;
  for (const candidate of byMostSpecific) {
    if (candidate.route.method !== method) continue;
    const parameters = matchSegments(candidate.segments, segments);
    if (parameters !== undefined) return { route: candidate.route, pathParameters: parameters };
  }
  return undefined;
};
