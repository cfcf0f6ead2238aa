/**
 * Release control: which stored answers join the published results, and under which unit and
 * grade they are kept from then on.
 *
 * The threat: an analyst holds the roster, watches the status page over time (so knows who
 * completed between any two releases) and can download every published state. Any group whose
 * membership changed by 1 to minimum − 1 online respondents between two states gives those
 * respondents' answers away by subtraction (n₂·m₂ − n₁·m₁, or the difference of two raw-data
 * files). Paper forms do not help: whoever typed them knows them and can subtract them too.
 *
 * The rule: a release adds either none of the waiting online answers or all of them, and only
 * when they are at least `minimum`. Each released answer gets a final label, (unit, grade),
 * (unit, –) or (–, –), chosen so that every label of the release holds either no online answer
 * or at least `minimum` of them; paper-only labels need at least `minimum` forms, except the
 * fully blank one. The labels are written over the stored unit and grade and never change
 * again, so every later breakdown (report, raw data, workbook, comparisons) is a union of blocks
 * (release × label) that each hold 0 or ≥ minimum online answers: no two published states can
 * differ in any group by fewer than the minimum online respondents.
 *
 * Pure: counts in, a decision out.
 */

/** Blank and missing are one group, as in the analysis. */
export function normaliseGroup(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Waiting answers that share a stored unit and grade. */
export interface PendingCell {
  unit: string | null;
  grade: string | null;
  online: number;
  paper: number;
}

export interface CellDecision {
  /** Whether the cell's online (paper) answers join this release. */
  releaseOnline: boolean;
  releasePaper: boolean;
  /** The label the released answers keep from now on. */
  unit: string | null;
  grade: string | null;
}

export interface ReleasePlan {
  /** One decision per input cell, in the input's order. */
  cells: CellDecision[];
  online: number;
  paper: number;
}

interface Block {
  unit: string | null;
  grade: string | null;
  online: number;
  total: number;
  members: number[];
}

const labelKey = (unit: string | null, grade: string | null) => JSON.stringify([unit, grade]);

function tooSmall(block: Block, minimum: number): boolean {
  if (block.online > 0) return block.online < minimum;
  // A label of paper forms only: its writers are on the roster too, so a unit × grade of one
  // form would point at one person for whoever reads the database.
  return block.unit !== null || block.grade !== null ? block.total > 0 && block.total < minimum : false;
}

/** One step coarser: the grade goes first, then the unit. */
function coarser(unit: string | null, grade: string | null): [string | null, string | null] {
  return grade !== null ? [unit, null] : [null, null];
}

export function planRelease(pending: readonly PendingCell[], minimum: number): ReleasePlan {
  const waitingOnline = pending.reduce((sum, cell) => sum + cell.online, 0);
  const releaseOnline = waitingOnline >= minimum;
  const labels = pending.map((cell) => [normaliseGroup(cell.unit), normaliseGroup(cell.grade)] as [string | null, string | null]);
  const onlineOf = (index: number) => (releaseOnline ? pending[index].online : 0);

  const blocksNow = (): Block[] => {
    const blocks = new Map<string, Block>();
    pending.forEach((cell, index) => {
      const released = onlineOf(index) + cell.paper;
      if (released === 0) return;
      const [unit, grade] = labels[index];
      const key = labelKey(unit, grade);
      let block = blocks.get(key);
      if (!block) {
        block = { unit, grade, online: 0, total: 0, members: [] };
        blocks.set(key, block);
      }
      block.online += onlineOf(index);
      block.total += released;
      block.members.push(index);
    });
    return [...blocks.values()];
  };

  // Every pass makes at least one label coarser, so this ends: at worst all are (–, –), which
  // holds every released online answer, and those are none or at least the minimum.
  for (;;) {
    const blocks = blocksNow();
    const small = blocks.filter((block) => (block.unit !== null || block.grade !== null) && tooSmall(block, minimum));
    if (small.length > 0) {
      for (const block of small) for (const index of block.members) labels[index] = coarser(...labels[index]);
      continue;
    }
    const blank = blocks.find((block) => block.unit === null && block.grade === null);
    if (!blank || !tooSmall(blank, minimum)) break;
    // The blank label holds too few online answers: merge the smallest labelled block into it
    // (fewest online answers, then fewest answers, then by name), as cover.
    const cover = blocks
      .filter((block) => block.unit !== null || block.grade !== null)
      .sort((a, b) => a.online - b.online || a.total - b.total || (labelKey(a.unit, a.grade) < labelKey(b.unit, b.grade) ? -1 : 1))
      .find((block) => block.online > 0);
    if (!cover) break;
    for (const index of cover.members) labels[index] = [null, null];
  }

  const cells = pending.map((cell, index) => ({
    releaseOnline: releaseOnline && cell.online > 0,
    releasePaper: cell.paper > 0,
    unit: labels[index][0],
    grade: labels[index][1],
  }));
  return {
    cells,
    online: releaseOnline ? waitingOnline : 0,
    paper: pending.reduce((sum, cell) => sum + cell.paper, 0),
  };
}
