import type { Router } from 'express';
import type { AppContext } from '../context.ts';
import type { OpenApiRegistry } from './openapi.ts';

/**
 * A capability that adds routes: a function of the shared context. Lives below app.ts so route modules
 * can declare themselves without importing the app that mounts them.
 */
export type RouteModule = (ctx: AppContext, registry: OpenApiRegistry) => Router;
