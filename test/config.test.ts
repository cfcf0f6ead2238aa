import path from 'node:path';
import { loadConfig } from '../src/config';
import { ROOT } from '../src/paths';

describe('configuration', () => {
  it('defaults to port 3000, data/potret.db and a base URL on that port', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    // Resolved against the installation, not the current directory.
    expect(config.dbFile).toBe(path.join(ROOT, 'data', 'potret.db'));
    expect(config.baseUrl).toBe('http://localhost:3000');
  });

  it('reads PORT, POTRET_DB and POTRET_BASE_URL (without a trailing slash)', () => {
    const config = loadConfig({ PORT: '8080', POTRET_DB: '/tmp/x.db', POTRET_BASE_URL: 'https://survei.example.go.id/' });
    expect(config).toMatchObject({ port: 8080, dbFile: '/tmp/x.db', baseUrl: 'https://survei.example.go.id' });
  });

  it('rejects a malformed value with the variable name instead of guessing', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ POTRET_ALPHA_MIN: '' })).toThrow(/POTRET_ALPHA_MIN/);
    expect(() => loadConfig({ POTRET_TRUST_PROXY: 'maybe' })).toThrow(/POTRET_TRUST_PROXY/);
  });

  it('reads "false" as false, not as a truthy string', () => {
    expect(loadConfig({ POTRET_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ POTRET_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('rejects a time zone that does not exist, at start rather than on every page', () => {
    expect(() => loadConfig({ POTRET_TIMEZONE: 'Asia/Atlantis' })).toThrow(/POTRET_TIMEZONE: must be an IANA time zone/);
    expect(loadConfig({ POTRET_TIMEZONE: 'Asia/Makassar' }).timezone).toBe('Asia/Makassar');
  });

  it('reads the category boundary rule, lower by default', () => {
    expect(loadConfig({}).categoryBoundary).toBe('lower');
    expect(loadConfig({ POTRET_CATEGORY_BOUNDARY: 'upper' }).categoryBoundary).toBe('upper');
    expect(() => loadConfig({ POTRET_CATEGORY_BOUNDARY: 'middle' })).toThrow(/POTRET_CATEGORY_BOUNDARY/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
