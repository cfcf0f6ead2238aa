import { chooseSuppressed } from '../analysis/suppression';
import type { Db } from '../db/connection';
import { iterateResponses } from '../db/responses';
import { translator } from '../i18n';
import type { LoadedInstrument } from '../survey/instruments';
import type { Round } from '../survey/rounds';
import type { RoundReport } from './build-report';
import type { Cell } from './tables';

/**
 * Anonymised raw data for SPSS and R: one row per respondent, one column per item.
 *
 * Unit and grade are quasi-identifiers: an analyst who holds the roster knows who is the only
 * III/a of a unit. So:
 * 1. a unit (grade) is written only where the report shows that group (it meets the minimum size,
 *    and is not hidden as cover for a smaller group: the complementary rule of the breakdowns);
 * 2. within each written unit (and among rows whose unit is blank) a grade is written only where
 *    at least the minimum number of rows share that unit and grade, again hiding further grades,
 *    smallest first, until the rows with a blank grade are at least the minimum.
 * Every combination of unit and grade in the file therefore covers at least `minimum` rows
 * (unless the whole round is smaller). Responses without a single answer carry no data and are
 * left out, as in the report; rows are in storage order, which is random, not submission order.
 */

type Group = string | null;

/** Blank and missing are one group, as in the analysis. */
export function normaliseGroup(value: string | null | undefined): Group {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function compareGroups(a: Group, b: Group): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const pairKey = (unit: Group, grade: Group) => JSON.stringify([unit, grade]);

export interface GroupMasker {
  mask(unit: string | null, grade: string | null): { unit: Group; grade: Group };
}

/**
 * Decides what to write in the unit and grade columns. `pairs` count the rows that will be
 * written per stored (unit, grade); `shownUnits`/`shownGrades` are the groups the report shows.
 */
export function createGroupMasker(
  pairs: Iterable<{ unit: string | null; grade: string | null; count: number }>,
  shownUnits: ReadonlySet<string>,
  shownGrades: ReadonlySet<string>,
  minimum: number,
): GroupMasker {
  const firstStep = (unit: string | null, grade: string | null) => {
    const normalUnit = normaliseGroup(unit);
    const normalGrade = normaliseGroup(grade);
    return {
      unit: normalUnit !== null && shownUnits.has(normalUnit) ? normalUnit : null,
      grade: normalGrade !== null && shownGrades.has(normalGrade) ? normalGrade : null,
    };
  };
  // Rows per written unit, then per grade within it.
  const byUnit = new Map<Group, Map<Group, number>>();
  for (const pair of pairs) {
    const { unit, grade } = firstStep(pair.unit, pair.grade);
    let grades = byUnit.get(unit);
    if (!grades) {
      grades = new Map();
      byUnit.set(unit, grades);
    }
    grades.set(grade, (grades.get(grade) ?? 0) + pair.count);
  }
  const gradeKept = new Set<string>();
  for (const [unit, grades] of byUnit) {
    const entries = [...grades.entries()].sort(([a], [b]) => compareGroups(a, b));
    const hidden = chooseSuppressed(
      entries.map(([, count]) => count),
      minimum,
      entries.map(([grade]) => grade === null),
    );
    entries.forEach(([grade], index) => {
      if (!hidden[index]) gradeKept.add(pairKey(unit, grade));
    });
  }
  return {
    mask(unit, grade) {
      const first = firstStep(unit, grade);
      return { unit: first.unit, grade: gradeKept.has(pairKey(first.unit, first.grade)) ? first.grade : null };
    },
  };
}

function shownGroups(report: RoundReport, by: 'unit' | 'grade'): Set<string> {
  const breakdown = report.groups.find((entry) => entry.by === by);
  const shown = new Set<string>();
  for (const row of breakdown?.rows ?? []) {
    if (!row.suppressed && row.group !== null) shown.add(row.group);
  }
  return shown;
}

function hasAnswer(answers: Uint8Array): boolean {
  for (const value of answers) if (value !== 0) return true;
  return false;
}

export interface RawData {
  header: string[];
  /** Streams the rows from the database (a second pass: the first decided the masking). */
  rows(): Generator<Cell[]>;
  /** Longest unit and grade written, for column widths. */
  widths: { unit: number; grade: number };
}

export function rawData(db: Db, round: Round, report: RoundReport): RawData {
  const roundId = round.row.id;
  // First pass: rows per stored (unit, grade); memory grows with the number of groups only.
  const counts = new Map<string, { unit: string | null; grade: string | null; count: number }>();
  for (const response of iterateResponses(db, roundId)) {
    if (!hasAnswer(response.answers)) continue;
    const key = pairKey(response.unit, response.grade);
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { unit: response.unit, grade: response.grade, count: 1 });
  }
  const pairs = [...counts.values()];
  const masker = createGroupMasker(pairs, shownGroups(report, 'unit'), shownGroups(report, 'grade'), round.row.min_group_size);
  let unitWidth = 4;
  let gradeWidth = 5;
  for (const pair of pairs) {
    const masked = masker.mask(pair.unit, pair.grade);
    unitWidth = Math.max(unitWidth, masked.unit?.length ?? 0);
    gradeWidth = Math.max(gradeWidth, masked.grade?.length ?? 0);
  }
  const items = round.instrument.items;
  return {
    header: ['respondent', 'unit', 'grade', ...items.map((item) => item.code)],
    widths: { unit: unitWidth, grade: gradeWidth },
    *rows() {
      let respondent = 0;
      for (const response of iterateResponses(db, roundId)) {
        const answers = response.answers;
        if (!hasAnswer(answers)) continue;
        respondent += 1;
        const masked = masker.mask(response.unit, response.grade);
        const row: Cell[] = [respondent, masked.unit, masked.grade];
        for (let index = 0; index < items.length; index += 1) row.push(answers[index] === 0 ? null : answers[index]);
        yield row;
      }
    },
  };
}

