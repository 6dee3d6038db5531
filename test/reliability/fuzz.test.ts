/**
 * 1,000 random and adversarial inputs per resource through check and diff: invalid ones rejected naming the
 * property, valid ones accepted, unknowns tolerated, no exception, and not one HTTP request.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzResource } from "./fuzz";
import { FUZZ_SPECS } from "./fuzz-specs";

let server: http.Server;
let requests = 0;
const saved = { ...process.env };

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    requests += 1;
    res.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Every vendor's credentials and base URL lead here, so a request from check or diff would be counted.
  for (const vendor of ["ERZYCALL", "CONVIRZA", "CONVERC", "CONVERSANT", "SENDBLUE"])
    process.env[`${vendor}_BASE_URL`] = url;
  Object.assign(process.env, {
    ERZYCALL_API_KEY: "fuzz-key",
    CONVIRZA_TOKEN: "fuzz-token",
    CONVERC_API_KEY: "fuzz-key",
    CONVERSANT_AUTH_TOKEN: "fuzz-token",
    CONVERSANT_ACCOUNT_ID: "0123456789abcdef0123456789abcdef",
    SENDBLUE_API_KEY_ID: "fuzz-id",
    SENDBLUE_API_SECRET_KEY: "fuzz-secret",
  });
});

afterAll(async () => {
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

describe.each(FUZZ_SPECS.map((spec) => [spec.resource, spec] as const))(
  "%s check and diff under fuzzing",
  (_name, spec) => {
    it("rejects every invalid input by name, accepts every valid one, never throws and never calls the vendor", async () => {
      const before = requests;
      const { figures, problems } = await fuzzResource(spec, 1000, 20261123);
      expect(problems).toEqual([]);
      expect(figures.cases).toBe(1000);
      expect(figures.invalidRejectedNamingProperty).toBe(figures.invalid);
      expect(figures.validAccepted).toBe(figures.valid);
      expect(figures.withUnknownsAccepted).toBe(figures.withUnknowns);
      expect(figures.exceptions).toBe(0);
      expect(figures.invalid).toBeGreaterThan(300);
      expect(figures.valid).toBeGreaterThan(100);
      expect(requests - before).toBe(0);
    });
  },
);
