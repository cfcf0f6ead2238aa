import { addInstrument, getInstrument } from '../survey/instruments';
import { readFileArg, requireArg, type CliCommand } from './common';

const instrumentShow: CliCommand = ({ db, out }, args) => {
  out(JSON.stringify(getInstrument(db, requireArg(args[0], '<code>')).definition, null, 2));
};

const instrumentAdd: CliCommand = ({ db, now, out }, args) => {
  const text = readFileArg(requireArg(args[0], '<file>')).toString('utf8').replace(/^\uFEFF/, '');
  const instrument = addInstrument(db, text, now);
  out(`instrument ${instrument.definition.code} added (${instrument.items.length} items)`);
};

export const instrumentCommands: Record<string, CliCommand> = {
  'instrument show': instrumentShow,
  'instrument add': instrumentAdd,
};
