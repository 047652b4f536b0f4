/**
 * Fastify's own schema compilers (ajv for request validation, fast-json-stringify for responses), each route's run on
 * its first request instead of when the server starts. A node registers about a hundred routes and most are idle
 * for its whole life; compiled ahead, their generated code stayed in the heap of every idle node. Validation and
 * serialization are the same once compiled; a first request pays for its own route's compilation: a few ms for most,
 * about 1 s (wall clock, load average 13) for the largest, the body of POST /v1/negotiations, whose generated
 * validator alone is 2 MB of source. A schema error surfaces there too, as a 500, instead of at start: the route
 * tests exercise every route. The compilers themselves (ajv with its
 * formats, fast-json-stringify) are required with the first compilation, synchronously as Fastify calls them.
 */
import { createRequire } from 'node:module';
import type * as AjvCompilerModule from '@fastify/ajv-compiler';
import type * as SerializerModule from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type Factories = NonNullable<SchemaController['compilersFactory']>;
type BuildValidator = NonNullable<Factories['buildValidator']>;
type BuildSerializer = NonNullable<Factories['buildSerializer']>;
type Validate = ReturnType<ReturnType<BuildValidator>>;
type RouteSchema = Parameters<ReturnType<BuildValidator>>[0];

/** Header names are matched case-insensitively: Fastify lower-cases a headers schema only for its own compiler. */
function lowerCaseHeaders(route: RouteSchema): RouteSchema {
  const schema = route.schema as { properties?: Record<string, unknown>; required?: string[] };
  if (route.httpPart !== 'headers' || schema.properties === undefined) return route;
  return {
    ...route,
    schema: {
      ...schema,
      properties: Object.fromEntries(
        Object.entries(schema.properties).map(([name, value]) => [name.toLowerCase(), value]),
      ),
      ...(schema.required === undefined ? {} : { required: schema.required.map((n) => n.toLowerCase()) }),
    },
  };
}

const load = createRequire(import.meta.url);

// Fastify's defaults: one pool of compilers per process, keyed by the external schemas and options.
let validators: ReturnType<typeof AjvCompilerModule.AjvCompiler> | undefined;
let serializers: ReturnType<typeof SerializerModule.SerializerSelector> | undefined;
const validatorPool: BuildValidator = (externalSchemas, options) => {
  validators ??= (load('@fastify/ajv-compiler') as typeof AjvCompilerModule).AjvCompiler();
  return validators(externalSchemas, options);
};
const serializerPool: BuildSerializer = (externalSchemas, options) => {
  serializers ??= (
    load('@fastify/fast-json-stringify-compiler') as typeof SerializerModule
  ).SerializerSelector();
  return serializers(externalSchemas, options);
};

const buildValidator: BuildValidator = (externalSchemas, options) => {
  let compiler: ReturnType<BuildValidator> | undefined;
  return (route) => {
    let validate: Validate | undefined;
    const lazy = ((data: unknown) => {
      compiler ??= validatorPool(externalSchemas, options);
      validate ??= compiler(lowerCaseHeaders(route));
      const valid = validate(data);
      // Fastify reads a failed validation's errors from the function it was given.
      (lazy as { errors?: unknown }).errors = (validate as { errors?: unknown }).errors;
      return valid;
    }) as Validate;
    return lazy;
  };
};

const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  let compiler: ReturnType<BuildSerializer> | undefined;
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => {
      compiler ??= serializerPool(externalSchemas, options);
      serialize ??= compiler(route);
      return serialize(data);
    };
  };
};

/** The `schemaController` option of a Fastify server whose routes compile their schemas on first use. */
export const lazySchemaCompilers: SchemaController = {
  compilersFactory: { buildValidator, buildSerializer },
};
