// Decodes Stripe's form encoding (bodies and query strings) into nested values: `a[b][c]=v` objects,
// `a[]=v` and `a[0]=v` arrays (stripe-node sends indexed keys, curl users send `[]`), leaves as
// strings. Shape errors name the parameter the way Stripe names it: `options[document]`.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** A key used both as a scalar and as a container, or as an array and as a hash. */
export class FormShapeError extends Error {
  constructor(
    readonly param: string,
    readonly expected: 'array' | 'hash' | 'string',
  ) {
    super(`Invalid ${expected} for ${param}`);
    this.name = 'FormShapeError';
  }
}

type Node =
  | { kind: 'leaf'; value: string }
  | { kind: 'hash'; children: Map<string, Node> }
  | { kind: 'array'; items: Array<{ index: number; node: Node }>; next: number };

const KEY = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

function splitKey(key: string): [string, string[]] {
  const match = KEY.exec(key);
  if (!match) return [key, []];
  const segments = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
  return [match[1] as string, segments];
}

const paramName = (base: string, segments: readonly string[]) => base + segments.map((s) => `[${s}]`).join('');

function containerFor(segment: string): Node {
  return segment === '' || /^\d+$/.test(segment) ? { kind: 'array', items: [], next: 0 } : { kind: 'hash', children: new Map() };
}

function insert(root: Map<string, Node>, key: string, value: string): void {
  const [base, segments] = splitKey(key);
  const path: string[] = [];
  let slot: { get(): Node | undefined; set(n: Node): void } = {
    get: () => root.get(base),
    set: (n) => void root.set(base, n),
  };
  const chain = [...segments, null];
  for (let i = 0; i < chain.length; i++) {
    const segment = chain[i];
    const here = paramName(base, path);
    if (segment === null || segment === undefined) {
      const existing = slot.get();
      if (existing && existing.kind !== 'leaf') throw new FormShapeError(here, existing.kind);
      slot.set({ kind: 'leaf', value });
      return;
    }
    let node = slot.get();
    if (!node) {
      node = containerFor(segment);
      slot.set(node);
    }
    if (node.kind === 'leaf') throw new FormShapeError(here, 'string');
    if (node.kind === 'hash') {
      if (segment === '' || /^\d+$/.test(segment)) throw new FormShapeError(here, 'hash');
      const children = node.children;
      slot = { get: () => children.get(segment), set: (n) => void children.set(segment, n) };
    } else {
      if (!(segment === '' || /^\d+$/.test(segment))) throw new FormShapeError(here, 'array');
      const arr = node;
      const index = segment === '' ? arr.next : Number(segment);
      arr.next = Math.max(arr.next, index + 1);
      // `a[]` always appends; `a[0][x]` and `a[0][y]` address the same element.
      const found = segment === '' ? undefined : arr.items.find((it) => it.index === index);
      if (found) {
        slot = { get: () => found.node, set: (n) => void (found.node = n) };
      } else {
        const item: { index: number; node: Node } = { index, node: { kind: 'leaf', value: '' } };
        let created = false;
        slot = {
          get: () => (created ? item.node : undefined),
          set: (n) => {
            item.node = n;
            if (!created) arr.items.push(item);
            created = true;
          },
        };
      }
    }
    path.push(segment);
  }
}

function materialize(node: Node): FormValue {
  if (node.kind === 'leaf') return node.value;
  if (node.kind === 'array') return [...node.items].sort((a, b) => a.index - b.index).map((it) => materialize(it.node));
  const out: FormObject = {};
  for (const [k, child] of node.children) out[k] = materialize(child);
  return out;
}

/** Decodes `application/x-www-form-urlencoded` pairs into nested params; the last duplicate scalar wins. */
export function decodeForm(pairs: Iterable<[string, string]>): FormObject {
  const root = new Map<string, Node>();
  for (const [key, value] of pairs) insert(root, key, value);
  const out: FormObject = {};
  for (const [k, node] of root) out[k] = materialize(node);
  return out;
}

/** A stable text form of params, so an idempotent retry can be compared with the first request. */
export function canonicalParams(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalParams).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalParams(value[k] as FormValue)}`)
    .join(',')}}`;
}
