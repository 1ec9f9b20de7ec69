import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Config } from '@tatalaman/config';
import { natsMicroserviceOptions } from '@tatalaman/messaging';
import express, { type NextFunction, type Request, type Response } from 'express';
import { MUTATING_METHODS, type RawBodySpec } from './http/endpoint';
import { Problem } from './http/problems';
import { type BodyLimitOf, bodyLimits, limitRequestTimes } from './http/request-limits';
import { securityHeaders } from './http/security-headers';
import { refuseUnsafeInput } from './http/unsafe-input';
import { buildOpenApiDocument, collectApiRoutes } from './openapi/document';
import { GATEWAY_SETTINGS, type GatewaySettings } from './settings';

/** Largest JSON body the API takes (1 MiB, as body-parser reads `1mb`); uploads get their own route and limit. */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** A route whose body is not JSON (an upload), found before Nest routes the request. */
interface RawRoute {
  method: string;
  pattern: RegExp;
  spec: RawBodySpec;
  /** For `text` bodies: the parser with the route's own limit. */
  parse?: express.RequestHandler;
}

function rawRoutesOf(app: INestApplication): RawRoute[] {
  return collectApiRoutes(app)
    .filter((r) => r.spec.rawBody)
    .map((r) => {
      const spec = r.spec.rawBody!;
      const segments = r.path
        .split('/')
        .map((seg) => (/^\{\w+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      return {
        method: r.method.toUpperCase(),
        pattern: new RegExp(`^${segments.join('/')}/?$`),
        spec,
        ...(spec.mode === 'text'
          ? { parse: express.text({ type: [...spec.mediaTypes], limit: spec.maxBytes }) }
          : {}),
      };
    });
}

function rawRouteOf(routes: readonly RawRoute[], req: Request): RawRoute | undefined {
  return routes.find((r) => r.method === req.method && r.pattern.test(req.path));
}

/** The most a request's body may hold: an upload route's own limit, else the JSON one. */
function bodyLimitOf(rawRoutes: readonly RawRoute[]): BodyLimitOf {
  return (req) => {
    const spec = rawRouteOf(rawRoutes, req)?.spec;
    if (!spec) return { maxBytes: JSON_BODY_LIMIT, refuseEarly: true };
    // A text route (an SOP definition) takes JSON too.
    if (spec.mode === 'text')
      return { maxBytes: Math.max(spec.maxBytes, JSON_BODY_LIMIT), refuseEarly: true };
    return { maxBytes: spec.maxBytes, refuseEarly: false };
  };
}

/**
 * A mutating API request with a body that is not JSON is refused before anything reads
 * it, except on upload routes: their handlers check the media type after the office and
 * the record (so another office's ids are a 404 whatever the body).
 */
function requireJson(rawRoutes: readonly RawRoute[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (
      hasBody &&
      MUTATING_METHODS.has(req.method) &&
      req.path.startsWith('/api/') &&
      !/^application\/([a-z0-9.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '') &&
      !rawRouteOf(rawRoutes, req)
    ) {
      return next(
        new Problem('unsupported-media-type', {
          detail: {
            id: 'Kirim isi permintaan sebagai application/json.',
            en: 'Send the body as application/json.',
          },
        }),
      );
    }
    next();
  };
}

/** Text bodies of upload routes (SOP definitions as YAML), with each route's own limit. */
function parseText(rawRoutes: readonly RawRoute[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const route = rawRouteOf(rawRoutes, req);
    if (route?.parse) return route.parse(req, res, next);
    next();
  };
}

/**
 * The staff console's static build, at `/`, when it exists: files as they are, and
 * index.html for any other GET that is not the API, the docs or /health (client-side routes).
 */
function serveConsole(app: NestExpressApplication, dir: string) {
  const index = join(dir, 'index.html');
  app.use(express.static(dir, { index: 'index.html', fallthrough: true, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      req.path.startsWith('/api') ||
      req.path === '/health'
    ) {
      return next();
    }
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/**
 * HTTP set-up of the gateway between creating the app and listening: proxy trust, body
 * limits, the OpenAPI document and Swagger UI, the console, and the NATS transport of
 * the identity queries.
 */
export function configureGateway(app: INestApplication, config: Config): void {
  const http = app as NestExpressApplication;
  // One reverse proxy on the same machine is the usual deployment; its X-Forwarded-For is the client.
  http.set('trust proxy', 'loopback');
  http.disable('x-powered-by');
  limitRequestTimes(http.getHttpServer() as Server);
  http.use(securityHeaders);
  const rawRoutes = rawRoutesOf(app);
  http.use(bodyLimits(bodyLimitOf(rawRoutes)));
  http.use(requireJson(rawRoutes));
  http.use(parseText(rawRoutes));
  http.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  http.use(refuseUnsafeInput);

  const document = buildOpenApiDocument(app, { serverUrl: config.PUBLIC_BASE_URL });
  SwaggerModule.setup('api/docs', app, document as never, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'Tata Laman API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });

  const settings = app.get<GatewaySettings>(GATEWAY_SETTINGS);
  if (settings.consoleDir && existsSync(join(settings.consoleDir, 'index.html')))
    serveConsole(http, settings.consoleDir);

  app.connectMicroservice(natsMicroserviceOptions('gateway'), { inheritAppConfig: true });
}
