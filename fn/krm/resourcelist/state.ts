// What the reader hands the writer, kept behind a symbol so callers treat ParsedResourceList as
// opaque. It is a plain, immutable value (offsets into the text, never a parsed Document): the
// writer edits nothing of it, so writing the same ParsedResourceList twice gives the same text.
import type { JsonObject } from '../../types';
import type { SplitList } from './split-items';
import type { OutputStyle } from './yaml-util';

/** Where a manifests-mode item came from: file index and document index within that file. */
export interface DocLocation {
  file: number;
  doc: number;
}

/**
 * The text of one item (or of one manifest document's root mapping) that the writer may replace.
 * A block item is replaced as the lines [lineStart, to); a flow item as [from, end).
 */
export interface ItemSlot {
  /** start of the line of the item's dash (for a document: of its first key) */
  readonly lineStart: number;
  /** the item's first character: its first key, `{` of a flow mapping, `*` of an alias */
  readonly from: number;
  /** end of its content: after the line break of its last content line (block), after `}` (flow); unknown: undefined */
  readonly end?: number;
  /** end of the lines replaced for a block item: a line start or the end of the text; -1: it cannot be replaced */
  readonly to: number;
  /** column of the item's `-`; -1 for a document */
  readonly dashCol: number;
  /** a flow collection (`- {...}`, an entry of `[...]`, a JSON document) */
  readonly flow: boolean;
}

/** How a JSON text is laid out (a JSON input is written back as JSON, in its own layout). */
export interface JsonLayout {
  /** one step of indentation; undefined: the text is on one line */
  readonly unit?: string;
  /** on one line: `": "` and `", "` rather than `":"` and `","` */
  readonly spaced: boolean;
}

/** A ResourceList whose items region was split line by line (read-items.ts). */
export interface LinesLayout {
  readonly kind: 'lines';
  readonly split: SplitList;
}

/** A ResourceList read as a whole document: offsets of the nodes the writer needs. */
export interface NodesLayout {
  readonly kind: 'nodes';
  /** set when the whole input is JSON */
  readonly json?: JsonLayout;
  /** indentation style found in the document (for new block text) */
  readonly style: OutputStyle;
  readonly root: {
    readonly flow: boolean;
    /** column of the root mapping's keys; -1 when its first key does not start a line */
    readonly col: number;
    readonly start: number;
    readonly end: number;
    /** end of the last pair's value (a flow root: where a new pair goes) */
    readonly lastValueEnd: number;
  };
  readonly seq: {
    readonly flow: boolean;
    readonly start: number;
    readonly end: number;
    /** column of the dashes of a block sequence */
    readonly col: number;
  };
  readonly items: readonly ItemSlot[];
  /** the `results` pair, when the input has one */
  readonly results?: {
    readonly keyStart: number;
    readonly valueStart: number;
    readonly valueEnd: number;
    /** flow root: end of the previous pair's value, or start of the next pair's key (to cut the pair with its comma) */
    readonly prevValueEnd?: number;
    readonly nextKeyStart?: number;
  };
  /** per item: the anchors it defines and the aliases it uses (an item rewritten loses its anchors) */
  readonly anchors: readonly { readonly defines: readonly string[]; readonly uses: readonly string[] }[];
  /** aliases used outside the items */
  readonly rootUses: readonly string[];
}

export type ListLayout = LinesLayout | NodesLayout;

/** One manifest file: its text (without a byte order mark) and the slot of each document. */
export interface ManifestFile {
  readonly path: string;
  readonly text: string;
  readonly bom: boolean;
  /** per document of the file (empty documents: undefined) */
  readonly docs: readonly (ItemSlot | undefined)[];
  /** per document: its JSON layout when the document is JSON */
  readonly json: readonly (JsonLayout | undefined)[];
  /** per document: indentation style (for new block text) */
  readonly styles: readonly OutputStyle[];
}

export type SourceState =
  | {
      readonly mode: 'resourceList';
      /** the input text, without a byte order mark */
      readonly text: string;
      /** the input started with a byte order mark (written back) */
      readonly bom: boolean;
      /** the plain root mapping without `items` */
      readonly root: JsonObject;
      readonly layout: ListLayout;
    }
  | {
      readonly mode: 'manifests';
      readonly files: readonly ManifestFile[];
      readonly locations: readonly DocLocation[];
    };

export const SOURCE: unique symbol = Symbol('resourcelist.source');
