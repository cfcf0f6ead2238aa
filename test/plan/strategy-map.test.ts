import { strategyMapSvg, strategyMapText, type ObjectiveStatus, type StrategyMapInput, type StrategyMapLabels } from '../../src/plan/strategy-map';

const labels: StrategyMapLabels = {
  leadsTo: 'menyebabkan',
  status: { red: 'Merah (< 80 %)', yellow: 'Kuning (80–< 100 %)', green: 'Hijau (≥ 100 %)' },
  noObjectives: 'Belum ada sasaran',
};

const perspectives = [
  { code: 'S', name: 'Perspektif Pemangku Kepentingan' },
  { code: 'C', name: 'Perspektif Pelanggan' },
  { code: 'P', name: 'Perspektif Proses Bisnis Internal' },
  { code: 'L', name: 'Perspektif Pembelajaran dan Pertumbuhan' },
];

function objective(id: number, perspective: string, name: string, status?: ObjectiveStatus | null) {
  return { id, code: `SS${id}`, name, perspective, status };
}

function linksOf(pairs: [number, number][]): StrategyMapInput['links'] {
  return pairs.map(([cause, effect]) => ({ cause, effect }));
}

/**
 * Twelve objectives over four perspectives (2, 3, 4, 3) and sixteen links: upward between
 * neighbouring bands, within a band (9 → 6 across rows, 3 → 5 past SS4 in one row), skipping a
 * band (11 → 4, 10 → 2) and downward (5 → 7).
 */
const twelve: StrategyMapInput = {
  title: 'Peta strategi — Rencana 2027',
  perspectives,
  objectives: [
    objective(1, 'S', 'Meningkatnya kepercayaan masyarakat terhadap pengelolaan keuangan daerah', 'green'),
    objective(2, 'S', 'Terwujudnya akuntabilitas kinerja instansi', 'yellow'),
    objective(3, 'C', 'Meningkatnya kepuasan pengguna layanan', 'red'),
    objective(4, 'C', 'Layanan perizinan yang cepat dan pasti', null),
    objective(5, 'C', 'Informasi publik yang mudah diakses', 'green'),
    objective(6, 'P', 'Proses bisnis yang efektif dan efisien', 'yellow'),
    objective(7, 'P', 'Pengendalian intern yang andal', 'green'),
    objective(8, 'P', 'Perencanaan dan penganggaran berbasis kinerja', 'red'),
    objective(9, 'P', 'Digitalisasi layanan'),
    objective(10, 'L', 'SDM yang kompeten dan berintegritas', 'green'),
    objective(11, 'L', 'Sistem informasi yang terintegrasi', 'yellow'),
    objective(12, 'L', 'Organisasi yang adaptif & <responsif> "cepat"', 'red'),
  ],
  links: linksOf([
    [10, 6], [10, 7], [11, 9], [12, 8], [6, 3], [9, 4], [9, 5], [3, 1],
    [4, 1], [7, 2], [8, 2], [9, 6], [3, 5], [11, 4], [10, 2], [5, 7],
  ]),
};

/** A small deterministic generator (a linear congruential one, as in Numerical Recipes) for the plans below. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A plan of `sizes[i]` objectives in perspective i and about `linkCount` links, each between two
 * random distinct objectives; acyclic because every link goes from the lower id to the higher or,
 * for a fifth of them, downward from the higher to the lower where no path already runs back.
 */
function randomPlan(seed: number, sizes: number[], linkCount: number): StrategyMapInput {
  const random = randomSource(seed);
  const objectives: StrategyMapInput['objectives'] = [];
  const statuses: (ObjectiveStatus | null)[] = ['red', 'yellow', 'green', null];
  sizes.forEach((size, band) => {
    for (let index = 0; index < size; index += 1) {
      const id = objectives.length + 1;
      objectives.push(objective(id, perspectives[band].code, `Sasaran nomor ${id} dengan nama yang agak panjang untuk dibungkus`, statuses[id % 4]));
    }
  });
  // Ids grow downward, so "effect id < cause id" is an upward link in the map.
  const pairs = new Map<string, [number, number]>();
  const reaches = (from: number, to: number): boolean => {
    const stack = [from];
    const seen = new Set<number>();
    while (stack.length > 0) {
      const current = stack.pop() as number;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const [cause, effect] of pairs.values()) if (cause === current) stack.push(effect);
    }
    return false;
  };
  let attempts = 0;
  while (pairs.size < linkCount && attempts < linkCount * 50) {
    attempts += 1;
    const a = 1 + Math.floor(random() * objectives.length);
    const b = 1 + Math.floor(random() * objectives.length);
    if (a === b) continue;
    const [cause, effect] = random() < 0.2 ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
    if (pairs.has(`${cause}-${effect}`) || reaches(effect, cause)) continue;
    pairs.set(`${cause}-${effect}`, [cause, effect]);
  }
  return { title: `Rencana acak ${seed}`, perspectives, objectives, links: linksOf([...pairs.values()]) };
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Point {
  x: number;
  y: number;
}

