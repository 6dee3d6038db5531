import { describe, expect, it } from "vitest";
import { isHeldId, noteHeldId } from "../../provider/core/state-ids";

describe("core › state ids", () => {
  it("holds every id noted, and never the empty id of something gone", () => {
    noteHeldId("state-ids-1");
    noteHeldId("");
    expect([isHeldId("state-ids-1"), isHeldId("state-ids-2"), isHeldId("")]).toEqual([true, false, false]);
  });
});
