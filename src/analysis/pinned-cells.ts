/** A unit × grade cell as an edge between its unit node and its grade node (nodes named apart). */
export interface CellEdge {
  unit: string;
  grade: string;
  count: number;
}

/**
 * The cells whose answer sums follow from the published totals. The unknowns are the answer sums
 * of the cells: edges of a bipartite graph of unit and grade nodes (named apart). The published
 * figures are the totals at every node; a cell is then determined exactly when no cycle passes
 * through it, i.e. it is a bridge (around a cycle, +x, −x, +x … keeps every node total the same).
 * Returns the indices of the pinned edges.
 */
export function pinnedCells(edges: readonly CellEdge[]): Set<number> {
  const neighbours = new Map<string, { node: string; edge: number }[]>();
  const link = (from: string, to: string, edge: number) => {
    let list = neighbours.get(from);
    if (!list) {
      list = [];
      neighbours.set(from, list);
    }
    list.push({ node: to, edge });
  };
  edges.forEach((edge, index) => {
    link(edge.unit, edge.grade, index);
    link(edge.grade, edge.unit, index);
  });
  // Tarjan's bridge finding, iterative so that a large round cannot exhaust the stack.
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const bridges = new Set<number>();
  let counter = 0;
  for (const root of neighbours.keys()) {
    if (order.has(root)) continue;
    order.set(root, counter);
    low.set(root, counter);
    counter += 1;
    const stack: { node: string; viaEdge: number; next: number }[] = [{ node: root, viaEdge: -1, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const list = neighbours.get(frame.node) ?? [];
      if (frame.next < list.length) {
        const { node, edge } = list[frame.next];
        frame.next += 1;
        if (edge === frame.viaEdge) continue;
        if (order.has(node)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, order.get(node) as number));
        } else {
          order.set(node, counter);
          low.set(node, counter);
          counter += 1;
          stack.push({ node, viaEdge: edge, next: 0 });
        }
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (!parent) continue;
      low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if ((low.get(frame.node) as number) > (order.get(parent.node) as number)) bridges.add(frame.viaEdge);
    }
  }
  return bridges;
}


type Group = string | null;

export interface CellCount {
  unit: Group;
  grade: Group;
  count: number;
}

export interface BreakdownRows {
  /** Groups in display order, with their respondent counts. */
  groups: readonly { group: Group; n: number }[];
  /** hidden[i]: groups[i] is suppressed; updated in place. */
  hidden: boolean[];
}

/** Blank and missing groups arrive as null; units and grades are named apart. */
const nodeName = (side: 'unit' | 'grade', group: Group) => JSON.stringify([side, group]);

/**
 * Suppresses further unit or grade rows until the two breakdowns together pin down no small cell.
 *
 * An analyst holds the roster, so knows how many respondents each unit × grade cell has. The report
 * publishes the total (n · mean) of every shown unit, every shown grade, and the round; the hidden
 * groups of a breakdown are known only together (the round total minus the shown ones). So each
 * shown group is a node, the hidden groups of each breakdown are one node, and the cells are edges
 * between them; cells of a hidden unit and a hidden grade share one edge. An edge's sum follows
 * from the published totals exactly when it is a bridge (`pinnedCells`). A pinned edge that holds
 * between 1 and `minimum` − 1 respondents (and is not the whole round) gives them away.
 *
 * Rule, repeated until no such edge is left: take the first exposed edge (units, then grades, in
 * the breakdowns' order); among the shown groups of both breakdowns, smallest first (ties: unit
 * before grade, then display order), hide the first whose hiding leaves that edge covered (on a
 * cycle, or merged into an edge of at least `minimum`); if none does alone, hide the smaller of
 * the edge's own shown unit and grade (ties: the unit), or, when both are hidden already, the
 * smallest shown group. Every step hides one more group, and with every group of one breakdown
 * hidden each edge is a whole shown group or the hidden groups together (at least `minimum` by the
 * per-breakdown rule), so this ends. Hiding a shown group (n ≥ minimum) keeps the per-breakdown
 * rule intact. Cost: groups² × cells in the worst case, independent of the number of respondents.
 *
 * Limits, as for the raw data: the audit is of whole cells across all answers; a cell recoverable
 * for one dimension only (some of its members skipped it) is not searched for.
 */
