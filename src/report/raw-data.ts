import { pinnedCells, type CellEdge as Edge } from '../analysis/pinned-cells';
import { normaliseGroup } from '../analysis/disclosure';
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
 * Unit and grade are quasi-identifiers: an analyst holds the roster, sees who has completed, and
 * so knows how many respondents share each unit and grade, e.g. that unit A has one III/b. The
 * report publishes the mean and n of every shown unit and every shown grade. So:
 * 1. a unit (grade) is written only where the report shows that group (it meets the minimum size,
 *    and is not hidden as cover for a smaller group: the complementary rule of the breakdowns);
 *    units are therefore all or nothing: a unit is written in every row or in none;
 * 2. within each unit (and among the rows of hidden units, and among those without a unit) a grade
 *    is blanked where fewer than the minimum share that unit and grade, hiding further grades,
 *    smallest first, until the rows with a blank grade are at least the minimum;
 * 3. a grade blanked in one unit is blanked in every unit. Otherwise the report's III/b mean
 *    (n = 10) minus the nine rows written III/b elsewhere is the hidden III/b's answers;
 * 4. even then the roster may tell which blank rows hold which grade (a unit whose only blank grade
 *    is III/b), so the masker works out, as the analyst could, which cells of unit × grade the
 *    published sums pin down (see `pinnedCells`), and blanks further grades until the raw data pins
 *    down no cell of fewer than the minimum that the report alone does not. With every grade blank
 *    the raw data adds nothing to the report's unit breakdown, so this always ends.
 * Steps 2–4 repeat until nothing changes. Every combination of unit and grade in the file therefore
 * covers at least `minimum` rows (unless the whole round is smaller). Responses without a single
 * answer carry no data and are left out, as in the report; rows are in storage order, which is
 * random, not submission order.
 *
 * Limits: the audit is of whole cells' answer sums across all items, as the report's breakdowns
 * are published; a cell recoverable only for one dimension (its other members skipped it), or a
 * sum over several small cells, is not searched for. And where the report's own unit and grade
 * breakdowns pin a small cell down, the raw data cannot undo that.
 */

type Group = string | null;

export { pinnedCells };

export { normaliseGroup };

function compareGroups(a: Group, b: Group): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

const pairKey = (unit: Group, grade: Group) => JSON.stringify([unit, grade]);

/**
 * The report's group a unit or grade falls in, as a node of the cell graph below: each shown group
 * is its own node, and so is the blank group when the report shows it; all hidden groups are one
 * node, since only their combined total follows from the report (the overall total minus the shown
 * groups). Rows without a unit and rows of hidden units are both written blank, yet count here as
 * told apart: assuming the analyst knows more errs on the safe side.
 */
function groupNode(side: 'unit' | 'grade', value: Group, shown: ReadonlySet<Group>): string {
  if (!shown.has(value)) return `${side} hidden`;
  return value === null ? `${side} blank` : `${side}=${value}`;
}

export interface GroupMasker {
  mask(unit: string | null, grade: string | null): { unit: Group; grade: Group };
}

interface StoredCell {
  /** The unit's node; also the group inside which grades must reach the minimum. */
  unitNode: string;
  grade: Group;
  gradeNode: string;
  count: number;
}

/**
 * Decides what to write in the unit and grade columns. `pairs` count the rows that will be
 * written per stored (unit, grade); `shownUnits`/`shownGrades` are the groups the report shows
 * (null: the report shows the group without a unit or grade).
 */
