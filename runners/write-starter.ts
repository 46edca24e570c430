/**
 * `mentor-match init <folder>`: writes a starter program config and an empty
 * application template, so a new program starts from a working setup rather
 * than a blank page.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_FIELDS } from '../scoring/applicant.js';
import type { Problem } from './problems.js';

/** File names `init` writes. */
export const STARTER_FILES = { config: 'program.yaml', applications: 'applications.csv' } as const;

/**
 * The starter `program.yaml`: every key at its documented default, each with
 * a comment. It resolves to exactly `DEFAULT_PROGRAM` (a test holds it to
 * that); examples that change the matching are commented out.
 */
export const STARTER_PROGRAM_YAML = `# Program config for mentor-match. Every key below is set to its default;
# change what your program needs and delete the rest if you like.
# Reference: docs/program-config.md. Presets for five real handbooks:
# fixtures/programs/ in the mentor-match package.

program: Mentorship program            # name shown in reports and emails

shape: one_to_one                       # one_to_one | capacity (a mentor may take several mentees) | group
# capacity:                             # only with shape: capacity
#   default: 1                          # a mentor's capacity when their capacity cell is blank
#   max: 3                              # no mentor takes more than this
# group:                                # only with shape: group (one or several mentors lead a group)
#   min_size: 2                         # fewest mentees in a group that runs
#   max_size: 6                         # most mentees in a group
#   co_mentors: declared                # declared (the co_mentors column) | paired (by shared interests)

# Eligibility rules, checked in order; every failure is reported in
# ineligible.csv. None by default: uncomment the ones your program has.
eligibility: []
# eligibility:
#   - rule: member_in_good_standing     # the yes/no column of that name must be "yes"
#   - rule: agreement_signed            # signed the mentorship agreement
#   - rule: confidentiality_signed      # signed the confidentiality agreement
#   - rule: employer_supports           # the employer supports participation
#     roles: [mentee]                   # every flag rule takes roles (default both)
#   - rule: field_involvement           # involved in the field's work, not by job title
#   - rule: flag                        # a yes/no answer in any other column
#     name: attended_orientation        # shown in ineligible.csv
#     column: orientation_done          # the column to check
#   - rule: completed_application
#     fields: [interests, goals]        # these must be filled in (default [interests])
#     roles: [mentee]
#   - rule: mentor_min_years
#     years: 7                          # mentors have at least 7 years of experience
#   - rule: mentee_max_years_or_new
#     years: 7                          # mentees under 7 years, or new to the sector

weights:                                # 0 to 100; 0 switches a factor off; at least one above 0
  interests: 3                          # shared areas of interest
  skills: 3                             # skills the mentee seeks vs skills the mentor offers
  goals_text: 2                         # the mentee's goals vs the mentor's bio (free text)
  community_size: 1                     # same community-size band
  region: 1                             # same region (a plus, not required)
  experience_gap: 1                     # the mentor is enough years ahead
  department: 0                         # see factors.department.prefer
  choice_rank: 0                        # the mentee's ranked mentor choices (choices column)
  mutual_request: 0                     # both asked for each other (requested_partner column)

factors:
  experience_gap:                       # mentor minus mentee years of experience
    ideal_min: 5                        # a gap from ideal_min ...
    ideal_max: 20                       # ... to ideal_max scores best
    tolerance: 10                       # above ideal_max the score falls to 0 over this many years
  community_size:
    bands: [under 10k, 10k-50k, 50k-250k, over 250k]   # smallest first
    upper_bounds: [10000, 50000, 250000]               # population limits between bands (one fewer than bands)
  department:
    prefer: different                   # different | same | any
  choice_rank:
    max_choices: 3                      # how many ranked choices a mentee may give

exclusions:
  chain_of_command: true                # never pair someone with a person in their supervisor chain
  same_department: false                # true: never pair two people of the same department
  past_pairs: true                      # never re-pair people who were paired before

min_score: 0                            # 0 to 100; pairs scoring below are never made
solver: auto                            # auto | shortest_path | brute_force

# Your form's column headers -> template fields (the header row of
# applications.csv). Headers already named like a template field need no entry.
columns: {}
# columns:
#   "Email Address": email
#   "What are your areas of interest?": interests

# The announcement: one message per matched person in the run's emails/ folder.
emails:
  first_contact_days: 30                # first contact is asked for within this many days
  first_contact_by: mentee              # who makes it: mentee | mentor | either
  meeting_expectations: >-
    Meet at least once a month, for 30 to 90 minutes, and never let more than six weeks pass between meetings.
  subject: Your mentorship match        # one line
  signature: The mentorship committee   # may span lines (signature: |)
  intro_mentee: >-                      # opening paragraph of a mentee's message
    Welcome to the mentorship program. We are pleased to introduce your mentor: a sounding board to run ideas by,
    and a professional whose experience can help you in your work and professional growth.
  intro_mentor: >-                      # opening paragraph of a mentor's message
    Thank you for volunteering as a mentor. Your role is to be a resource and to build a trusting relationship
    in which you can help with feedback, strategy and career development.
  agreement: >-                         # false leaves it out
    At your first meeting, go through your mentoring agreement together: agree on your goals, the boundaries of the
    relationship, how often and for how long you will meet, how you will keep in touch between meetings, and how you
    will track progress.
  confidentiality: >-                   # false leaves it out
    Keep the content of your conversations professional and confidential, during and after the program.
    If you have concerns about inappropriate behaviour or a breach of confidentiality, tell the program staff right away.
  # reply_to: mentoring@example.org     # the program's address for questions (Reply-To, and named in the message)
  # from: mentoring@example.org         # the sender (From); left out, the account that sends the draft
`;

