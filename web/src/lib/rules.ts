// The API's field rules (services/api/src/core/fields.ts), checked as the user types so a form
// says what is wrong before it is sent. The API checks everything again; its problem+json
// errors are shown next to the same fields.
const EMAIL =
  /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** A tenant slug, as the API accepts it (also what the SSO start route checks before asking the API). */
export const SLUG = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/;

export const PASSWORD_MIN = 12;

export const rules = {
  email: (v: string) => (v === '' ? 'Enter an email address.' : v.length > 254 || !EMAIL.test(v) ? 'Enter an email address like name@example.com.' : undefined),
  displayName: (v: string) =>
    v.trim() === '' ? 'Enter a name.' : v.length > 200 ? 'Use at most 200 characters.' : CONTROL.test(v) ? 'Remove control characters.' : undefined,
  password: (v: string) =>
    v.length < PASSWORD_MIN ? `Use at least ${PASSWORD_MIN} characters.` : v.length > 1024 ? 'Use at most 1024 characters.' : undefined,
  slug: (v: string) =>
    v === ''
      ? 'Enter a short name.'
      : v === 'platform'
        ? '“platform” is reserved.'
        : !SLUG.test(v)
          ? 'Use lowercase letters, digits and hyphens (not at either end), at most 63.'
          : undefined,
};

/** Shows a rule's message only once the field has been typed in. */
export function check(rule: (v: string) => string | undefined, value: string, touched: boolean): string | undefined {
  return touched ? rule(value) : undefined;
}