/** Describes every column of the raw data, in both languages. */
export function codebookTable(instrument: LoadedInstrument, minimum: number): { header: string[]; rows: Cell[][] } {
  const id = translator('id');
  const en = translator('en');
  const definition = instrument.definition;
  const scaleValues = definition.scale.labels.map((label) => `${label.value} = ${label.id} / ${label.en}`).join('; ');
  const missing = `${id('report.codebook.missing_answer')} / ${en('report.codebook.missing_answer')}`;
  const rows: Cell[][] = [
    ['respondent', id('report.codebook.respondent'), en('report.codebook.respondent'), null, null, null, null, null, null, null, null, null],
    ['unit', id('report.codebook.unit'), en('report.codebook.unit'), null, null, null, null, null, null, null, null, `${id('report.codebook.missing_group', { min: minimum })} / ${en('report.codebook.missing_group', { min: minimum })}`],
    ['grade', id('report.codebook.grade'), en('report.codebook.grade'), null, null, null, null, null, null, null, null, `${id('report.codebook.missing_group', { min: minimum })} / ${en('report.codebook.missing_group', { min: minimum })}`],
  ];
  for (const perspective of definition.perspectives) {
    for (const dimension of perspective.dimensions) {
      for (const item of dimension.items) {
        rows.push([
          item.code,
          item.text.id,
          item.text.en,
          perspective.code,
          perspective.name.id,
          perspective.name.en,
          dimension.code,
          dimension.name.id,
          dimension.name.en,
          dimension.focus,
          scaleValues,
          missing,
        ]);
      }
    }
  }
  return {
    header: ['variable', 'label_id', 'label_en', 'perspective', 'perspective_name_id', 'perspective_name_en', 'dimension', 'dimension_name_id', 'dimension_name_en', 'focus', 'values', 'missing'],
    rows,
  };
}
