// The items a function changes, as copies: the input is never changed, only the maps and lists on
// the way to a change are copied, and an item is replaced whole (the transform hands the writer
// each changed item, never a half-written one).
import type { JsonObject, KubeObject } from '../../types';
import { deepEqual } from '../resourcelist/yaml-util';
import { PathSegment, PodTarget, withValueAt } from './pod-templates';
import { replacePod } from './pod-view';

export class WorkingCopies {
  /** The changed items by index: a transform's `updated`. */
  readonly changed = new Map<number, KubeObject>();

  constructor(private readonly items: readonly KubeObject[]) {}

  /** Item `index` as it stands. */
  get(index: number): KubeObject {
    return this.changed.get(index) ?? this.items[index];
  }

  /** Every item as it stands. */
  current(): KubeObject[] {
    return this.items.map((_, i) => this.get(i));
  }

  /** Puts `object` at `path` of item `index` (`[]`: the item itself). */
  setAt(index: number, path: readonly PathSegment[], object: KubeObject): void {
    this.changed.set(index, withValueAt(this.get(index), path, object));
  }

  /** Puts a rendered pod (template) into its item; one equal to the input's (`raw`) changes nothing. */
  putPod(target: PodTarget, raw: JsonObject, pod: JsonObject): void {
    if (deepEqual(pod, raw)) return;
    this.changed.set(target.itemIndex, replacePod(this.get(target.itemIndex), target, pod));
  }
}
