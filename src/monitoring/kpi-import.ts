import { recordAudit } from '../audit/log';
import type { Db } from '../db/connection';
import * as actionsDb from '../db/actions';
import * as objectivesDb from '../db/objectives';
import type { IndicatorRow } from '../db/types';
import { PayloadTooLargeError, ValidationError, type Problem } from '../errors';
import { columnLetter, normaliseColumnName, type CsvColumnSpec } from '../import/read-csv';
import { readTable, withoutNeutralisingQuote } from '../import/read-table';
import { personLookup } from '../plan/import';
import { getPlan } from '../plan/service';
import { addIndicator, indicatorPeriod, recordRealisation, setIndicatorTargets, updateIndicator } from './indicators';

/**
 * Indicators and their realisations from one table (CSV in any dialect, or XLSX): one row per
 * indicator and period. `indicator` (its code) is required on every row; the definition columns
 * create an indicator the plan does not have yet (then `objective` and `name` are needed) or change
 * the ones given of one it has; `period` with `target` and/or `realisation` records that period.
 *
 * All or nothing: every row goes through the same checks as the forms (the indicator service);
 * any problem, with its line and column, and nothing is written.
 */

const COLUMNS = [
  'indicator', 'objective', 'name', 'unit', 'polarity', 'lower', 'upper', 'frequency', 'consolidation', 'baseline', 'annual_target',
  'weight', 'pic', 'data_source', 'definition', 'formula', 'period', 'target', 'realisation', 'note',
] as const;
type Column = (typeof COLUMNS)[number];

const ALIASES: Record<Column, string[]> = {
  indicator: ['kode indikator', 'kode iku', 'indikator', 'iku', 'indicator_code', 'code'],
  objective: ['sasaran', 'kode sasaran', 'kode ss', 'ss', 'objective_code'],
  name: ['nama indikator', 'nama iku', 'nama', 'indicator_name'],
  unit: ['satuan'],
  polarity: ['polaritas', 'arah'],
  lower: ['batas bawah', 'lower_bound'],
  upper: ['batas atas', 'upper_bound'],
  frequency: ['frekuensi', 'periode pelaporan'],
  consolidation: ['konsolidasi', 'konsolidasi periode'],
  baseline: ['nilai dasar', 'nilai awal'],
  annual_target: ['target tahunan', 'target_tahunan'],
  weight: ['bobot', 'bobot (%)'],
  pic: ['pj', 'penanggung jawab', 'person in charge'],
  data_source: ['sumber data'],
  definition: ['definisi', 'definisi operasional'],
  formula: ['rumus', 'formula perhitungan'],
  period: ['periode'],
  target: ['target periode', 'period_target'],
  realisation: ['realisasi', 'realization'],
  note: ['catatan', 'keterangan'],
};

const WORDS: Partial<Record<Column, Record<string, string>>> = {
  polarity: {
    maksimal: 'maximize', maksimum: 'maximize', maximise: 'maximize', 'semakin tinggi semakin baik': 'maximize', 'higher is better': 'maximize',
    minimal: 'minimize', minimum: 'minimize', minimise: 'minimize', 'semakin rendah semakin baik': 'minimize', 'lower is better': 'minimize',
    rentang: 'range', 'dalam rentang': 'range',
  },
  frequency: { bulanan: 'monthly', triwulanan: 'quarterly', 'per triwulan': 'quarterly', semesteran: 'semester', tahunan: 'annual', yearly: 'annual' },
  consolidation: { jumlah: 'sum', total: 'sum', 'rata-rata': 'average', 'rata rata': 'average', mean: 'average', terakhir: 'last', 'nilai terakhir': 'last', 'last known': 'last' },
};

/** The service's field → the file's column. */
const FIELD_COLUMN: Record<string, Column> = {
  code: 'indicator', name: 'name', unit: 'unit', target: 'annual_target', polarity: 'polarity', lower_bound: 'lower', upper_bound: 'upper', frequency: 'frequency',
  consolidation: 'consolidation', baseline: 'baseline', weight: 'weight', pic_id: 'pic', data_source: 'data_source', definition: 'definition', formula: 'formula',
  period: 'period', value: 'realisation', note: 'note',
};

const DEFINITION_COLUMNS: readonly Column[] = ['name', 'unit', 'polarity', 'lower', 'upper', 'frequency', 'consolidation', 'baseline', 'annual_target', 'weight', 'pic', 'data_source', 'definition', 'formula'];

