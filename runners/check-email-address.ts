/**
 * Which email addresses may go into a mail header: the one check shared by
 * the announcement emails (`To:`, and whether a match's address is shown) and
 * by the config (`emails.from`, `emails.reply_to`), so that a config that
 * loads never loses a header when the messages are written.
 */
import { domainToASCII } from 'node:url';

/** RFC 5322 dot-atom of `atext`: no quoted local parts, no leading, trailing or doubled dots. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** What a domain may be written with before it is mapped to ASCII. */
const DOMAIN_CHARS = /^[\p{L}\p{M}\p{N}.-]+$/u;
/** One DNS label: letters, digits and inner hyphens, at most 63. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The address to put in a header for an address as an applicant wrote it,
 * or null when it is not one plausible address: a dot-atom local part of
 * ASCII (RFC 5322 `atext`), one `@`, and a domain of at least two DNS
 * labels whose last is not all digits. An internationalised domain is
 * given in its ASCII (punycode) form. Anything else — a second address,
 * a display name, angle brackets, spaces, control characters, a quoted
 * local part — is refused rather than repaired: a header must never carry
 * more than the one address the applicant meant.
 *
 * Also checks `emails.reply_to` and `emails.from` in the config.
 *
 * @example
 * headerAddress('Ana@Exämple.org')        // 'Ana@xn--exmple-cua.org'
 * headerAddress('a@x.org, b@y.org')       // null
 */
export function headerAddress(written: string): string | null {
  const s = written.trim();
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return null;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  // Letters of any script, digits, hyphens and dots only: the WHATWG host
  // parser behind domainToASCII would otherwise decode `%6d` and the like.
  // It lower-cases, and gives '' for a domain it cannot map.
  if (!DOMAIN_CHARS.test(domain)) return null;
  const ascii = domainToASCII(domain);
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => DNS_LABEL.test(l)) || /^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return null;
  const address = `${local}@${ascii}`;
  return address.length > 254 ? null : address;
}
