/**
 * 1,000 random and adversarial inputs per resource through check and diff: invalid ones rejected naming the
 * property, valid ones accepted, unknowns tolerated, no exception, and not one HTTP request.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VENDOR_IDS, type VendorId } from "../../provider/manifest";
import { type SettingValues, settingsEnv } from "../support/settings";
import { fuzzResource } from "./fuzz";
import { FUZZ_SPECS } from "./fuzz-specs";

/** Credentials of the right shape for every vendor: check and diff must not need real ones. */
const FUZZ_CREDENTIALS: { [Id in VendorId]: SettingValues<Id> } = {
  erzycall: { apiKey: "fuzz-key" },
  convirza: { token: "fuzz-token" },
  converc: { apiKey: "fuzz-key" },
  conversant: { authToken: "fuzz-token", accountId: "0123456789abcdef0123456789abcdef" },
  sendblue: { apiKeyId: "fuzz-id", apiSecretKey: "fuzz-secret" },
};

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
  for (const vendor of VENDOR_IDS)
    Object.assign(process.env, settingsEnv(vendor, { ...FUZZ_CREDENTIALS[vendor], baseUrl: url }));
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
