import { describe, expect, it } from "vitest";
import { WebhookApiError } from "../../provider/core/errors";
import {
  placeholderId,
  preexistingOf,
  UnconfirmedCreateError,
  unconfirmedMessage,
} from "../../provider/core/unconfirmed-create";

describe("core › unconfirmed create", () => {
  it("carries the ids that matched before in the placeholder, sorted, and reads them back", () => {
    expect(placeholderId([])).toBe("unconfirmed-create");
    expect(placeholderId(["b", "a"])).toBe("unconfirmed-create:except=a,b");
    expect(preexistingOf("unconfirmed-create")).toEqual([]);
    expect(preexistingOf(placeholderId(["b", "a"]))).toEqual(["a", "b"]);
    // A vendor id is never taken for a placeholder, even one that starts like it.
    expect(preexistingOf("wh_001")).toBeUndefined();
    expect(preexistingOf("unconfirmed-created")).toBeUndefined();
  });

  it("tells the user what happened, what state holds and what the next runs do, without the transport's advice", () => {
    const reason = new WebhookApiError({
      code: "WH_TIMEOUT",
      vendor: "Test",
      operation: "create webhook",
      cause: "no answer within 30 s",
      hint: "retry later",
    });
    const error = new UnconfirmedCreateError(reason, ["a"]);
    expect(error.message).toBe(reason.message);
    expect(unconfirmedMessage(error, placeholderId(error.preexisting))).toBe(
      "Test create webhook failed: no answer within 30 s. The create may have been applied and could not be confirmed, so the resource is kept in state as unconfirmed-create:except=a: the next `pulumi up` removes whatever that attempt made and creates it again; `pulumi destroy` just removes it",
    );
  });
});
