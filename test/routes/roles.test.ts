import { addAction, addMilestone, addObjective, addPerson, createPlan } from '../../src/plan/service';
import ExcelJS from 'exceljs';
import request, { type Response } from 'supertest';
import type { Express } from 'express';
import { createApiToken } from '../../src/auth/accounts';
import { can, CAPABILITIES, rolesWith, type Capability } from '../../src/auth/permissions';
import type { Db } from '../../src/db/connection';
import type { Role } from '../../src/db/types';
import { pdfChromium } from '../../src/report/service';
import { stashPaperUpload } from '../../src/survey/paper';
import { CAPABILITY_GUARD } from '../../src/routes/middleware';
import type { Config } from '../../src/config';
import { createTestApp, csrfFrom, loggedIn } from '../helpers';
import { roundWithResponses, varied } from '../report/fixtures';
import { addForms, skmRound } from '../skm/fixtures';
import { setSkmRoundOpen } from '../../src/skm/rounds';

interface RouteEntry {
  method: string;
  path: string;
  /** The capability its guard asks for, or null for a route without one. */
  capability: Capability | null;
}

interface Layer {
  rawPath?: unknown;
  handle: ((...args: unknown[]) => unknown) & { stack?: Layer[]; [CAPABILITY_GUARD]?: Capability };
  route?: { path: string; methods: Record<string, boolean>; stack: Layer[] };
}

/** Every route of the app as Express will match it, found by walking the router stack (mounted routers included). */
function routesOf(app: Express): RouteEntry[] {
  const found: RouteEntry[] = [];
  function walk(stack: Layer[], prefix: string, inherited: Capability | null) {
    let guard = inherited;
    for (const layer of stack) {
      if (layer.route) {
        const own = layer.route.stack.map((inner) => inner.handle[CAPABILITY_GUARD]).find((capability) => capability !== undefined);
        for (const method of Object.keys(layer.route.methods)) found.push({ method: method.toUpperCase(), path: prefix + layer.route.path, capability: own ?? guard });
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : String(layer.rawPath)), guard);
      } else if (layer.handle[CAPABILITY_GUARD]) {
        // router.use(requireCapability(...)) guards every route after it in that router.
        guard = layer.handle[CAPABILITY_GUARD] ?? guard;
      }
    }
  }
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', null);
  return found;
}

/**
 * Open without a login, by design: signing in and out, the first administrator's setup (refused
 * once one exists), the employees' questionnaire, whose personal link is its own key, and the
 * stakeholder survey's open link and kiosk, which any service user may answer, and a password
 * reset link, whose 256-bit token is its own key (as the questionnaire's).
 */
const PUBLIC = new Set(['GET /', 'GET /setup', 'POST /setup', 'GET /login', 'POST /login', 'POST /logout', 'GET /reset/:token', 'POST /reset/:token']);
const isPublic = (route: RouteEntry) => PUBLIC.has(`${route.method} ${route.path}`) || route.path.startsWith('/s/:token') || route.path.startsWith('/k/:code');

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const PASSWORD = 'correct-horse-battery';

