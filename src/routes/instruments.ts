import { Router } from 'express';
import { ValidationError } from '../errors';
import type { Lang } from '../i18n';
import { addInstrument, getInstrument, listAllInstruments, type LoadedInstrument } from '../survey/instruments';
import { formBody, type AppContext } from './context';
import { requireCapability } from './middleware';

function summary(instrument: LoadedInstrument, lang: Lang) {
  const { definition } = instrument;
  return {
    code: definition.code,
    version: definition.version,
    name: definition.name[lang],
    items: instrument.items.length,
    scale: `${definition.scale.min}–${definition.scale.max}`,
  };
}

export function instrumentsRouter({ db, now }: AppContext): Router {
  const router = Router();
  const manage = requireCapability('instruments.manage');
  const list = (lang: Lang) => listAllInstruments(db).map((instrument) => summary(instrument, lang));

  router.get('/instruments', manage, (req, res) => {
    res.render('instruments/index', { instruments: list(req.lang), problems: [], text: '', added: null });
  });

  router.post('/instruments', manage, (req, res) => {
    const body = formBody(req);
    const text = req.file ? req.file.buffer.toString('utf8').replace(/^\uFEFF/, '') : typeof body.text === 'string' ? body.text : '';
    try {
      if (!text.trim()) throw new ValidationError('No instrument was given', [{ field: 'file', message: 'choose a JSON file or paste the JSON' }]);
      const instrument = addInstrument(db, text, now());
      res.status(201).render('instruments/index', { instruments: list(req.lang), problems: [], text: '', added: instrument.definition.code });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      res.status(422).render('instruments/index', { instruments: list(req.lang), problems: error.problems, text, added: null });
    }
  });

  router.get('/instruments/:code', manage, (req, res) => {
    const instrument = getInstrument(db, String(req.params.code));
    const lang = req.lang;
    res.render('instruments/show', {
      instrument: summary(instrument, lang),
      perspectives: instrument.definition.perspectives.map((perspective) => ({
        code: perspective.code,
        name: perspective.name[lang],
        dimensions: perspective.dimensions.map((dimension) => ({
          code: dimension.code,
          name: dimension.name[lang],
          focus: dimension.focus,
          items: dimension.items.map((item) => ({ code: item.code, text: item.text[lang] })),
        })),
      })),
    });
  });
  return router;
}
