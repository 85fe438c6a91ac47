/**
 * Placeholders that a deploy step fills in before the file reaches AWS or Kubernetes: shell and
 * envsubst variables (`$VAR`, `${VAR}`), Go-template actions left in a file that is not a Helm chart
 * (`{{ .subnet }}`), and kustomize vars or Kubernetes variable references (`$(VAR)`). As written
 * such a value is not the value that will be used, so the model keeps it unresolved with a reason
 * that names what supplies it, and a value that is half literal is judged only on its literal part.
 */

export type PlaceholderKind = 'envsubst' | 'go-template' | 'kustomize';

export interface Placeholder {
  kind: PlaceholderKind;
  /** The variable (or template expression) that supplies the value. */
  name: string;
  /** The placeholder as written, and where it sits in the text. */
  text: string;
  start: number;
  end: number;
}

// One alternative per syntax; `${VAR:-default}` and friends keep the shell's operators inside the braces.
const PATTERN =
  /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:#%/^,][^}]*|[-=?+][^}]*)?\}|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)|\$([A-Za-z_][A-Za-z0-9_]*)|\{\{-?\s*([^{}]*?)\s*-?\}\}/g;

/** Every placeholder in `text`, in order; empty for a plain value (the common case, checked cheaply). */
export function placeholders(text: string): Placeholder[] {
  if (!text.includes('$') && !text.includes('{{')) return [];
  const out: Placeholder[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const start = m.index;
    const base = { text: m[0], start, end: start + m[0].length };
    if (m[1] !== undefined) out.push({ kind: 'envsubst', name: m[1], ...base });
    else if (m[2] !== undefined) out.push({ kind: 'kustomize', name: m[2], ...base });
    else if (m[3] !== undefined) out.push({ kind: 'envsubst', name: m[3], ...base });
    else if (m[4] !== undefined && m[4] !== '') out.push({ kind: 'go-template', name: m[4], ...base });
  }
  return out;
}

/** What fills one placeholder in, in words, for the model's reason and the hover. */
export function placeholderSupplier(p: Placeholder): string {
  switch (p.kind) {
    case 'envsubst':
      return `the environment variable ${p.name} supplies it when the file is rendered (envsubst or the shell)`;
    case 'kustomize':
      return `${p.name} supplies it when kustomize builds the manifest (a kustomize var) or Kubernetes starts the container (a variable reference)`;
    case 'go-template':
      return `the template value \`${p.name}\` supplies it when the template is rendered`;
  }
}

/** The reason an unresolved placeholder value carries, naming every variable it needs. */
export function placeholderWhy(text: string, found: readonly Placeholder[]): string {
  const whole = found.length === 1 && found[0].text === text.trim();
  const each = found.map((p) => `\`${p.text}\`: ${placeholderSupplier(p)}`).join('; ');
  return `${whole ? 'a placeholder' : 'partly a placeholder'}, filled in at deploy time (${each})`;
}

/**
 * Whether some text for the placeholders can make `text` an AWS resource ID (`subnet-`, `sg-`
 * followed by 8 or 17 lowercase hex digits): the literal part alone decides. A placeholder may
 * stand for any text, including part of the prefix, so the ID's shape is walked as a chain of
 * states and a placeholder lets the walk jump to any later state.
 */
export function idShapeAllows(text: string, found: readonly Placeholder[], prefix: string): boolean {
  // States 0..prefix.length are characters of the prefix matched; after that, hex digits counted.
  const last = prefix.length + 17;
  let states = new Set<number>([0]);
  let i = 0;
  const step = (c: string): void => {
    const next = new Set<number>();
    for (const s of states) {
      if (s < prefix.length ? c === prefix[s] : /[0-9a-f]/.test(c) && s < last) next.add(s + 1);
    }
    states = next;
  };
  for (const p of found) {
    for (; i < p.start; i++) step(text[i]);
    let from = Infinity;
    for (const s of states) from = Math.min(from, s);
    states = new Set<number>();
    for (let s = from; s <= last; s++) states.add(s);
    i = p.end;
  }
  for (; i < text.length; i++) step(text[i]);
  return states.has(prefix.length + 8) || states.has(last);
}
