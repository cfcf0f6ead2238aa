import { countRows, createTestApp, loggedIn } from '../helpers';

async function defaultInstrumentJson(agent: Awaited<ReturnType<typeof loggedIn>>['agent']) {
  return (await agent.get('/api/instruments/bsc-default')).body;
}

describe('instruments page', () => {
  it('lists the default instrument and shows its items', async () => {
    const { app, db } = createTestApp();
    const { agent } = await loggedIn(app, db);
    const list = await agent.get('/instruments');
    expect(list.status).toBe(200);
    expect(list.text).toContain('bsc-default');
    const show = await agent.get('/instruments/bsc-default');
    expect(show.text).toContain('LG-HR-01');
    expect(show.text).toContain('Pengembangan SDM');
  });

  it('adds a custom instrument uploaded as a JSON file', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const custom = { ...(await defaultInstrumentJson(agent)), code: 'bsc-2027' };
    const response = await agent.post('/instruments').field('_csrf', csrf).attach('file', Buffer.from(JSON.stringify(custom)), 'bsc-2027.json');
    expect(response.status).toBe(201);
    expect(response.text).toContain('Instrumen bsc-2027 ditambahkan');
    expect(countRows(db, 'instruments')).toBe(2);
  });

  it('rejects a malformed instrument with the zod path of each problem and adds nothing', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const custom = await defaultInstrumentJson(agent);
    custom.code = 'broken';
    custom.perspectives[1].dimensions[0].items[2].text.en = '';
    custom.perspectives[0].dimensions[0].focus = 'morale';
    const response = await agent.post('/instruments').type('form').send({ _csrf: csrf, text: JSON.stringify(custom) });
    expect(response.status).toBe(422);
    expect(response.text).toContain('perspectives.1.dimensions.0.items.2.text.en');
    expect(response.text).toContain('English text is required');
    expect(response.text).toContain('perspectives.0.dimensions.0.focus');
    expect(countRows(db, 'instruments')).toBe(1);
  });

  it('rejects text that is not JSON, and a code that exists already', async () => {
    const { app, db } = createTestApp();
    const { agent, csrf } = await loggedIn(app, db);
    const notJson = await agent.post('/instruments').type('form').send({ _csrf: csrf, text: '{ "code": ' });
    expect(notJson.status).toBe(422);
    expect(notJson.text).toContain('bukan JSON yang valid');
    const duplicate = await agent.post('/instruments').type('form').send({ _csrf: csrf, text: JSON.stringify(await defaultInstrumentJson(agent)) });
    expect(duplicate.status).toBe(422);
    expect(duplicate.text).toContain('exists already');
    expect(countRows(db, 'instruments')).toBe(1);
  });
});
