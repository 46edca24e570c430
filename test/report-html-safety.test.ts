/**
 * report.html against hostile applicants (issue 6, item 5): every applicant
 * text field — id, name, region, department, organization, supervisor,
 * interests, skills, goals, bio, and the references that repeat ids — starts
 * with markup, entities or CSS meant to break out (test/helpers/
 * hostile-cohort.ts), in a one-to-one run with unreadable rows skipped and a
 * re-run (the "what changed" section), and in a group run (the Groups
 * section); the program's name in the config is hostile too.
 *
 * The page is read back with a strict tokenizer of the HTML we write (no
 * parser library: the page is ours, so anything it does not expect is a
 * finding) and must:
 * - hold only the elements and attributes the renderer writes: no `<` from
 *   applicant data opens a tag, no attribute is an event handler, a style or
 *   a source; every `&` starts an entity; attribute values are quoted;
 * - show every payload as text (decoded, it reads as the applicant wrote it);
 * - carry a Content-Security-Policy meta before any style or script, with
 *   `default-src 'none'` and only the hashes of its one inline style and one
 *   inline script (which are exactly the fixed assets);
 * - load nothing: no `src`, every `href` a `#` anchor to an element of the
 *   page, no `url(`, `@import` or `data:` in the stylesheet or an attribute.
 *
 * Running the page in a browser is test/report-browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SCRIPT, REPORT_STYLE } from '../runners/report-html-assets.js';
import { cli } from './helpers/cli.js';
import { hostileCohort, writeCohortCsv } from './helpers/hostile-cohort.js';
import { SAMPLE_FOLDER } from './helpers/sample.js';

/** Markup, entities, CSS and URL payloads; none holds `,` or `;` so that list fields keep them whole. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  `"'><svg onload=alert(1)>`,
  '&amp&lt&#60&#x3C',
  '</style><link rel=stylesheet href=https://evil.example/x.css>',
  '<a href="https://evil.example/">click</a>',
  'url(https://evil.example/x.png) javascript:alert(1)',
  '<!-- <![CDATA[ ]]> -->',
  '</textarea></title></svg><iframe src=//evil.example>',
];

/** The program's name in the config (YAML single-quoted: no `'` in it). */
const HOSTILE_PROGRAM = '</title><script>alert("program")</script> & Co';

// ---------------------------------------------------------------------------
// A strict tokenizer of the HTML the renderer writes

/** Elements report.html is made of (render-report-html.ts and render-report-charts.ts). */
const ELEMENTS = new Set(
  (
    'html head meta title style body main header nav ul li a section h1 h2 h3 h4 p code strong span dl dt dd div ' +
    'table caption thead tbody tr th td details summary figure figcaption label input select option button script ' +
    'svg g rect line text desc'
  ).split(' '),
);
/** Attributes it writes, besides `aria-*` and `data-*`. */
const ATTRIBUTES = new Set(
  'id class lang charset http-equiv content name href scope role type for placeholder autocomplete value hidden open viewBox width height x y x1 y1 x2 y2 text-anchor'.split(' '),
);
/** Elements whose content is raw text, not markup. */
const RAW_TEXT = new Set(['script', 'style']);
/** Entities the escaper writes; the page's own text uses no others. */
const ENTITY = /^&(?:amp|lt|gt|quot|#39);/;
const DECODE: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

interface Tag {
  readonly name: string;
  readonly end: boolean;
  readonly attrs: ReadonlyMap<string, string | null>;
  /** Raw text content (script, style). */
  readonly raw?: string;
  readonly offset: number;
}

interface Tokens {
  readonly tags: readonly Tag[];
  /** Decoded text, a space between nodes. */
  readonly text: string;
  /** Everything the page should not have, with where. */
  readonly problems: readonly string[];
}

const decode = (s: string): string => s.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => DECODE[m] ?? m);

