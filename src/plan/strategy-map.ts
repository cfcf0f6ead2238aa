/**
 * The strategy map: perspectives as horizontal bands, strategic objectives (sasaran strategis) as
 * boxes, cause → effect links as arrows. Pure: the plan's data in, one SVG string out, the same
 * string for the same input (no clock, no randomness, no counters shared between calls).
 *
 * Layout. Each band holds its objectives in rows of at most three, in the plan's order, centred.
 * Three per row keeps the names large enough to read when the 1000-unit map is shrunk to a phone.
 * Every coordinate is a multiple of the routing grid's step, so box edges lie on grid lines.
 *
 * Routing. Each link is a shortest path on that grid (Dijkstra over node × heading), moving only
 * horizontally or vertically. A node inside or on the edge of any box is closed to every path; a
 * path may only leave its cause through a point on the cause's edge, heading straight out, and
 * end on its effect's edge heading straight in. So no segment can cross a box: that is a property
 * of the search, not of a tuned layout, and it holds for any number of boxes. Everything else that
 * makes a map easy to read is a cost: a bend, running along another link, running right beside
 * one, turning where another link passes, hugging a box, crossing a band's name. Links are routed
 * shortest first, so the short ones keep their straight lines and the long ones go around.
 *
 * Greyscale and print: status is a symbol inside the box (filled, half, empty circle) and a word
 * in the box's <title> and in the legend, never only a tint. Presentation attributes only: the
 * Content Security Policy forbids style attributes and inline <style>.
 */
import { element, elementWithMarkup, FONT, INK, MUTED } from '../report/svg';

export type ObjectiveStatus = 'red' | 'yellow' | 'green';

export interface StrategyMapInput {
  /** Accessible title, e.g. "Peta strategi — Rencana 2027". */
  title: string;
  /** Top to bottom, as the plan orders them (public-sector BSC: stakeholder/customer on top, learning & growth at the bottom). */
  perspectives: { code: string; name: string }[];
  /** Objectives in display order within their perspective. `status` comes later from indicator monitoring; null/undefined = none. */
  objectives: { id: number; code: string; name: string; perspective: string; status?: ObjectiveStatus | null }[];
  /** Cause → effect links between objective ids (already checked acyclic by the caller). */
  links: { cause: number; effect: number }[];
}

export interface StrategyMapLabels {
  /** e.g. "menyebabkan" / "leads to", used in the text alternative. */
  leadsTo: string;
  /** Status names for the legend and box labels, e.g. { red: 'Merah (< 80 %)', ... }. */
  status: Record<ObjectiveStatus, string>;
  /** Shown in an empty band: "Belum ada sasaran" */
  noObjectives: string;
}

type Objective = StrategyMapInput['objectives'][number];

const WIDTH = 1000;
/** The routing grid's step; every layout coordinate is a multiple of it. */
const STEP = 10;

const BOXES_PER_ROW = 3;
const BOX_WIDTH = 260;
const BOX_HEIGHT = 130;
const BOX_PADDING = 10;
const FONT_SIZE = 24;
const LINE_HEIGHT = 28;
const NAME_LINES = 3;

const BAND_HEADER = 40;
/** Between a band's header and its first row, and between its last row and the band's edge. */
const BAND_CHANNEL = 40;
/** Between two rows of one band. */
const ROW_CHANNEL = 60;
const EMPTY_BAND_ROW = 60;

const BAND_FILLS = ['#eef1f4', '#f9fafb'];
const LEGEND_FONT_SIZE = 22;

/** Light tints behind dark text (contrast stays above 12:1); the symbol carries the meaning. */
const STATUS_FILL: Record<ObjectiveStatus, string> = { red: '#fbe3e0', yellow: '#fcf1cc', green: '#ddf0df' };
const STATUS_INK: Record<ObjectiveStatus, string> = { red: '#a11b12', yellow: '#7a5600', green: '#1e6b2e' };