export function suppressPinnedCells(cells: readonly CellCount[], units: BreakdownRows, grades: BreakdownRows, minimum: number, total: number): void {
  const unitIndex = new Map(units.groups.map((entry, index) => [entry.group, index]));
  const gradeIndex = new Map(grades.groups.map((entry, index) => [entry.group, index]));
  // Display order, so the first exposed edge does not depend on the order respondents arrived in.
  const ordered = cells
    .filter((cell) => cell.count > 0)
    .map((cell) => ({ unit: unitIndex.get(cell.unit) ?? -1, grade: gradeIndex.get(cell.grade) ?? -1, count: cell.count }))
    .sort((a, b) => a.unit - b.unit || a.grade - b.grade);

  const unitNode = (unit: number) => (units.hidden[unit] ? 'unit hidden' : nodeName('unit', units.groups[unit].group));
  const gradeNode = (grade: number) => (grades.hidden[grade] ? 'grade hidden' : nodeName('grade', grades.groups[grade].group));

  /** The cells merged into report edges, and which edge each cell falls in. */
  function edgesNow(): { edges: (CellEdge & { unitRow: number; gradeRow: number })[]; edgeOf: number[] } {
    const byNodes = new Map<string, number>();
    const edges: (CellEdge & { unitRow: number; gradeRow: number })[] = [];
    const edgeOf = ordered.map((cell) => {
      const unit = unitNode(cell.unit);
      const grade = gradeNode(cell.grade);
      const key = JSON.stringify([unit, grade]);
      let index = byNodes.get(key);
      if (index === undefined) {
        index = edges.length;
        byNodes.set(key, index);
        edges.push({ unit, grade, count: 0, unitRow: cell.unit, gradeRow: cell.grade });
      }
      edges[index].count += cell.count;
      return index;
    });
    return { edges, edgeOf };
  }

  /** Index into `ordered` of a cell in the first exposed edge, or −1 when none is exposed. */
  function firstExposedCell(): number {
    const { edges, edgeOf } = edgesNow();
    const pinned = pinnedCells(edges);
    const exposed = (edge: number) => pinned.has(edge) && edges[edge].count < minimum && edges[edge].count < total;
    return edgeOf.findIndex((edge) => exposed(edge));
  }

  function isExposed(cell: number): boolean {
    const { edges, edgeOf } = edgesNow();
    const edge = edgeOf[cell];
    return edges[edge].count < minimum && edges[edge].count < total && pinnedCells(edges).has(edge);
  }

  type Candidate = { rows: BreakdownRows; index: number; n: number; side: number };
  const shownCandidates = (): Candidate[] =>
    [
      ...units.groups.map((entry, index) => ({ rows: units, index, n: entry.n, side: 0 })),
      ...grades.groups.map((entry, index) => ({ rows: grades, index, n: entry.n, side: 1 })),
    ]
      .filter((candidate) => !candidate.rows.hidden[candidate.index])
      .sort((a, b) => a.n - b.n || a.side - b.side || a.index - b.index);

  for (let cell = firstExposedCell(); cell !== -1; cell = firstExposedCell()) {
    const candidates = shownCandidates();
    const helping = candidates.find((candidate) => {
      candidate.rows.hidden[candidate.index] = true;
      const stillExposed = isExposed(cell);
      candidate.rows.hidden[candidate.index] = false;
      return !stillExposed;
    });
    const own = candidates.filter(
      (candidate) => (candidate.rows === units && candidate.index === ordered[cell].unit) || (candidate.rows === grades && candidate.index === ordered[cell].grade),
    );
    const chosen = helping ?? own[0] ?? candidates[0];
    if (chosen === undefined) break; // everything hidden already: only the round total is left
    chosen.rows.hidden[chosen.index] = true;
  }
}