/** A round with published answers, a roster, a paper batch and a pending paper upload: something for every route to touch. */
function seeded(overrides: Partial<Config> = {}) {
  const context = createTestApp(overrides);
  const { db } = context;
  roundWithResponses(db, [...varied('Subdit A', 'III/a', 8, 3), ...varied('Subdit B', 'III/b', 8, 4)], { invited: 3 });
  const entryId = (db.prepare('SELECT id FROM roster_entries ORDER BY id LIMIT 1').get() as { id: number }).id;
  const batchId = Number(
    db.prepare("INSERT INTO import_batches (round_id, file_name, sha256, row_count, imported_by, imported_at) VALUES (1, 'kertas.csv', ?, 0, 'analyst', '2026-11-20T01:00:00Z')").run('b'.repeat(64)).lastInsertRowid,
  );
  const sha256 = stashPaperUpload(db, 1, { fileName: 'kertas-2.csv', content: Buffer.from('form_id,unit\nK-1,Subdit A\n'), uploadedBy: 'analyst' }, context.clock.now);
  // A plan with an objective, a person in charge, an action and a milestone, for the plan routes.
  const planId = createPlan(db, { name: 'Rencana 2027', start_year: '2027', baseline_round: '1' }, context.clock.now, 'analyst');
  const objectiveId = addObjective(db, planId, { perspective_code: 'LG', name: 'Kompetensi' }, context.clock.now, 'analyst');
  const personId = addPerson(db, { name: 'Budi' }, context.clock.now, 'analyst');
  const actionId = addAction(db, planId, { objective_id: objectiveId, title: 'Pelatihan', target_indicator: 'JP', starts_on: '2027-01-01', ends_on: '2027-12-31', pic_id: personId, horizon: 'short_term' }, context.clock.now, 'analyst');
  const milestoneId = addMilestone(db, planId, actionId, { title: 'TNA', due_on: '2027-03-31' }, context.clock.now, 'analyst');
  // An SKM round (id 1) with answers, for the SKM routes.
  const skm = skmRound(db);
  addForms(db, skm.row.id, Array.from({ length: 6 }, () => ({ answers: '333333333' })));
  const params: Record<string, string> = {
    id: '1',
    entry: String(entryId),
    batch: String(batchId),
    sha: sha256,
    code: 'bsc-default',
    plan: String(planId),
    round: '1',
    action: String(actionId),
    milestone: String(milestoneId),
    key: 'hr_development',
    kind: 'invitation',
    message: '1',
    token: '1',
  };
  return { ...context, params };
}

function concrete(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_match, name: string) => {
    if (!(name in params)) throw new Error(`roles.test.ts needs a value for :${name} (route ${path})`);
    return params[name];
  });
}

/** A body that would change something on each of these routes if its guard let it through. */
function attackBody(params: Record<string, string>, csrf?: string): Record<string, string> {
  return {
    ...(csrf ? { _csrf: csrf } : {}),
    name: 'Dibobol',
    instrument: 'bsc-default',
    target: '3.00',
    min_group_size: '5',
    unit: 'Subdit A',
    grade: 'III/a',
    confirmed: 'yes',
    which: 'all',
    sha256: params.sha,
    skip_invalid: '1',
    allow_new_units: '1',
    username: 'penyusup',
    password: 'long-enough-password',
    role: 'admin',
    current_password: PASSWORD,
    new_password: 'another-long-password',
  };
}

/** Rows of every table and the connection's total of changed rows: a refused request leaves both as they were. */
function snapshot(db: Db): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  counts['(total changes)'] = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return counts;
}

