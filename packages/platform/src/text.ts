// The rules for the text people type: one Unicode policy for every human-readable
// field, and the user fields (email, display name), defined once for the API, the CSV
// import and the Tenant controller.
import { z } from 'zod';

/**
 * One Unicode policy for every human-readable field (PRECIS FreeformClass and UTS #39
 * in spirit): no C0/C1 controls or DEL, no bidi embeddings/overrides/isolates, no
 * zero-width or invisible format characters, no noncharacters, no lone surrogates;
 * stored in NFC. Written as a code point class that reads the same in ECMAScript
 * (flag u) and Python `re` (schemathesis), so the document's `pattern` is the rule.
 * Supplementary noncharacters are literal characters: Python has no `\u{...}` escape.
 */
const supplementaryNonchars = Array.from({ length: 16 }, (_, i) => String.fromCodePoint((i + 1) * 0x10000 + 0xfffe, (i + 1) * 0x10000 + 0xffff)).join('');
const FORBIDDEN_CLASS =
  '\\u0000-\\u001F\\u007F-\\u009F' + // C0, DEL, C1 controls
  '\\u200B-\\u200F\\u2060-\\u2064\\uFEFF' + // zero-width and invisible: ZWSP, ZWNJ, ZWJ, LRM, RLM, word joiner, invisible operators, BOM
  '\\u202A-\\u202E\\u2066-\\u2069' + // bidi embeddings, overrides and isolates
  '\\uFDD0-\\uFDEF\\uFFFE\\uFFFF' +
  supplementaryNonchars; // noncharacters
/** Whitespace that `String.prototype.trim` removes (bar the controls, refused anyway), spelled out: `\s` differs between dialects. */
const SPACE_CLASS = ' \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const HUMAN_TEXT_POLICY =
  'Unicode text in NFC (normalised on input): no control characters (C0, C1, DEL), bidi embeddings, overrides or isolates ' +
  '(U+202A-U+202E, U+2066-U+2069), zero-width or invisible characters (U+200B-U+200F, U+2060-U+2064, U+FEFF), ' +
  'noncharacters (U+FDD0-U+FDEF, U+nFFFE, U+nFFFF) or lone surrogates. Lengths count code points.';

const allowedChars = new RegExp(`^[^${FORBIDDEN_CLASS}]*$`, 'u');
/** Not empty once trimmed: not spaces only. */
const hasVisible = new RegExp(`^(?![${SPACE_CLASS}]*$)[^${FORBIDDEN_CLASS}]*$`, 'u');

const codePoints = (s: string) => [...s].length;

function humanString(o: { min: number; max: number; trim: boolean; description: string }) {
  return (
    z
      .string()
      // The first failed rule is the one reported (abort): one error per field.
      .refine((v) => v.isWellFormed(), { message: 'must be well-formed Unicode (no lone surrogates)', abort: true })
      .regex(allowedChars, { message: 'must not contain control, bidi, invisible or noncharacter code points', abort: true })
      .refine((v) => o.min === 0 || hasVisible.test(v), { message: 'must not be empty or spaces only', abort: true })
      .overwrite((v) => (o.trim ? v.trim() : v).normalize('NFC'))
      .refine((v) => codePoints(v) >= o.min, `must be at least ${o.min} character(s)`)
      .refine((v) => codePoints(v) <= o.max, `must be at most ${o.max} characters`)
      .meta({
        pattern: (o.min > 0 ? hasVisible : allowedChars).source,
        ...(o.min > 0 ? { minLength: o.min } : {}),
        maxLength: o.max,
        description: o.description,
      })
  );
}

/** Human-readable text a client may send (names): trimmed, NFC, bounded in code points. */
export const humanText = (min: number, max: number) =>
  humanString({ min, max, trim: true, description: `${HUMAN_TEXT_POLICY} Leading and trailing spaces are removed; ${min} to ${max} characters remain.` });

/** A filter value from a query string: the same policy, not trimmed, may be empty. */
export const filterText = (max: number) => humanString({ min: 0, max, trim: false, description: `${HUMAN_TEXT_POLICY} At most ${max} characters.` });

/**
 * An addr-spec in dot-atom form (RFC 5322 section 3.4.1, no quoted local parts or
 * address literals): local part at most 64 characters, a domain of LDH labels whose
 * last one starts with a letter. Stored and compared in lower case.
 */
const EMAIL_PATTERN =
  /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** The rule alone, the case kept (a job payload carries what was asked; its processor lower-cases). */
export const emailAddress = z
  .email({ pattern: EMAIL_PATTERN, message: 'must be an email address' })
  .max(254, 'must be at most 254 characters')
  .describe('An email address (dot-atom local part, at most 64 characters; compared case-insensitively)');

export const userEmail = emailAddress.transform((s) => s.toLowerCase());

/** A person's display name. */
export const userDisplayName = humanText(1, 200);