/**
 * The empty application template: the header row of the template fields.
 * UTF-8 with a byte-order mark and CRLF, so Excel opens it with accents intact
 * and saves it back in a form the loader reads.
 */
export const APPLICATIONS_TEMPLATE_CSV = `\uFEFF${TEMPLATE_FIELDS.join(',')}\r\n`;

/** Options of {@link writeStarter}. */
export interface StarterOptions {
  /** Overwrite files that already exist. @default false */
  readonly force?: boolean;
}

/** What {@link writeStarter} did: the files written, or the problems that stopped it (then nothing was written). */
export interface StarterOutcome {
  readonly written: readonly string[];
  readonly problems: readonly Problem[];
}

const OVERWRITE_HINT = 'no existing file here (run with --force to overwrite it)';

function exists(path: string): 'file' | 'folder' | false {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return false;
  }
}

/**
 * Writes `program.yaml` and `applications.csv` into `folder` (created if
 * missing). An existing file is never overwritten without `force`: then
 * nothing is written and each existing file is a `file_exists` problem.
 *
 * @example
 * const { written, problems } = writeStarter('my-program');
 * if (problems.length > 0) throw new InputError(problems);
 */
export function writeStarter(folder: string, options: StarterOptions = {}): StarterOutcome {
  const force = options.force === true;
  if (exists(folder) === 'file') {
    const expected = 'a folder to write the starter files into (this is a file)';
    return { written: [], problems: [{ code: 'file_exists', file: folder, expected }] };
  }
  const files = [
    { path: join(folder, STARTER_FILES.config), content: STARTER_PROGRAM_YAML },
    { path: join(folder, STARTER_FILES.applications), content: APPLICATIONS_TEMPLATE_CSV },
  ];

  const problems: Problem[] = [];
  for (const f of files) {
    const kind = exists(f.path);
    if (kind === 'folder') problems.push({ code: 'file_exists', file: f.path, expected: 'no folder of this name (a file is written here)' });
    else if (kind === 'file' && !force) problems.push({ code: 'file_exists', file: f.path, expected: OVERWRITE_HINT });
  }
  if (problems.length > 0) return { written: [], problems };

  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const f of files) {
    try {
      // 'wx' fails if the file appeared since the check above: still never overwrite without force.
      writeFileSync(f.path, f.content, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
      written.push(f.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      problems.push({ code: 'file_exists', file: f.path, expected: OVERWRITE_HINT });
    }
  }
  return { written, problems };
}
