/** What a CLI command may touch: two output streams and the tool version. Tests pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  version: string;
}