/** The <rect> of each <g data-objective>, read from the SVG's attributes. */
function boxesOf(svg: string): Map<number, Rect> {
  const boxes = new Map<number, Rect>();
  for (const match of svg.matchAll(/<g data-objective="(\d+)">(?:<title>[^<]*<\/title>)?<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
    boxes.set(Number(match[1]), { x: Number(match[2]), y: Number(match[3]), width: Number(match[4]), height: Number(match[5]) });
  }
  return boxes;
}

/** Each drawn link: its data attributes and the points of its path (absolute M/L commands only). */
function linksDrawn(svg: string): { cause: number; effect: number; points: Point[] }[] {
  return [...svg.matchAll(/<path data-cause="(\d+)" data-effect="(\d+)" d="([^"]*)"/g)].map((match) => {
    const points = [...match[3].matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((point) => ({ x: Number(point[1]), y: Number(point[2]) }));
    expect(match[3].replace(/[ML]\s*-?[\d.]+[ ,]-?[\d.]+/g, '').trim()).toBe('');
    return { cause: Number(match[1]), effect: Number(match[2]), points };
  });
}

/** Whether the segment a–b has a point strictly inside the rectangle (touching its edge does not count). */
function segmentEntersInterior(a: Point, b: Point, rect: Rect): boolean {
  const [left, right] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [top, bottom] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  // Some x of [left, right] lies in the open (rect.x, rect.x + width), and likewise for y.
  return left < rect.x + rect.width && right > rect.x && top < rect.y + rect.height && bottom > rect.y;
}

function onEdge(point: Point, rect: Rect): boolean {
  const insideX = point.x >= rect.x && point.x <= rect.x + rect.width;
  const insideY = point.y >= rect.y && point.y <= rect.y + rect.height;
  return (insideX && (point.y === rect.y || point.y === rect.y + rect.height)) || (insideY && (point.x === rect.x || point.x === rect.x + rect.width));
}

/** Every geometric problem of a drawn map, as readable strings (an empty list is a good map). */
function geometryProblems(input: StrategyMapInput, svg: string): string[] {
  const problems: string[] = [];
  const boxes = boxesOf(svg);
  if (boxes.size !== input.objectives.length) problems.push(`${boxes.size} boxes for ${input.objectives.length} objectives`);
  const entries = [...boxes.entries()];
  for (let i = 0; i < entries.length; i += 1) {
    for (let j = i + 1; j < entries.length; j += 1) {
      const [a, b] = [entries[i][1], entries[j][1]];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) problems.push(`boxes ${entries[i][0]} and ${entries[j][0]} overlap`);
    }
  }
  for (const link of linksDrawn(svg)) {
    const name = `link ${link.cause} → ${link.effect}`;
    const cause = boxes.get(link.cause) as Rect;
    const effect = boxes.get(link.effect) as Rect;
    if (link.points.length < 2) problems.push(`${name} has fewer than two points`);
    if (!onEdge(link.points[0], cause)) problems.push(`${name} does not start on its cause's edge`);
    if (!onEdge(link.points[link.points.length - 1], effect)) problems.push(`${name} does not end on its effect's edge`);
    for (let index = 1; index < link.points.length; index += 1) {
      const [a, b] = [link.points[index - 1], link.points[index]];
      if (a.x !== b.x && a.y !== b.y) problems.push(`${name} has a slanted segment`);
      // Its own cause and effect included: a link only touches their edges.
      for (const [id, box] of boxes) {
        if (segmentEntersInterior(a, b, box)) problems.push(`${name} passes through box ${id}`);
      }
    }
  }
  return problems;
}

/** Unit-length grid edges used by more than one link: two links drawn on top of each other. */
function sharedEdges(svg: string): string[] {
  const owners = new Map<string, string>();
  const shared: string[] = [];
  for (const link of linksDrawn(svg)) {
    for (let index = 1; index < link.points.length; index += 1) {
      const [a, b] = [link.points[index - 1], link.points[index]];
      const steps = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y)) / 10;
      for (let step = 0; step < steps; step += 1) {
        const from = { x: a.x + (Math.sign(b.x - a.x) * step * 10), y: a.y + (Math.sign(b.y - a.y) * step * 10) };
        const to = { x: from.x + Math.sign(b.x - a.x) * 10, y: from.y + Math.sign(b.y - a.y) * 10 };
        const key = [from, to].map((point) => `${point.x},${point.y}`).sort().join('–');
        const owner = `${link.cause}→${link.effect}`;
        if (owners.has(key) && owners.get(key) !== owner) shared.push(`${owners.get(key)} and ${owner} at ${key}`);
        owners.set(key, owner);
      }
    }
  }
  return shared;
}