function columnSpecs(): CsvColumnSpec[] {
  return COLUMNS.map((name) => {
    const keys = new Set([normaliseColumnName(name)]);
    const aliases = ALIASES[name].filter((alias) => !keys.has(normaliseColumnName(alias)) && keys.add(normaliseColumnName(alias)));
    return { name, required: name === 'indicator', aliases };
  });
}

export interface KpiImportOptions {
  fileName: string;
  now: Date;
  actor: string;
  maxRows?: number;
  maxBytes?: number;
  dryRun?: boolean;
}

export interface KpiImportResult {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  targets: number;
  realisations: number;
}

class DryRun extends Error {}

function number(text: string): number | string | null {
  if (text === '') return null;
  const bare = text.replace(/\s*%$/, '');
  return /^-?\d+([.,]\d+)?$/.test(bare) ? Number(bare.replace(',', '.')) : text;
}

export async function importKpiFile(db: Db, planId: number, file: Buffer, options: KpiImportOptions): Promise<KpiImportResult> {
  getPlan(db, planId);
  if (options.maxBytes !== undefined && file.length > options.maxBytes) throw new PayloadTooLargeError(`The file is larger than the limit of ${Math.round(options.maxBytes / 1024 / 1024)} MB`);
  const table = await readTable(file, { fileName: options.fileName, columns: columnSpecs(), maxRows: options.maxRows });
  const failed = 'The indicator file could not be read; nothing was imported';
  if ('problems' in table) throw new ValidationError(failed, table.problems.map((problem) => ({ line: problem.line, column: problem.column, value: problem.value, message: problem.message })));
  if (table.rows.length === 0) throw new ValidationError(failed, [{ line: 2, column: null, value: null, message: 'The file has no indicators: type one per row below the header.' }]);

  const positionOf = new Map(table.positions.map((position) => [position.name, position]));
  const label = (column: Column) => {
    const position = positionOf.get(column);
    return position ? `${position.header} (${columnLetter(position.index)})` : column;
  };
  const rows = table.rows.map((row) => ({
    line: row.line,
    cell: (column: Column) => {
      const raw = (row.cells[column] ?? '').trim();
      const text = table.csv ? withoutNeutralisingQuote(raw).trim() : raw;
      const word = WORDS[column]?.[text.toLowerCase()];
      return word ?? (WORDS[column] ? text.toLowerCase() : text);
    },
  }));

  const problems: Problem[] = [];
  const atLine = (line: number, run: () => void, column: Column | null = null) => {
    try {
      run();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const problem of error.problems) {
        const mapped = column ?? (problem.field ? FIELD_COLUMN[problem.field] : undefined) ?? null;
        problems.push({ line, column: mapped ? label(mapped) : null, value: problem.value ?? null, message: problem.message });
      }
    }
  };
  const findPerson = personLookup(actionsDb.listPeople(db));
  const result: KpiImportResult = { dryRun: options.dryRun === true, rows: rows.length, created: 0, updated: 0, targets: 0, realisations: 0 };

  try {
    db.transaction(() => {
      const plan = getPlan(db, planId);
      const objectives = objectivesDb.listObjectives(db, planId);
      // Rows by indicator code, in the order the file first names each.
      const byCode = new Map<string, typeof rows>();
      for (const row of rows) {
        const code = row.cell('indicator');
        if (!code) {
          problems.push({ line: row.line, column: label('indicator'), value: null, message: "the indicator's code is blank: every row names the indicator it is about" });
          continue;
        }
        byCode.set(code.toLowerCase(), [...(byCode.get(code.toLowerCase()) ?? []), row]);
      }
      for (const [key, group] of byCode) {
        const code = group[0].cell('indicator');
        let indicator: IndicatorRow | undefined = objectivesDb.listIndicators(db, planId).find((row) => row.code.toLowerCase() === key);
        // The definition: the first non-blank value of each column across the indicator's rows; a different one on a later row is a contradiction.
        const given: Partial<Record<Column, { value: string; line: number }>> = {};
        for (const row of group) {
          for (const column of [...DEFINITION_COLUMNS, 'objective'] as Column[]) {
            const value = row.cell(column);
            if (!value) continue;
            const first = given[column];
            if (!first) given[column] = { value, line: row.line };
            else if (first.value !== value) problems.push({ line: row.line, column: label(column), value, message: `line ${first.line} gives ${code} "${first.value}" here: say it once, or the same on every row` });
          }
        }
        const input: Record<string, unknown> = {};
        const set = (field: string, column: Column, read: (text: string) => unknown = (text) => text) => {
          const value = given[column];
          if (value) input[field] = read(value.value);
        };
        set('name', 'name');
        set('unit', 'unit');
        set('polarity', 'polarity');
        set('lower_bound', 'lower', number);
        set('upper_bound', 'upper', number);
        set('frequency', 'frequency');
        set('consolidation', 'consolidation');
        set('baseline', 'baseline', number);
        set('target', 'annual_target', number);
        set('weight', 'weight', number);
        set('data_source', 'data_source');
        set('definition', 'definition');
        set('formula', 'formula');
        const pic = given.pic;
        if (pic) {
          const found = findPerson(pic.value);
          if ('problem' in found) problems.push({ line: pic.line, column: label('pic'), value: pic.value, message: found.problem });
          else input.pic_id = found.id;
        }
        const definitionLine = Math.min(...Object.values(given).map((value) => value.line), group[0].line);
        if (!indicator) {
          const objectiveCode = given.objective?.value;
          const objective = objectiveCode ? objectives.find((row) => row.code.toLowerCase() === objectiveCode.toLowerCase()) : undefined;
          if (!objectiveCode) {
            problems.push({ line: group[0].line, column: label('objective'), value: null, message: `${code} is not in the plan yet: give the code of its objective (e.g. SS1) and its name to add it` });
            continue;
          }
          if (!objective) {
            problems.push({ line: given.objective!.line, column: label('objective'), value: objectiveCode, message: `no objective ${objectiveCode} in this plan; use ${objectives.map((row) => row.code).join(', ') || 'an objective added on the Objectives page first'}` });
            continue;
          }
          atLine(definitionLine, () => {
            const id = addIndicator(db, planId, objective.id, { ...input, code }, options.now, options.actor);
            indicator = objectivesDb.listIndicators(db, planId).find((row) => row.id === id);
            result.created += 1;
          });
          if (!indicator) continue;
        } else if (Object.keys(input).length > 0) {
          if (given.objective && given.objective.value.toLowerCase() !== objectives.find((row) => row.id === indicator!.objective_id)?.code.toLowerCase()) {
            problems.push({ line: given.objective.line, column: label('objective'), value: given.objective.value, message: `${code} belongs to ${objectives.find((row) => row.id === indicator!.objective_id)?.code}; an import does not move an indicator` });
          }
          const existing = indicator;
          atLine(definitionLine, () => {
            updateIndicator(db, planId, existing.id, { ...existing, ...input }, options.now, options.actor);
            result.updated += 1;
          });
          indicator = objectivesDb.listIndicators(db, planId).find((row) => row.id === existing.id);
          if (!indicator) continue;
        }
        const current = indicator;
        const seen = new Map<string, number>();
        for (const row of group) {
          const period = row.cell('period');
          const target = row.cell('target');
          const realisation = row.cell('realisation');
          if (!period) {
            if (target || realisation) problems.push({ line: row.line, column: label('period'), value: null, message: 'a target or realisation needs its period, such as 2027-Q1' });
            continue;
          }
          const previous = seen.get(period.toLowerCase());
          if (previous !== undefined) {
            problems.push({ line: row.line, column: label('period'), value: period, message: `line ${previous} already gives ${code} for ${period}` });
            continue;
          }
          seen.set(period.toLowerCase(), row.line);
          const before = problems.length;
          atLine(row.line, () => indicatorPeriod(plan, current, period, 'The indicator file has a problem'), 'period');
          if (problems.length > before) continue;
          if (target) {
            atLine(row.line, () => setIndicatorTargets(db, planId, current.id, { [period]: number(target) }, options.now, options.actor), 'target');
            result.targets += 1;
          }
          if (realisation) {
            atLine(row.line, () => recordRealisation(db, planId, current.id, { period, value: number(realisation), note: row.cell('note') }, options.now, options.actor));
            result.realisations += 1;
          }
        }
      }
      if (problems.length > 0) {
        const lines = new Set(problems.map((problem) => problem.line));
        throw new ValidationError(`The indicator file has ${problems.length} problem(s) in ${lines.size} row(s); nothing was imported`, problems.slice(0, 500));
      }
      recordAudit(db, { actor: options.actor, action: 'kpi.import', details: { plan: planId, file: options.fileName, rows: result.rows, created: result.created, updated: result.updated, targets: result.targets, realisations: result.realisations } }, options.now);
      if (options.dryRun) throw new DryRun();
    })();
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return result;
}