/** Reads the page; never throws, reports what it did not expect. */
function tokenize(html: string): Tokens {
  const tags: Tag[] = [];
  const texts: string[] = [];
  const problems: string[] = [];
  const near = (at: number): string => JSON.stringify(html.slice(Math.max(0, at - 40), at + 60));
  const checkAmpersands = (s: string, at: number, what: string): void => {
    for (let k = s.indexOf('&'); k >= 0; k = s.indexOf('&', k + 1)) {
      if (!ENTITY.test(s.slice(k))) problems.push(`unescaped & in ${what} at ${at}: ${near(at + k)}`);
    }
  };
  let i = 0;
  if (!/^<!doctype html>/i.test(html)) problems.push('no <!doctype html> first');
  else i = '<!doctype html>'.length;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? html.length : lt;
    if (textEnd > i) {
      const t = html.slice(i, textEnd);
      checkAmpersands(t, i, 'text');
      if (t.includes('>')) problems.push(`unescaped > in text at ${i}: ${near(i + t.indexOf('>'))}`);
      texts.push(decode(t));
    }
    if (lt < 0) break;
    i = lt;
    if (html.startsWith('<!--', i)) {
      problems.push(`comment at ${i}: ${near(i)}`);
      const close = html.indexOf('-->', i);
      i = close < 0 ? html.length : close + 3;
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(i, i + 40));
    if (m === null) {
      problems.push(`unescaped < at ${i}: ${near(i)}`);
      i++;
      continue;
    }
    const end = m[1] === '/';
    const name = (m[2] as string).toLowerCase();
    const offset = i;
    i += m[0].length;
    const attrs = new Map<string, string | null>();
    for (;;) {
      while (/\s/.test(html[i] ?? '')) i++;
      if (html.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (html[i] === '>') {
        i++;
        break;
      }
      const a = /^[^\s"'>/=]+/.exec(html.slice(i, i + 100));
      if (a === null || i >= html.length) {
        problems.push(`malformed tag <${name}> at ${offset}: ${near(offset)}`);
        break;
      }
      i += a[0].length;
      let value: string | null = null;
      if (html[i] === '=') {
        i++;
        if (html[i] !== '"') {
          problems.push(`unquoted value of ${a[0]} in <${name}> at ${offset}: ${near(offset)}`);
          const v = /^[^\s>]*/.exec(html.slice(i)) as RegExpExecArray;
          value = v[0];
          i += v[0].length;
        } else {
          const close = html.indexOf('"', i + 1);
          value = html.slice(i + 1, close);
          if (/[<>]/.test(value)) problems.push(`< or > inside ${a[0]}="…" of <${name}> at ${offset}`);
          checkAmpersands(value, i + 1, `${a[0]}="…"`);
          value = decode(value);
          i = close + 1;
        }
      }
      if (attrs.has(a[0])) problems.push(`${a[0]} twice in <${name}> at ${offset}`);
      attrs.set(a[0], value);
    }
    let raw: string | undefined;
    if (!end && RAW_TEXT.has(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      raw = html.slice(i, close < 0 ? html.length : close);
      i = close < 0 ? html.length : close;
    }
    tags.push({ name, end, attrs, offset, ...(raw !== undefined ? { raw } : {}) });
  }
  return { tags, text: texts.join(' '), problems };
}

/** What in the page could run, load or leave the page: elements, attributes, links and CSS beyond what the renderer writes. */
function unsafeParts(tokens: Tokens): string[] {
  const problems: string[] = [...tokens.problems];
  const ids = new Set(tokens.tags.flatMap((t) => (t.attrs.get('id') == null ? [] : [t.attrs.get('id') as string])));
  for (const tag of tokens.tags) {
    if (!ELEMENTS.has(tag.name)) problems.push(`element <${tag.name}> at ${tag.offset}`);
    for (const [attr, value] of tag.attrs) {
      const known = ATTRIBUTES.has(attr) || /^aria-[a-z]+$/.test(attr) || /^data-[a-z]+$/.test(attr);
      if (!known) problems.push(`attribute ${attr} on <${tag.name}> at ${tag.offset}`);
      const v = (value ?? '').toLowerCase();
      if (/url\(|data:|javascript:|@import|https?:|\/\//.test(v) && attr !== 'content') problems.push(`${attr}="${value}" on <${tag.name}> at ${tag.offset}`);
    }
    const href = tag.attrs.get('href');
    if (href !== undefined) {
      if (href === null || !href.startsWith('#')) problems.push(`href ${JSON.stringify(href)} at ${tag.offset}: not an anchor of the page`);
      else if (!ids.has(href.slice(1))) problems.push(`href ${href} at ${tag.offset}: no element has that id`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The Content-Security-Policy

/** The policy's directives, by name (sources in order). */
function cspDirectives(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    // A directive given twice: browsers keep the first, so the second must not be read as if it counted.
    if (!directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
    else directives.set(`${name.toLowerCase()} (again)`, sources);
  }
  return directives;
}

const sha256Source = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Checks the page's policy and its inline style and script; returns the problems. */
function cspProblems(tokens: Tokens): string[] {
  const problems: string[] = [];
  const metas = tokens.tags.filter((t) => t.name === 'meta' && (t.attrs.get('http-equiv') ?? '').toLowerCase() === 'content-security-policy');
  if (metas.length !== 1) return [`${metas.length} CSP meta elements`];
  const meta = metas[0] as Tag;
  const scripts = tokens.tags.filter((t) => t.name === 'script' && !t.end);
  const styles = tokens.tags.filter((t) => t.name === 'style' && !t.end);
  if (scripts.length !== 1 || scripts[0]?.raw !== REPORT_SCRIPT) problems.push(`${scripts.length} scripts, or not exactly the report's own`);
  if (styles.length !== 1 || styles[0]?.raw !== REPORT_STYLE) problems.push(`${styles.length} stylesheets, or not exactly the report's own`);
  for (const t of [...scripts, ...styles]) {
    if (t.offset < meta.offset) problems.push(`<${t.name}> before the CSP meta`);
    if (t.attrs.size > 0) problems.push(`<${t.name}> with attributes ${[...t.attrs.keys()].join(', ')}`);
  }
  const csp = cspDirectives(meta.attrs.get('content') ?? '');
  const only = (name: string, sources: readonly string[]): void => {
    const got = csp.get(name) ?? [];
    if (got.join(' ') !== sources.join(' ')) problems.push(`CSP ${name} is ${JSON.stringify(got.join(' '))}, not ${JSON.stringify(sources.join(' '))}`);
  };
  only('default-src', ["'none'"]);
  only('script-src', [sha256Source(REPORT_SCRIPT)]);
  only('style-src', [sha256Source(REPORT_STYLE)]);
  only('base-uri', ["'none'"]);
  only('form-action', ["'none'"]);
  for (const [name, sources] of csp) {
    // Anything else may only narrow: no directive allows a source beyond the two hashes.
    if (!['default-src', 'script-src', 'style-src', 'base-uri', 'form-action'].includes(name) && !(sources.length === 1 && sources[0] === "'none'")) {
      problems.push(`CSP ${name} ${sources.join(' ')}`);
    }
  }
  if (/url\(|@import|data:|https?:|\/\//i.test(REPORT_STYLE.replace(/\/\*[\s\S]*?\*\//g, ''))) problems.push('the stylesheet loads or links something');
  if (tokens.tags.some((t) => t.name === 'meta' && (t.attrs.get('http-equiv') ?? '').toLowerCase() === 'refresh')) problems.push('a meta refresh');
  return problems;
}

// ---------------------------------------------------------------------------

describe('report.html with hostile text in every applicant field', () => {
  let dir = '';
  const pages = new Map<string, string>();

  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mentor-match-html-'));
    // The program's name is config, not applicant text, but goes through the same escaper.
    const hostileConfig = (from: string, to: string): string => {
      const file = join(dir, to);
      writeFileSync(file, readFileSync(from, 'utf8').replace(/^program: .*$/m, `program: '${HOSTILE_PROGRAM}'`));
      return file;
    };
    const config = hostileConfig(join(SAMPLE_FOLDER, 'program.yaml'), 'program.yaml');
    const groupConfig = hostileConfig('fixtures/programs/pcma-group.yaml', 'group.yaml');
    const apps = join(dir, 'applications.csv');
    writeCohortCsv(apps, hostileCohort({ payloads: PAYLOADS, mentors: 9, mentees: 14, invalidRows: true }).table);
    const out = join(dir, 'out');
    const first = await cli('run', apps, '--config', config, '--out', out, '--skip-invalid-rows');
    expect(first.code, first.err).toBe(0);
    pages.set('one-to-one', readFileSync(join(out, 'report.html'), 'utf8'));
    // A re-run with a hostile pair banned: the Changes section names both.
    const matches = parse(readFileSync(join(out, 'matches.csv'), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const pair = matches.find((m) => (m['mentor_id'] ?? '').startsWith('<') && (m['mentee_id'] ?? '').startsWith('<')) ?? matches[0];
    const edits = join(dir, 'edits.csv');
    writeCohortCsv(edits, [['mentor', 'mentee', 'action', 'note'], [pair?.['mentor_id'] ?? '', pair?.['mentee_id'] ?? '', 'ban', '<script>alert("note")</script>']]);
    const second = await cli('run', apps, '--config', config, '--out', out, '--skip-invalid-rows', '--edits', edits);
    expect(second.code, second.err).toBe(0);
    pages.set('re-run', readFileSync(join(out, 'report.html'), 'utf8'));
    const groupApps = join(dir, 'group.csv');
    writeCohortCsv(groupApps, hostileCohort({ payloads: PAYLOADS, mentors: 9, mentees: 18, group: true }).table);
    const groupOut = join(dir, 'group-out');
    const grouped = await cli('run', groupApps, '--config', groupConfig, '--out', groupOut);
    expect(grouped.code, grouped.err).toBe(0);
    pages.set('group', readFileSync(join(groupOut, 'report.html'), 'utf8'));
  });

  it('has the sections the payloads must pass through', () => {
    const html = (name: string): string => pages.get(name) ?? '';
    for (const section of ['pairs-section', 'pair-details', 'left-out', 'not-eligible', 'rejected', 'charts', 'fairness', 'settings']) {
      expect(html('one-to-one'), section).toContain(`<section id="${section}"`);
    }
    expect(html('re-run')).toContain('<section id="changes"');
    expect(html('re-run')).toContain('<table id="pairs-removed">');
    expect(html('group')).toContain('<section id="groups"');
  });

  it.each(['one-to-one', 're-run', 'group'])('%s: no markup from applicant data, every & an entity, only the elements and attributes the page is made of', (name) => {
    expect(unsafeParts(tokenize(pages.get(name) ?? ''))).toEqual([]);
  });

  it.each(['one-to-one', 're-run', 'group'])('%s: every payload is shown as text, as the applicant wrote it', (name) => {
    const { text } = tokenize(pages.get(name) ?? '');
    for (const payload of PAYLOADS) expect(text, payload).toContain(payload);
    expect(text).toContain(HOSTILE_PROGRAM);
  });

  it.each(['one-to-one', 're-run', 'group'])("%s: the CSP allows nothing but the page's own hashed style and script", (name) => {
    expect(cspProblems(tokenize(pages.get(name) ?? ''))).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    const page = pages.get('one-to-one') ?? '';
    const broken = (from: string, to: string): string[] => {
      expect(page, from).toContain(from);
      const tokens = tokenize(page.replace(from, to));
      return [...unsafeParts(tokens), ...cspProblems(tokens)];
    };
    expect(broken('<main>', '<main><img src="x" onerror="alert(1)">')).toEqual(expect.arrayContaining([expect.stringMatching(/element <img>/), expect.stringMatching(/attribute onerror/)]));
    expect(broken('<main>', '<main>a < b & c')).toEqual(expect.arrayContaining([expect.stringMatching(/unescaped </), expect.stringMatching(/unescaped &/)]));
    expect(broken('href="#summary"', 'href="https://evil.example/"')).toEqual(expect.arrayContaining([expect.stringMatching(/not an anchor/)]));
    expect(broken("default-src 'none'", "default-src 'none' https:")).not.toEqual([]);
    expect(broken("script-src 'sha256-", "script-src 'unsafe-inline' 'sha256-")).toEqual([expect.stringMatching(/CSP script-src/)]);
    expect(broken('<meta name="referrer"', '<meta http-equiv="refresh" content="0;url=https://evil.example/"><meta name="referrer"')).not.toEqual([]);
  });
});
