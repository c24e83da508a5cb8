/**
 * Values as text for the page's runner, close to what Node's `console.log` / `util.inspect` print
 * in the kernel (one line for short values): strings as they are at the top level, quoted inside
 * arrays and objects; numbers as JavaScript writes them; arrays `[ 1, 2, 3 ]`; objects
 * `{ a: 1, b: 'x' }`; a tfjs tensor through its own `toString()`.
 */

const MAX_ITEMS = 100;
const MAX_DEPTH = 2;

function isTensor(value: object): value is { toString(verbose?: boolean): string; isDisposed: boolean } {
  return 'dataId' in value && 'shape' in value && 'dtype' in value && typeof (value as { toString?: unknown }).toString === 'function';
}

function inspectValue(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return /^class\b/.test(Function.prototype.toString.call(value)) ? `[class ${value.name || '(anonymous)'}]` : `[Function: ${value.name || '(anonymous)'}]`;
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '[Circular]';
  if (object instanceof Error) return object.stack ?? `${object.name}: ${object.message}`;
  if (isTensor(object)) return object.isDisposed ? 'Tensor (disposed)' : object.toString();
  if (object instanceof Date) return object.toISOString();
  if (object instanceof RegExp) return String(object);
  const items = (entries: string[], total: number, open: string, close: string): string => {
    if (total > entries.length) entries.push(`... ${total - entries.length} more item${total - entries.length > 1 ? 's' : ''}`);
    return entries.length === 0 ? `${open}${close}` : `${open} ${entries.join(', ')} ${close}`;
  };
  seen.add(object);
  try {
    if (Array.isArray(object) || ArrayBuffer.isView(object)) {
      const list = object as unknown as ArrayLike<unknown>;
      if (depth > MAX_DEPTH) return '[Array]';
      const shown = Array.from({ length: Math.min(list.length, MAX_ITEMS) }, (_, i) => inspectValue(list[i], depth + 1, seen));
      const prefix = Array.isArray(object) ? '' : `${object.constructor.name}(${list.length}) `;
      return prefix + items(shown, list.length, '[', ']');
    }
    if (object instanceof Map) {
      if (depth > MAX_DEPTH) return '[Map]';
      const shown = [...object].slice(0, MAX_ITEMS).map(([k, v]) => `${inspectValue(k, depth + 1, seen)} => ${inspectValue(v, depth + 1, seen)}`);
      return `Map(${object.size}) ${items(shown, object.size, '{', '}')}`;
    }
    if (object instanceof Set) {
      if (depth > MAX_DEPTH) return '[Set]';
      const shown = [...object].slice(0, MAX_ITEMS).map((v) => inspectValue(v, depth + 1, seen));
      return `Set(${object.size}) ${items(shown, object.size, '{', '}')}`;
    }
    const proto = Object.getPrototypeOf(object) as { constructor?: { name?: string } } | null;
    const name = proto === null ? '[Object: null prototype]' : proto === Object.prototype ? '' : (proto.constructor?.name ?? '');
    if (depth > MAX_DEPTH) return name ? `[${name}]` : '[Object]';
    const keys = Object.keys(object);
    const shown = keys.slice(0, MAX_ITEMS).map((key) => {
      const label = /^[A-Za-z_$][\w$]*$/.test(key) ? key : inspectValue(key, depth + 1, seen);
      return `${label}: ${inspectValue((object as Record<string, unknown>)[key], depth + 1, seen)}`;
    });
    return (name ? `${name} ` : '') + items(shown, keys.length, '{', '}');
  } finally {
    seen.delete(object);
  }
}

/** One value as `util.inspect` would show it (strings quoted). */
export function inspect(value: unknown): string {
  return inspectValue(value, 0, new Set());
}

/** `console.log`'s arguments as one line: strings as they are, other values inspected, joined by spaces. */
export function formatLog(args: readonly unknown[]): string {
  return args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' ');
}