/** supertest parser that keeps a binary body (PDF, XLSX) as a Buffer. */
function collectBinary(res: Response, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('every route names what it needs', () => {
  it('has a capability guard on every route but signing in and the employees\' questionnaire (a route added without one fails here)', () => {
    const { app } = createTestApp();
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(40);
    const unguarded = routes.filter((route) => route.capability === null && !isPublic(route)).map((route) => `${route.method} ${route.path}`);
    expect(unguarded).toEqual([]);
  });

  it('finds the routes it is meant to check (the walk reaches the mounted routers)', () => {
    const routes = routesOf(createTestApp().app).map((route) => `${route.method} ${route.path} ${route.capability}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /rounds rounds.manage',
        'POST /rounds/:id/close rounds.manage',
        'POST /rounds/:id/paper/confirm paper.manage',
        'POST /users users.manage',
        'GET /rounds/:id/raw-data.csv reports.raw_data',
        'GET /rounds/:id/report.xlsx reports.read',
        'GET /api/rounds/:id/report reports.read',
        'GET /api/rounds/:id/status rounds.manage',
        'GET /audit.csv audit.read',
        'POST /account/password account.manage',
        'POST /organisation organisation.manage',
        'POST /organisation/logo organisation.manage',
        'GET /skm/rounds/:id/poster skm.manage',
        'GET /skm/rounds/:id/qr.png skm.manage',
        'GET /skm reports.read',
        'POST /skm/new skm.manage',
        'POST /skm/rounds/:id/settings skm.manage',
        'GET /skm/rounds/:id/report reports.read',
        'GET /api/skm/rounds/:id/report reports.read',
        'GET /skm/rounds/:id/report.html reports.read',
        'GET /skm/rounds/:id/report.pdf reports.read',
        'GET /skm/rounds/:id/report.xlsx reports.read',
        'GET /skm/rounds/:id/infographic.png reports.read',
        'GET /skm/rounds/:id/infographic.pdf reports.read',
      ]),
    );
  });
});

describe('the policy', () => {
  it('gives administrators and analysts what they had, readers the reports, contributors the plans', () => {
    const table = Object.fromEntries(CAPABILITIES.map((capability) => [capability, [...rolesWith(capability)].sort()]));
    expect(table).toEqual({
      'rounds.list': ['admin', 'analyst', 'viewer'],
      'rounds.manage': ['admin', 'analyst'],
      'reports.read': ['admin', 'analyst', 'viewer'],
      'reports.raw_data': ['admin', 'analyst'],
      'paper.manage': ['admin', 'analyst'],
      'instruments.manage': ['admin', 'analyst'],
      'plans.read': ['admin', 'analyst', 'contributor', 'viewer'],
      'plans.manage': ['admin', 'analyst'],
      'actions.update_own': ['contributor'],
      'periods.reopen': ['admin'],
      'users.manage': ['admin'],
      'audit.read': ['admin'],
      'organisation.manage': ['admin'],
      'account.manage': ['admin', 'analyst', 'contributor', 'viewer'],
      'skm.manage': ['admin', 'analyst'],
    });
  });

  it('lets nobody through who is not logged in, nor a role it does not know', () => {
    for (const capability of CAPABILITIES) {
      expect(can(null, capability)).toBe(false);
      expect(can({ role: 'root' }, capability)).toBe(false);
    }
  });

  it('gives a viewer no capability that changes anything', () => {
    const writes: Capability[] = ['skm.manage', 'rounds.manage', 'paper.manage', 'instruments.manage', 'plans.manage', 'actions.update_own', 'users.manage', 'organisation.manage'];
    for (const capability of writes) expect(can({ role: 'viewer' }, capability)).toBe(false);
  });
});

describe.each(['viewer', 'contributor'] as const)('a %s cannot change anything', (role: Role) => {
  async function refusedEverywhere(app: Express, db: Db, params: Record<string, string>, send: (method: string, url: string) => request.Test, csrf?: string) {
    // A route without a guard is attacked too: it must refuse as well.
    const targets = routesOf(app).filter((route) => STATE_CHANGING.has(route.method) && !isPublic(route) && (route.capability === null || !can({ role }, route.capability)));
    expect(targets.length).toBeGreaterThanOrEqual(15);
    for (const route of targets) {
      const before = snapshot(db);
      const response = await send(route.method, concrete(route.path, params)).type('form').send(attackBody(params, csrf));
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 403 });
      expect({ route: `${route.method} ${route.path}`, rows: snapshot(db) }).toEqual({ route: `${route.method} ${route.path}`, rows: before });
    }
  }

  it('is refused with 403 on every state-changing route it lacks the capability for, and nothing is written', async () => {
    const { app, db, params } = seeded();
    const { agent, csrf } = await loggedIn(app, db, role);
    await refusedEverywhere(app, db, params, (method, url) => agent[method.toLowerCase() as 'post'](url), csrf);
  });

  it('is refused the same with its API token, which carries its role (no CSRF token needed, so only the role stops it)', async () => {
    const { app, db, params } = seeded();
    const { username } = await loggedIn(app, db, role);
    const token = createApiToken(db, username, 'script', new Date(), 'test');
    await refusedEverywhere(app, db, params, (method, url) => request(app)[method.toLowerCase() as 'post'](url).set('Authorization', `Bearer ${token}`));
  });

  it('is refused on every page it lacks the capability for', async () => {
    const { app, db, params } = seeded();
    const { agent } = await loggedIn(app, db, role);
    const targets = routesOf(app).filter((route) => route.method === 'GET' && !isPublic(route) && (route.capability === null || !can({ role }, route.capability)));
    for (const route of targets) {
      const response = await agent.get(concrete(route.path, params));
      expect({ route: route.path, status: response.status }).toEqual({ route: route.path, status: 403 });
    }
  });
});

describe('a viewer (leadership)', () => {
  it.each([
    '/rounds/new',
    '/rounds/1',
    '/rounds/1/edit',
    '/rounds/1/status',
    '/rounds/1/raw-data.csv',
    '/rounds/1/codebook.csv',
    '/rounds/1/paper',
    '/rounds/1/paper/form',
    '/rounds/1/paper/template.csv',
    '/instruments',
    '/audit',
    '/audit.csv',
    '/users',
    '/api/rounds/1/status',
    '/api/instruments/bsc-default',
    '/skm/rounds/1/poster',
    '/skm/rounds/1/qr.png',
    '/skm/new',
    '/skm/rounds/1',
  ])('cannot open %s (roster, names, raw data, paper forms, administration)', async (url) => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get(url);
    expect(response.status).toBe(403);
    expect(response.text).not.toContain('Pegawai 1');
  });

  it('says why it was refused, in the page language', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    expect((await agent.get('/rounds/1/status')).text).toContain('Peran akun Anda tidak mengizinkan halaman atau tindakan ini.');
    expect((await agent.get('/rounds/1/status?lang=en')).text).toContain('The role of your account does not allow this page or action.');
  });

  it('reads the round list, each round leading to its report, without the button to create one', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get('/rounds');
    expect(response.status).toBe(200);
    expect(response.text).toContain('href="/rounds/1/report"');
    expect(response.text).not.toContain('href="/rounds/1"');
    expect(response.text).not.toContain('/rounds/new');
  });

  it('reads the condition report, without the raw data and codebook downloads or the link to the round page', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get('/rounds/1/report');
    expect(response.status).toBe(200);
    expect(response.text).toContain('/rounds/1/report.xlsx');
    expect(response.text).toContain('/rounds/1/report/groups.csv');
    expect(response.text).not.toContain('raw-data.csv');
    expect(response.text).not.toContain('codebook.csv');
    expect(response.text).not.toContain('href="/rounds/1"');
  });

  it('downloads the gap report and the results per group as CSV, each recorded in the audit log under its name', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    const gaps = await agent.get('/rounds/1/report.csv');
    expect(gaps.status).toBe(200);
    expect(gaps.text).toMatch(/^\uFEFFlevel,perspective,dimension,code,name,/);
    const groups = await agent.get('/rounds/1/report/groups.csv');
    expect(groups.status).toBe(200);
    expect(groups.text).toContain('Subdit A');
    const entries = db.prepare("SELECT actor, json_extract(details, '$.format') AS format FROM audit_log WHERE action = 'report.download' ORDER BY id").all();
    expect(entries).toEqual([
      { actor: 'viewer1', format: 'csv' },
      { actor: 'viewer1', format: 'groups-csv' },
    ]);
  });

  it('downloads the workbook without its raw data and codebook sheets, and the log says so', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get('/rounds/1/report.xlsx').buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as Parameters<typeof book.xlsx.load>[0]);
    const names = book.worksheets.map((sheet) => sheet.name);
    expect(names).toContain('Ringkasan');
    expect(names).not.toContain('Data mentah');
    expect(names).not.toContain('Buku kode');
    const entry = db.prepare("SELECT details FROM audit_log WHERE action = 'report.download' ORDER BY id DESC LIMIT 1").get() as { details: string };
    expect(JSON.parse(entry.details)).toMatchObject({ format: 'xlsx', raw_data: false });
  });

  it('an analyst\'s workbook keeps the raw data and codebook sheets', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'analyst');
    const response = await agent.get('/rounds/1/report.xlsx').buffer(true).parse(collectBinary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as Parameters<typeof book.xlsx.load>[0]);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(expect.arrayContaining(['Data mentah', 'Buku kode']));
  });

  const withChromium = pdfChromium(createTestApp({ chromium: '/usr/bin/chromium' }).config) !== null ? it : it.skip;
  withChromium('downloads the report as PDF', async () => {
    const { app, db } = seeded({ chromium: '/usr/bin/chromium' });
    const { agent } = await loggedIn(app, db, 'viewer');
    const response = await agent.get('/rounds/1/report.pdf').buffer(true).parse(collectBinary);
    expect(response.status).toBe(200);
    expect((response.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('downloads the SKM report files of a published round; before publication the same addresses answer 409', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    expect((await agent.get('/skm/rounds/1/report.html')).status).toBe(409);
    expect((await agent.get('/skm/rounds/1/report.xlsx')).status).toBe(409);
    setSkmRoundOpen(db, 1, false, new Date(), 'test');
    const html = await agent.get('/skm/rounds/1/report.html');
    expect(html.status).toBe(200);
    // Six forms of all 3s: IKM 75,00, grade C.
    expect(html.text).toContain('75,00');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await agent.get('/skm/rounds/1/report.xlsx').buffer(true).parse(collectBinary)).body as Parameters<typeof book.xlsx.load>[0]);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Ringkasan', 'Unsur', 'Profil', 'Kelompok', 'Tren']);
  });

  it('reads the round list and the JSON report with an API token, and nothing more', async () => {
    const { app, db } = seeded();
    await loggedIn(app, db, 'viewer');
    const token = createApiToken(db, 'viewer1', 'dasbor', new Date(), 'test');
    const api = (url: string) => request(app).get(url).set('Authorization', `Bearer ${token}`);
    expect((await api('/api/rounds')).status).toBe(200);
    const report = await api('/api/rounds/1/report');
    expect(report.status).toBe(200);
    expect(report.body.round.id).toBe(1);
    expect((await api('/api/rounds/1/status')).status).toBe(403);
    expect((await api('/api/instruments/bsc-default')).status).toBe(403);
  });

  it('sees in the navigation only what it may open', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'viewer');
    const nav = /<nav aria-label="Navigasi utama">([\s\S]*?)<\/nav>/.exec((await agent.get('/rounds')).text)![1];
    expect(nav).toContain('href="/rounds"');
    expect(nav).toContain('href="/plans"');
    expect(nav).toContain('href="/account"');
    expect(nav).not.toContain('href="/instruments"');
    expect(nav).not.toContain('href="/users"');
    expect(nav).not.toContain('href="/audit"');
  });
});

describe('a contributor (person in charge of actions)', () => {
  it.each(['/rounds', '/rounds/1', '/rounds/1/report', '/rounds/1/report.csv', '/rounds/1/report.xlsx', '/rounds/1/raw-data.csv', '/rounds/1/status', '/instruments', '/audit', '/users', '/api/rounds', '/api/rounds/1/report'])(
    'cannot open %s',
    async (url) => {
      const { app, db } = seeded();
      const { agent } = await loggedIn(app, db, 'contributor');
      expect((await agent.get(url)).status).toBe(403);
    },
  );

  it('has no link to the rounds, instruments, users or audit log, only to the plans and the account', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db, 'contributor');
    const nav = /<nav aria-label="Navigasi utama">([\s\S]*?)<\/nav>/.exec((await agent.get('/account')).text)![1];
    expect(nav.match(/href="[^"]+"/g)).toEqual(['href="/plans"', 'href="/account"']);
  });
});

describe('after logging in', () => {
  async function landing(app: Express, db: Db, role: Role): Promise<string | undefined> {
    const { agent } = await loggedIn(app, db, role);
    return (await agent.get('/')).headers.location;
  }

  it.each([
    ['admin', '/rounds'],
    ['analyst', '/rounds'],
    ['viewer', '/rounds'],
    ['contributor', '/plans'],
  ] as const)('the home page sends the role %s to %s', async (role, home) => {
    const { app, db } = seeded();
    expect(await landing(app, db, role)).toBe(home);
  });

  it('the login form without a destination lands a contributor on the plans, not on a page it may not open', async () => {
    const { app, db } = seeded();
    await loggedIn(app, db, 'viewer');
    const { createUser } = await import('../../src/auth/accounts');
    await createUser(db, { username: 'pic1', password: PASSWORD, role: 'contributor' }, new Date(), 'test');
    const agent = request.agent(app);
    const page = await agent.get('/login');
    const response = await agent.post('/login').type('form').send({ username: 'pic1', password: PASSWORD, next: '/', _csrf: csrfFrom(page.text) });
    expect(response.headers.location).toBe('/plans');
  });
});

describe('every role keeps its own account', () => {
  it.each(['viewer', 'contributor'] as const)('the role %s changes its own password, and the change is in the audit log', async (role) => {
    const { app, db } = seeded();
    const { agent, csrf, username } = await loggedIn(app, db, role);
    const response = await agent.post('/account/password').type('form').send({ _csrf: csrf, current_password: PASSWORD, new_password: 'a-new-long-password' });
    expect(response.status).toBe(303);
    expect(db.prepare("SELECT actor, action FROM audit_log WHERE action = 'user.password'").all()).toEqual([{ actor: username, action: 'user.password' }]);
  });
});

describe('accounts of the four roles', () => {
  it.each([
    ['viewer', 'Pimpinan (baca saja)'],
    ['contributor', 'Kontributor (PIC)'],
    ['analyst', 'Analis/Perencana'],
    ['admin', 'Administrator'],
  ] as const)('an administrator creates an account with the role %s on the users page, recorded in the audit log', async (role, label) => {
    const { app, db } = seeded();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/users').type('form').send({ _csrf: csrf, username: `baru-${role}`, password: 'long-enough-password', role });
    expect(response.status).toBe(201);
    expect(response.text).toContain(label);
    expect(db.prepare('SELECT role FROM users WHERE username = ?').get(`baru-${role}`)).toEqual({ role });
    const entry = db.prepare("SELECT actor, details FROM audit_log WHERE action = 'user.create' ORDER BY id DESC LIMIT 1").get() as { actor: string; details: string };
    expect(entry.actor).toBe('admin');
    expect(JSON.parse(entry.details)).toEqual({ username: `baru-${role}`, role });
  });

  it('offers the four roles on the users page, in both languages', async () => {
    const { app, db } = seeded();
    const { agent } = await loggedIn(app, db);
    const id = (await agent.get('/users')).text;
    for (const label of ['Administrator', 'Analis/Perencana', 'Pimpinan (baca saja)', 'Kontributor (PIC)']) expect(id).toContain(label);
    expect(id.match(/name="role" value="(\w+)"/g)).toEqual(['name="role" value="admin"', 'name="role" value="analyst"', 'name="role" value="viewer"', 'name="role" value="contributor"']);
    const en = (await agent.get('/users?lang=en')).text;
    for (const label of ['Analyst/Planner', 'Leadership (read only)', 'Contributor (PIC)']) expect(en).toContain(label);
  });

  it('refuses a role that does not exist, with 422 and nothing written', async () => {
    const { app, db } = seeded();
    const { agent, csrf } = await loggedIn(app, db);
    const response = await agent.post('/users').type('form').send({ _csrf: csrf, username: 'root', password: 'long-enough-password', role: 'superuser' });
    expect(response.status).toBe(422);
    expect(db.prepare("SELECT count(*) AS n FROM users WHERE username = 'root'").get()).toEqual({ n: 0 });
  });

  it('an analyst cannot create accounts, not even readers', async () => {
    const { app, db } = seeded();
    const { agent, csrf } = await loggedIn(app, db, 'analyst');
    const response = await agent.post('/users').type('form').send({ _csrf: csrf, username: 'pimpinan', password: 'long-enough-password', role: 'viewer' });
    expect(response.status).toBe(403);
    expect(db.prepare("SELECT count(*) AS n FROM users WHERE username = 'pimpinan'").get()).toEqual({ n: 0 });
  });
});

describe('analysts and administrators keep what they had', () => {
  it.each(['analyst', 'admin'] as const)('the role %s is refused no page but those for administrators', async (role) => {
    const { app, db, params } = seeded();
    const { agent } = await loggedIn(app, db, role);
    const pages = routesOf(app).filter((route) => route.method === 'GET' && route.capability !== null && (role === 'admin' || !['users.manage', 'audit.read', 'organisation.manage'].includes(route.capability)));
    for (const route of pages) {
      // Not every page answers 200 here (the PDF without Chromium is 503), but none is refused.
      const response: Response = await agent.get(concrete(route.path, params));
      expect({ route: route.path, refused: response.status === 403 || response.status === 401 }).toEqual({ route: route.path, refused: false });
    }
  });
});