export function createGroupMasker(
  pairs: Iterable<{ unit: string | null; grade: string | null; count: number }>,
  shownUnits: ReadonlySet<Group>,
  shownGrades: ReadonlySet<Group>,
  minimum: number,
): GroupMasker {
  const unitLabel = (unit: Group): Group => (unit !== null && shownUnits.has(unit) ? unit : null);
  // Grades blanked in every row: not shown in the report, or blanked somewhere (steps 2–4).
  const blankGrades = new Set<Group>([null]);
  const gradeTotals = new Map<Group, number>();
  const cellMap = new Map<string, StoredCell>();
  for (const pair of pairs) {
    const unit = normaliseGroup(pair.unit);
    const grade = normaliseGroup(pair.grade);
    if (!shownGrades.has(grade)) blankGrades.add(grade);
    gradeTotals.set(grade, (gradeTotals.get(grade) ?? 0) + pair.count);
    const unitNode = groupNode('unit', unit, shownUnits);
    const key = pairKey(unitNode, grade);
    const cell = cellMap.get(key);
    if (cell) cell.count += pair.count;
    else cellMap.set(key, { unitNode, grade, gradeNode: groupNode('grade', grade, shownGrades), count: pair.count });
  }
  const cells = [...cellMap.values()].sort((a, b) => (a.unitNode < b.unitNode ? -1 : a.unitNode > b.unitNode ? 1 : compareGroups(a.grade, b.grade)));
  const cellsByUnit = new Map<string, StoredCell[]>();
  for (const cell of cells) {
    const inUnit = cellsByUnit.get(cell.unitNode);
    if (inUnit) inUnit.push(cell);
    else cellsByUnit.set(cell.unitNode, [cell]);
  }
  const smallest = (grades: Iterable<Group>): Group | undefined =>
    [...grades].sort((a, b) => (gradeTotals.get(a) ?? 0) - (gradeTotals.get(b) ?? 0) || compareGroups(a, b))[0];

  /** Step 2: blanks grades too small within a unit, with complementary cover; true when any was added. */
  function coverSmallCells(): boolean {
    let changed = false;
    for (const inUnit of cellsByUnit.values()) {
      const hidden = chooseSuppressed(
        inUnit.map((cell) => cell.count),
        minimum,
        inUnit.map((cell) => blankGrades.has(cell.grade)),
      );
      inUnit.forEach((cell, index) => {
        if (hidden[index] && !blankGrades.has(cell.grade)) {
          blankGrades.add(cell.grade);
          changed = true;
        }
      });
    }
    return changed;
  }

  /** Step 4: a grade to blank when the raw data would pin down a small cell the report does not; undefined when none would. */
  function gradeToBlankAgainstDifferencing(): Group | undefined {
    // One edge per pair of report groups. A written grade's cells are known outright (they hold at
    // least the minimum, by step 2); the unknowns left are the blank-grade cells, whose node totals
    // are still known. A grade node's cells are all written or all blank.
    const merged = new Map<string, Edge & { blank: boolean }>();
    for (const cell of cells) {
      const key = pairKey(cell.unitNode, cell.gradeNode);
      const edge = merged.get(key);
      if (edge) edge.count += cell.count;
      else merged.set(key, { unit: cell.unitNode, grade: cell.gradeNode, count: cell.count, blank: blankGrades.has(cell.grade) });
    }
    const all = [...merged.values()];
    const unknown = all.filter((edge) => edge.blank);
    const byReport = pinnedCells(all);
    const pinnedByReport = new Set([...byReport].map((index) => pairKey(all[index].unit, all[index].grade)));
    for (const index of [...pinnedCells(unknown)].sort((a, b) => a - b)) {
      const edge = unknown[index];
      if (edge.count >= minimum || pinnedByReport.has(pairKey(edge.unit, edge.grade))) continue;
      // Mixing another of this unit's grades into its blank rows puts the small cell on a cycle.
      const written = (list: readonly StoredCell[]) => list.filter((cell) => !blankGrades.has(cell.grade)).map((cell) => cell.grade);
      return smallest(written(cellsByUnit.get(edge.unit) ?? [])) ?? smallest(written(cells));
    }
    return undefined;
  }

  for (;;) {
    if (coverSmallCells()) continue;
    const grade = gradeToBlankAgainstDifferencing();
    if (grade === undefined) break;
    blankGrades.add(grade);
  }

  // Only grades that were counted and survived every step; anything else (a value the first pass
  // never saw) is written blank.
  const writtenGrades = new Set(cells.map((cell) => cell.grade).filter((grade) => !blankGrades.has(grade)));
  return {
    mask(unit, grade) {
      const normalGrade = normaliseGroup(grade);
      return { unit: unitLabel(normaliseGroup(unit)), grade: writtenGrades.has(normalGrade) ? normalGrade : null };
    },
  };
}

/** The groups the report shows, null among them when it shows the group without a unit (grade). */
function shownGroups(report: RoundReport, by: 'unit' | 'grade'): Set<Group> {
  const breakdown = report.groups.find((entry) => entry.by === by);
  const shown = new Set<Group>();
  for (const row of breakdown?.rows ?? []) {
    if (!row.suppressed) shown.add(row.group);
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
  for (const response of iterateResponses(db, roundId, report.round.release)) {
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
      for (const response of iterateResponses(db, roundId, report.round.release)) {
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
