import { MAX_STRING, asNumber, asString, error, str, toPlain, tooLong, unknown, type TfValue } from './values';

/**
 * Terraform's `format`: the verbs people use in names and CIDR strings (%s %d %v %q %f %x %o %b %t
 * %%), with flags (`-`, `0`, `+`, space), width and precision.
 */
export function formatFn(args: TfValue[]): TfValue {
  const spec = args[0];
  if (!spec) return error('format: missing format string.');
  if (spec.k === 'unknown') return unknown(spec.why);
  const fmt = asString(spec);
  if (fmt === undefined) return error('format: the format must be a string.');
  let next = 1;
  let out = '';
  const re = /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fmt))) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    const [, flags, width, prec, verb] = m;
    // JavaScript's toFixed throws past 100 digits, and a width of a billion would allocate a gigabyte.
    if (prec !== undefined && Number(prec) > 100)
      return unknown(`format: a precision of ${prec} is not evaluated by eksnet (at most 100)`);
    if (width !== undefined && Number(width) > MAX_STRING) return tooLong(Number(width));
    if (verb === '%') {
      out += '%';
      continue;
    }
    const arg = args[next++];
    if (!arg) return error('format: not enough arguments for the format string.');
    if (arg.k === 'unknown') return unknown(arg.why);
    let s: string;
    switch (verb) {
      case 's':
      case 'v': {
        const v = asString(arg);
        s = v ?? JSON.stringify(toPlain(arg));
        if (prec !== undefined) s = s.slice(0, Number(prec));
        break;
      }
      case 'q':
        s = JSON.stringify(asString(arg) ?? '');
        break;
      case 'd':
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        const n = asNumber(arg);
        if (n === undefined || !Number.isInteger(n)) return error(`format: %${verb} needs a whole number.`);
        const radix = verb === 'd' ? 10 : verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
        s = Math.abs(n).toString(radix);
        if (verb === 'X') s = s.toUpperCase();
        s = sign(n, flags) + s;
        break;
      }
      case 'f':
      case 'e':
      case 'g': {
        const n = asNumber(arg);
        if (n === undefined) return error(`format: %${verb} needs a number.`);
        const p = prec === undefined ? 6 : Number(prec);
        s =
          sign(n, flags) +
          (verb === 'f' ? Math.abs(n).toFixed(p) : verb === 'e' ? Math.abs(n).toExponential(p) : String(Math.abs(n)));
        break;
      }
      case 't':
        s = arg.k === 'bool' ? String(arg.v) : '';
        break;
      default:
        return error(`format: unsupported verb %${verb}.`);
    }
    if (width !== undefined && s.length < Number(width)) {
      const pad = Number(width) - s.length;
      if (flags.includes('-')) s = s + ' '.repeat(pad);
      else if (flags.includes('0') && /[dxXobfeg]/.test(verb)) {
        const signChar = /^[+\- ]/.test(s) ? s[0] : '';
        s = signChar + '0'.repeat(pad) + s.slice(signChar.length);
      } else s = ' '.repeat(pad) + s;
    }
    out += s;
    if (out.length > MAX_STRING) return tooLong(out.length);
  }
  out += fmt.slice(last);
  return out.length > MAX_STRING ? tooLong(out.length) : str(out);
}

function sign(n: number, flags: string): string {
  if (n < 0) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}
