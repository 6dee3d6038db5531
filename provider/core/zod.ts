/**
 * The parts of zod this package uses: every module of the provider imports zod through here (`import * as z from
 * "../core/zod"`), never "zod" itself (biome.json holds provider/ to it).
 *
 * Why: zod's entry points load all of zod, 95 modules of which 64 are locales, 47-55 ms of CPU in every provider
 * host (measured), on the critical path of the first operation of every command. The build replaces this file's
 * compiled output with one file holding only these parts (scripts/bundle-zod.ts; about 8 ms to load), so one copy
 * of zod serves the whole provider: schemas, `toJSONSchema` (which reads the descriptions schemas register) and the
 * checks that parse them all come from it. Run from source (tests, scripts), this file is zod itself.
 * A part used from zod's runtime must be added here; a type-only use goes in the type list.
 */
export {
  array,
  boolean,
  enum,
  literal,
  looseObject,
  number,
  object,
  record,
  string,
  toJSONSchema,
  union,
  unknown,
} from "zod";
export type { core, output, ZodObject, ZodType } from "zod";