describe('strategyMapSvg', () => {
  it('is an <svg> 1000 units wide with a viewBox, role="img" and aria-labelledby naming its <title>', () => {
    const svg = strategyMapSvg(twelve, labels);
    const root = /^<svg ([^>]*)>/.exec(svg)?.[1] ?? '';
    expect(root).toMatch(/role="img"/);
    expect(root).toMatch(/width="1000"/);
    const height = /height="(\d+)"/.exec(root)?.[1];
    expect(root).toContain(`viewBox="0 0 1000 ${height}"`);
    const titleId = /aria-labelledby="([^"]+)"/.exec(root)?.[1];
    expect(svg).toContain(`<title id="${titleId}">Peta strategi — Rencana 2027</title>`);
  });

  it('draws every link of the twelve-objective plan exactly once, as an element with data-cause and data-effect', () => {
    const drawn = linksDrawn(strategyMapSvg(twelve, labels)).map((link) => `${link.cause}→${link.effect}`);
    expect(drawn).toEqual(twelve.links.map((link) => `${link.cause}→${link.effect}`));
  });

  it('draws one <g data-objective> box per objective, and no two boxes overlap', () => {
    const svg = strategyMapSvg(twelve, labels);
    expect([...boxesOf(svg).keys()].sort((a, b) => a - b)).toEqual(twelve.objectives.map((item) => item.id));
    expect(geometryProblems(twelve, svg).filter((problem) => problem.includes('overlap'))).toEqual([]);
  });

  it('routes every link orthogonally from its cause edge to its effect edge without entering any box', () => {
    expect(geometryProblems(twelve, strategyMapSvg(twelve, labels))).toEqual([]);
  });

  it('never draws two links of the twelve-objective plan on top of each other', () => {
    expect(sharedEdges(strategyMapSvg(twelve, labels))).toEqual([]);
  });

  it('keeps boxes apart and links out of boxes with 20 objectives, 8 of them in one band', () => {
    const plan = randomPlan(2027, [4, 4, 8, 4], 30);
    expect(plan.objectives).toHaveLength(20);
    expect(plan.links.length).toBeGreaterThanOrEqual(28);
    const svg = strategyMapSvg(plan, labels);
    expect(linksDrawn(svg)).toHaveLength(plan.links.length);
    expect(geometryProblems(plan, svg)).toEqual([]);
  });

  it.each([1, 2, 3, 4, 5, 6])('keeps boxes apart and links out of boxes on random plan %i of up to 20 objectives', (seed) => {
    const random = randomSource(seed * 7919);
    const sizes = perspectives.map(() => 1 + Math.floor(random() * 5));
    sizes[Math.floor(random() * sizes.length)] = 8;
    while (sizes.reduce((sum, size) => sum + size, 0) > 20) sizes[sizes.indexOf(Math.max(...sizes.filter((size) => size < 8)))] -= 1;
    const plan = randomPlan(seed, sizes, Math.round(sizes.reduce((sum, size) => sum + size, 0) * 1.5));
    const svg = strategyMapSvg(plan, labels);
    expect(linksDrawn(svg)).toHaveLength(plan.links.length);
    expect(geometryProblems(plan, svg)).toEqual([]);
  });

  it('gives the same string for the same plan', () => {
    expect(strategyMapSvg(twelve, labels)).toBe(strategyMapSvg(structuredClone(twelve), labels));
  });

  it('escapes names and codes from the plan in text, titles and attributes', () => {
    const plan: StrategyMapInput = {
      title: 'Rencana <b>"2027"</b> & seterusnya',
      perspectives: [{ code: 'P', name: 'Proses <script>alert(1)</script>' }],
      objectives: [{ id: 1, code: 'SS<1>', name: 'Adaptif & <responsif> "cepat"', perspective: 'P' }],
      links: [],
    };
    const svg = strategyMapSvg(plan, labels);
    expect(svg).not.toMatch(/<script|<responsif|<b>|SS<1>/);
    expect(svg).toContain('Rencana &lt;b&gt;&quot;2027&quot;&lt;/b&gt; &amp; seterusnya');
    expect(svg).toContain('<title>SS&lt;1&gt; Adaptif &amp; &lt;responsif&gt; &quot;cepat&quot;</title>');
    expect(svg).toContain('Proses &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows noObjectives in a perspective without objectives, and still routes links across its band', () => {
    const plan: StrategyMapInput = {
      title: 'Peta',
      perspectives,
      objectives: [objective(1, 'S', 'Atas'), objective(2, 'L', 'Bawah')],
      links: linksOf([[2, 1]]),
    };
    const svg = strategyMapSvg(plan, labels);
    expect(svg.match(/>Belum ada sasaran</g)).toHaveLength(2);
    expect(geometryProblems(plan, svg)).toEqual([]);
  });

  it('wraps a long name over at most three lines ending in an ellipsis, with the full name and status in the box <title>', () => {
    const svg = strategyMapSvg(twelve, labels);
    const box = /<g data-objective="1">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(box).toContain('<title>SS1 Meningkatnya kepercayaan masyarakat terhadap pengelolaan keuangan daerah — Hijau (≥ 100 %)</title>');
    const lines = [...box.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(lines[0]).toBe('SS1');
    expect(lines.length - 1).toBeLessThanOrEqual(3);
    expect(lines[lines.length - 1]).toMatch(/…$/);
  });

  it('shows status by the shape of a symbol, not by colour alone: filled, half, empty circle, named in the legend', () => {
    const svg = strategyMapSvg(twelve, labels);
    const symbol = (id: number) => {
      const box = /<g data-objective="\d+">.*?<\/g>/g;
      const found = [...svg.matchAll(box)].find((match) => match[0].startsWith(`<g data-objective="${id}">`))?.[0] ?? '';
      return [...found.matchAll(/<(circle|path)\b[^>]*>/g)].map((match) => match[0]);
    };
    // SS1 green, SS2 yellow, SS3 red, SS4 none.
    expect(symbol(1)).toHaveLength(1);
    expect(symbol(1)[0]).not.toContain('fill="#ffffff"');
    expect(symbol(2)).toHaveLength(2);
    expect(symbol(2)[1]).toMatch(/^<path /);
    expect(symbol(3)).toHaveLength(1);
    expect(symbol(3)[0]).toContain('fill="#ffffff"');
    expect(symbol(4)).toEqual([]);
    for (const name of Object.values(labels.status)) expect(svg).toContain(`>${name.replace(/</g, '&lt;')}</text>`);
  });

  it('leaves the status legend out when no objective has a status yet', () => {
    const plan = { ...twelve, objectives: twelve.objectives.map((item) => ({ ...item, status: null })) };
    const svg = strategyMapSvg(plan, labels);
    expect(svg).not.toContain('Hijau');
    expect(svg).toContain('>menyebabkan</text>');
  });

  it('uses presentation attributes only: no style attribute, no <style>, no outside font or image', () => {
    const svg = strategyMapSvg(twelve, labels);
    expect(svg).not.toMatch(/\sstyle=|<style|<image|@import|url\((?!#)|href=/);
    expect(svg).toMatch(/font-family="[^"]*sans-serif"/);
  });

  it('refuses a plan whose objectives or links name what is not in it (the caller checks this first)', () => {
    expect(() => strategyMapSvg({ ...twelve, objectives: [objective(1, 'X', 'Lost')], links: [] }, labels)).toThrow(/unknown perspective X/);
    expect(() => strategyMapSvg({ ...twelve, links: linksOf([[1, 99]]) }, labels)).toThrow(/unknown objective 99/);
  });
});

describe('strategyMapText', () => {
  it('lists every link in input order as "cause → leadsTo → effect"', () => {
    const { links } = strategyMapText(twelve, labels);
    expect(links).toHaveLength(twelve.links.length);
    expect(links[0]).toEqual({
      cause: 'SS10 SDM yang kompeten dan berintegritas',
      effect: 'SS6 Proses bisnis yang efektif dan efisien',
      text: 'SS10 SDM yang kompeten dan berintegritas → menyebabkan → SS6 Proses bisnis yang efektif dan efisien',
    });
    expect(links.map((link) => link.text.split(' → ')[0].split(' ')[0])).toEqual(twelve.links.map((link) => `SS${link.cause}`));
  });

  it('lists the objectives without any link, in plan order, and returns names unescaped for the caller to escape', () => {
    const plan = { ...twelve, links: linksOf([[10, 6]]) };
    const { unlinked } = strategyMapText(plan, labels);
    expect(unlinked).toHaveLength(10);
    expect(unlinked[0]).toBe('SS1 Meningkatnya kepercayaan masyarakat terhadap pengelolaan keuangan daerah');
    expect(unlinked).toContain('SS12 Organisasi yang adaptif & <responsif> "cepat"');
    expect(unlinked).not.toContain('SS10 SDM yang kompeten dan berintegritas');
  });
});
