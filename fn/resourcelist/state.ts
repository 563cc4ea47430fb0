// Private state the writer needs, kept behind a symbol so callers treat ParsedResourceList as opaque.

/** Where a manifests-mode item came from: file index and document index within that file. */
export interface DocLocation {
  file: number;
  doc: number;
}

export type SourceState =
  | { readonly mode: 'resourceList'; readonly text: string }
  | {
      readonly mode: 'manifests';
      readonly files: readonly { readonly path: string; readonly text: string }[];
      readonly locations: readonly DocLocation[];
    };

export const SOURCE: unique symbol = Symbol('resourcelist.source');
