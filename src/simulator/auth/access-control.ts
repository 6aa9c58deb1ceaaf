/**
 * The API server's authentication and authorization filters in one place: who a request is
 * (the kubeconfig's token, a ServiceAccount token, then any impersonation), and whether that
 * user may do what the method and path ask (403 with the real message when not).
 */
import type { IncomingMessage } from 'node:http';
import type { Registry } from '../apiserver/registry/registry.js';
import { unauthorized } from '../apiserver/status.js';
import { Authorizer } from './authorizer.js';
import { forbidden } from './forbidden.js';
import { impersonate } from './impersonation.js';
import { looksLikeJwt } from './jwt.js';
import { storageRbacSource } from './rbac-authorizer.js';
import { type RequestAttributes, requestInfo } from './request-attributes.js';
import type { ReviewContext } from './review-handlers.js';
import { type ServiceAccountTokens, serviceAccountTokens } from './service-account-tokens.js';
import { ADMIN_USER, type UserInfo } from './user-info.js';

export interface AccessControlOptions {
  registry: Registry;
  /** Whether a bearer token is the kubeconfig's own (the cluster admin's). */
  isAdminToken: (token: string) => boolean;
  now: () => Date;
}

/** Streams that fall back to SPDY (POST, verb `create`) when the WebSocket GET is refused. */
const STREAM_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

export class AccessControl {
  readonly authorizer: Authorizer;
  private readonly options: AccessControlOptions;

  constructor(options: AccessControlOptions) {
    this.options = options;
    this.authorizer = new Authorizer(storageRbacSource(options.registry.storage));
  }

  /** Looked up on use: the signing key may be chosen after this server was built. */
  get tokens(): ServiceAccountTokens {
    return serviceAccountTokens(this.options.registry.storage);
  }

  /** The user of a bearer token, or undefined for a token nobody issued (or one now invalid). */
  authenticateToken(token: string): UserInfo | undefined {
    if (this.options.isAdminToken(token)) return ADMIN_USER;
    if (!looksLikeJwt(token)) return undefined;
    return this.tokens.authenticate(token, this.options.now());
  }

  /** The requester, impersonation applied; 401 without valid credentials. */
  user(req: IncomingMessage): UserInfo {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const requester = match ? this.authenticateToken(match[1]?.trim() ?? '') : undefined;
    if (!requester) throw unauthorized();
    return impersonate(req, requester, this.authorizer);
  }

  /** Authenticates and authorizes a request; throws 401 or 403, else returns its user. */
  admit(req: IncomingMessage, url: URL): UserInfo {
    const user = this.user(req);
    const attributes: RequestAttributes = { user, ...requestInfo(req.method ?? 'GET', url) };
    const decision = this.authorizer.authorize(attributes);
    if (!decision.allowed) throw forbidden(attributes, decision.reason);
    return user;
  }

  /**
   * An exec, attach or port-forward upgrade. kubectl 1.32 tries a WebSocket GET (verb `get`)
   * and, refused, falls back to SPDY, a POST (verb `create`), which the simulator does not
   * speak; so the upgrade is allowed when either verb is, and refused with the `create`
   * message kubectl would have ended up printing.
   */
  admitUpgrade(req: IncomingMessage, url: URL): UserInfo {
    const user = this.user(req);
    const attributes: RequestAttributes = { user, ...requestInfo(req.method ?? 'GET', url) };
    const decision = this.authorizer.authorize(attributes);
    if (decision.allowed) return user;
    if (attributes.verb === 'get' && STREAM_SUBRESOURCES.has(attributes.subresource)) {
      const fallback = { ...attributes, verb: 'create' };
      const second = this.authorizer.authorize(fallback);
      if (second.allowed) return user;
      throw forbidden(fallback, second.reason);
    }
    throw forbidden(attributes, decision.reason);
  }

  reviewContext(user: UserInfo): ReviewContext {
    return {
      user,
      authorizer: this.authorizer,
      authenticateToken: (token) => this.authenticateToken(token),
      now: this.options.now,
    };
  }
}
