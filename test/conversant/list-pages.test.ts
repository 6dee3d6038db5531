/**
 * Kazoo's /v1 lists are not paginated (conversant.md §7), but a build that paged them would drop every hook past
 * the first page from getWebhooks and from the look-up that keeps creates single: the client follows
 * `next_start_key` with `start_key` (the documented v2 mechanism). The emulator pages /v1 here, two a page.
 */
import { describe, expect, it } from "vitest";
import * as conversant from "../../sdk/conversant";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { useEmulatorInEnvironment } from "../support/vendor-fixtures";

let emulator: ConversantEmulator;

useEmulatorInEnvironment(
  "conversant",
  () => startConversantEmulator({ pagedV1: 2 }),
  (started) => (emulator = started),
);

const LIST = `/v1/accounts/${ACCOUNT}/webhooks`;

describe("conversant's webhook list, on a Kazoo that pages /v1", () => {
  it("getWebhooks follows next_start_key to the last page, sending only start_key", async () => {
    const ids = ["a", "b", "c", "d", "e"].map(
      (suffix) =>
        emulator.store.insert(ACCOUNT, {
          name: `hook ${suffix}`,
          uri: `https://crm.example.com/${suffix}`,
          hook: "channel_create",
        }).id,
    );
    const listed = await conversant.getWebhooks();
    expect(listed.map((hook) => hook.id).sort()).toEqual([...ids].sort());
    const lists = emulator.requests.filter((request) => request.method === "GET" && request.path === LIST);
    expect(lists.map((request) => Object.keys(request.query))).toEqual([[], ["start_key"], ["start_key"]]);
  });

  it("says so when a page repeats its next_start_key, instead of returning part of the list", async () => {
    emulator.faults.add({
      kind: "status",
      method: "GET",
      path: LIST,
      status: 200,
      body: JSON.stringify({ status: "success", data: [], next_start_key: "c3R1Y2s" }),
      times: Infinity,
    });
    await expect(conversant.getWebhooks()).rejects.toThrow(
      `Conversant list webhooks failed: page 2 of account ${ACCOUNT}'s webhook list repeats a next_start_key it ` +
        "already gave, so the list cannot be read to its end",
    );
  });
});
