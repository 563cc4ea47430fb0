// Shared by the writer's differential tests: how people write YAML (a small renderer with
// anchors, merge keys, odd indentation, block scalars, comments, flow collections), and how the
// output is compared with the input (untouched items byte for byte, values in YAML 1.1 and 1.2).
import { parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { readResourceList } from '../../fn/krm/resourcelist/read';

/** A YAML node as a person writes it. */
export type YNode =
  | { t: 'map'; entries: [string, YNode][]; anchor?: string; comment?: string }
  | { t: 'seq'; items: YNode[] }
  /** a scalar's text exactly as written (plain or quoted) */
  | { t: 'scalar'; text: string; comment?: string }
  /** a literal block scalar: `header` (`|`, `|+`, `|-`, `|2`...), lines relative to its indentation ('' empty) */
  | { t: 'block'; header: string; lines: string[] }
  /** a flow collection's text */
  | { t: 'flow'; text: string }
  | { t: 'alias'; name: string };

export interface Layout {
  /** spaces per nesting level of mappings */
  indent: number;
  /** how far `- ` is indented under its key (0: kyaml's compact style) */
  seqIndent: number;
}

/** `node` (a mapping) as the lines of a sequence entry whose `-` is at `dashCol`. */
export function renderEntry(node: YNode, dashCol: number, layout: Layout, dashComment?: string): string {
  const out: string[] = [];
  const pad = ' '.repeat(dashCol);
  if (dashComment !== undefined) {
    out.push(`${pad}- # ${dashComment}\n`);
    renderValue(node, dashCol + 2, layout, out, `${pad}  `);
  } else {
    renderValue(node, dashCol + 2, layout, out, `${pad}- `);
  }
  return out.join('');
}

/** A node at column `col`; `lead` replaces the first line's indentation (`- `). */
function renderValue(node: YNode, col: number, layout: Layout, out: string[], lead: string): void {
  const pad = ' '.repeat(col);
  if (node.t === 'map') {
    node.entries.forEach(([k, v], i) => {
      out.push(i === 0 ? lead : pad, k, ':');
      after(v, col, layout, out);
    });
  } else if (node.t === 'seq') {
    node.items.forEach((v, i) => {
      const dash = `${i === 0 ? lead : pad}- `;
      if (v.t === 'map' || v.t === 'seq') renderValue(v, col + 2, layout, out, dash);
      else {
        out.push(dash.trimEnd());
        after(v, col, layout, out, col + 2);
      }
    });
  } else {
    throw new Error('not a collection');
  }
}

/** What follows `key:` (or `-`) for `v`, whose parent collection is at `col`. */
function after(v: YNode, col: number, layout: Layout, out: string[], blockCol = col + layout.indent): void {
  switch (v.t) {
    case 'map':
      out.push(v.anchor ? ` &${v.anchor}` : '', v.comment ? ` # ${v.comment}` : '', '\n');
      renderValue(v, col + layout.indent, layout, out, ' '.repeat(col + layout.indent));
      return;
    case 'seq':
      out.push('\n');
      renderValue(v, col + layout.seqIndent, layout, out, ' '.repeat(col + layout.seqIndent));
      return;
    case 'scalar':
      // (a plain scalar continued on more lines: indented under its key)
      out.push(' ', v.text.replace(/\n/g, `\n${' '.repeat(blockCol)}`), v.comment ? ` # ${v.comment}` : '', '\n');
      return;
    case 'block': {
      // an indentation indicator counts from the parent's column
      const digit = /[1-9]/.exec(v.header);
      const at = digit ? col + Number(digit[0]) : blockCol;
      out.push(' ', v.header, '\n');
      for (const l of v.lines) out.push(l === '' ? '\n' : `${' '.repeat(at)}${l}\n`);
      return;
    }
    case 'flow':
      out.push(' ', v.text, '\n');
      return;
    case 'alias':
      out.push(` *${v.name}\n`);
  }
}

/** The source text of each item of a ResourceList (from the start of its first line to its end), by the library's nodes. */
export function itemTexts(text: string): string[] {
  const doc = parseDocument(text.replace(/^\ufeff/, ''), { version: '1.1', merge: true }) as Document;
  const seq = doc.get('items', true) as { items: { range: [number, number, number] }[] };
  const t = text.replace(/^\ufeff/, '');
  // a flow item alone, a block item with the start of its first line
  return seq.items.map((n) => t.slice(t[n.range[0]] === '{' ? n.range[0] : t.lastIndexOf('\n', n.range[0] - 1) + 1, n.range[1]));
}

/** The items as YAML 1.1 (the reader's settings), YAML 1.2 (with merge keys, as go-yaml v3) and the reader read them. */
export function readThrice(text: string): [unknown, unknown, unknown] {
  const t = text.replace(/^\ufeff/, '');
  const d11 = parseDocument(t, { version: '1.1', merge: true });
  const d12 = parseDocument(t, { version: '1.2', merge: true });
  for (const d of [d11, d12]) if (d.errors.length > 0) throw new Error(`${d.errors[0].message}\n${t}`);
  const items = (d: Document): unknown => (d.toJS() as { items: unknown }).items;
  return [items(d11), items(d12), readResourceList(text).items.map((i) => i.object)];
}
