import express from 'express';
import helmet from 'helmet';
import { LoginGuard } from './auth/login-guard';
import { HeavyWork } from './jobs/heavy-work';
import { limitChromiumRuns } from './report/pdf';
import type { Config } from './config';
import type { Db } from './db/connection';
import { STATIC_DIR, VIEWS_DIR } from './paths';
import type { AppContext } from './routes/context';
import { errorHandler, notFound } from './routes/errors';
import { csrf, language, multipart, noStore, requestTarget, session } from './routes/middleware';
import { accountRouter } from './routes/account';
import { apiRouter } from './routes/api';
import { auditRouter } from './routes/audit';
import { authRouter } from './routes/auth';
import { instrumentsRouter } from './routes/instruments';
import { mailRouter } from './routes/mail';
import { organisationRouter } from './routes/organisation';
import { paperRouter } from './routes/paper';
import { plansRouter } from './routes/plans';
import { plansApiRouter } from './routes/plans-api';
import { reportRouter } from './routes/report';
import { roundLifecycleRouter } from './routes/round-lifecycle';
import { roundsRouter } from './routes/rounds';
import { skmPosterRouter } from './routes/skm-poster';
import { skmPublicRouter } from './routes/skm-public';
import { skmRouter } from './routes/skm';
import { surveyRouter } from './routes/survey';
import { usersRouter } from './routes/users';

export interface AppOptions {
  db: Db;
  config: Readonly<Config>;
  /** The clock, replaceable in tests (round opening dates). */
  now?: () => Date;
  /** Login limits, replaceable in tests (smaller caps, a counter to read). */
  loginGuard?: LoginGuard;
  /** The heavy builds' workers; one per app by default (close it with the app's database). */
  heavy?: HeavyWork;
}

/** Builds the Express app; it never listens (src/server.ts does), so tests drive it with supertest. */
export function createApp({ db, config, now = () => new Date(), loginGuard = new LoginGuard(), heavy = new HeavyWork(db, config) }: AppOptions): express.Express {
  const context: AppContext = { db, config, now, loginGuard, heavy };
  limitChromiumRuns(config);
  const app = express();
  app.disable('x-powered-by');
  // Express's own last-resort handler shows a stack trace unless the environment is
  // "production"; the error handler below answers every error first, and this is the guarantee
  // that no stack or install path ever reaches a client even if it could not.
  app.set('env', 'production');
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_DIR);
  // Express caches compiled templates only when NODE_ENV=production; recompiling every EJS
  // template on every request costs more than the rest of a submission. Templates change only
  // with a new release, which restarts the server anyway.
  app.set('view cache', true);

  app.use(
    helmet({
      contentSecurityPolicy: {
        // No inline scripts or styles, nothing from other hosts; upgrade-insecure-requests would
        // break a plain-HTTP install on a LAN, so TLS is left to the proxy.
        directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], formAction: ["'self'"], upgradeInsecureRequests: null },
      },
      // Personal links are in the URL: never leak them through the Referer header.
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use('/static', express.static(STATIC_DIR, { maxAge: '1h', index: false }));
  app.use(noStore());
  app.use(language());
  app.use(requestTarget());
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 1000 }));
  app.use(express.json({ limit: '200kb' }));
  // The session is resolved first so that only logged-in users can make the server hold an upload in memory.
  app.use(session(context));
  app.use(multipart(context));
  app.use(csrf());

  app.use(authRouter(context));
  app.use(surveyRouter(context));
  app.use(skmPublicRouter(context));
  app.use(skmPosterRouter(context));
  // Before the rounds router: /rounds/archive is a page, not a round's id.
  app.use(roundLifecycleRouter(context));
  app.use(roundsRouter(context));
  app.use(mailRouter(context));
  app.use(reportRouter(context));
  app.use(paperRouter(context));
  app.use(plansRouter(context));
  app.use(instrumentsRouter(context));
  app.use(usersRouter(context));
  app.use(organisationRouter(context));
  app.use(accountRouter(context));
  app.use(auditRouter(context));
  app.use(skmRouter(context));
  app.use('/api', apiRouter(context));
  app.use('/api', plansApiRouter(context));

  app.use(notFound());
  app.use(errorHandler(context));
  return app;
}
