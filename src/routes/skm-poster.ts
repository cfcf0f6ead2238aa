import { Router } from 'express';
import { translator } from '../i18n';
import { loadOrganisation, logoDataUri } from '../organisation/profile';
import { qrPng, qrSvg, skmLink } from '../skm/qr';
import { getSkmRound } from '../skm/rounds';
import { idParam, type AppContext } from './context';
import { requireCapability } from './middleware';
import { publicAddress } from '../survey/public-address';

/**
 * What staff print for the service counter: an A4 poster with the organisation, the round, the
 * QR code and the short address of the open link, and the QR code alone as PNG or SVG for their
 * own layouts. Reads only.
 */
export function skmPosterRouter(context: AppContext): Router {
  const { db, config } = context;
  const router = Router();
  const guard = requireCapability('skm.manage');

  router.get('/skm/rounds/:id/poster', guard, async (req, res) => {
    const round = getSkmRound(db, idParam(req, 'id'));
    const t = translator(req.lang);
    const link = skmLink(publicAddress(db, config).url, round.row.code);
    const profile = loadOrganisation(db);
    res.render('skm/poster', {
      title: `${t('skm.poster.title')} — ${round.row.name}`,
      organisation: profile.name,
      logo: logoDataUri(profile),
      logoAlt: t('skm.poster.logo_alt', { organisation: profile.name }),
      roundName: round.row.name,
      link,
      kioskLink: `${link}/kiosk`,
      // A poster printed with the default address leads every phone to its own localhost.
      baseUrlIsDefault: publicAddress(db, config).loopback,
      qr: await qrSvg(link, t('skm.poster.qr_desc', { link })),
      downloads: { png: `/skm/rounds/${round.row.id}/qr.png`, svg: `/skm/rounds/${round.row.id}/qr.svg` },
    });
  });

  router.get('/skm/rounds/:id/qr.png', guard, async (req, res) => {
    const round = getSkmRound(db, idParam(req, 'id'));
    const png = await qrPng(skmLink(publicAddress(db, config).url, round.row.code));
    res.type('image/png').attachment(`skm-${round.row.id}-qr.png`).send(png);
  });

  router.get('/skm/rounds/:id/qr.svg', guard, async (req, res) => {
    const round = getSkmRound(db, idParam(req, 'id'));
    const link = skmLink(publicAddress(db, config).url, round.row.code);
    const svg = await qrSvg(link, translator(req.lang)('skm.poster.qr_desc', { link }));
    res.type('image/svg+xml').attachment(`skm-${round.row.id}-qr.svg`).send(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`);
  });

  return router;
}
