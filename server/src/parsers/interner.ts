import { detached } from '../base/detached';

/**
 * One copy of each short string: a workspace's trees hold the same keys and values (`Type`,
 * `Properties`, `AWS::EC2::Subnet`, `Ref`) thousands of times, and the `yaml` package makes a new
 * string for each occurrence. An engine owns one interner (with its YAML cache), so nothing is
 * shared between engines; it forgets everything when full, which only costs duplicates.
 */
export class Interner {
  private readonly table = new Map<string, string>();

  /**
   * The one copy of `s`, which holds its own characters: `s` is usually a slice of a file's text,
   * and trees and this table outlive that version of the file (see detached).
   */
  get(s: string): string {
    // Long strings rarely repeat, and hashing them would cost more than it saves.
    if (s.length > MAX_LENGTH) return detached(s);
    const hit = this.table.get(s);
    if (hit !== undefined) return hit;
    if (this.table.size >= MAX_ENTRIES) this.table.clear();
    const own = detached(s);
    this.table.set(own, own);
    return own;
  }
}

const MAX_LENGTH = 64;
const MAX_ENTRIES = 200_000;
