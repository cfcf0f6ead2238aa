import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '../audit/log';
import { loadOrganisation, organisationFields, removeLogo, saveOrganisation, setLogo } from '../organisation/profile';
import { readFileArg, UsageError, type CliCommand } from './common';

/** The options of `organisation set` by the profile field each one sets. */
const FIELD_OPTIONS = {
  name: 'name',
  parent: 'parent',
  unit: 'unit',
  city: 'city',
  'head-name': 'head_name',
  'head-position': 'head_position',
  'head-nip': 'head_nip',
} as const;

const organisationShow: CliCommand = ({ db, out }) => {
  const profile = loadOrganisation(db);
  const shown = (value: string) => value || '—';
  out(
    [
      `name:          ${shown(profile.name)}`,
      `parent:        ${shown(profile.parent)}`,
      `unit:          ${shown(profile.unit)}`,
      `city:          ${shown(profile.city)}`,
      `head name:     ${shown(profile.head.name)}`,
      `head position: ${shown(profile.head.position)}`,
      `head NIP:      ${shown(profile.head.nip)}`,
      `logo:          ${profile.logo ? `${profile.logo.type}, ${profile.logo.data.length} bytes` : '—'}`,
    ].join('\n'),
  );
};

/**
 * Changes the fields given and keeps the others; the text fields and the logo are saved together
 * or not at all (a refused logo leaves the text fields as they were too).
 */
const organisationSet: CliCommand = ({ db, now, out }, args) => {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      parent: { type: 'string' },
      unit: { type: 'string' },
      city: { type: 'string' },
      'head-name': { type: 'string' },
      'head-position': { type: 'string' },
      'head-nip': { type: 'string' },
      logo: { type: 'string' },
      'remove-logo': { type: 'boolean' },
    },
  });
  const given = (Object.keys(FIELD_OPTIONS) as (keyof typeof FIELD_OPTIONS)[]).filter((option) => typeof values[option] === 'string');
  const logoFile = typeof values.logo === 'string' ? values.logo : undefined;
  const removing = values['remove-logo'] === true;
  if (logoFile !== undefined && removing) throw new UsageError('give --logo or --remove-logo, not both');
  if (given.length === 0 && logoFile === undefined && !removing) throw new UsageError('nothing to set: give at least one of --name, --parent, --unit, --city, --head-name, --head-position, --head-nip, --logo, --remove-logo');
  const logo = logoFile === undefined ? undefined : readFileArg(logoFile);
  const said: string[] = [];
  db.transaction(() => {
    if (given.length > 0) {
      const fields: Record<string, string> = { ...organisationFields(loadOrganisation(db)) };
      for (const option of given) fields[FIELD_OPTIONS[option]] = values[option] as string;
      saveOrganisation(db, fields, now, CLI_ACTOR);
      said.push(`organisation profile saved (${given.map((option) => `--${option}`).join(', ')})`);
    }
    if (logo !== undefined) {
      setLogo(db, logo, now, CLI_ACTOR);
      said.push(`logo set (${loadOrganisation(db).logo?.type}, ${logo.length} bytes)`);
    }
    if (removing) {
      removeLogo(db, now, CLI_ACTOR);
      said.push('logo removed');
    }
  })();
  out(said.join('\n'));
};

export const organisationCommands: Record<string, CliCommand> = {
  'organisation show': organisationShow,
  'organisation set': organisationSet,
};
