import { BadRequest } from '../faults.js';

/**
 * Bounds on request bodies, checked on the raw text before anything recursive (JSON.parse,
 * schema validation, error rendering, DynamoDB marshalling) sees it, and matched to what the
 * Bank can store: DynamoDB nests at most 32 levels and holds at most 400 KB per item.
 *
 * - Nesting: no body goes deeper than `maxBodyNesting` levels (the outer object is level 1).
 *   Stored values sit below the body's wrapper (`{"checkpoint": {"extra-info": …}}`), so what
 *   reaches the Bank is at most 30 levels deep.
 * - Size: besides the whole body's 112 KiB (a 413, as Karbor), each field of the wrapper
 *   object is at most `maxFieldBytes` of JSON, so the values one item gathers (a checkpoint's
 *   `extra-info`, its plan's resources and graph) stay well under 400 KB.
 */

export const maxBodyNesting = 32;
export const maxFieldBytes = 65_536;

type Frame = { readonly container: 'object' | 'array'; key: string; index: number; expectKey: boolean };

const pathOf = (frames: readonly Frame[]): string =>
  frames
    .slice(0, -1)
    .map((frame) => (frame.container === 'object' ? frame.key : String(frame.index)))
    .slice(0, 4)
    .join('.');

const readKey = (text: string, start: number, end: number): string => {
  try {
    return String(JSON.parse(text.slice(start, end + 1))).slice(0, 64);
  } catch {
    return '?';
  }
};

/**
 * The path (dotted, first four names) to the first value nested deeper than `limit` levels,
 * or undefined. A single pass over the text, iterative, whatever the text is.
 */
export const tooDeepPath = (text: string, limit = maxBodyNesting): string | undefined => {
  const frames: Frame[] = [];
  let stringStart = -1;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (stringStart >= 0) {
      if (char === '\\') at++;
      else if (char === '"') {
        const top = frames.at(-1);
        if (top?.expectKey) top.key = readKey(text, stringStart, at);
        stringStart = -1;
      }
      continue;
    }
    const top = frames.at(-1);
    if (char === '"') stringStart = at;
    else if (char === '{' || char === '[') {
      frames.push({
        container: char === '{' ? 'object' : 'array',
        key: '',
        index: 0,
        expectKey: char === '{',
      });
      if (frames.length > limit) return pathOf(frames);
    } else if (char === '}' || char === ']') frames.pop();
    else if (char === ':' && top) top.expectKey = false;
    else if (char === ',' && top) {
      if (top.container === 'array') top.index++;
      else top.expectKey = true;
    }
  }
  return undefined;
};

const fieldMessage = (field: string, detail: string): string =>
  `Invalid input for field/attribute ${field === '' ? '(body)' : field}. ${detail}`;

/** Refuses, with a 400 naming the field, a body nested deeper than the Bank can store. */
export const checkNesting = (text: string): void => {
  const path = tooDeepPath(text);
  if (path !== undefined)
    throw new BadRequest(fieldMessage(path, `The value is nested more than ${maxBodyNesting} levels deep.`));
};

/** Refuses, with a 400 naming it, a field of the body's wrapper object larger than `maxFieldBytes`. */
export const checkFieldSizes = (body: unknown): void => {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  for (const [wrapper, inner] of Object.entries(body)) {
    const fields =
      inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.entries(inner) : [];
    for (const [field, value] of fields) {
      const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
      if (bytes > maxFieldBytes)
        throw new BadRequest(
          fieldMessage(
            `${wrapper}.${field}`,
            `The value is ${bytes} bytes of JSON; at most ${maxFieldBytes} are stored.`,
          ),
        );
    }
  }
};