// Costs of the router, in grid steps: a bend is worth a detour of 8 steps, running along another
// link 40 (so links share a line only when there is no other way), and so on.
const COST_BEND = 8;
const COST_SHARED_EDGE = 40;
const COST_BESIDE = 3;
const COST_CROSSING = 2;
const COST_TURN_ON_OTHER = 15;
const COST_NEAR_BOX = 4;
/** Running along a band's name, per step; crossing it on the way up or down costs a tenth of that. */
const COST_ALONG_LABEL = 10;
const COST_SIDE_PORT = 10;
const COST_PORT_OFFSET = 0.3;
/** Leaving the cause, or entering the effect, on the side facing away from the other box. */
const COST_PORT_AWAY = 30;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Box extends Rect {
  objective: Objective;
}

interface Band extends Rect {
  perspective: { code: string; name: string };
  empty: boolean;
}

interface Layout {
  bands: Band[];
  boxes: Map<number, Box>;
  /** Where the band names and "no objectives" notes are: paths may cross them, at a cost. */
  labels: Rect[];
  /** Bottom of the last band: the routing grid ends here, the legend starts here. */
  bandsBottom: number;
}

interface Point {
  x: number;
  y: number;
}

/** Splits n objectives into rows of at most BOXES_PER_ROW, as even as possible, fuller rows first. */
function rowSizes(count: number): number[] {
  const rows = Math.ceil(count / BOXES_PER_ROW);
  return Array.from({ length: rows }, (_, index) => Math.floor(count / rows) + (index < count % rows ? 1 : 0));
}

function floorToStep(value: number): number {
  return Math.floor(value / STEP) * STEP;
}

function layOut(input: StrategyMapInput, labels: StrategyMapLabels): Layout {
  const known = new Set(input.perspectives.map((perspective) => perspective.code));
  for (const objective of input.objectives) {
    if (!known.has(objective.perspective)) throw new Error(`strategy map: objective ${objective.id} is in unknown perspective ${objective.perspective}`);
  }
  const bands: Band[] = [];
  const boxes = new Map<number, Box>();
  const labelRects: Rect[] = [];
  let y = 0;
  input.perspectives.forEach((perspective) => {
    const top = y;
    const members = input.objectives.filter((objective) => objective.perspective === perspective.code);
    labelRects.push({ x: 10, y: top + 10, width: lineWidth(bandName(perspective.name), FONT_SIZE, true) + 20, height: 30 });
    y += BAND_HEADER + BAND_CHANNEL;
    if (members.length === 0) {
      labelRects.push({ x: 20, y, width: lineWidth(labels.noObjectives, FONT_SIZE) + 20, height: EMPTY_BAND_ROW });
      y += EMPTY_BAND_ROW;
    }
    let next = 0;
    rowSizes(members.length).forEach((size, rowIndex) => {
      if (rowIndex > 0) y += ROW_CHANNEL;
      const free = WIDTH - size * BOX_WIDTH;
      const gap = floorToStep(free / (size + 1));
      const left = floorToStep((WIDTH - size * BOX_WIDTH - (size - 1) * gap) / 2);
      for (let column = 0; column < size; column += 1) {
        const objective = members[next];
        next += 1;
        boxes.set(objective.id, { x: left + column * (BOX_WIDTH + gap), y, width: BOX_WIDTH, height: BOX_HEIGHT, objective });
      }
      y += BOX_HEIGHT;
    });
    y += BAND_CHANNEL;
    bands.push({ x: 0, y: top, width: WIDTH, height: y - top, perspective, empty: members.length === 0 });
    // A link drawn along the line between two bands would be lost in it.
    if (top > 0) labelRects.push({ x: 0, y: top, width: WIDTH, height: 0 });
  });
  return { bands, boxes, labels: labelRects, bandsBottom: y };
}

