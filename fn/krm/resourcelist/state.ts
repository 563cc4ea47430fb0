// Private state the writer needs, kept behind a symbol so callers treat ParsedResourceList as opaque.
import type { Document } from 'yaml';
import type { SplitList } from './split-items';

/** Where a manifests-mode item came from: file index and document index within that file. */
export interface DocLocation {
  file: number;
  doc: number;
}

/**
 * The reader's parsed document, handed to the writer once so that a big input is not parsed again.
 * The writer takes it (clearing the slot) because splicing edits the document's nodes in place; a
 * second write of the same ParsedResourceList parses the text afresh.
 */
export interface DocCache {
  doc?: Document;
}

export type SourceState =
  | { readonly mode: 'resourceList'; readonly text: string; readonly cache?: DocCache }
  /** read item by item (read-items.ts): no Document of the whole text exists */
  | { readonly mode: 'items'; readonly text: string; readonly split: SplitList; readonly hasResults: boolean }
  | {
      readonly mode: 'manifests';
      readonly files: readonly { readonly path: string; readonly text: string }[];
      readonly locations: readonly DocLocation[];
    };

export const SOURCE: unique symbol = Symbol('resourcelist.source');
