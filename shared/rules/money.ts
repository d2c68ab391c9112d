/**
 * Money: stored as integer 分 (fen); shown in 万元 (1 万元 = 1,000,000 分).
 * All conversion and rounding lives here. Rounding is half-up on the absolute value
 * (half away from zero), done on integers so no binary fraction ever leaks in.
 */
export const FEN_PER_WAN = 1_000_000;
export const FEN_PER_YUAN = 100;

/** Formats fen as 万元 with `dp` decimals and thousands separators, e.g. 12345678 → "12.35". */
export function formatWan(fen: number, dp = 2): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`金额不是整数分: ${fen}`);
  const scale = 10 ** (6 - dp);
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const units = Math.floor(abs / scale) + (abs % scale >= scale / 2 ? 1 : 0);
  const div = 10 ** dp;
  const whole = Math.floor(units / div);
  const frac = units % div;
  const wholeText = whole.toLocaleString('en-US');
  const text = dp > 0 ? `${wholeText}.${String(frac).padStart(dp, '0')}` : wholeText;
  return neg && units !== 0 ? `-${text}` : text;
}

const MONEY_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a 万元 amount as typed ("1,234.56", "１２.５") to fen. Returns null when the text
 * is not a number or has more precision than 分 (more than 6 decimals in 万元).
 */
export function parseWanToFen(text: string): number | null {
  return parseScaled(text, 6);
}

/** Parses a 元 amount to fen (at most 2 decimals). */
export function parseYuanToFen(text: string): number | null {
  return parseScaled(text, 2);
}

function parseScaled(text: string, decimals: number): number | null {
  const cleaned = toHalfWidth(text).replace(/[,，\s]/g, '');
  const m = MONEY_RE.exec(cleaned);
  if (!m) return null;
  const [, sign, intPart = '0', fracPart = ''] = m;
  if (fracPart.length > decimals) return null;
  const value = Number(intPart) * 10 ** decimals + Number(fracPart.padEnd(decimals, '0') || '0');
  if (!Number.isSafeInteger(value)) return null;
  return sign === '-' ? -value : value;
}

/** Full-width digits, signs and punctuation as typed in Chinese input methods → ASCII. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/。/g, '.');
}
