import { Router, type Response } from 'express';
import { AppError, ValidationError, type Problem } from '../errors';
import { LOGO_MAX_BYTES, LOGO_MAX_PIXELS, loadOrganisation, logoDataUri, ORGANISATION_FIELDS, organisationFields, removeLogo, saveOrganisation, setLogo } from '../organisation/profile';
import { actorOf, formBody, pick, type AppContext } from './context';
import { requireCapability } from './middleware';
import { publicAddress, savePublicAddress } from '../survey/public-address';

/** A refusal the form shows beside its field: a bad value (422) or a logo over the size limit (413). */
function formRefusal(error: unknown): AppError | null {
  return error instanceof AppError && (error.status === 422 || error.status === 413) && error.problems.length > 0 ? error : null;
}

/** The organisation profile page (administrators): the identity every leader's document carries. */
export function organisationRouter({ db, config, now }: AppContext): Router {
  const router = Router();
  const guard = requireCapability('organisation.manage');

  const render = (
    res: Response,
    status: number,
    extra: { values?: Record<string, unknown>; problems?: Problem[]; logoProblems?: Problem[]; addressValue?: unknown; addressProblems?: Problem[]; notice?: string | null } = {},
  ) => {
    const profile = loadOrganisation(db);
    const address = publicAddress(db, config);
    res.status(status).render('organisation/index', {
      values: extra.values ?? organisationFields(profile),
      problems: extra.problems ?? [],
      logoProblems: extra.logoProblems ?? [],
      notice: extra.notice ?? null,
      logo: profile.logo ? { src: logoDataUri(profile), type: profile.logo.type === 'image/png' ? 'PNG' : 'SVG', kilobytes: Math.max(1, Math.ceil(profile.logo.data.length / 1024)) } : null,
      organisationName: profile.name,
      address: { url: address.url, source: address.source, loopback: address.loopback, value: extra.addressValue ?? (address.source === 'default' ? '' : address.url) },
      addressProblems: extra.addressProblems ?? [],
      limits: { kilobytes: LOGO_MAX_BYTES / 1024, pixels: LOGO_MAX_PIXELS },
    });
  };
  const NOTICES = new Set(['saved', 'logo_saved', 'logo_removed', 'address_saved']);

  router.get('/organisation', guard, (req, res) => {
    const notice = typeof req.query.done === 'string' && NOTICES.has(req.query.done) ? req.query.done : null;
    render(res, 200, { notice });
  });

  router.post('/organisation', guard, (req, res) => {
    const body = pick(formBody(req), ORGANISATION_FIELDS);
    try {
      saveOrganisation(db, body, now(), actorOf(req));
      res.redirect(303, '/organisation?done=saved');
    } catch (error) {
      const refusal = formRefusal(error);
      if (!refusal) throw error;
      render(res, refusal.status, { values: body, problems: refusal.problems });
    }
  });

  router.post('/organisation/logo', guard, (req, res) => {
    try {
      if (!req.file || req.file.size === 0) throw new ValidationError('The logo was not saved', [{ field: 'file', message: 'choose a PNG or SVG file' }]);
      setLogo(db, req.file.buffer, now(), actorOf(req));
      res.redirect(303, '/organisation?done=logo_saved');
    } catch (error) {
      const refusal = formRefusal(error);
      if (!refusal) throw error;
      render(res, refusal.status, { logoProblems: refusal.problems });
    }
  });

  router.post('/organisation/address', guard, (req, res) => {
    const body = formBody(req);
    if (publicAddress(db, config).source === 'environment') return render(res, 409, {});
    try {
      savePublicAddress(db, body.public_address, now(), actorOf(req));
      res.redirect(303, '/organisation?done=address_saved#address-h');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      render(res, 422, { addressValue: body.public_address, addressProblems: error.problems });
    }
  });

  router.post('/organisation/logo/remove', guard, (req, res) => {
    removeLogo(db, now(), actorOf(req));
    res.redirect(303, '/organisation?done=logo_removed');
  });
  return router;
}