function bandName(name: string): string {
  return fitLines(name, WIDTH - 40, FONT_SIZE, 1, true)[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Text measure

/**
 * Advance widths in em of DejaVu Sans, the sans-serif that Debian and most Linux browsers fall
 * back to and one of the widest: text measured with it fits in Arial, Roboto or Segoe UI too.
 * Characters not listed count as a capital M, so unknown scripts err on the side of wrapping.
 */
const ADVANCE: Record<string, number> = {
  ' ': 0.318, a: 0.613, b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278, k: 0.579, l: 0.278, m: 0.974,
  n: 0.634, o: 0.612, p: 0.635, q: 0.635, r: 0.411, s: 0.521, t: 0.392, u: 0.634, v: 0.592, w: 0.818, x: 0.592, y: 0.592, z: 0.525,
  A: 0.684, B: 0.686, C: 0.698, D: 0.77, E: 0.632, F: 0.575, G: 0.775, H: 0.752, I: 0.295, J: 0.295, K: 0.656, L: 0.557, M: 0.863,
  N: 0.748, O: 0.787, P: 0.603, Q: 0.787, R: 0.695, S: 0.635, T: 0.611, U: 0.732, V: 0.684, W: 0.989, X: 0.685, Y: 0.611, Z: 0.685,
  '0': 0.636, '1': 0.636, '2': 0.636, '3': 0.636, '4': 0.636, '5': 0.636, '6': 0.636, '7': 0.636, '8': 0.636, '9': 0.636,
  '.': 0.318, ',': 0.318, ':': 0.337, ';': 0.337, '-': 0.361, '–': 0.5, '—': 1, '/': 0.337, '(': 0.39, ')': 0.39, '&': 0.78, '"': 0.46,
  "'": 0.275, '<': 0.838, '>': 0.838, '%': 0.95, '…': 1,
};
/** DejaVu Sans Bold is about a tenth wider. */
const BOLD = 1.1;

function lineWidth(content: string, size: number, bold = false): number {
  let em = 0;
  for (const character of content) em += ADVANCE[character] ?? 0.863;
  return em * size * (bold ? BOLD : 1);
}

/** The longest start of `content` that, with an ellipsis, fits in maxWidth. */
function truncate(content: string, maxWidth: number, size: number, bold: boolean): string {
  const characters = [...content];
  while (characters.length > 0 && lineWidth(`${characters.join('').trimEnd()}…`, size, bold) > maxWidth) characters.pop();
  return `${characters.join('').trimEnd()}…`;
}

/**
 * Greedy word wrap by measured width into at most maxLines lines; a word wider than a line is cut
 * where it must be, and text left over ends the last line with an ellipsis (the full text is in
 * the box's <title> and in the text alternative).
 */
function fitLines(content: string, maxWidth: number, size: number, maxLines: number, bold = false): string[] {
  const lines: string[] = [];
  let current = '';
  const fits = (line: string) => lineWidth(line, size, bold) <= maxWidth;
  const words = content.split(/\s+/).filter(Boolean);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    const joined = current === '' ? word : `${current} ${word}`;
    if (fits(joined)) {
      current = joined;
      continue;
    }
    if (current !== '') lines.push(current);
    current = '';
    let rest = [...word];
    while (!fits(rest.join(''))) {
      let piece = 1;
      while (piece < rest.length && fits(rest.slice(0, piece + 1).join(''))) piece += 1;
      lines.push(rest.slice(0, piece).join(''));
      rest = rest.slice(piece);
    }
    current = rest.join('');
    if (lines.length >= maxLines) break;
  }
  if (current !== '') lines.push(current);
  if (lines.length <= maxLines && lines.join(' ').length >= words.join(' ').length) return lines;
  const kept = lines.slice(0, maxLines);
  kept[kept.length - 1] = truncate(kept[kept.length - 1], maxWidth, size, bold);
  return kept;
}

// ---------------------------------------------------------------------------------------------
// Routing

/** Headings: 0 up, 1 right, 2 down, 3 left. */
const DX = [0, 1, 0, -1];
const DY = [-1, 0, 1, 0];

/** A binary heap of states ordered by cost, then by insertion order, so ties resolve the same way every time. */
class StateQueue {
  private costs: number[] = [];
  private orders: number[] = [];
  private states: number[] = [];
  private inserted = 0;

  get size(): number {
    return this.states.length;
  }

  push(cost: number, state: number): void {
    this.costs.push(cost);
    this.orders.push(this.inserted);
    this.states.push(state);
    this.inserted += 1;
    let index = this.states.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  pop(): { cost: number; state: number } {
    const top = { cost: this.costs[0], state: this.states[0] };
    const last = this.states.length - 1;
    this.swap(0, last);
    this.costs.pop();
    this.orders.pop();
    this.states.pop();
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.states.length && this.before(left, smallest)) smallest = left;
      if (right < this.states.length && this.before(right, smallest)) smallest = right;
      if (smallest === index) break;
      this.swap(index, smallest);
      index = smallest;
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    return this.costs[a] < this.costs[b] || (this.costs[a] === this.costs[b] && this.orders[a] < this.orders[b]);
  }

  private swap(a: number, b: number): void {
    [this.costs[a], this.costs[b]] = [this.costs[b], this.costs[a]];
    [this.orders[a], this.orders[b]] = [this.orders[b], this.orders[a]];
    [this.states[a], this.states[b]] = [this.states[b], this.states[a]];
  }
}

interface Port {
  node: number;
  /** The heading that leaves the box through this point. */
  outward: number;
  cost: number;
}

/** Whether a heading points away from a direction (boxes of one size: their corners' offset is their centres'). */
function facesAway(heading: number, direction: Point): boolean {
  return DX[heading] * direction.x + DY[heading] * direction.y < 0;
}

class Router {
  readonly columns: number;
  readonly rows: number;
  /** Nodes inside or on the edge of a box, and the map's outer border. */
  private readonly closed: Uint8Array;
  private readonly nodeCost: Float64Array;
  private readonly labelCost: Float64Array;
  /** How many links use the edge from a node to its right (horizontal) or lower (vertical) neighbour. */
  private readonly horizontalUse: Uint16Array;
  private readonly verticalUse: Uint16Array;
  private readonly nodeUse: Uint16Array;

  constructor(width: number, height: number, boxes: Rect[], labels: Rect[]) {
    this.columns = width / STEP + 1;
    this.rows = height / STEP + 1;
    const size = this.columns * this.rows;
    this.closed = new Uint8Array(size);
    this.nodeCost = new Float64Array(size);
    this.labelCost = new Float64Array(size);
    this.horizontalUse = new Uint16Array(size);
    this.verticalUse = new Uint16Array(size);
    this.nodeUse = new Uint16Array(size);
    for (let row = 0; row < this.rows; row += 1) {
      for (let column = 0; column < this.columns; column += 1) {
        // The outer border: a line drawn there would be cut in half by the edge of the picture.
        if (row === 0 || column === 0 || row === this.rows - 1 || column === this.columns - 1) this.closed[this.node(column, row)] = 1;
      }
    }
    for (const box of boxes) {
      const [c0, r0, c1, r1] = this.span(box);
      this.forEachNode(c0 - 1, r0 - 1, c1 + 1, r1 + 1, (node) => {
        this.nodeCost[node] += COST_NEAR_BOX;
      });
      this.forEachNode(c0, r0, c1, r1, (node) => {
        this.closed[node] = 1;
      });
    }
    for (const label of labels) {
      const c0 = Math.floor(label.x / STEP);
      const r0 = Math.floor(label.y / STEP);
      const c1 = Math.ceil((label.x + label.width) / STEP);
      const r1 = Math.ceil((label.y + label.height) / STEP);
      this.forEachNode(c0, r0, c1, r1, (node) => {
        this.labelCost[node] = COST_ALONG_LABEL;
      });
    }
  }

  node(column: number, row: number): number {
    return row * this.columns + column;
  }

  point(node: number): Point {
    return { x: (node % this.columns) * STEP, y: Math.floor(node / this.columns) * STEP };
  }

  /** The grid columns and rows of a box's edges (boxes lie on grid lines by construction). */
  private span(box: Rect): [number, number, number, number] {
    return [box.x / STEP, box.y / STEP, (box.x + box.width) / STEP, (box.y + box.height) / STEP];
  }

  private forEachNode(c0: number, r0: number, c1: number, r1: number, visit: (node: number) => void): void {
    for (let row = Math.max(0, r0); row <= Math.min(this.rows - 1, r1); row += 1) {
      for (let column = Math.max(0, c0); column <= Math.min(this.columns - 1, c1); column += 1) visit(this.node(column, row));
    }
  }

  /** Points on a box's edges, corners excepted, with the heading out of the box and a preference. */
  ports(box: Rect): Port[] {
    const [c0, r0, c1, r1] = this.span(box);
    const middleColumn = (c0 + c1) / 2;
    const middleRow = (r0 + r1) / 2;
    const ports: Port[] = [];
    // Not right beside a corner: an arrow there looks as if it pointed at the corner.
    for (let column = c0 + 2; column < c1 - 1; column += 1) {
      const cost = Math.abs(column - middleColumn) * COST_PORT_OFFSET;
      ports.push({ node: this.node(column, r0), outward: 0, cost }, { node: this.node(column, r1), outward: 2, cost });
    }
    for (let row = r0 + 2; row < r1 - 1; row += 1) {
      const cost = COST_SIDE_PORT + Math.abs(row - middleRow) * COST_PORT_OFFSET;
      ports.push({ node: this.node(c0, row), outward: 3, cost }, { node: this.node(c1, row), outward: 1, cost });
    }
    return ports;
  }

  /** The cheapest path from the cause's edge to the effect's edge, as corner points; it is then marked as used. */
  route(cause: Rect, effect: Rect): Point[] {
    const stateCount = this.columns * this.rows * 4;
    const best = new Float64Array(stateCount).fill(Infinity);
    const previous = new Int32Array(stateCount).fill(-1);
    const queue = new StateQueue();
    const starts = new Set<number>();
    const towardEffect = { x: effect.x - cause.x, y: effect.y - cause.y };
    for (const port of this.ports(cause)) {
      const state = port.node * 4 + port.outward;
      const cost = port.cost + (facesAway(port.outward, towardEffect) ? COST_PORT_AWAY : 0);
      starts.add(state);
      best[state] = cost;
      queue.push(cost + this.remaining(port.node, effect), state);
    }
    // A goal is entered heading into the effect, and only after a straight step, so the
    // arrowhead sits on a straight piece of line.
    const goalHeading = new Map<number, { inward: number; cost: number }>();
    const towardCause = { x: -towardEffect.x, y: -towardEffect.y };
    for (const port of this.ports(effect)) {
      const cost = port.cost + (facesAway(port.outward, towardCause) ? COST_PORT_AWAY : 0);
      goalHeading.set(port.node, { inward: (port.outward + 2) % 4, cost });
    }

    let reached = -1;
    while (queue.size > 0) {
      const { cost: estimate, state } = queue.pop();
      const node = state >> 2;
      const cost = best[state];
      // A state queued again at a lower cost leaves its older entry behind; skip that one.
      if (estimate > cost + this.remaining(node, effect)) continue;
      const heading = state & 3;
      if (goalHeading.has(node)) {
        reached = state;
        break;
      }
      const column = node % this.columns;
      const row = Math.floor(node / this.columns);
      // From a point on the cause's edge the only way is straight out.
      const headings = starts.has(state) ? [heading] : [heading, (heading + 1) % 4, (heading + 3) % 4];
      for (const next of headings) {
        const nextColumn = column + DX[next];
        const nextRow = row + DY[next];
        if (nextColumn < 0 || nextRow < 0 || nextColumn >= this.columns || nextRow >= this.rows) continue;
        const target = this.node(nextColumn, nextRow);
        let stepCost = 1;
        if (this.closed[target]) {
          const goal = goalHeading.get(target);
          if (!goal || goal.inward !== next || heading !== next || starts.has(state)) continue;
          stepCost += goal.cost;
        } else {
          stepCost += this.nodeCost[target] + (next === 1 || next === 3 ? this.labelCost[target] : this.labelCost[target] / 10);
        }
        if (next !== heading) {
          stepCost += COST_BEND;
          if (this.nodeUse[node] > 0) stepCost += COST_TURN_ON_OTHER;
        }
        stepCost += this.edgeCost(column, row, next);
        const nextState = target * 4 + next;
        const total = cost + stepCost;
        if (total < best[nextState]) {
          best[nextState] = total;
          previous[nextState] = state;
          queue.push(total + this.remaining(target, effect), nextState);
        }
      }
    }
    if (reached < 0) throw new Error('strategy map: no route between two objectives (the grid is always connected, so this is a bug)');

    const nodes: number[] = [];
    for (let state = reached; state >= 0; state = previous[state]) nodes.push(state >> 2);
    nodes.reverse();
    this.markUsed(nodes);
    return this.corners(nodes);
  }

  /**
   * A* estimate: grid steps from a node to the nearest point of the effect's edge. Every step
   * costs at least 1, so it never overestimates and the path found is still the cheapest.
   */
  private remaining(node: number, effect: Rect): number {
    const { x, y } = this.point(node);
    const dx = Math.max(effect.x - x, 0, x - effect.x - effect.width);
    const dy = Math.max(effect.y - y, 0, y - effect.y - effect.height);
    return (dx + dy) / STEP;
  }

  /** Sharing an edge with another link, running right beside one, or crossing one. */
  private edgeCost(column: number, row: number, heading: number): number {
    const horizontal = heading === 1 || heading === 3;
    const fromColumn = heading === 3 ? column - 1 : column;
    const fromRow = heading === 0 ? row - 1 : row;
    const use = horizontal ? this.horizontalUse : this.verticalUse;
    let cost = use[this.node(fromColumn, fromRow)] * COST_SHARED_EDGE;
    if (horizontal) {
      if (fromRow > 0 && use[this.node(fromColumn, fromRow - 1)] > 0) cost += COST_BESIDE;
      if (fromRow < this.rows - 1 && use[this.node(fromColumn, fromRow + 1)] > 0) cost += COST_BESIDE;
    } else {
      if (fromColumn > 0 && use[this.node(fromColumn - 1, fromRow)] > 0) cost += COST_BESIDE;
      if (fromColumn < this.columns - 1 && use[this.node(fromColumn + 1, fromRow)] > 0) cost += COST_BESIDE;
    }
    const target = this.node(column + DX[heading], row + DY[heading]);
    const crossing = horizontal ? this.verticalUse : this.horizontalUse;
    const aside = horizontal ? this.columns : 1;
    if (crossing[target] > 0 || (target - aside >= 0 && crossing[target - aside] > 0)) cost += COST_CROSSING;
    return cost;
  }

  private markUsed(nodes: number[]): void {
    for (let index = 0; index < nodes.length; index += 1) {
      this.nodeUse[nodes[index]] += 1;
      if (index === 0) continue;
      const [a, b] = [Math.min(nodes[index - 1], nodes[index]), Math.max(nodes[index - 1], nodes[index])];
      if (b - a === 1) this.horizontalUse[a] += 1;
      else this.verticalUse[a] += 1;
    }
  }

  private corners(nodes: number[]): Point[] {
    const points = nodes.map((node) => this.point(node));
    return points.filter((point, index) => {
      if (index === 0 || index === points.length - 1) return true;
      const before = points[index - 1];
      const after = points[index + 1];
      return !((before.x === point.x && point.x === after.x) || (before.y === point.y && point.y === after.y));
    });
  }
}

function routeLinks(layout: Layout, links: StrategyMapInput['links']): Point[][] {
  const boxOf = (id: number): Box => {
    const box = layout.boxes.get(id);
    if (!box) throw new Error(`strategy map: link to unknown objective ${id}`);
    return box;
  };
  const pairs = links.map((link, index) => {
    if (link.cause === link.effect) throw new Error(`strategy map: objective ${link.cause} linked to itself`);
    const cause = boxOf(link.cause);
    const effect = boxOf(link.effect);
    const distance = Math.abs(cause.x - effect.x) + Math.abs(cause.y - effect.y);
    return { index, cause, effect, distance };
  });
  const router = new Router(WIDTH, layout.bandsBottom, [...layout.boxes.values()], layout.labels);
  const paths: Point[][] = new Array(links.length);
  for (const pair of [...pairs].sort((a, b) => a.distance - b.distance || a.index - b.index)) {
    paths[pair.index] = router.route(pair.cause, pair.effect);
  }
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Drawing

function objectiveLabel(objective: Objective): string {
  return `${objective.code} ${objective.name}`;
}

/** A small symbol whose shape, not its colour, says the status: filled, half-filled, empty. */
export function statusSymbol(status: ObjectiveStatus, cx: number, cy: number, radius: number): string {
  const ink = STATUS_INK[status];
  const ring = element('circle', { cx, cy, r: radius, fill: status === 'green' ? ink : '#ffffff', stroke: ink, 'stroke-width': 2.5 });
  if (status !== 'yellow') return ring;
  // The left half filled.
  const half = element('path', { d: `M ${cx} ${cy - radius} A ${radius} ${radius} 0 0 0 ${cx} ${cy + radius} Z`, fill: ink });
  return ring + half;
}

function drawBox(box: Box, labels: StrategyMapLabels): string {
  const { objective } = box;
  const status = objective.status ?? null;
  const hover = status ? `${objectiveLabel(objective)} — ${labels.status[status]}` : objectiveLabel(objective);
  const textLeft = box.x + BOX_PADDING;
  const symbolRadius = 9;
  const inner = BOX_WIDTH - 2 * BOX_PADDING;
  const codeLine = fitLines(objective.code, inner - (status ? 3 * symbolRadius : 0), FONT_SIZE, 1, true)[0] ?? '';
  const nameLines = fitLines(objective.name, inner, FONT_SIZE, NAME_LINES);
  const firstBaseline = box.y + BOX_PADDING + FONT_SIZE - 2;
  let markup = element('title', {}, hover);
  markup += element('rect', {
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    rx: 4,
    fill: status ? STATUS_FILL[status] : '#ffffff',
    stroke: INK,
    'stroke-width': 1.5,
  });
  markup += element('text', { x: textLeft, y: firstBaseline, 'font-size': FONT_SIZE, 'font-weight': 'bold', fill: INK }, codeLine);
  nameLines.forEach((line, index) => {
    markup += element('text', { x: textLeft, y: firstBaseline + (index + 1) * LINE_HEIGHT, 'font-size': FONT_SIZE, fill: INK }, line);
  });
  if (status) markup += statusSymbol(status, box.x + box.width - BOX_PADDING - symbolRadius, firstBaseline - FONT_SIZE * 0.35, symbolRadius);
  return elementWithMarkup('g', { 'data-objective': objective.id }, markup);
}

function drawBand(band: Band, index: number): string {
  const fill = BAND_FILLS[index % BAND_FILLS.length];
  let markup = element('rect', { x: band.x, y: band.y, width: band.width, height: band.height, fill });
  if (index > 0) markup += element('line', { x1: 0, y1: band.y, x2: WIDTH, y2: band.y, stroke: MUTED, 'stroke-width': 1 });
  return elementWithMarkup('g', { 'data-perspective': band.perspective.code }, markup);
}

/** Band names and notes are drawn over the links with a halo in the band's colour, so both stay legible. */
function drawBandText(band: Band, index: number, labels: StrategyMapLabels): string {
  const halo = { stroke: BAND_FILLS[index % BAND_FILLS.length], 'stroke-width': 6, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };
  let markup = element('text', { x: 20, y: band.y + 30, 'font-size': FONT_SIZE, 'font-weight': 'bold', fill: INK, ...halo }, bandName(band.perspective.name));
  if (band.empty) {
    const y = band.y + BAND_HEADER + BAND_CHANNEL + EMPTY_BAND_ROW / 2 + FONT_SIZE * 0.35;
    markup += element('text', { x: 30, y, 'font-size': FONT_SIZE, 'font-style': 'italic', fill: MUTED, ...halo }, labels.noObjectives);
  }
  return markup;
}

function pathData(points: Point[]): string {
  return points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ');
}

interface LegendItem {
  width: number;
  draw: (x: number, y: number) => string;
}

function legend(input: StrategyMapInput, labels: StrategyMapLabels, arrowId: string, top: number): { markup: string; height: number } {
  const items: LegendItem[] = [];
  const sample = 44;
  items.push({
    width: sample + 10 + lineWidth(labels.leadsTo, LEGEND_FONT_SIZE),
    draw: (x, y) =>
      element('line', { x1: x, y1: y - 6, x2: x + sample, y2: y - 6, stroke: INK, 'stroke-width': 2, 'marker-end': `url(#${arrowId})` }) +
      element('text', { x: x + sample + 10, y, 'font-size': LEGEND_FONT_SIZE, fill: INK }, labels.leadsTo),
  });
  const statuses: ObjectiveStatus[] = ['green', 'yellow', 'red'];
  if (input.objectives.some((objective) => objective.status)) {
    for (const status of statuses) {
      items.push({
        width: 28 + lineWidth(labels.status[status], LEGEND_FONT_SIZE),
        draw: (x, y) => statusSymbol(status, x + 9, y - 6, 9) + element('text', { x: x + 28, y, 'font-size': LEGEND_FONT_SIZE, fill: INK }, labels.status[status]),
      });
    }
  }
  const lineHeight = 36;
  let x = 20;
  let y = top + 38;
  let markup = '';
  for (const item of items) {
    if (x > 20 && x + item.width > WIDTH - 20) {
      x = 20;
      y += lineHeight;
    }
    markup += item.draw(x, y);
    x += item.width + 36;
  }
  return { markup: elementWithMarkup('g', { 'data-legend': '' }, markup), height: y - top + 20 };
}

/** FNV-1a over the input: ids that are the same for the same map and differ between two maps on one page. */
function idFor(input: StrategyMapInput): string {
  const json = JSON.stringify(input);
  let hash = 0x811c9dc5;
  for (let index = 0; index < json.length; index += 1) {
    hash ^= json.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `strategy-map-${hash.toString(36)}`;
}

/** The map as a standalone <svg> string (role="img", <title>, aria-labelledby), width 1000 user units, height as needed; viewBox so it scales to 360-px phones. */
export function strategyMapSvg(input: StrategyMapInput, labels: StrategyMapLabels): string {
  const layout = layOut(input, labels);
  const paths = routeLinks(layout, input.links);
  const id = idFor(input);
  const arrowId = `${id}-arrow`;
  const titleId = `${id}-title`;
  const objectives = new Map(input.objectives.map((objective) => [objective.id, objective]));

  const defs = elementWithMarkup(
    'defs',
    {},
    elementWithMarkup(
      'marker',
      { id: arrowId, viewBox: '0 0 12 12', refX: 12, refY: 6, markerWidth: 12, markerHeight: 12, markerUnits: 'userSpaceOnUse', orient: 'auto' },
      element('path', { d: 'M0 0 L12 6 L0 12 Z', fill: INK }),
    ),
  );
  const bands = layout.bands.map((band, index) => drawBand(band, index)).join('');
  const links = input.links
    .map((link, index) => {
      const cause = objectives.get(link.cause) as Objective;
      const effect = objectives.get(link.effect) as Objective;
      return elementWithMarkup(
        'path',
        {
          'data-cause': link.cause,
          'data-effect': link.effect,
          d: pathData(paths[index]),
          fill: 'none',
          stroke: INK,
          'stroke-width': 2,
          'stroke-linejoin': 'round',
          'marker-end': `url(#${arrowId})`,
        },
        element('title', {}, linkText(cause, effect, labels)),
      );
    })
    .join('');
  const bandTexts = layout.bands.map((band, index) => drawBandText(band, index, labels)).join('');
  const boxes = [...layout.boxes.values()].map((box) => drawBox(box, labels)).join('');
  const key = legend(input, labels, arrowId, layout.bandsBottom);
  const height = layout.bandsBottom + key.height;

  return elementWithMarkup(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: WIDTH,
      height,
      role: 'img',
      'aria-labelledby': titleId,
      'font-family': FONT,
      class: 'chart-svg strategy-map',
    },
    element('title', { id: titleId }, input.title) +
      defs +
      elementWithMarkup('g', { 'data-bands': '' }, bands) +
      elementWithMarkup('g', { 'data-links': '' }, links) +
      bandTexts +
      elementWithMarkup('g', { 'data-objectives': '' }, boxes) +
      key.markup,
  );
}

function linkText(cause: Objective, effect: Objective, labels: StrategyMapLabels): string {
  return `${objectiveLabel(cause)} → ${labels.leadsTo} → ${objectiveLabel(effect)}`;
}

/** The text alternative: one line per link, "<cause code> <cause name> → leadsTo → <effect code> <effect name>", in input link order, plus objectives without links. Return structured data so the caller renders it as an HTML list. */
export function strategyMapText(input: StrategyMapInput, labels: StrategyMapLabels): { links: { cause: string; effect: string; text: string }[]; unlinked: string[] } {
  const objectives = new Map(input.objectives.map((objective) => [objective.id, objective]));
  const find = (id: number): Objective => {
    const objective = objectives.get(id);
    if (!objective) throw new Error(`strategy map: link to unknown objective ${id}`);
    return objective;
  };
  const linked = new Set<number>();
  const links = input.links.map((link) => {
    const cause = find(link.cause);
    const effect = find(link.effect);
    linked.add(cause.id);
    linked.add(effect.id);
    return { cause: objectiveLabel(cause), effect: objectiveLabel(effect), text: linkText(cause, effect, labels) };
  });
  const unlinked = input.objectives.filter((objective) => !linked.has(objective.id)).map(objectiveLabel);
  return { links, unlinked };
}
